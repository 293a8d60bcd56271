"""Who is signed in, remembered between requests.

Every request needs the signed-in user, the two-factor device they verified with, their
permissions and their role names. Django and django-otp read them from the database on each
request (six queries, counting the permissions and roles); they change rarely, so they are kept
together in one cache entry per user (Redis) and read with one round trip.

An entry is stamped with two versions: everyone's (replaced by any change to which permissions a
role holds or who holds which role) and the user's own (replaced by any save or delete of the user
or of one of their two-factor devices: a new password, deactivation, a device removed). An entry
whose stamp no longer matches is read afresh from the database. A version is replaced when the
change is made and again when its transaction commits, so a request that read the old rows
before the commit cannot keep them after it. If Redis is away the cache answers nothing and the
database is read as before. Without Redis configured (settings.IDENTITY_CACHE false) nothing is
kept: a cache in each process's own memory would go on answering for a user another process changed.
"""

import uuid

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django_otp import device_classes, devices_for_user

EVERYONE_KEY = "accounts:identity-version"
TTL_SECONDS = 120


def _user_version_key(user_id) -> str:
    return f"accounts:identity-version:{user_id}"


def _entry_key(user_id) -> str:
    return f"accounts:identity:{user_id}"


def _replace(key: str) -> None:
    cache.set(key, uuid.uuid4().hex, None)
    transaction.on_commit(lambda: cache.set(key, uuid.uuid4().hex, None))


def forget_everyone(**kwargs) -> None:
    """Invalidate every remembered entry (roles or their permissions changed)."""
    _replace(EVERYONE_KEY)


def forget_user(user_id) -> None:
    """Invalidate one user's entry (the user or one of their devices changed)."""
    _replace(_user_version_key(user_id))


def _lookup(user_id) -> tuple[dict | None, tuple]:
    """The user's entry if its stamp is current, and the current versions (made where missing)."""
    keys = [EVERYONE_KEY, _user_version_key(user_id), _entry_key(user_id)]
    found = cache.get_many(keys)
    versions = []
    for key in keys[:2]:
        version = found.get(key)
        if version is None:
            cache.add(key, uuid.uuid4().hex, None)
            version = cache.get(key)
        versions.append(version)
    versions = tuple(versions)
    entry = found.get(keys[2])
    if entry is not None and None not in versions and entry["versions"] == versions:
        return entry, versions
    return None, versions


def _read_access(user) -> dict:
    backend = ModelBackend()
    return {
        "user": backend._get_permissions(user, None, "user"),
        "group": backend._get_permissions(user, None, "group"),
        "roles": sorted(user.groups.values_list("name", flat=True)),
    }


def access(user) -> dict:
    """The user's own and group permissions and role names, kept on the user object for the rest
    of the request as Django keeps permissions. The signed-in user's come with their entry
    (CachedModelBackend.get_user); anyone else's are read from their entry if it is current, or
    from the database. Code that changes a user's roles and reads them back on the same object
    forgets them first (accounts.services._set_roles)."""
    found = user.__dict__.get("_access")
    if found is None:
        entry, _ = _lookup(user.pk) if settings.IDENTITY_CACHE else (None, None)
        found = entry["access"] if entry else _read_access(user)
        user.__dict__["_access"] = found
    return found


def forget_access(user) -> None:
    for name in ("_access", "role_names", "_user_perm_cache", "_group_perm_cache", "_perm_cache"):
        user.__dict__.pop(name, None)


class CachedModelBackend(ModelBackend):
    """ModelBackend reading the signed-in user, their permissions and their two-factor devices
    from one cache entry (accounts.two_factor.CachedOTPMiddleware takes the device from it)."""

    def get_user(self, user_id):
        if not settings.IDENTITY_CACHE:  # a per-process cache would differ between processes
            return super().get_user(user_id)
        entry, versions = _lookup(user_id)
        if entry is None:
            user = super().get_user(user_id)
            if user is None:
                return None
            found_access = _read_access(user)
            forget_access(user)  # the entry keeps them once, not also as ModelBackend's attributes
            entry = {
                "versions": versions,
                "user": user,
                "access": found_access,
                "devices": {
                    device.persistent_id: _without_secret(device) for device in devices_for_user(user, confirmed=True)
                },
            }
            if None not in versions:
                cache.set(_entry_key(user_id), entry, TTL_SECONDS)
        user = entry["user"]
        if not self.user_can_authenticate(user):
            return None
        user.__dict__["_access"] = entry["access"]
        user.__dict__["_otp_devices"] = entry["devices"]
        return user

    def _get_permissions(self, user_obj, obj, from_name):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        return access(user_obj)[from_name]


def _cached_device_is_read_only(*args, **kwargs):
    raise RuntimeError("A cached two-factor device has no secret: read it from the database to change it.")


def _without_secret(device):
    """The device as the middleware needs it (which device, whose, confirmed), without the
    authenticator's secret, so the cache holds none; saving it would blank the secret, so it
    refuses to be saved."""
    if hasattr(device, "key"):
        device.key = ""
    device.__dict__["save"] = _cached_device_is_read_only
    return device


def _user_changed(sender, instance, **kwargs) -> None:
    forget_user(instance.pk)


def _device_changed(sender, instance, **kwargs) -> None:
    forget_user(instance.user_id)


def connect_signals() -> None:
    """Called from AccountsConfig.ready()."""
    from accounts.models import User

    for through in (User.groups.through, User.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(forget_everyone, sender=through, dispatch_uid=f"forget-identity-{through.__name__}")
    for model in (Group, Permission):
        post_save.connect(forget_everyone, sender=model, dispatch_uid=f"forget-identity-save-{model.__name__}")
        post_delete.connect(forget_everyone, sender=model, dispatch_uid=f"forget-identity-delete-{model.__name__}")
    for model in (User, *device_classes()):
        handler = _user_changed if model is User else _device_changed
        post_save.connect(handler, sender=model, dispatch_uid=f"forget-identity-save-{model._meta.label}")
        post_delete.connect(handler, sender=model, dispatch_uid=f"forget-identity-delete-{model._meta.label}")
