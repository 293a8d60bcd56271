"""The access matrix: which roles may open each named URL. Every URL in the URL conf must be
listed here (tests/test_access_matrix.py fails for one that is not), so a new page cannot be
forgotten. Each domain issue adds its pages and API endpoints."""

from accounts.choices import Role

ALL = frozenset(Role)
ADMIN = frozenset({Role.ADMINISTRATOR})
COMMISSIONER_ADMIN = frozenset({Role.COMMISSIONER, Role.ADMINISTRATOR})

# Open to anyone, signed in or not.
PUBLIC = {"accounts:login", "healthz", "api:token_obtain", "admin:login"}

# Accept POST only (GET answers 405); their behaviour has its own tests.
POST_ONLY = {"accounts:logout", "accounts:token_rotate", "reminders:notification_mark_read"}

# Need a registered due-date source in the URL; tested in tests/reminders/test_views.py.
PARAMETERISED_ELSEWHERE = {"reminders:rule_edit"}

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
    "reminders:rule_list": COMMISSIONER_ADMIN,
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
}


def sample_factories():
    """Model word in a URL name → a factory making one sample row (for <pk> in the URL)."""
    from tests.accounts.factories import AreaFactory, OrganisationFactory, UserFactory

    return {
        "organisation": OrganisationFactory,
        "area": AreaFactory,
        "user": UserFactory,
    }
