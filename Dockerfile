# Production image: front-end assets built with Node from the npm registry, served by whitenoise.
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend ./frontend
RUN npm run build

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DEBUG=false
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client && rm -rf /var/lib/apt/lists/*
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
COPY --from=assets /app/node_modules ./node_modules
COPY --from=assets /app/static/build ./static/build
# collectstatic needs a secret to import settings; this one is thrown away with the build layer.
RUN SECRET_KEY=build-only-not-secret ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput -v0
RUN useradd --create-home carers && chown -R carers /app
USER carers
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
