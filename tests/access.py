"""The access matrix: which roles may open each named URL. Every URL in the URL conf must be
listed here (tests/test_access_matrix.py fails for one that is not), so a new page cannot be
forgotten. Each domain issue adds its pages and API endpoints."""

from accounts.choices import Role

ALL = frozenset(Role)
ADMIN = frozenset({Role.ADMINISTRATOR})
COMMISSIONER_ADMIN = frozenset({Role.COMMISSIONER, Role.ADMINISTRATOR})
# Carers extras: aggregated carer statistics, carer KPI management, personal records, directory.
STATISTICS = frozenset({Role.COMMISSIONER, Role.FINANCE_OFFICER})
KPI_MANAGERS = frozenset({Role.COMMISSIONER})
CARER_RECORDS = frozenset({Role.CSC_OFFICER, Role.ADMINISTRATOR})
DIRECTORY_READERS = frozenset({Role.COMMISSIONER, Role.CSC_OFFICER, Role.ADMINISTRATOR})

# Open to anyone, signed in or not.
PUBLIC = {"accounts:login", "healthz", "api:token_obtain", "admin:login"}

# Accept POST only (GET answers 405); their behaviour has its own tests.
POST_ONLY = {
    "accounts:logout",
    "accounts:token_rotate",
    "reminders:notification_mark_read",
    "carers:directory_record_given",
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
    "accounts:organisation_create": COMMISSIONER_ADMIN,
    "accounts:organisation_update": COMMISSIONER_ADMIN,
    "accounts:area_list": ALL,
    "accounts:area_detail": ALL,
    "accounts:area_create": ADMIN,
    "accounts:area_update": ADMIN,
    "accounts:user_list": ADMIN,
    "accounts:user_detail": ADMIN,
    "accounts:user_create": ADMIN,
    "accounts:user_update": ADMIN,
    "reminders:notification_list": ALL,
    "api:schema": ALL,
    "api:docs": ALL,
    "api:redoc": ALL,
    "api:organisation-list": ALL,
    "api:organisation-detail": ALL,
    "api:area-list": ALL,
    "api:area-detail": ALL,
    "api:user-list": ADMIN,
    "api:user-detail": ADMIN,
    "api:user-me": ALL,
    # --- carers extras: KPIs, grants and vouchers, directory, import ---
    "carers:kpis": STATISTICS,
    "carers:kpi_list": STATISTICS,
    "carers:kpi_detail": STATISTICS,
    "carers:kpi_create": KPI_MANAGERS,
    "carers:kpi_update": KPI_MANAGERS,
    "carers:kpi_estimates": STATISTICS,
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
    "api:kpi-summary": STATISTICS,
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
}


def sample_factories():
    """Model word in a URL name → a factory making one sample row (for <pk> in the URL)."""
    from tests.accounts.factories import AreaFactory, OrganisationFactory, UserFactory
    from tests.carers_extras import factories as extras

    return {
        "organisation": OrganisationFactory,
        "area": AreaFactory,
        "user": UserFactory,
        # carers extras
        "kpi": extras.KpiIndicatorFactory,
        "kpitarget": extras.KpiTargetFactory,
        "areaestimate": extras.AreaEstimateFactory,
        "grant": extras.CarerGrantFactory,
        "voucher": extras.VoucherGrantFactory,
        "redemption": extras.VoucherRedemptionFactory,
        "directory": extras.DirectoryEntryFactory,
        "signposting": extras.InformationGivenFactory,
        "import": extras.CarerImportFactory,
    }
