from django.urls import include, path

from carers import views

app_name = "carers"

urlpatterns = [
    path("", views.CarerListView.as_view(), name="carer_list"),
    path("export/", views.CarerExportView.as_view(), name="carer_export"),
    path("search/", views.CarerSearchView.as_view(), name="carer_search"),
    path("new/", views.CarerCreateView.as_view(), name="carer_create"),
    path("<int:pk>/", views.CarerDetailView.as_view(), name="carer_detail"),
    path("<int:pk>/edit/", views.CarerUpdateView.as_view(), name="carer_update"),
    path("<int:pk>/merge/", views.CarerMergeView.as_view(), name="carer_merge"),
    path("<int:pk>/access-log/", views.CarerAccessLogView.as_view(), name="carer_access_log"),
    path("<int:pk>/contacts/new/", views.CarerContactCreateView.as_view(), name="carer_contact_create"),
    path("<int:pk>/cared-for/new/", views.CarerCaredForCreateView.as_view(), name="carer_caredfor_create"),
    path("<int:pk>/assessments/new/", views.CarerAssessmentCreateView.as_view(), name="carer_assessment_create"),
    path("<int:pk>/contingency-plans/new/", views.CarerPlanCreateView.as_view(), name="carer_plan_create"),
    path("<int:pk>/subject-access/", views.CarerSubjectAccessView.as_view(), name="carer_subject_access"),
    path(
        "<int:pk>/subject-access/report/",
        views.CarerSubjectAccessReportView.as_view(),
        name="carer_subject_access_report",
    ),
    path("<int:pk>/erasure/new/", views.CarerErasureCreateView.as_view(), name="carer_erasure_create"),
    path("contacts/new/", views.ContactCreateView.as_view(), name="contact_create"),
    path("contacts/unidentified/", views.ContactUnidentifiedListView.as_view(), name="contact_unidentified"),
    path("contacts/<int:pk>/", views.ContactDetailView.as_view(), name="contact_detail"),
    path("contacts/<int:pk>/link/", views.ContactLinkView.as_view(), name="contact_link"),
    path("referrals/<int:pk>/close/", views.ReferralCloseView.as_view(), name="referral_close"),
    path("cared-for/<int:pk>/", views.CaredForPersonDetailView.as_view(), name="caredforperson_detail"),
    path("cared-for/<int:pk>/edit/", views.CaredForPersonUpdateView.as_view(), name="caredforperson_update"),
    path("assessments/<int:pk>/", views.AssessmentDetailView.as_view(), name="assessment_detail"),
    path("assessments/<int:pk>/edit/", views.AssessmentUpdateView.as_view(), name="assessment_update"),
    path("contingency-plans/<int:pk>/", views.ContingencyPlanDetailView.as_view(), name="contingencyplan_detail"),
    path("contingency-plans/<int:pk>/edit/", views.ContingencyPlanUpdateView.as_view(), name="contingencyplan_update"),
    path(
        "subject-access/<int:pk>/complete/",
        views.SubjectAccessRequestCompleteView.as_view(),
        name="subjectaccessrequest_complete",
    ),
    path("erasure-requests/<int:pk>/decide/", views.ErasureRequestDecideView.as_view(), name="erasurerequest_decide"),
    # --- carers features (KPIs, grants and vouchers, directory, import): keep grouped at the end ---
    path("kpis/", include("carers.kpis.urls")),
    path("imports/", include("carers.imports.urls")),
    path("grants/", include("carers.grants.urls")),
    path("directory/", include("carers.directory.urls")),
]
