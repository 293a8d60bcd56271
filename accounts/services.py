"""Writes for accounts: organisations, areas, users and their roles, API tokens."""

from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from rest_framework.authtoken.models import Token

from accounts.choices import OrganisationKind, Role
from accounts.identity_cache import forget_access
from accounts.models import Area, Organisation, User
from accounts.querysets import deployment_wide
from common.writes import model_save

COUNCILS_ARE_DEPLOYMENTS = "Only the deployment administrator adds councils or changes another council."
OWN_COUNCIL_ONLY = "You manage your own council's users and areas only."
NO_DEPLOYMENT_ROLE = "Only the deployment administrator gives the deployment administrator role."


@transaction.atomic
def organisation_save(*, organisation: Organisation | None = None, by: User | None = None, **fields) -> Organisation:
    """Create an organisation, or update one with the given fields. `by` (the signed-in user,
    when a person asks) may add or change a council only as the deployment administrator, or
    change their own council."""
    was_council = organisation is not None and organisation.kind == OrganisationKind.COUNCIL
    organisation = organisation or Organisation()
    for name, value in fields.items():
        setattr(organisation, name, value)
    if by is not None and not deployment_wide(by):
        own = organisation.pk is not None and organisation.pk == by.organisation_id
        if (organisation.kind == OrganisationKind.COUNCIL or was_council) and not own:
            raise ValidationError({"kind": COUNCILS_ARE_DEPLOYMENTS})
    return model_save(organisation)


@transaction.atomic
def area_save(*, area: Area | None = None, by: User | None = None, **fields) -> Area:
    """Create an area, or update one; its parent must be one level up. `by` (the signed-in user)
    manages their own council's areas only (a superuser: every council's)."""
    area = area or Area()
    for name, value in fields.items():
        setattr(area, name, value)
    if by is not None and not by.is_superuser:
        if area.council_id != by.organisation_id:
            raise ValidationError({"council": OWN_COUNCIL_ONLY})
        if area.parent_id and area.parent.council_id != by.organisation_id:
            raise ValidationError({"parent": OWN_COUNCIL_ONLY})
    return model_save(area)


def _set_roles(user: User, roles: list[str]) -> None:
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise ValidationError({"roles": f"Unknown role: {', '.join(sorted(unknown))}."})
    user.groups.set(Group.objects.filter(name__in=roles))
    forget_access(user)  # forget the roles and permissions read before


def _check_tenancy(by: User | None, organisation_id: int | None, roles: list[str] | None) -> None:
    """A council's administrator (`by`) manages their own council's users, and never gives the
    deployment administrator role; the deployment administrator manages every council's."""
    if by is None or deployment_wide(by):
        return
    if organisation_id != by.organisation_id:
        raise ValidationError({"organisation": OWN_COUNCIL_ONLY})
    if roles and Role.DEPLOYMENT_ADMINISTRATOR in roles:
        raise ValidationError({"roles": NO_DEPLOYMENT_ROLE})


@transaction.atomic
def user_create(*, username: str, password: str, roles: list[str], by: User | None = None, **fields) -> User:
    """Create a user with a password that passes the password rules, and give them roles.
    `by` (the signed-in administrator) may create users of their own council only."""
    user = User(username=username, **fields)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    _check_tenancy(by, user.organisation_id, roles)
    user.set_password(password)
    model_save(user)
    _set_roles(user, roles)
    return user


@transaction.atomic
def user_update(*, user: User, roles: list[str] | None = None, by: User | None = None, **fields) -> User:
    """Change a user's details, active flag or roles; `by` (the signed-in administrator) may
    change users of their own council only, and not move them to another."""
    _check_tenancy(by, user.organisation_id, None)
    if by is not None and not deployment_wide(by) and Role.DEPLOYMENT_ADMINISTRATOR in user.role_names:
        raise ValidationError({"roles": NO_DEPLOYMENT_ROLE})
    for name, value in fields.items():
        setattr(user, name, value)
    _check_tenancy(by, user.organisation_id, roles)
    model_save(user)
    if roles is not None:
        _set_roles(user, roles)
    return user


@transaction.atomic
def token_rotate(*, user: User) -> Token:
    """Replace the user's API token with a new one (the old one stops working at once)."""
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)
