"""The access matrix: which roles may open each named URL. Every URL in the URL conf must be
listed here (tests/test_access_matrix.py fails for one that is not), so a new page cannot be
forgotten. Each domain issue adds its pages and API endpoints."""

from accounts.choices import Role

ALL = frozenset(Role)
ADMIN = frozenset({Role.ADMINISTRATOR})
COMMISSIONER_ADMIN = frozenset({Role.COMMISSIONER, Role.ADMINISTRATOR})
# Organisations: commissioners (providers they commission) and the deployment administrator
# (councils); users: a council's administrator (their own council's) and the deployment administrator.
ORGANISATION_MANAGERS = frozenset({Role.COMMISSIONER, Role.DEPLOYMENT_ADMINISTRATOR})
USER_MANAGERS = frozenset({Role.ADMINISTRATOR, Role.DEPLOYMENT_ADMINISTRATOR})
# Carers' personal records: CSC officers and administrators. Brokerage officers hold
# carers.view_carer scoped to the people on their packages, so lists answer them (empty until
# brokerage has packages) while a record outside their scope is a 404 (access-logged; SCOPED_AWAY).
CSC_ADMIN = frozenset({Role.CSC_OFFICER, Role.ADMINISTRATOR})
CARER_VIEWERS = frozenset({Role.CSC_OFFICER, Role.BROKERAGE_OFFICER, Role.ADMINISTRATOR})
# Budgets: finance officers set and export them; commissioners read them.
BUDGET_EDITORS = frozenset({Role.FINANCE_OFFICER})
BUDGET_READERS = frozenset({Role.FINANCE_OFFICER, Role.COMMISSIONER})
# Carer features: aggregated carer statistics, carer KPI management, personal records, directory.
STATISTICS = frozenset({Role.COMMISSIONER, Role.FINANCE_OFFICER})
KPI_MANAGERS = frozenset({Role.COMMISSIONER})
CARER_RECORDS = frozenset({Role.CSC_OFFICER, Role.ADMINISTRATOR})
DIRECTORY_READERS = frozenset({Role.COMMISSIONER, Role.CSC_OFFICER, Role.ADMINISTRATOR})
# The contracts register: commissioners keep it, finance officers read contracts and values; CSC
# and brokerage officers read providers; administrators (and commissioners, reading) thresholds.
CONTRACT_READERS = frozenset({Role.COMMISSIONER, Role.FINANCE_OFFICER})
CONTRACT_KEEPERS = frozenset({Role.COMMISSIONER})
PROVIDER_READERS = frozenset({Role.COMMISSIONER, Role.CSC_OFFICER, Role.BROKERAGE_OFFICER})
THRESHOLD_READERS = frozenset({Role.COMMISSIONER, Role.ADMINISTRATOR})
# Brokerage: officers do the work; commissioners read frameworks and totals; finance reads package
# costs and totals (no person); administrators keep the RAS bands.
BROKERAGE = frozenset({Role.BROKERAGE_OFFICER})
FRAMEWORK_READERS = frozenset({Role.BROKERAGE_OFFICER, Role.COMMISSIONER})
PACKAGE_TOTALS = frozenset({Role.BROKERAGE_OFFICER, Role.COMMISSIONER, Role.FINANCE_OFFICER})
RAS_READERS = frozenset({Role.BROKERAGE_OFFICER, Role.ADMINISTRATOR})
# Consultations: commissioners run them; the themes list is also the administrators' to keep.
CONSULTERS = frozenset({Role.COMMISSIONER})
THEME_READERS = frozenset({Role.COMMISSIONER, Role.ADMINISTRATOR})

# Open to anyone, signed in or not.
# The consultations calendar feed: calendar apps cannot sign in, so the secret in its address
# stands for the user (tests/consultations/test_calendar.py).
PUBLIC = {"accounts:login", "healthz", "api:token_obtain", "admin:login", "consultations:calendar_feed"}

# Accept POST only (GET answers 405); their behaviour has its own tests.
POST_ONLY = {
    "accounts:logout",
    "accounts:token_rotate",
    "consultations:calendar_feed_issue",
    "consultations:calendar_feed_revoke",
    "reminders:notification_mark_read",
    "carers:directory_record_given",
}

# Need a registered due-date source in the URL; tested in tests/reminders/test_views.py.
PARAMETERISED_ELSEWHERE = {
    "reminders:rule_edit",
    # POST only, with a budget's id: tests/budgets/test_api.py.
    "api:budget-approve",
    # Its parameter is a user's secret feed token, not a record: tests/consultations/test_calendar.py.
    "consultations:calendar_feed",
}

# Answer a file download rather than a page (the browser's every-page check skips them).
DOWNLOADS = {
    "carers:carer_export",
    "carers:import_errors",
    "commissioning:contract_export",
    "commissioning:contract_calendar",
    "budgets:budget_export",
    "consultations:document_download",
}

# Django's own admin site (is_staff): checked anonymously only.
EXTERNAL_NAMESPACES = ("admin:",)

