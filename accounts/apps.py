from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Users, roles, organisations (councils, NHS bodies, providers) and areas."""

    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from accounts.identity_cache import connect_signals

        connect_signals()
