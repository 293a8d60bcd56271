from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    """Consultation events, key messages, documents, actions, forums, strategies and workstreams."""

    name = "consultations"
    verbose_name = "Consultations"

    def ready(self) -> None:
        # Action due dates and milestone dates become reminder sources.
        from consultations.reminders import register_sources

        register_sources()