ACCESS: dict[str, frozenset] = {
    "home": ALL,
    "accounts:account": ALL,
    "accounts:password_change": ALL,
    "accounts:two_factor_setup": ALL,
    "accounts:two_factor_verify": ALL,
    "accounts:organisation_list": ALL,
    "accounts:organisation_detail": ALL,
    "accounts:organisation_create": ORGANISATION_MANAGERS,
    "accounts:organisation_update": ORGANISATION_MANAGERS,
    "accounts:area_list": ALL,
    "accounts:area_detail": ALL,
    "accounts:area_create": ADMIN,
    "accounts:area_update": ADMIN,
    "accounts:user_list": USER_MANAGERS,
    "accounts:user_detail": USER_MANAGERS,
    "accounts:user_create": USER_MANAGERS,
    "accounts:user_update": USER_MANAGERS,
    "reminders:notification_list": ALL,
    "reminders:rule_list": COMMISSIONER_ADMIN,
    "api:schema": ALL,
    "api:docs": ALL,
    "api:redoc": ALL,
    "api:organisation-list": ALL,
    "api:organisation-detail": ALL,
    "api:area-list": ALL,
    "api:area-detail": ALL,
    "api:user-list": USER_MANAGERS,
    "api:user-detail": USER_MANAGERS,
    "api:user-me": ALL,
    # budgets
    "budgets:budget_list": BUDGET_READERS,
    "budgets:budget_detail": BUDGET_READERS,
    "budgets:budget_create": BUDGET_EDITORS,
    "budgets:budget_update": BUDGET_EDITORS,
    "budgets:budget_contribution_add": BUDGET_EDITORS,
    "budgets:budget_group_add": BUDGET_EDITORS,
    "budgets:budget_allocation_add": BUDGET_EDITORS,
    "budgets:budget_virement_add": BUDGET_EDITORS,
    "budgets:budget_approve": BUDGET_EDITORS,
    "budgets:budget_efficiency_add": BUDGET_EDITORS,
    "budgets:budget_close": BUDGET_EDITORS,
    "budgets:budget_rollforward": BUDGET_EDITORS,
    "budgets:budget_export": BUDGET_EDITORS,
    "budgets:allocation_update": BUDGET_EDITORS,
    "budgets:budget_spend_add": BUDGET_EDITORS,
    "budgets:budget_spendimport_add": BUDGET_EDITORS,
    "budgets:spendimport_detail": BUDGET_EDITORS,
    "budgets:spendimport_confirm": BUDGET_EDITORS,
    "api:budget-list": BUDGET_READERS,
    "api:budget-detail": BUDGET_READERS,
    "api:budget-breakdown": BUDGET_READERS,
    "api:allocation-list": BUDGET_READERS,
    "api:allocation-detail": BUDGET_READERS,
    "api:spend-list": BUDGET_READERS,
    "api:spend-detail": BUDGET_READERS,
    # carers
    "carers:carer_list": CARER_VIEWERS,
    "carers:carer_export": CARER_VIEWERS,
    "carers:carer_search": CARER_VIEWERS,
    "carers:carer_create": CSC_ADMIN,
    "carers:carer_detail": CSC_ADMIN,
    "carers:carer_update": CSC_ADMIN,
    "carers:carer_merge": CSC_ADMIN,
    "carers:carer_access_log": CSC_ADMIN,
    "carers:carer_contact_create": CSC_ADMIN,
    "carers:carer_caredfor_create": CSC_ADMIN,
    "carers:carer_assessment_create": CSC_ADMIN,
    "carers:carer_plan_create": CSC_ADMIN,
    "carers:carer_subject_access": CSC_ADMIN,
    "carers:carer_subject_access_report": CSC_ADMIN,
    "carers:carer_erasure_create": CSC_ADMIN,
    "carers:contact_create": CSC_ADMIN,
    "carers:contact_unidentified": CSC_ADMIN,
    "carers:contact_detail": CSC_ADMIN,
    "carers:contact_link": CSC_ADMIN,
    "carers:referral_close": CSC_ADMIN,
    "carers:caredforperson_detail": CSC_ADMIN,
    "carers:caredforperson_update": CSC_ADMIN,
    "carers:assessment_detail": CSC_ADMIN,
    "carers:assessment_update": CSC_ADMIN,
    "carers:contingencyplan_detail": CSC_ADMIN,
    "carers:contingencyplan_update": CSC_ADMIN,
    "carers:subjectaccessrequest_complete": CSC_ADMIN,
    "carers:erasurerequest_decide": ADMIN,
    "api:carer-list": CARER_VIEWERS,
    "api:carer-detail": CSC_ADMIN,
    "api:caredforperson-list": CARER_VIEWERS,
    "api:caredforperson-detail": CSC_ADMIN,
    "api:contact-list": CSC_ADMIN,
    "api:contact-detail": CSC_ADMIN,
    "api:referral-list": CSC_ADMIN,
    "api:referral-detail": CSC_ADMIN,
    "api:assessment-list": CSC_ADMIN,
    "api:assessment-detail": CSC_ADMIN,
    "api:contingencyplan-list": CSC_ADMIN,
    "api:contingencyplan-detail": CSC_ADMIN,
    # --- carers features: KPIs, grants and vouchers, directory, import ---
    "carers:kpis": STATISTICS,
    "carers:kpi_list": STATISTICS,
    "carers:kpi_detail": STATISTICS,
    "carers:kpi_create": KPI_MANAGERS,
    "carers:kpi_update": KPI_MANAGERS,
    "carers:kpi_estimates": STATISTICS,
    "carers:kpi_profile": STATISTICS,
    "carers:kpi_estimate_set": KPI_MANAGERS,
    "carers:grant_spend": STATISTICS,
    "carers:grant_list": CARER_RECORDS,
    "carers:grant_create": CARER_RECORDS,
    "carers:grant_detail": CARER_RECORDS,
    "carers:grant_update": CARER_RECORDS,
    "carers:grant_decide": CARER_RECORDS,
    "carers:voucher_redeem": CARER_RECORDS,
    "carers:directory_list": DIRECTORY_READERS,
    "carers:directory_search": DIRECTORY_READERS,
    "carers:directory_detail": DIRECTORY_READERS,
    "carers:directory_create": CARER_RECORDS,
    "carers:directory_update": CARER_RECORDS,
    "carers:import_list": CARER_RECORDS,
    "carers:import_create": CARER_RECORDS,
    "carers:import_detail": CARER_RECORDS,
    "carers:import_confirm": CARER_RECORDS,
    "carers:import_errors": CARER_RECORDS,
    "carers:import_progress": CARER_RECORDS,
    "api:kpi-summary": STATISTICS,
    "api:carer-profile": STATISTICS,
    "api:grant-spend": STATISTICS,
    "api:kpi-list": STATISTICS,
    "api:kpi-detail": STATISTICS,
    "api:kpitarget-list": STATISTICS,
    "api:kpitarget-detail": STATISTICS,
    "api:areaestimate-list": STATISTICS,
    "api:areaestimate-detail": STATISTICS,
    "api:grant-list": CARER_RECORDS,
    "api:grant-detail": CARER_RECORDS,
    "api:grant-decide": CARER_RECORDS,
    "api:redemption-list": CARER_RECORDS,
    "api:redemption-detail": CARER_RECORDS,
    "api:directory-list": DIRECTORY_READERS,
    "api:directory-detail": DIRECTORY_READERS,
    "api:signposting-list": CARER_RECORDS,
    "api:signposting-detail": CARER_RECORDS,
    # --- commissioning: the contracts register (issue 12) ---
    "commissioning:contract_list": CONTRACT_READERS,
    "commissioning:contract_create": CONTRACT_KEEPERS,
    "commissioning:contract_export": CONTRACT_READERS,
    "commissioning:contract_chart": CONTRACT_READERS,
    "commissioning:contract_calendar": CONTRACT_READERS,
    "commissioning:contract_notices": CONTRACT_READERS,
    "commissioning:contract_detail": CONTRACT_READERS,
    "commissioning:contractimport_create": CONTRACT_KEEPERS,
    "commissioning:contractimport_detail": CONTRACT_KEEPERS,
    "commissioning:contractimport_confirm": CONTRACT_KEEPERS,
    "commissioning:contract_update": CONTRACT_KEEPERS,
    "commissioning:contract_extend": CONTRACT_KEEPERS,
    "commissioning:contract_amend": CONTRACT_KEEPERS,
    "commissioning:contract_review": CONTRACT_KEEPERS,
    "commissioning:contract_kpi_create": CONTRACT_KEEPERS,
    "commissioning:contractkpi_return": CONTRACT_KEEPERS,
    "commissioning:amendment_publish": CONTRACT_KEEPERS,
    "commissioning:provider_list": PROVIDER_READERS,
    "commissioning:provider_create": CONTRACT_KEEPERS,
    "commissioning:provider_detail": PROVIDER_READERS,
    "commissioning:provider_update": CONTRACT_KEEPERS,
    "commissioning:provider_accreditation_create": CONTRACT_KEEPERS,
    "commissioning:threshold_list": THRESHOLD_READERS,
    "commissioning:threshold_create": ADMIN,
    "commissioning:threshold_update": ADMIN,
    "api:contract-list": CONTRACT_READERS,
    "api:contract-detail": CONTRACT_READERS,
    "api:contract-extend": CONTRACT_KEEPERS,
    "api:contract-amend": CONTRACT_KEEPERS,
    "api:contract-review": CONTRACT_KEEPERS,
    "api:amendment-list": CONTRACT_READERS,
    "api:amendment-detail": CONTRACT_READERS,
    "api:contractkpi-list": CONTRACT_KEEPERS,
    "api:contractkpi-detail": CONTRACT_KEEPERS,
    "api:kpireturn-list": CONTRACT_KEEPERS,
    "api:kpireturn-detail": CONTRACT_KEEPERS,
    "api:provider-list": PROVIDER_READERS,
    "api:provider-detail": PROVIDER_READERS,
    "api:accreditation-list": PROVIDER_READERS,
    "api:accreditation-detail": PROVIDER_READERS,
    "api:threshold-list": THRESHOLD_READERS,
    "api:threshold-detail": THRESHOLD_READERS,
    # --- commissioning: the procurement pipeline (issue 14) ---
    "commissioning:procurement_list": CONTRACT_KEEPERS,
    "commissioning:procurement_create": CONTRACT_KEEPERS,
    "commissioning:procurement_detail": CONTRACT_KEEPERS,
    "commissioning:procurement_update": CONTRACT_KEEPERS,
    "commissioning:procurement_move": CONTRACT_KEEPERS,
    "commissioning:procurement_cancel": CONTRACT_KEEPERS,
    "commissioning:procurement_lot_create": CONTRACT_KEEPERS,
    "commissioning:procurement_risk_create": CONTRACT_KEEPERS,
    "commissioning:lot_detail": CONTRACT_KEEPERS,
    "commissioning:lot_update": CONTRACT_KEEPERS,
    "commissioning:lot_bid_create": CONTRACT_KEEPERS,
    "commissioning:lot_award": CONTRACT_KEEPERS,
    "commissioning:lot_evaluation": CONTRACT_KEEPERS,
    "commissioning:lot_criterion_create": CONTRACT_KEEPERS,
    "commissioning:lot_score": CONTRACT_KEEPERS,
    "commissioning:bid_update": CONTRACT_KEEPERS,
    "commissioning:risk_list": CONTRACT_KEEPERS,
    "commissioning:risk_create": CONTRACT_KEEPERS,
    "commissioning:risk_detail": CONTRACT_KEEPERS,
    "commissioning:risk_update": CONTRACT_KEEPERS,
    "api:procurement-list": CONTRACT_KEEPERS,
    "api:procurement-detail": CONTRACT_KEEPERS,
    "api:procurement-move": CONTRACT_KEEPERS,
    "api:procurement-cancel": CONTRACT_KEEPERS,
    "api:lot-list": CONTRACT_KEEPERS,
    "api:lot-detail": CONTRACT_KEEPERS,
    "api:lot-award": CONTRACT_KEEPERS,
    "api:lot-evaluation": CONTRACT_KEEPERS,
    "api:bid-list": CONTRACT_KEEPERS,
    "api:bid-detail": CONTRACT_KEEPERS,
    "api:criterion-list": CONTRACT_KEEPERS,
    "api:criterion-detail": CONTRACT_KEEPERS,
    "api:score-list": CONTRACT_KEEPERS,
    "api:score-detail": CONTRACT_KEEPERS,
    "api:agreedscore-list": CONTRACT_KEEPERS,
    "api:agreedscore-detail": CONTRACT_KEEPERS,
    "api:risk-list": CONTRACT_KEEPERS,
    "api:risk-detail": CONTRACT_KEEPERS,
    # --- commissioning: procurement plans (issue 14, item 6) ---
    "commissioning:procurement_plan": CONTRACT_KEEPERS,
    "commissioning:contract_reprocure": CONTRACT_KEEPERS,
    "commissioning:plantemplate_list": COMMISSIONER_ADMIN,
    "commissioning:plantemplate_create": COMMISSIONER_ADMIN,
    "commissioning:plantemplate_update": COMMISSIONER_ADMIN,
    "api:plantemplate-list": COMMISSIONER_ADMIN,
    "api:plantemplate-detail": COMMISSIONER_ADMIN,
    "api:procurementplan-list": CONTRACT_KEEPERS,
    "api:procurementplan-detail": CONTRACT_KEEPERS,
    "api:contract-reprocure": CONTRACT_KEEPERS,
    # Open data (OCDS): procurements and contracts together, so those who read both.
    "api:ocds-releases": CONTRACT_KEEPERS,
    # --- brokerage ---
    "brokerage:calloff_list": BROKERAGE,
    "brokerage:calloff_create": BROKERAGE,
    "brokerage:calloff_detail": BROKERAGE,
    "brokerage:calloff_update": BROKERAGE,
    "brokerage:calloff_advert": BROKERAGE,
    "brokerage:calloff_bid_create": BROKERAGE,
    "brokerage:calloff_close": BROKERAGE,
    "brokerage:calloff_choose": BROKERAGE,
    "brokerage:calloffbid_assess": BROKERAGE,
    "brokerage:framework_list": FRAMEWORK_READERS,
    "brokerage:framework_create": BROKERAGE,
    "brokerage:framework_detail": FRAMEWORK_READERS,
    "brokerage:framework_update": BROKERAGE,
    "brokerage:framework_window_create": BROKERAGE,
    "brokerage:framework_application_create": BROKERAGE,
    "brokerage:providerapplication_list": BROKERAGE,
    "brokerage:providerapplication_detail": BROKERAGE,
    "brokerage:providerapplication_check_create": BROKERAGE,
    "brokerage:providerapplication_decide": BROKERAGE,
    "brokerage:personalbudget_list": BROKERAGE,
    "brokerage:personalbudget_create": BROKERAGE,
    "brokerage:personalbudget_detail": BROKERAGE,
    "brokerage:personalbudget_update": BROKERAGE,
    "brokerage:carepackage_list": BROKERAGE,
    "brokerage:carepackage_detail": BROKERAGE,
    "brokerage:carepackage_update": BROKERAGE,
    "brokerage:carepackage_review_create": BROKERAGE,
    "brokerage:monitoring": PACKAGE_TOTALS,
    "brokerage:review_summary": BROKERAGE,
    "brokerage:packagetransfer_list": BROKERAGE,
    "brokerage:providermonitoring_detail": PACKAGE_TOTALS,
    "brokerage:carepackage_return_create": BROKERAGE,
    "brokerage:transferplan_create": BROKERAGE,
    "brokerage:packagetransfer_record": BROKERAGE,
    "brokerage:packagetransfer_detail": BROKERAGE,
    "brokerage:packagetransfer_reschedule": BROKERAGE,
    "brokerage:packagetransfer_cancel": BROKERAGE,
    "api:rasband-list": RAS_READERS,
    "api:rasband-detail": RAS_READERS,
    "api:personalbudget-list": BROKERAGE,
    "api:personalbudget-detail": BROKERAGE,
    "api:framework-list": FRAMEWORK_READERS,
    "api:framework-detail": FRAMEWORK_READERS,
    "api:framework-windows": FRAMEWORK_READERS,
    "api:providerapplication-list": BROKERAGE,
    "api:providerapplication-detail": BROKERAGE,
    "api:providerapplication-checks": BROKERAGE,
    "api:providerapplication-decide": BROKERAGE,
    "api:calloff-list": BROKERAGE,
    "api:calloff-detail": BROKERAGE,
    "api:calloff-advert": BROKERAGE,
    "api:calloff-bids": BROKERAGE,
    "api:calloff-close": BROKERAGE,
    "api:calloff-choose": BROKERAGE,
    "api:calloffbid-list": BROKERAGE,
    "api:calloffbid-detail": BROKERAGE,
    "api:calloffbid-assess": BROKERAGE,
    "api:carepackage-list": BROKERAGE,
    "api:carepackage-detail": BROKERAGE,
    "api:packagecost-list": PACKAGE_TOTALS,
    "api:packagecost-detail": PACKAGE_TOTALS,
    "api:packagereview-list": BROKERAGE,
    "api:packagereview-detail": BROKERAGE,
    "api:transferplan-list": BROKERAGE,
    "api:providerreturn-list": BROKERAGE,
    "api:providerreturn-detail": BROKERAGE,
    "api:transferplan-detail": BROKERAGE,
    "api:packagetransfer-list": BROKERAGE,
    "api:packagetransfer-detail": BROKERAGE,
    "api:packagetransfer-record": BROKERAGE,
    "api:packagetransfer-reschedule": BROKERAGE,
    "api:packagetransfer-cancel": BROKERAGE,
    "api:brokerage-monitoring": PACKAGE_TOTALS,
    "api:package-review-outcomes": BROKERAGE,
    # --- consultations ---
    "consultations:event_list": CONSULTERS,
    "consultations:calendar": CONSULTERS,
    "consultations:event_create": CONSULTERS,
    "consultations:event_detail": CONSULTERS,
    "consultations:event_update": CONSULTERS,
    "consultations:event_message_create": CONSULTERS,
    "consultations:event_document_create": CONSULTERS,
    "consultations:event_yousaid": CONSULTERS,
    "consultations:message_update": CONSULTERS,
    "consultations:message_action_create": CONSULTERS,
    "consultations:document_download": CONSULTERS,
    "consultations:action_list": CONSULTERS,
    "consultations:action_update": CONSULTERS,
    "consultations:theme_list": CONSULTERS,
    "consultations:theme_detail": CONSULTERS,
    "consultations:theme_yousaid": CONSULTERS,
    "consultations:forum_list": CONSULTERS,
    "consultations:forum_create": CONSULTERS,
    "consultations:forum_detail": CONSULTERS,
    "consultations:forum_update": CONSULTERS,
    "consultations:forum_meeting_create": CONSULTERS,
    "consultations:strategy_list": CONSULTERS,
    "consultations:strategy_create": CONSULTERS,
    "consultations:strategy_detail": CONSULTERS,
    "consultations:strategy_update": CONSULTERS,
    "consultations:strategy_aim_create": CONSULTERS,
    "consultations:strategy_deliverable_create": CONSULTERS,
    "consultations:deliverable_update": CONSULTERS,
    "consultations:deliverable_milestone_create": CONSULTERS,
    "consultations:workstream_list": CONSULTERS,
    "consultations:workstream_create": CONSULTERS,
    "consultations:workstream_detail": CONSULTERS,
    "consultations:workstream_update": CONSULTERS,
    "consultations:workstream_milestone_create": CONSULTERS,
    "consultations:milestone_update": CONSULTERS,
    "api:theme-list": THEME_READERS,
    "api:theme-detail": THEME_READERS,
    "api:themecounts": CONSULTERS,
    "api:consultationevent-list": CONSULTERS,
    "api:consultationevent-detail": CONSULTERS,
    "api:keymessage-list": CONSULTERS,
    "api:keymessage-detail": CONSULTERS,
    "api:consultationdocument-list": CONSULTERS,
    "api:consultationdocument-detail": CONSULTERS,
    "api:consultationaction-list": CONSULTERS,
    "api:consultationaction-detail": CONSULTERS,
    "api:forum-list": CONSULTERS,
    "api:forum-detail": CONSULTERS,
    "api:forummeeting-list": CONSULTERS,
    "api:forummeeting-detail": CONSULTERS,
    "api:strategy-list": CONSULTERS,
    "api:strategy-detail": CONSULTERS,
    "api:strategyaim-list": CONSULTERS,
    "api:strategyaim-detail": CONSULTERS,
    "api:deliverable-list": CONSULTERS,
    "api:deliverable-detail": CONSULTERS,
    "api:workstream-list": CONSULTERS,
    "api:workstream-detail": CONSULTERS,
    "api:milestone-list": CONSULTERS,
    "api:milestone-detail": CONSULTERS,
    "api:consultationdocument-download": CONSULTERS,
}


