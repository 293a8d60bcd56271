"""Production settings: `check --deploy` is clean, and cookies are secure and HttpOnly."""

import json
import os
import secrets
import subprocess
import sys

from django.conf import settings

PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "carers.example.gov.uk",
    "CSRF_TRUSTED_ORIGINS": "https://carers.example.gov.uk",
}


def run_manage(*args: str, **extra_env: str) -> subprocess.CompletedProcess:
    env = {**os.environ, **PRODUCTION_ENV, **extra_env}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_nothing_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


PRINT_SETTINGS = """
import json
from django.conf import settings
from django.test import Client
response = Client().get("/accounts/login/", secure=True, headers={"host": "carers.example.gov.uk"})
cookie = response.cookies["csrftoken"]
print(json.dumps({
    "status": response.status_code,
    "names": {name: getattr(settings, name) for name in [
        "DEBUG", "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS", "SESSION_COOKIE_AGE", "SESSION_SAVE_EVERY_REQUEST", "OTP_REQUIRED",
        "X_FRAME_OPTIONS", "SECURE_CONTENT_TYPE_NOSNIFF",
    ]},
    "csrf_cookie_secure": bool(cookie["secure"]),
    "hsts": response.headers.get("Strict-Transport-Security", ""),
}))
"""


def test_production_cookies_are_secure_and_http_only():
    # TESTING: serve static files unhashed (the manifest exists only after collectstatic).
    result = run_manage("shell", "-c", PRINT_SETTINGS, TESTING="true")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    names = found["names"]
    assert names["DEBUG"] is False
    assert names["SESSION_COOKIE_SECURE"] is True
    assert names["SESSION_COOKIE_HTTPONLY"] is True
    assert names["CSRF_COOKIE_SECURE"] is True
    assert names["SECURE_SSL_REDIRECT"] is True
    assert names["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert names["OTP_REQUIRED"] is True, "two-factor must be required in production"
    assert names["X_FRAME_OPTIONS"] == "DENY"
    # The cookie a browser actually receives carries the Secure flag.
    assert found["status"] == 200
    assert found["csrf_cookie_secure"] is True
    assert "max-age=31536000" in found["hsts"]
