from rest_framework.routers import DefaultRouter

from budgets.api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("budgets", views.BudgetViewSet, basename="budget")
router.register("budget-allocations", views.AllocationViewSet, basename="allocation")
router.register("budget-spend", views.SpendViewSet, basename="spend")

urlpatterns = router.urls
