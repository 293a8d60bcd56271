from rest_framework.routers import DefaultRouter

from carers.api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("carers", views.CarerViewSet, basename="carer")
router.register("cared-for-people", views.CaredForPersonViewSet, basename="caredforperson")
router.register("carer-contacts", views.ContactViewSet, basename="contact")
router.register("carer-referrals", views.ReferralViewSet, basename="referral")
router.register("carer-assessments", views.AssessmentViewSet, basename="assessment")
router.register("contingency-plans", views.ContingencyPlanViewSet, basename="contingencyplan")

urlpatterns = router.urls
