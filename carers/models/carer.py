"""Carers, the narrow search copy of their names, the people they care for and the relationship between them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from carers import choices as c
from carers.matching import name_keys
from carers.models.dates import today as _today
from carers.models.reference import ConditionCategory
from carers.querysets import (
    CaredForPersonQuerySet,
    CarerOwnedQuerySet,
    CarerQuerySet,
)
from carers.validators import (
    age_on,
    normalise_name,
    normalise_postcode,
    phone_digits,
    validate_uk_phone,
    validate_uk_postcode,
)
from common.fields import ADDRESS, NOTES, BoundedTextField


class Carer(models.Model):
    """An unpaid carer known to a council, with the details DESIGN.md §3 lists."""

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    # Unknown for about one carer in twelve on a real register: counted as "age not known".
    date_of_birth = models.DateField(null=True, blank=True, help_text="Leave empty if it is not known.")
    phone = models.CharField(max_length=30, blank=True, validators=[validate_uk_phone])
    email = models.EmailField(blank=True)
    address = BoundedTextField(max_length=ADDRESS, blank=True)
    postcode = models.CharField(max_length=10, blank=True, validators=[validate_uk_postcode])
    area = models.ForeignKey(
        "accounts.Area",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="carers",
        help_text="Found from the postcode when left empty.",
    )
    # Set by carers.services when a postcode lies outside every area of the carer's own council:
    # the postcode is kept, the area left empty, and someone checks it (CarerFilterSet.area_review).
    area_review = models.BooleanField(
        "area to be checked",
        default=False,
        db_default=False,  # raw SQL inserts (the bench generator) need not name it
        editable=False,
        help_text="The postcode is outside the council's areas: the area was left empty for review.",
    )
    gp_practice = models.CharField("GP practice", max_length=200, blank=True)
    employment = models.CharField(max_length=20, choices=c.Employment.choices, blank=True)
    is_parent_carer = models.BooleanField("parent carer", default=False, help_text="Caring for their own child.")
    is_kinship_carer = models.BooleanField(
        "kinship carer", default=False, help_text="Bringing up a relative's or friend's child."
    )
    hours_band = models.CharField("hours of care a week", max_length=10, choices=c.HoursBand.choices)
    identification_source = models.CharField(
        "how we came to know them", max_length=20, choices=c.IdentificationSource.choices
    )
    identified_on = models.DateField("identified on", default=_today)
    consent_to_share = models.BooleanField(
        "consent to share", default=False, help_text="Agrees to their details being shared with partner services."
    )
    # Equality monitoring: optional, "prefer not to say" always allowed.
    sex = models.CharField(max_length=20, choices=c.Sex.choices, blank=True)
    ethnicity = models.CharField(max_length=20, choices=c.Ethnicity.choices, blank=True)
    disability = models.CharField("disabled", max_length=20, choices=c.YesNoPrefer.choices, blank=True)
    religion = models.CharField(max_length=20, choices=c.Religion.choices, blank=True)
    sexual_orientation = models.CharField(max_length=20, choices=c.SexualOrientation.choices, blank=True)

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="carers",
        help_text="The council holding this record.",
    )
    status = models.CharField(max_length=12, choices=c.CarerStatus.choices, default=c.CarerStatus.ACTIVE)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_from", editable=False
    )
    # Search helper columns, kept by carers.services (never typed by users).
    search_name = models.CharField(max_length=210, blank=True, editable=False)
    search_phone = models.CharField(max_length=20, blank=True, editable=False)
    search_postcode = models.CharField(max_length=10, blank=True, editable=False)
    # The name's match keys (carers.matching.name_keys): copied into the GIN-indexed search entry
    # on PostgreSQL; matched with LIKE on SQLite.
    search_keys = models.TextField(blank=True, default="", db_default="", editable=False)
    last_contact_at = models.DateTimeField(null=True, blank=True, editable=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = CarerQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        permissions = [
            ("view_carer_statistics", "Can view aggregated carer figures (no personal data)"),
            ("erase_carer", "Can erase (anonymise) or restrict a carer's record"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_band__in=c.HoursBand.values),
                name="carer_hours_band_valid",
                violation_error_message="Choose how many hours of care a week they give.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=c.CarerStatus.values),
                name="carer_status_valid",
                violation_error_message="Unknown record status.",
            ),
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | Q(status=c.CarerStatus.MERGED),
                name="carer_merged_has_merged_status",
                violation_error_message="Only a merged record points at the record it was merged into.",
            ),
        ]
        indexes = [
            # Search by date of birth, and the age-group filter (a date-of-birth range).
            models.Index(fields=["date_of_birth"], name="carer_dob_idx"),
            # Search by phone number (digits only, national form).
            models.Index(fields=["search_phone"], name="carer_phone_idx"),
            # Search by postcode (normalised 'OX4 1AB').
            models.Index(fields=["search_postcode"], name="carer_postcode_idx"),
            # The managers' list: one organisation's active carers, newest identified first.
            models.Index(fields=["organisation", "status", "-identified_on"], name="carer_org_status_ident_idx"),
            # The managers' list filtered or sorted by last contact.
            models.Index(fields=["organisation", "-last_contact_at"], name="carer_org_last_contact_idx"),
            # The managers' list filtered by area.
            models.Index(fields=["area", "status"], name="carer_area_status_idx"),
            # The misspelt-name search matches CarerSearchEntry.search_name, not this table's column.
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def get_absolute_url(self) -> str:
        return reverse("carers:carer_detail", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        today = _today()
        if self.date_of_birth:
            if self.date_of_birth > today:
                errors["date_of_birth"] = "Date of birth must be in the past."
            elif age_on(self.date_of_birth, today) > c.OLDEST_PLAUSIBLE_AGE:
                errors["date_of_birth"] = f"Date of birth must be within the last {c.OLDEST_PLAUSIBLE_AGE} years."
        if self.identified_on and self.identified_on > today:
            errors["identified_on"] = "The date they were identified cannot be in the future."
        if errors:
            raise ValidationError(errors)
        self.postcode = normalise_postcode(self.postcode)
        self.refresh_search_columns()

    def refresh_search_columns(self) -> None:
        """Fill the normalised name, phone digits and postcode the search uses."""
        self.search_name = normalise_name(self.first_name, self.last_name)
        self.search_keys = name_keys(self.first_name, self.last_name)
        self.search_phone = phone_digits(self.phone)
        self.search_postcode = normalise_postcode(self.postcode)

    @property
    def age(self) -> int | None:
        return age_on(self.date_of_birth, _today()) if self.date_of_birth else None

    @property
    def age_group(self) -> str:
        age = self.age
        if age is None:
            return c.AgeGroup.NOT_KNOWN
        if age < c.YOUNG_CARER_UNDER:
            return c.AgeGroup.YOUNG_CARER
        if age < c.YOUNG_ADULT_CARER_UNDER:
            return c.AgeGroup.YOUNG_ADULT_CARER
        if age >= c.OLDER_CARER_FROM:
            return c.AgeGroup.OLDER_CARER
        return c.AgeGroup.ADULT

    def get_age_group_display(self) -> str:
        return c.AgeGroup(self.age_group).label if self.age_group else ""

    @property
    def is_working_carer(self) -> bool:
        return self.employment in c.WORKING


class CarerSearchEntry(models.Model):
    """A carer's name as the search matches it: one row per carer who can be found by name.

    A narrow copy of carers_carer's search columns, hash-partitioned by organisation
    (32 tables, each with a GIN trigram index on the name and, since migration 0009, a GIN
    index on the name's match keys, `search_keys text[]`, which the carer search reads). A search for a user
    who holds one organisation's records reads that organisation's partition only: its trigram
    lists hold a few organisations' names instead of the country's, and the candidates it
    rechecks lie on compact pages, which at a million carers is 3× faster than the GIN index on
    carers_carer it replaces (migration 0007; `make bench` measures it).

    Kept by database triggers on PostgreSQL (migration 0007), whatever writes a carer — services,
    bulk_create, QuerySet.update, raw SQL — and holding active carers with a name only:
    restricted, erased and merged records leave it. Nothing in Python writes it, so Django
    manages neither the table nor its deletes (a partitioned table's key must include the
    partition column; Django sees carer as the key, which it is in practice). On the embedded
    SQLite default the search matches carers_carer.search_keys and this table stays empty.
    """

    carer = models.OneToOneField(
        Carer,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="search_entry",
        editable=False,
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", editable=False
    )
    search_name = models.CharField(max_length=210, editable=False)

    class Meta:
        managed = False
        db_table = "carers_carersearchentry"
        verbose_name = "carer search entry"
        verbose_name_plural = "carer search entries"

    def __str__(self) -> str:
        return self.search_name


class CaredForPerson(models.Model):
    """Someone a carer looks after; one person can have several carers."""

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    conditions = models.ManyToManyField(ConditionCategory, blank=True, related_name="cared_for_people")
    notes = BoundedTextField(max_length=NOTES, blank=True)
    carers = models.ManyToManyField(Carer, through="CaringRelationship", related_name="cared_for_people")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[conditions])
    objects = CaredForPersonQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = "cared-for person"
        verbose_name_plural = "cared-for people"

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def get_absolute_url(self) -> str:
        return reverse("carers:caredforperson_detail", args=[self.pk])

    def clean(self) -> None:
        if self.date_of_birth and self.date_of_birth > _today():
            raise ValidationError({"date_of_birth": "Date of birth must be in the past."})


class CaringRelationship(models.Model):
    """Who cares for whom, and how they are related."""

    carer = models.ForeignKey(Carer, on_delete=models.CASCADE, related_name="caring_relationships")
    cared_for = models.ForeignKey(CaredForPerson, on_delete=models.CASCADE, related_name="caring_relationships")
    relationship = models.CharField(max_length=20, choices=c.Relationship.choices)
    lives_with_carer = models.BooleanField("lives with the carer", default=False)
    is_main_carer = models.BooleanField("main carer", default=True)

    history = HistoricalRecords()
    objects = CarerOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["carer", "cared_for"],
                name="caringrelationship_unique_pair",
                violation_error_message="This carer is already recorded as caring for this person.",
            )
        ]
        indexes = [
            # A cared-for person's page: their carers.
            models.Index(fields=["cared_for"], name="caringrel_cared_for_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.carer} cares for {self.cared_for} ({self.get_relationship_display()})"
