"""Middleware that only the benchmark switches on (config/settings.py adds it when BENCH_QUERY_COUNT
or BENCH_PEER is set in the environment; neither is ever set in production)."""

from django.db import connection


class QueryCountMiddleware:
    """Count the SQL queries a request runs and answer them in an `X-Query-Count` header.

    Outermost, so the session save and everything else the request costs is counted. A
    streaming response's queries run after this returns and are not counted."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Query-Count"] = str(count)
        return response


class PeerUrlconfMiddleware:
    """Serve the product's URLs plus the bench's peer viewset (bench/urls.py) for this request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.urlconf = "bench.urls"
        return self.get_response(request)
