"""Writes for accounts: organisations, areas, users and their roles, API tokens."""

from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from rest_framework.authtoken.models import Token

from accounts.choices import Role
from accounts.identity_cache import forget_access
from accounts.models import Area, Organisation, User
from common.writes import model_save


@transaction.atomic
def organisation_save(*, organisation: Organisation | None = None, **fields) -> Organisation:
    """Create an organisation, or update one with the given fields."""
    return model_save(organisation or Organisation(), **fields)


@transaction.atomic
def area_save(*, area: Area | None = None, **fields) -> Area:
    """Create an area, or update one; its parent must be one level up."""
    return model_save(area or Area(), **fields)


def _set_roles(user: User, roles: list[str]) -> None:
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise ValidationError({"roles": f"Unknown role: {', '.join(sorted(unknown))}."})
    user.groups.set(Group.objects.filter(name__in=roles))
    forget_access(user)  # forget the roles and permissions read before


@transaction.atomic
def user_create(*, username: str, password: str, roles: list[str], **fields) -> User:
    """Create a user with a password that passes the password rules, and give them roles."""
    user = User(username=username, **fields)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    user.set_password(password)
    model_save(user)
    _set_roles(user, roles)
    return user


@transaction.atomic
def user_update(*, user: User, roles: list[str] | None = None, **fields) -> User:
    """Change a user's details, active flag or roles."""
    model_save(user, **fields)
    if roles is not None:
        _set_roles(user, roles)
    return user


@transaction.atomic
def token_rotate(*, user: User) -> Token:
    """Replace the user's API token with a new one (the old one stops working at once)."""
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)
