from django.urls import path

from reminders import views

app_name = "reminders"

urlpatterns = [
    path("", views.NotificationListView.as_view(), name="notification_list"),
    path("read/", views.NotificationMarkReadView.as_view(), name="notification_mark_read"),
]
