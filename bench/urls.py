"""The product's URLs plus the peer (only served when BENCH_PEER=1; see bench/middleware.py)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from bench.peer import carer_viewset
from config.urls import urlpatterns as product_urlpatterns

router = SimpleRouter()
if (viewset := carer_viewset()) is not None:
    router.register("carers", viewset, basename="peer-carer")

urlpatterns = [path("bench-peer/", include(router.urls)), *product_urlpatterns]
