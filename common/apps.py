from django.apps import AppConfig


class CommonConfig(AppConfig):
    """Code shared by several apps and owned by none: no models with domain meaning."""

    name = "common"
    verbose_name = "Common"
