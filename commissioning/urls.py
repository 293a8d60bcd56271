from django.urls import path

from commissioning import procurement_views as pviews
from commissioning import views

app_name = "commissioning"

urlpatterns = [
    path("contracts/", views.ContractListView.as_view(), name="contract_list"),
    path("contracts/new/", views.ContractCreateView.as_view(), name="contract_create"),
    path("contracts/export/", views.ContractExportView.as_view(), name="contract_export"),
    path("contracts/expiring/", views.ExpiryChartView.as_view(), name="contract_chart"),
    path("contracts/calendar.ics", views.ContractCalendarView.as_view(), name="contract_calendar"),
    path("contracts/notices/", views.NoticeListView.as_view(), name="contract_notices"),
    path("contracts/import/", views.ContractImportCreateView.as_view(), name="contractimport_create"),
    path("contracts/import/<int:pk>/", views.ContractImportDetailView.as_view(), name="contractimport_detail"),
    path(
        "contracts/import/<int:pk>/confirm/", views.ContractImportConfirmView.as_view(), name="contractimport_confirm"
    ),
    path("contracts/<int:pk>/", views.ContractDetailView.as_view(), name="contract_detail"),
    path("contracts/<int:pk>/edit/", views.ContractUpdateView.as_view(), name="contract_update"),
    path("contracts/<int:pk>/extend/", views.ContractExtendView.as_view(), name="contract_extend"),
    path("contracts/<int:pk>/amend/", views.ContractAmendView.as_view(), name="contract_amend"),
    path("contracts/<int:pk>/review/", views.ContractReviewView.as_view(), name="contract_review"),
    path("contracts/<int:pk>/kpis/new/", views.ContractKpiCreateView.as_view(), name="contract_kpi_create"),
    path("kpis/<int:pk>/return/", views.KpiReturnCreateView.as_view(), name="contractkpi_return"),
    path("amendments/<int:pk>/publish/", views.AmendmentPublishView.as_view(), name="amendment_publish"),
    path("providers/", views.ProviderListView.as_view(), name="provider_list"),
    path("providers/new/", views.ProviderCreateView.as_view(), name="provider_create"),
    path("providers/<int:pk>/", views.ProviderDetailView.as_view(), name="provider_detail"),
    path("providers/<int:pk>/edit/", views.ProviderUpdateView.as_view(), name="provider_update"),
    path(
        "providers/<int:pk>/accreditations/new/",
        views.ProviderAccreditationCreateView.as_view(),
        name="provider_accreditation_create",
    ),
    path("thresholds/", views.ThresholdListView.as_view(), name="threshold_list"),
    path("thresholds/new/", views.ThresholdCreateView.as_view(), name="threshold_create"),
    path("thresholds/<int:pk>/edit/", views.ThresholdUpdateView.as_view(), name="threshold_update"),
    # The procurement pipeline (issue 14).
    path("procurements/", pviews.ProcurementBoardView.as_view(), name="procurement_list"),
    path("procurements/new/", pviews.ProcurementCreateView.as_view(), name="procurement_create"),
    path("procurements/<int:pk>/", pviews.ProcurementDetailView.as_view(), name="procurement_detail"),
    path("procurements/<int:pk>/edit/", pviews.ProcurementUpdateView.as_view(), name="procurement_update"),
    path("procurements/<int:pk>/move/", pviews.ProcurementMoveView.as_view(), name="procurement_move"),
    path("procurements/<int:pk>/cancel/", pviews.ProcurementCancelView.as_view(), name="procurement_cancel"),
    path("procurements/<int:pk>/lots/new/", pviews.ProcurementLotCreateView.as_view(), name="procurement_lot_create"),
    path(
        "procurements/<int:pk>/risks/new/", pviews.ProcurementRiskCreateView.as_view(), name="procurement_risk_create"
    ),
    path("procurements/<int:pk>/plan/", pviews.ProcurementPlanView.as_view(), name="procurement_plan"),
    path("contracts/<int:pk>/reprocure/", pviews.ContractReprocureView.as_view(), name="contract_reprocure"),
    path("plan-templates/", pviews.PlanTemplateListView.as_view(), name="plantemplate_list"),
    path("plan-templates/new/", pviews.PlanTemplateCreateView.as_view(), name="plantemplate_create"),
    path("plan-templates/<int:pk>/edit/", pviews.PlanTemplateUpdateView.as_view(), name="plantemplate_update"),
    path("lots/<int:pk>/", pviews.LotDetailView.as_view(), name="lot_detail"),
    path("lots/<int:pk>/edit/", pviews.LotUpdateView.as_view(), name="lot_update"),
    path("lots/<int:pk>/bidders/new/", pviews.LotBidCreateView.as_view(), name="lot_bid_create"),
    path("lots/<int:pk>/award/", pviews.LotAwardView.as_view(), name="lot_award"),
    path("lots/<int:pk>/evaluation/", pviews.LotEvaluationView.as_view(), name="lot_evaluation"),
    path("lots/<int:pk>/criteria/new/", pviews.LotCriterionCreateView.as_view(), name="lot_criterion_create"),
    path("lots/<int:pk>/scores/new/", pviews.LotScoreView.as_view(), name="lot_score"),
    path("bidders/<int:pk>/edit/", pviews.BidUpdateView.as_view(), name="bid_update"),
    path("risks/", pviews.RiskListView.as_view(), name="risk_list"),
    path("risks/new/", pviews.RiskCreateView.as_view(), name="risk_create"),
    path("risks/<int:pk>/", pviews.RiskDetailView.as_view(), name="risk_detail"),
    path("risks/<int:pk>/edit/", pviews.RiskUpdateView.as_view(), name="risk_update"),
]
