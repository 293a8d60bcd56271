from django.apps import AppConfig


class RemindersConfig(AppConfig):
    """Due-date sources from every app, reminder rules, notifications and the tasks that send them."""

    name = "reminders"
    verbose_name = "Reminders"