def sample_factories():
    """Model word in a URL name → a factory making one sample row (for <pk> in the URL)."""
    from datetime import date

    from accounts.choices import OrganisationKind
    from tests.accounts.factories import AreaFactory, OrganisationFactory, UserFactory
    from tests.brokerage import factories as brokerage
    from tests.budgets import factories as budgets
    from tests.carers import factories as carers
    from tests.carers import feature_factories as features
    from tests.commissioning import factories as contracts
    from tests.consultations import factories as consult

    def message():
        return consult.MessageFactory(themes=[consult.ThemeFactory(name="Information and advice")])

    return {
        # A provider: commissioners change providers' details, not other councils'.
        "organisation": lambda: OrganisationFactory(kind=OrganisationKind.PROVIDER),
        "area": lambda: AreaFactory(council=OrganisationFactory(name=carers.HOME_COUNCIL)),
        "user": UserFactory,
        "carer": carers.CarerFactory,
        # An unidentified caller's contact, so that its "link to a carer" page has work to do.
        "contact": lambda: carers.ContactFactory(carer=None, caller_name="Unknown caller"),
        "referral": carers.ReferralFactory,
        "caredforperson": lambda: carers.CaringRelationshipFactory().cared_for,
        "assessment": carers.AssessmentFactory,
        "contingencyplan": carers.ContingencyPlanFactory,
        "subjectaccessrequest": carers.SubjectAccessRequestFactory,
        "erasurerequest": carers.ErasureRequestFactory,
        # carers features
        "kpi": features.KpiIndicatorFactory,
        "kpitarget": features.KpiTargetFactory,
        "areaestimate": features.AreaEstimateFactory,
        "grant": features.CarerGrantFactory,
        "voucher": features.VoucherGrantFactory,
        "redemption": features.VoucherRedemptionFactory,
        "directory": features.DirectoryEntryFactory,
        "signposting": features.InformationGivenFactory,
        "import": features.CarerImportFactory,
        # commissioning
        "contract": contracts.ContractFactory,
        "amendment": contracts.AmendmentFactory,
        "contractkpi": contracts.KpiFactory,
        "kpireturn": contracts.KpiReturnFactory,
        "provider": contracts.ProviderProfileFactory,
        "accreditation": contracts.AccreditationFactory,
        "threshold": contracts.ThresholdFactory,
        "contractimport": contracts.ContractImportFactory,
        "procurement": contracts.ProcurementFactory,
        "lot": contracts.LotFactory,
        "bid": contracts.TenderBidFactory,
        "risk": contracts.RiskFactory,
        "criterion": contracts.CriterionFactory,
        "score": contracts.ScoreFactory,
        "agreedscore": contracts.AgreedScoreFactory,
        "plantemplate": contracts.PlanTemplateFactory,
        "procurementplan": contracts.PlanFactory,
        # A live contract with no extension option left: its page and the register's row offer
        # "Plan the re-procurement" (no URL names this word; the crawl reaches it from the register).
        "reprocurable": lambda: contracts.ContractFactory(
            extension_options="", start_date=date(2025, 4, 1), initial_end_date=date(2099, 3, 31)
        ),
        # A draft with a line (its page links every editing page) and a line of an approved budget
        # (whose page links virements and closing).
        "budget": lambda: budgets.AllocationFactory().budget,
        "allocation": lambda: budgets.AllocationFactory(budget=budgets.BudgetFactory(status="approved")),
        "spendimport": budgets.SpendImportFactory,
        "spend": budgets.SpendFactory,
        # brokerage
        "rasband": brokerage.RasBandFactory,
        "personalbudget": brokerage.PersonalBudgetFactory,
        "framework": brokerage.FrameworkFactory,
        "providerapplication": brokerage.ApplicationFactory,
        "calloff": brokerage.CallOffFactory,
        "calloffbid": brokerage.BidFactory,
        "carepackage": brokerage.CarePackageFactory,
        "packagecost": brokerage.CarePackageFactory,
        "packagereview": brokerage.PackageReviewFactory,
        "transferplan": brokerage.TransferPlanFactory,
        "providerreturn": brokerage.ProviderReturnFactory,
        "providermonitoring": lambda: brokerage.CarePackageFactory().provider,
        "packagetransfer": brokerage.PackageTransferFactory,
        # consultations (pages and API)
        "event": consult.EventFactory,
        "consultationevent": consult.EventFactory,
        "message": message,
        "keymessage": message,
        "document": consult.DocumentFactory,
        "consultationdocument": consult.DocumentFactory,
        "action": consult.ActionFactory,
        "consultationaction": consult.ActionFactory,
        "theme": consult.ThemeFactory,
        "forum": consult.ForumFactory,
        "forummeeting": consult.MeetingFactory,
        "strategy": consult.StrategyFactory,
        "strategyaim": consult.AimFactory,
        "deliverable": consult.DeliverableFactory,
        "workstream": consult.WorkstreamFactory,
        "milestone": consult.MilestoneFactory,
    }


