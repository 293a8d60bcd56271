from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    """Consultation events, key messages, documents, actions and equality impact assessments."""

    name = "consultations"
    verbose_name = "Consultations"
