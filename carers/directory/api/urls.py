"""The signposting directory API router, included from config/urls.py. Basenames are one word each so
that the access matrix (tests/access.py) finds a sample row for each."""

from rest_framework.routers import DefaultRouter

from carers.directory.api.views import DirectoryEntryViewSet, InformationGivenViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("directory-entries", DirectoryEntryViewSet, basename="directory")
# Not "information-…": the access matrix skips routes whose regex contains "format".
router.register("signposting-records", InformationGivenViewSet, basename="signposting")

urlpatterns = router.urls