# --- Out of scope (tests/test_access_matrix.py::test_out_of_scope_answers_as_missing) ----------
# Every page and endpoint with a record's id in its URL answers a record of another council
# exactly as an id that does not exist (same status, same body), for every role allowed there,
# unless it is listed here as showing every council's records on purpose, with the reason.
OTHER_COUNCIL = "Devon County Council"
SHARED_ACROSS_COUNCILS = {
    "accounts:organisation_detail": "organisations (councils, NHS bodies, providers) are everyone's reference data",
    "api:organisation-detail": "organisations are everyone's reference data",
    "accounts:area_detail": "areas are read by everyone (councils benchmark each other's figures)",
    "api:area-detail": "areas are read by everyone; changing one is scoped (accounts:area_update)",
    "carers:kpi_detail": "councils benchmark each other's indicators; changing one is scoped (carers:kpi_update)",
    "api:kpi-detail": "read by every council (benchmarks); writes are scoped to the indicator's council",
    "api:kpitarget-detail": "read by every council (benchmarks); writes are scoped to the indicator's council",
    "api:areaestimate-detail": "read by every council (benchmarks); writes are scoped to the area's council",
    "consultations:theme_detail": "themes are a reference list; the messages shown are the caller's council's",
    "consultations:theme_yousaid": "themes are a reference list; the messages shown are the caller's council's",
    "api:theme-detail": "themes are a reference list shared by every council",
    "carers:directory_detail": "the signposting directory is shared by every council's officers",
    "commissioning:provider_detail": "providers are everyone's reference data (CSC officers signpost to them)",
    "commissioning:provider_update": "a provider's details are shared by every council that commissions it",
    "commissioning:provider_accreditation_create": "a provider's accreditations are shared by every council",
    "api:provider-detail": "providers are everyone's reference data",
    "api:accreditation-detail": "providers' accreditations are everyone's reference data",
    "carers:directory_update": "the signposting directory is shared by every council's officers",
    "api:directory-detail": "the signposting directory is shared by every council's officers",
    "api:rasband-detail": "RAS bands are the deployment's reference list (an administrator keeps them)",
}
# A role that holds the permission but whose scope leaves the matrix's sample out answers 404
# there, not 403: brokerage officers open only carers referred to brokerage.
SCOPED_AWAY: dict[str, frozenset] = {
    "carers:carer_detail": frozenset({Role.BROKERAGE_OFFICER}),
    "api:carer-detail": frozenset({Role.BROKERAGE_OFFICER}),
    "carers:caredforperson_detail": frozenset({Role.BROKERAGE_OFFICER}),
    "api:caredforperson-detail": frozenset({Role.BROKERAGE_OFFICER}),
}
# Roles whose scope is the whole deployment: nothing is outside it.
DEPLOYMENT_WIDE = frozenset({Role.DEPLOYMENT_ADMINISTRATOR})


