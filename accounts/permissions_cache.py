"""Permissions and role names remembered between requests.

Django's ModelBackend reads a user's permissions with two joined queries on every request (and
keeps them only for that request); every page and API call asks for them. Roles change rarely, so
the sets are kept in the cache (Redis) for a short while under a version that any change to
group membership, group permissions or user permissions replaces at once (signals below). If
Redis is away the cache answers nothing and the database is read as before.
"""

import uuid

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

VERSION_KEY = "accounts:permissions-version"
TTL_SECONDS = 120


def permissions_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY) or version
    return version


def forget_permissions(**kwargs) -> None:
    """Invalidate every remembered permission set and role list (a new version)."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def _read_access(user) -> dict:
    backend = ModelBackend()
    return {
        "user": backend._get_permissions(user, None, "user"),
        "group": backend._get_permissions(user, None, "group"),
        "roles": sorted(user.groups.values_list("name", flat=True)),
    }


def access(user) -> dict:
    """The user's own and group permissions and role names, read together: one cache lookup
    (two round trips to Redis with the version) for all three on a request, kept on the user
    object for the rest of it, as Django keeps permissions. Code that changes a user's roles
    and reads them back on the same object forgets it (accounts.services._set_roles)."""
    found = user.__dict__.get("_access")
    if found is None:
        key = f"accounts:access:{user.pk}:{permissions_version()}"
        found = cache.get(key)
        if found is None:
            found = _read_access(user)
            cache.set(key, found, TTL_SECONDS)
        user.__dict__["_access"] = found
    return found


def forget_access(user) -> None:
    for name in ("_access", "role_names", "_user_perm_cache", "_group_perm_cache", "_perm_cache"):
        user.__dict__.pop(name, None)


class CachedModelBackend(ModelBackend):
    """ModelBackend with each user's permission sets kept in the cache between requests."""

    def _get_permissions(self, user_obj, obj, from_name):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        return access(user_obj)[from_name]


def _user_saved(sender, instance, update_fields=None, **kwargs) -> None:
    # Signing in saves last_login only: that changes no permission.
    if update_fields is None or not set(update_fields) <= {"last_login", "password"}:
        forget_permissions()


def connect_signals() -> None:
    """Called from AccountsConfig.ready()."""
    from accounts.models import User

    for through in (User.groups.through, User.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(forget_permissions, sender=through, dispatch_uid=f"forget-perms-{through.__name__}")
    for model in (Group, Permission):
        post_save.connect(forget_permissions, sender=model, dispatch_uid=f"forget-perms-save-{model.__name__}")
        post_delete.connect(forget_permissions, sender=model, dispatch_uid=f"forget-perms-delete-{model.__name__}")
    post_save.connect(_user_saved, sender=User, dispatch_uid="forget-perms-save-user")
    post_delete.connect(forget_permissions, sender=User, dispatch_uid="forget-perms-delete-user")
