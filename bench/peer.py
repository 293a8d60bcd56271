"""The peer: what a plain Django REST framework list over carers would do — a `ModelViewSet`
with `PageNumberPagination` (OFFSET paging and a COUNT(*) per page) and an all-fields
serializer. Bench code only: mounted by bench/urls.py when BENCH_PEER=1, never in the product."""

from django.apps import apps
from rest_framework import serializers, viewsets
from rest_framework.pagination import PageNumberPagination

PEER_PREFIX = "/bench-peer/"


def carer_model():
    """carers.Carer, or None while the carers app has no such model."""
    try:
        return apps.get_model("carers", "Carer")
    except LookupError:
        return None


class PeerPagination(PageNumberPagination):
    page_size = 50


def carer_viewset():
    Carer = carer_model()
    if Carer is None:
        return None

    class PeerCarerSerializer(serializers.ModelSerializer):
        class Meta:
            model = Carer
            fields = "__all__"

    class PeerCarerViewSet(viewsets.ModelViewSet):
        """All carers, page by page number."""

        queryset = Carer.objects.order_by("last_name", "first_name", "id")
        serializer_class = PeerCarerSerializer
        pagination_class = PeerPagination

    return PeerCarerViewSet