def outside_factories():
    """Model word in a URL name → a factory making one record of another council (OTHER_COUNCIL)."""
    from tests.accounts.factories import AreaFactory, OrganisationFactory, UserFactory
    from tests.brokerage import factories as brokerage
    from tests.budgets import factories as budgets
    from tests.carers import factories as carers
    from tests.carers import feature_factories as features
    from tests.commissioning import factories as contracts

    def other():
        return OrganisationFactory(name=OTHER_COUNCIL)

    def carer():
        return carers.CarerFactory(organisation=other())

    return {
        "organisation": other,  # another council: only the deployment administrator changes it
        "user": lambda: UserFactory(organisation=other()),
        "area": lambda: AreaFactory(council=other()),
        "carer": carer,
        "contact": lambda: carers.ContactFactory(carer=None, caller_name="Unknown caller", organisation=other()),
        "referral": lambda: carers.ReferralFactory(contact=carers.ContactFactory(carer=carer())),
        "caredforperson": lambda: carers.CaringRelationshipFactory(carer=carer()).cared_for,
        "assessment": lambda: carers.AssessmentFactory(carer=carer()),
        "contingencyplan": lambda: carers.ContingencyPlanFactory(carer=carer()),
        "subjectaccessrequest": lambda: carers.SubjectAccessRequestFactory(carer=carer()),
        "erasurerequest": lambda: carers.ErasureRequestFactory(carer=carer()),
        "kpi": lambda: features.KpiIndicatorFactory(organisation=other()),
        "grant": lambda: features.CarerGrantFactory(carer=carer()),
        "voucher": lambda: features.VoucherGrantFactory(carer=carer()),
        "redemption": lambda: features.VoucherRedemptionFactory(grant=features.VoucherGrantFactory(carer=carer())),
        "signposting": lambda: features.InformationGivenFactory(contact=carers.ContactFactory(carer=carer())),
        "import": lambda: features.CarerImportFactory(organisation=other()),
        "contract": lambda: contracts.ContractFactory(accountable_body=other()),
        "amendment": lambda: contracts.AmendmentFactory(contract=contracts.ContractFactory(accountable_body=other())),
        "contractkpi": lambda: contracts.KpiFactory(contract=contracts.ContractFactory(accountable_body=other())),
        "kpireturn": lambda: contracts.KpiReturnFactory(
            kpi=contracts.KpiFactory(contract=contracts.ContractFactory(accountable_body=other()))
        ),
        "threshold": lambda: contracts.ThresholdFactory(organisation=other()),
        "contractimport": lambda: contracts.ContractImportFactory(organisation=other()),
        "procurement": lambda: contracts.ProcurementFactory(organisation=other()),
        "lot": lambda: contracts.LotFactory(procurement=contracts.ProcurementFactory(organisation=other())),
        "bid": lambda: contracts.TenderBidFactory(
            lot=contracts.LotFactory(procurement=contracts.ProcurementFactory(organisation=other()))
        ),
        "risk": lambda: contracts.RiskFactory(organisation=other()),
        "criterion": lambda: contracts.CriterionFactory(
            lot=contracts.LotFactory(procurement=contracts.ProcurementFactory(organisation=other()))
        ),
        "score": lambda: contracts.ScoreFactory(
            bid__lot=contracts.LotFactory(procurement=contracts.ProcurementFactory(organisation=other()))
        ),
        "agreedscore": lambda: contracts.AgreedScoreFactory(
            bid__lot=contracts.LotFactory(procurement=contracts.ProcurementFactory(organisation=other()))
        ),
        "plantemplate": lambda: contracts.PlanTemplateFactory(organisation=other()),
        "procurementplan": lambda: contracts.PlanFactory(
            procurement=contracts.ProcurementFactory(organisation=other())
        ),
        "budget": lambda: budgets.BudgetFactory(organisation=other()),
        "allocation": lambda: budgets.AllocationFactory(budget=budgets.BudgetFactory(organisation=other())),
        "spendimport": lambda: budgets.SpendImportFactory(budget=budgets.BudgetFactory(organisation=other())),
        "spend": lambda: budgets.SpendFactory(allocation__budget=budgets.BudgetFactory(organisation=other())),
        # brokerage: another council's records
        "personalbudget": lambda: brokerage.PersonalBudgetFactory(carer=carer()),
        "framework": lambda: brokerage.FrameworkFactory(organisation=other()),
        "providerapplication": lambda: brokerage.ApplicationFactory(
            window=brokerage.WindowFactory(framework=brokerage.FrameworkFactory(organisation=other()))
        ),
        "calloff": lambda: brokerage.CallOffFactory(framework=brokerage.FrameworkFactory(organisation=other())),
        "calloffbid": lambda: brokerage.BidFactory(
            calloff=brokerage.CallOffFactory(framework=brokerage.FrameworkFactory(organisation=other()))
        ),
        "carepackage": lambda: brokerage.CarePackageFactory(personal_budget__carer=carer()),
        "packagecost": lambda: brokerage.CarePackageFactory(personal_budget__carer=carer()),
        "packagereview": lambda: brokerage.PackageReviewFactory(package__personal_budget__carer=carer()),
        "providerreturn": lambda: brokerage.ProviderReturnFactory(package__personal_budget__carer=carer()),
        "providermonitoring": lambda: brokerage.CarePackageFactory(personal_budget__carer=carer()).provider,
        "transferplan": lambda: brokerage.TransferPlanFactory(
            framework=brokerage.FrameworkFactory(organisation=other())
        ),
        "packagetransfer": lambda: brokerage.PackageTransferFactory(
            plan=brokerage.TransferPlanFactory(framework=brokerage.FrameworkFactory(organisation=other())),
            package__personal_budget__carer=carer(),
        ),
        **_consultations_outside(other),
    }


def _consultations_outside(other):
    """Another council's consultation records, by the model word of their URLs."""
    from tests.consultations import factories as consult

    def event():
        return consult.EventFactory(organisation=other())

    def message():
        return consult.MessageFactory(event=event())

    def document():
        return consult.DocumentFactory(event=event())

    def action():
        return consult.ActionFactory(message=message())

    def forum():
        return consult.ForumFactory(organisation=other())

    def strategy():
        return consult.StrategyFactory(organisation=other())

    def deliverable():
        return consult.DeliverableFactory(aim=consult.AimFactory(strategy=strategy()))

    def workstream():
        return consult.WorkstreamFactory(organisation=other())

    return {
        "event": event,
        "consultationevent": event,
        "message": message,
        "keymessage": message,
        "document": document,
        "consultationdocument": document,
        "action": action,
        "consultationaction": action,
        "forum": forum,
        "forummeeting": lambda: consult.MeetingFactory(forum=forum()),
        "strategy": strategy,
        "strategyaim": lambda: consult.AimFactory(strategy=strategy()),
        "deliverable": deliverable,
        "workstream": workstream,
        "milestone": lambda: consult.MilestoneFactory(workstream=workstream()),
    }
