from django.urls import path

from reminders import views

app_name = "reminders"

urlpatterns = [
    path("", views.NotificationListView.as_view(), name="notification_list"),
    path("read/", views.NotificationMarkReadView.as_view(), name="notification_mark_read"),
    path("rules/", views.ReminderRuleListView.as_view(), name="rule_list"),
    path("rules/<str:source>/", views.ReminderRuleEditView.as_view(), name="rule_edit"),
]
