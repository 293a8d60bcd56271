from django.urls import path

from budgets import views

app_name = "budgets"

urlpatterns = [
    path("", views.BudgetListView.as_view(), name="budget_list"),
    path("new/", views.BudgetCreateView.as_view(), name="budget_create"),
    path("<int:pk>/", views.BudgetDetailView.as_view(), name="budget_detail"),
    path("<int:pk>/edit/", views.BudgetUpdateView.as_view(), name="budget_update"),
    path("<int:pk>/contributions/add/", views.ContributionAddView.as_view(), name="budget_contribution_add"),
    path("<int:pk>/groups/add/", views.GroupAddView.as_view(), name="budget_group_add"),
    path("<int:pk>/lines/add/", views.AllocationAddView.as_view(), name="budget_allocation_add"),
    path("<int:pk>/virements/add/", views.VirementAddView.as_view(), name="budget_virement_add"),
    path("<int:pk>/efficiencies/add/", views.EfficiencyAddView.as_view(), name="budget_efficiency_add"),
    path("<int:pk>/approve/", views.BudgetApproveView.as_view(), name="budget_approve"),
    path("<int:pk>/close/", views.BudgetCloseView.as_view(), name="budget_close"),
    path("<int:pk>/roll-forward/", views.BudgetRollForwardView.as_view(), name="budget_rollforward"),
    path("<int:pk>/export/", views.BudgetExportView.as_view(), name="budget_export"),
    path("<int:pk>/spend/add/", views.SpendRecordView.as_view(), name="budget_spend_add"),
    path("<int:pk>/spend/import/", views.SpendImportCreateView.as_view(), name="budget_spendimport_add"),
    path("spend-imports/<int:pk>/", views.SpendImportDetailView.as_view(), name="spendimport_detail"),
    path("spend-imports/<int:pk>/confirm/", views.SpendImportConfirmView.as_view(), name="spendimport_confirm"),
    path("lines/<int:pk>/edit/", views.AllocationUpdateView.as_view(), name="allocation_update"),
]
