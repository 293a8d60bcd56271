"""WSGI entry point (gunicorn config.wsgi)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# What loading the project made (modules, URL patterns, models) lives as long as the worker:
# move it out of the collector's generations so that its full collections, which run every so
# often in the middle of a request, stop walking all of it.
gc.freeze()
