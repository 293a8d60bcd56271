from rest_framework.routers import DefaultRouter

from accounts.api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("areas", views.AreaViewSet, basename="area")
router.register("users", views.UserViewSet, basename="user")

urlpatterns = router.urls
