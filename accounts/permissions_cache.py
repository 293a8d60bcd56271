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


def remembered(kind: str, user, compute):
    """`compute()` for this user, through the cache under the current permissions version."""
    key = f"accounts:{kind}:{user.pk}:{permissions_version()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TTL_SECONDS)
    return value


class CachedModelBackend(ModelBackend):
    """ModelBackend with each user's permission sets kept in the cache between requests."""

    def _get_permissions(self, user_obj, obj, from_name):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        attribute = f"_{from_name}_perm_cache"
        if not hasattr(user_obj, attribute):
            read = super()._get_permissions
            perms = remembered(f"{from_name}-perms", user_obj, lambda: read(user_obj, obj, from_name))
            setattr(user_obj, attribute, perms)
        return getattr(user_obj, attribute)


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
