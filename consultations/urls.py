from django.urls import path

from consultations import views

app_name = "consultations"

# The model word leads each name (event_, message_, action_...): the access matrix finds its
# sample record by it (tests/access.py).
urlpatterns = [
    path("", views.EventListView.as_view(), name="event_list"),
    path("events/new/", views.EventCreateView.as_view(), name="event_create"),
    path("events/<int:pk>/", views.EventDetailView.as_view(), name="event_detail"),
    path("events/<int:pk>/edit/", views.EventUpdateView.as_view(), name="event_update"),
    path("events/<int:pk>/messages/new/", views.EventMessageCreateView.as_view(), name="event_message_create"),
    path("events/<int:pk>/documents/new/", views.EventDocumentCreateView.as_view(), name="event_document_create"),
    path("events/<int:pk>/you-said-we-did/", views.EventYouSaidView.as_view(), name="event_yousaid"),
    path("messages/<int:pk>/edit/", views.MessageUpdateView.as_view(), name="message_update"),
    path("messages/<int:pk>/actions/new/", views.MessageActionCreateView.as_view(), name="message_action_create"),
    path("documents/<int:pk>/", views.DocumentDownloadView.as_view(), name="document_download"),
    path("actions/", views.ActionListView.as_view(), name="action_list"),
    path("actions/<int:pk>/edit/", views.ActionUpdateView.as_view(), name="action_update"),
    path("themes/", views.ThemeListView.as_view(), name="theme_list"),
    path("themes/<int:pk>/", views.ThemeDetailView.as_view(), name="theme_detail"),
    path("themes/<int:pk>/you-said-we-did/", views.ThemeYouSaidView.as_view(), name="theme_yousaid"),
    path("forums/", views.ForumListView.as_view(), name="forum_list"),
    path("forums/new/", views.ForumCreateView.as_view(), name="forum_create"),
    path("forums/<int:pk>/", views.ForumDetailView.as_view(), name="forum_detail"),
    path("forums/<int:pk>/edit/", views.ForumUpdateView.as_view(), name="forum_update"),
    path("forums/<int:pk>/meetings/new/", views.ForumMeetingCreateView.as_view(), name="forum_meeting_create"),
    path("strategies/", views.StrategyListView.as_view(), name="strategy_list"),
    path("strategies/new/", views.StrategyCreateView.as_view(), name="strategy_create"),
    path("strategies/<int:pk>/", views.StrategyDetailView.as_view(), name="strategy_detail"),
    path("strategies/<int:pk>/edit/", views.StrategyUpdateView.as_view(), name="strategy_update"),
    path("strategies/<int:pk>/aims/new/", views.StrategyAimCreateView.as_view(), name="strategy_aim_create"),
    path(
        "strategies/<int:pk>/deliverables/new/",
        views.StrategyDeliverableCreateView.as_view(),
        name="strategy_deliverable_create",
    ),
    path("deliverables/<int:pk>/edit/", views.DeliverableUpdateView.as_view(), name="deliverable_update"),
    path(
        "deliverables/<int:pk>/milestones/new/",
        views.DeliverableMilestoneCreateView.as_view(),
        name="deliverable_milestone_create",
    ),
    path("workstreams/", views.WorkstreamListView.as_view(), name="workstream_list"),
    path("workstreams/new/", views.WorkstreamCreateView.as_view(), name="workstream_create"),
    path("workstreams/<int:pk>/", views.WorkstreamDetailView.as_view(), name="workstream_detail"),
    path("workstreams/<int:pk>/edit/", views.WorkstreamUpdateView.as_view(), name="workstream_update"),
    path(
        "workstreams/<int:pk>/milestones/new/",
        views.WorkstreamMilestoneCreateView.as_view(),
        name="workstream_milestone_create",
    ),
    path("calendar/", views.CalendarView.as_view(), name="calendar"),
    path("calendar/feed/new/", views.CalendarFeedIssueView.as_view(), name="calendar_feed_issue"),
    path("calendar/feed/stop/", views.CalendarFeedRevokeView.as_view(), name="calendar_feed_revoke"),
    path("calendar/<slug:token>.ics", views.CalendarFeedView.as_view(), name="calendar_feed"),
    path("milestones/<int:pk>/edit/", views.MilestoneUpdateView.as_view(), name="milestone_update"),
]
