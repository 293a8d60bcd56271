"""Inactivity expiry without a database write on every request.

Sessions end SESSION_COOKIE_AGE (30 minutes) after the last request. Django's
SESSION_SAVE_EVERY_REQUEST would get that by rewriting the session row, and committing, on every
request; this middleware marks the session changed only when the last save is more than
SESSION_REFRESH_SECONDS old, so a busy officer's session is written about once a minute and still
expires 29 to 30 minutes after they stop.
"""

import time

from django.conf import settings

SEEN_KEY = "_last_seen"


class SessionActivityMiddleware:
    """Place after SessionMiddleware and AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is None or user is None or not user.is_authenticated or session.is_empty():
            return response
        now = int(time.time())
        last = session.get(SEEN_KEY)
        if not isinstance(last, int) or now - last >= settings.SESSION_REFRESH_SECONDS or now < last:
            session[SEEN_KEY] = now  # marks the session modified: SessionMiddleware saves it
        return response
