"""The consultations API router, included from config/urls.py. Basenames are one word each so
that the access matrix (tests/access.py) finds a sample row for each."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from consultations.api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("consultation-themes", views.ThemeViewSet, basename="theme")
router.register("consultation-events", views.EventViewSet, basename="consultationevent")
router.register("key-messages", views.KeyMessageViewSet, basename="keymessage")
router.register("consultation-documents", views.DocumentViewSet, basename="consultationdocument")
router.register("consultation-actions", views.ActionViewSet, basename="consultationaction")
router.register("forums", views.ForumViewSet, basename="forum")
router.register("forum-meetings", views.ForumMeetingViewSet, basename="forummeeting")
router.register("strategies", views.StrategyViewSet, basename="strategy")
router.register("strategy-aims", views.StrategyAimViewSet, basename="strategyaim")
router.register("deliverables", views.DeliverableViewSet, basename="deliverable")
router.register("workstreams", views.WorkstreamViewSet, basename="workstream")
router.register("milestones", views.MilestoneViewSet, basename="milestone")

urlpatterns = [
    path("consultation-theme-counts/", views.ThemeCountsView.as_view(), name="themecounts"),
    *router.urls,
]
