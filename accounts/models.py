"""Organisations, areas and users."""

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from accounts.choices import PARENT_LEVELS, AreaLevel, OrganisationKind, Role
from accounts.querysets import AreaQuerySet, OrganisationQuerySet, UserQuerySet
from common.fields import ADDRESS, BoundedTextField


class Organisation(models.Model):
    """A council, NHS body, provider or voluntary organisation."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)
    reference = models.CharField(
        "reference", max_length=40, blank=True, help_text="ODS code, Companies House or charity number, if any."
    )
    address = BoundedTextField(max_length=ADDRESS, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    is_active = models.BooleanField("active", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        # Lists are sorted by name: a page of them is read from the index, not a sort of them all.
        indexes = [models.Index(fields=["name", "id"], name="organisation_name_idx")]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="organisation_name_unique_ci",
                violation_error_message="An organisation with this name already exists.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("accounts:organisation_detail", args=[self.pk])


class Area(models.Model):
    """A county, a locality or district within it, or a ward within that."""

    name = models.CharField(max_length=120)
    level = models.CharField(max_length=10, choices=AreaLevel.choices)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")
    council = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="areas",
        limit_choices_to={"kind": OrganisationKind.COUNCIL},
        help_text="The council responsible for this area.",
    )
    code = models.CharField("ONS code", max_length=12, blank=True)
    postcode_districts = models.CharField(
        max_length=400,
        blank=True,
        help_text="Postcode districts in this area, separated by spaces, for example OX15 OX16 OX17.",
    )

    history = HistoricalRecords()
    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["name", "id"], name="area_name_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"],
                name="area_name_unique_within_parent",
                violation_error_message="This area already has a sub-area with that name.",
            ),
            models.CheckConstraint(
                condition=(Q(level=AreaLevel.COUNTY) & Q(parent__isnull=True))
                | (~Q(level=AreaLevel.COUNTY) & Q(parent__isnull=False)),
                name="area_county_has_no_parent_others_do",
                violation_error_message="A county has no parent area; a locality or ward must have one.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("accounts:area_detail", args=[self.pk])

    def clean(self) -> None:
        allowed = PARENT_LEVELS.get(self.level, ())
        if self.parent_id and self.parent.level not in allowed:
            within = " or ".join(AreaLevel(level).label.lower() for level in allowed) or "no other area"
            raise ValidationError({"parent": f"A {self.get_level_display().lower()} must sit within a {within}."})
        self.postcode_districts = " ".join(self.postcode_districts.upper().split())

    @property
    def districts(self) -> list[str]:
        return self.postcode_districts.split()


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):
    """Django's user manager (create_user, create_superuser) with the scope rule `visible_to`."""


class User(AbstractUser):
    """A person who signs in: an officer of a council, NHS body or provider."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    job_title = models.CharField(max_length=120, blank=True)

    history = HistoricalRecords(excluded_fields=["password", "last_login"])
    objects = UserManager()

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_absolute_url(self) -> str:
        return reverse("accounts:user_detail", args=[self.pk])

    @cached_property
    def role_names(self) -> list[str]:
        # Lists prefetch the groups; a signed-in user's roles come from the identity cache
        # (accounts/identity_cache.py), so a request does not query them each time.
        if "groups" in getattr(self, "_prefetched_objects_cache", {}) or not self.pk:
            return sorted(group.name for group in self.groups.all())
        from accounts.identity_cache import access

        return access(self)["roles"]

    def has_role(self, *roles: Role | str) -> bool:
        wanted = {str(role) for role in roles}
        return any(name in wanted for name in self.role_names)
