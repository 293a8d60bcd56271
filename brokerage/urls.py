from django.urls import path

from brokerage import views

app_name = "brokerage"

urlpatterns = [
    path("", views.CallOffListView.as_view(), name="calloff_list"),
    path("call-offs/new/", views.CallOffCreateView.as_view(), name="calloff_create"),
    path("call-offs/<int:pk>/", views.CallOffDetailView.as_view(), name="calloff_detail"),
    path("call-offs/<int:pk>/edit/", views.CallOffUpdateView.as_view(), name="calloff_update"),
    path("call-offs/<int:pk>/advert/", views.CallOffAdvertView.as_view(), name="calloff_advert"),
    path("call-offs/<int:pk>/bids/new/", views.BidCreateView.as_view(), name="calloff_bid_create"),
    path("call-offs/<int:pk>/close/", views.CallOffCloseView.as_view(), name="calloff_close"),
    path("call-offs/<int:pk>/choose/", views.CallOffChooseView.as_view(), name="calloff_choose"),
    path("bids/<int:pk>/assess/", views.BidAssessView.as_view(), name="calloffbid_assess"),
    path("frameworks/", views.FrameworkListView.as_view(), name="framework_list"),
    path("frameworks/new/", views.FrameworkCreateView.as_view(), name="framework_create"),
    path("frameworks/<int:pk>/", views.FrameworkDetailView.as_view(), name="framework_detail"),
    path("frameworks/<int:pk>/edit/", views.FrameworkUpdateView.as_view(), name="framework_update"),
    path("frameworks/<int:pk>/windows/new/", views.WindowCreateView.as_view(), name="framework_window_create"),
    path(
        "frameworks/<int:pk>/applications/new/",
        views.ApplicationCreateView.as_view(),
        name="framework_application_create",
    ),
    path("applications/", views.ApplicationListView.as_view(), name="providerapplication_list"),
    path("applications/<int:pk>/", views.ApplicationDetailView.as_view(), name="providerapplication_detail"),
    path("applications/<int:pk>/checks/new/", views.CheckCreateView.as_view(), name="providerapplication_check_create"),
    path("applications/<int:pk>/decide/", views.ApplicationDecideView.as_view(), name="providerapplication_decide"),
    path("budgets/", views.BudgetListView.as_view(), name="personalbudget_list"),
    path("budgets/new/", views.BudgetCreateView.as_view(), name="personalbudget_create"),
    path("budgets/<int:pk>/", views.BudgetDetailView.as_view(), name="personalbudget_detail"),
    path("budgets/<int:pk>/edit/", views.BudgetUpdateView.as_view(), name="personalbudget_update"),
    path("packages/", views.PackageListView.as_view(), name="carepackage_list"),
    path("packages/<int:pk>/", views.PackageDetailView.as_view(), name="carepackage_detail"),
    path("packages/<int:pk>/edit/", views.PackageUpdateView.as_view(), name="carepackage_update"),
    path("packages/<int:pk>/reviews/new/", views.ReviewCreateView.as_view(), name="carepackage_review_create"),
    path("transfers/", views.TransferListView.as_view(), name="packagetransfer_list"),
    path("transfers/new/", views.TransferPlanCreateView.as_view(), name="transferplan_create"),
    path("transfers/<int:pk>/", views.TransferDetailView.as_view(), name="packagetransfer_detail"),
    path("transfers/<int:pk>/record/", views.TransferRecordView.as_view(), name="packagetransfer_record"),
    path("transfers/<int:pk>/reschedule/", views.TransferRescheduleView.as_view(), name="packagetransfer_reschedule"),
    path("transfers/<int:pk>/cancel/", views.TransferCancelView.as_view(), name="packagetransfer_cancel"),
    path("monitoring/", views.MonitoringView.as_view(), name="monitoring"),
    path("monitoring/providers/<int:pk>/", views.ProviderMonitoringView.as_view(), name="providermonitoring_detail"),
    path("packages/<int:pk>/returns/new/", views.ReturnCreateView.as_view(), name="carepackage_return_create"),
    path("reviews/", views.ReviewSummaryView.as_view(), name="review_summary"),
]
