"""Carers, cared-for people, contacts (call log), referrals, assessments, contingency plans and
the personal-data records (access log, subject access and erasure requests)."""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from carers import choices as c
from carers.querysets import (
    CaredForPersonQuerySet,
    CarerOwnedQuerySet,
    CarerQuerySet,
    ContactQuerySet,
    ReferralQuerySet,
)
from carers.validators import (
    age_on,
    normalise_name,
    normalise_postcode,
    phone_digits,
    validate_uk_phone,
    validate_uk_postcode,
)


def _today() -> date:
    return timezone.localdate()


class ReferenceList(models.Model):
    """An entry of a short list that administrators extend (condition categories, contact reasons);
    entries no longer used are switched off rather than deleted, so old records keep them."""

    name = models.CharField(max_length=100)
    is_active = models.BooleanField("in use", default=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ConditionCategory(ReferenceList):
    """A kind of condition a cared-for person lives with (dementia, stroke...)."""

    history = HistoricalRecords()

    class Meta(ReferenceList.Meta):
        verbose_name_plural = "condition categories"
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="conditioncategory_name_unique_ci",
                violation_error_message="A condition category with this name already exists.",
            )
        ]


class ContactReason(ReferenceList):
    """Why someone contacted the CSC."""

    history = HistoricalRecords()

    class Meta(ReferenceList.Meta):
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="contactreason_name_unique_ci",
                violation_error_message="A contact reason with this name already exists.",
            )
        ]


class Carer(models.Model):
    """An unpaid carer known to a council, with the details DESIGN.md §3 lists."""

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    phone = models.CharField(max_length=30, blank=True, validators=[validate_uk_phone])
    email = models.EmailField(blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True, validators=[validate_uk_postcode])
    area = models.ForeignKey(
        "accounts.Area",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="carers",
        help_text="Found from the postcode when left empty.",
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
        self.search_phone = phone_digits(self.phone)
        self.search_postcode = normalise_postcode(self.postcode)

    @property
    def age(self) -> int | None:
        return age_on(self.date_of_birth, _today()) if self.date_of_birth else None

    @property
    def age_group(self) -> str:
        age = self.age
        if age is None:
            return ""
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
    (32 tables, each with a GIN trigram index on the name). A search for a user
    who holds one organisation's records reads that organisation's partition only: its trigram
    lists hold a few organisations' names instead of the country's, and the candidates it
    rechecks lie on compact pages, which at a million carers is 3× faster than the GIN index on
    carers_carer it replaces (migration 0007; `make bench` measures it).

    Kept by database triggers on PostgreSQL (migration 0007), whatever writes a carer — services,
    bulk_create, QuerySet.update, raw SQL — and holding active carers with a name only:
    restricted, erased and merged records leave it. Nothing in Python writes it, so Django
    manages neither the table nor its deletes (a partitioned table's key must include the
    partition column; Django sees carer as the key, which it is in practice). On the embedded
    SQLite default the search matches carers_carer.search_name and this table stays empty.
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
    notes = models.TextField(blank=True)
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


class Contact(models.Model):
    """One interaction with a carer, or with a caller not yet identified."""

    carer = models.ForeignKey(Carer, on_delete=models.PROTECT, null=True, blank=True, related_name="contacts")
    caller_name = models.CharField(max_length=200, blank=True, help_text="For a caller not yet identified.")
    caller_phone = models.CharField(max_length=30, blank=True, validators=[validate_uk_phone])
    channel = models.CharField(max_length=20, choices=c.Channel.choices, default=c.Channel.PHONE)
    contacted_at = models.DateTimeField("date and time", default=timezone.now)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="carer_contacts"
    )
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="carer_contacts")
    reason = models.ForeignKey(ContactReason, on_delete=models.PROTECT, related_name="contacts")
    advice_given = models.TextField("information and advice given", blank=True)
    outcome = models.CharField(max_length=20, choices=c.ContactOutcome.choices)
    outcome_notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["-contacted_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(carer__isnull=False) | ~Q(caller_name="") | ~Q(caller_phone=""),
                name="contact_has_carer_or_caller",
                violation_error_message="Choose the carer, or give the caller's name or phone number.",
            ),
            models.CheckConstraint(
                condition=Q(channel__in=c.Channel.values),
                name="contact_channel_valid",
                violation_error_message="Choose how they got in touch.",
            ),
        ]
        indexes = [
            # A carer's timeline, and their last contact: newest first.
            models.Index(fields=["carer", "-contacted_at"], name="contact_carer_when_idx"),
            # The unidentified callers' queue of one organisation.
            models.Index(
                fields=["organisation", "-contacted_at"],
                name="contact_unidentified_idx",
                condition=Q(carer__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        who = self.carer or self.caller_name or self.caller_phone
        return f"{self.get_channel_display()} contact with {who}"

    def get_absolute_url(self) -> str:
        return reverse("carers:contact_detail", args=[self.pk])

    def clean(self) -> None:
        if self.contacted_at and self.contacted_at > timezone.now() + timezone.timedelta(minutes=5):
            raise ValidationError({"contacted_at": "The date and time of the contact cannot be in the future."})


class Referral(models.Model):
    """A referral made on a contact; it stays open until a later contact or assessment closes it."""

    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="referrals")
    carer = models.ForeignKey(Carer, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals")
    # The contact's organisation, copied so that an organisation's open referrals are counted from
    # one small index (the home page shows them) rather than by joining ten million contacts.
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="carer_referrals", editable=False
    )
    kind = models.CharField("referred to", max_length=30, choices=c.ReferralKind.choices)
    status = models.CharField(max_length=10, choices=c.ReferralStatus.choices, default=c.ReferralStatus.OPEN)
    note = models.CharField(max_length=300, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by_contact = models.ForeignKey(
        Contact, on_delete=models.PROTECT, null=True, blank=True, related_name="closed_referrals"
    )
    closed_by_assessment = models.ForeignKey(
        "Assessment", on_delete=models.PROTECT, null=True, blank=True, related_name="closed_referrals"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status=c.ReferralStatus.OPEN) & Q(closed_at__isnull=True))
                | (Q(status=c.ReferralStatus.CLOSED) & Q(closed_at__isnull=False)),
                name="referral_closed_has_closed_at",
                violation_error_message="A closed referral needs the time it was closed; an open one has none.",
            ),
            models.UniqueConstraint(
                fields=["contact", "kind"],
                name="referral_unique_kind_per_contact",
                violation_error_message="This referral was already recorded on this contact.",
            ),
        ]
        indexes = [
            # A carer's open referrals (the tasks on their page).
            models.Index(fields=["carer", "kind"], name="referral_open_idx", condition=Q(status="open")),
            # An organisation's open referrals: the CSC home page's count and its task lists.
            models.Index(
                fields=["organisation", "-created_at"], name="referral_org_open_idx", condition=Q(status="open")
            ),
            # An organisation's open referrals of one kind: brokerage's home-page count.
            models.Index(
                fields=["organisation", "kind"], name="referral_org_kind_open_idx", condition=Q(status="open")
            ),
        ]

    def __str__(self) -> str:
        return f"Referral to {self.get_kind_display().lower()}"


class Assessment(models.Model):
    """A carers assessment (Care Act 2014 s.10): separate, joint or declined, with its support plan (s.25)."""

    carer = models.ForeignKey(Carer, on_delete=models.PROTECT, related_name="assessments")
    assessment_type = models.CharField("type", max_length=10, choices=c.AssessmentType.choices)
    assessed_on = models.DateField("date of assessment")
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="carer_assessments"
    )
    outcome = models.CharField(max_length=15, choices=c.AssessmentOutcome.choices)
    eligible_needs = models.TextField(blank=True, help_text="The needs that meet the eligibility criteria.")
    support_plan = models.TextField(blank=True, help_text="The support plan agreed with the carer (Care Act s.25).")
    support_provided = models.TextField("what will be provided", blank=True)
    next_review_on = models.DateField("next review date", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = CarerOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-assessed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(next_review_on__isnull=True) | Q(next_review_on__gte=F("assessed_on")),
                name="assessment_review_after_assessment",
                violation_error_message="The next review date cannot be before the assessment date.",
            ),
            models.CheckConstraint(
                condition=~Q(assessment_type="declined") | Q(outcome="declined"),
                name="assessment_declined_outcome",
                violation_error_message="A declined assessment has the outcome 'Declined'.",
            ),
        ]
        indexes = [
            # A carer's assessments, newest first; and "assessed or not" on the managers' list.
            models.Index(fields=["carer", "-assessed_on"], name="assessment_carer_date_idx"),
            # Review dates as reminder sources.
            models.Index(fields=["next_review_on"], name="assessment_review_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_assessment_type_display()} on {self.assessed_on:%d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("carers:assessment_detail", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if self.assessed_on and self.assessed_on > _today():
            errors["assessed_on"] = "The assessment date cannot be in the future."
        if self.assessed_on and self.next_review_on and self.next_review_on < self.assessed_on:
            errors["next_review_on"] = "The next review date cannot be before the assessment date."
        if self.assessment_type == c.AssessmentType.DECLINED:
            self.outcome = c.AssessmentOutcome.DECLINED
        elif self.outcome == c.AssessmentOutcome.DECLINED:
            errors["outcome"] = "Only a declined assessment has the outcome 'Declined'."
        if errors:
            raise ValidationError(errors)


class ContingencyPlan(models.Model):
    """An emergency contingency plan with its alert card: who to call if the carer is taken ill."""

    carer = models.ForeignKey(Carer, on_delete=models.PROTECT, related_name="contingency_plans")
    emergency_contacts = models.TextField(help_text="Names, relationship and phone numbers of who to call, in order.")
    arrangements = models.TextField(blank=True, help_text="What the cared-for person needs while the carer is away.")
    card_number = models.CharField("emergency card number", max_length=30)
    issued_on = models.DateField("card issued on")
    review_on = models.DateField("review date", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = CarerOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["card_number"],
                name="contingencyplan_card_number_unique",
                violation_error_message="This emergency card number is already in use.",
            ),
            models.CheckConstraint(
                condition=Q(review_on__isnull=True) | Q(review_on__gte=F("issued_on")),
                name="contingencyplan_review_after_issue",
                violation_error_message="The review date cannot be before the card was issued.",
            ),
        ]
        indexes = [
            # Review dates as reminder sources.
            models.Index(fields=["review_on"], name="contingencyplan_review_idx"),
        ]

    def __str__(self) -> str:
        return f"Emergency card {self.card_number}"

    def get_absolute_url(self) -> str:
        return reverse("carers:contingencyplan_detail", args=[self.pk])

    def clean(self) -> None:
        if self.issued_on and self.review_on and self.review_on < self.issued_on:
            raise ValidationError({"review_on": "The review date cannot be before the card was issued."})
        self.card_number = self.card_number.strip().upper()


class AccessLog(models.Model):
    """Who viewed, exported or was refused a carer's record, and when (never edited)."""

    carer = models.ForeignKey(Carer, on_delete=models.CASCADE, related_name="access_log")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="carer_access_log")
    action = models.CharField(max_length=10, choices=c.AccessAction.choices)
    path = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            # A carer's access log page, newest first.
            models.Index(fields=["carer", "-at"], name="accesslog_carer_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.get_action_display().lower()} {self.carer_id} at {self.at:%d/%m/%Y %H:%M}"


class SubjectAccessRequest(models.Model):
    """A carer's request for everything held about them, due one calendar month after receipt."""

    carer = models.ForeignKey(Carer, on_delete=models.PROTECT, related_name="subject_access_requests")
    received_on = models.DateField()
    due_on = models.DateField(editable=False)
    requested_by = models.CharField(max_length=200, blank=True, help_text="If not the carer themselves.")
    completed_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)

    history = HistoricalRecords()
    objects = CarerOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gt=F("received_on")),
                name="sar_due_after_received",
                violation_error_message="The deadline falls after the request was received.",
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(completed_on__gte=F("received_on")),
                name="sar_completed_after_received",
                violation_error_message="A request cannot be answered before it was received.",
            ),
        ]
        indexes = [
            # Open requests by deadline (reminder source).
            models.Index(fields=["due_on"], name="sar_open_due_idx", condition=Q(completed_on__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"Subject access request received {self.received_on:%d %B %Y}"

    def clean(self) -> None:
        if self.received_on:
            if self.received_on > _today():
                raise ValidationError({"received_on": "The date received cannot be in the future."})
            self.due_on = self.received_on + relativedelta(months=1)
        if self.completed_on and self.received_on and self.completed_on < self.received_on:
            raise ValidationError({"completed_on": "A request cannot be answered before it was received."})


class ErasureRequest(models.Model):
    """A request to erase a carer's data: erased (anonymised), or restricted while retention applies."""

    carer = models.ForeignKey(Carer, on_delete=models.PROTECT, related_name="erasure_requests")
    received_on = models.DateField()
    decision = models.CharField(max_length=10, choices=c.ErasureDecision.choices, default=c.ErasureDecision.PENDING)
    reason = models.TextField(blank=True, help_text="Why, including any statutory retention period that applies.")
    retain_until = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    done_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()
    objects = CarerOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision="restrict") | Q(retain_until__isnull=False),
                name="erasure_restrict_needs_retention",
                violation_error_message="Say until when the record must be kept.",
            ),
            models.CheckConstraint(
                condition=Q(decision="pending") | ~Q(reason=""),
                name="erasure_decision_has_reason",
                violation_error_message="Give the reason for the decision.",
            ),
        ]

    def __str__(self) -> str:
        return f"Erasure request received {self.received_on:%d %B %Y}"


# =====================================================================================================
# Carers extras (issue 3 items 6, 8, 9): KPIs, breaks/grants/vouchers, signposting directory, import.
# Code for these lives in carers/kpis/, carers/grants/, carers/directory/ and carers/imports/.
# =====================================================================================================
from decimal import Decimal  # noqa: E402

from django.core.validators import MaxValueValidator, MinValueValidator  # noqa: E402

from carers.directory.choices import DirectoryCategory  # noqa: E402
from carers.grants.choices import VOUCHER_KINDS, GrantKind, GrantStatus, PaymentMethod  # noqa: E402
from carers.imports.choices import ImportStatus  # noqa: E402
from carers.kpis.choices import MEASURE_UNITS, KpiMeasure, KpiUnit  # noqa: E402
from carers.kpis.years import fy_label  # noqa: E402

_FY_VALIDATORS = [MinValueValidator(1990), MaxValueValidator(2100)]


class RedemptionQuerySet(CarerOwnedQuerySet):
    """Voucher redemptions are visible when the carer who holds the vouchers is."""

    carer_path = "grant__carer"


class InformationGivenQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Information given on the contacts the user may see."""
        return self.filter(contact__in=Contact.objects.visible_to(user).values("pk"))


class AreaEstimate(models.Model):
    """The estimated number of carers in an area for a financial year, and the target trajectory
    for the share of them the council knows (baseline + percentage points a year)."""

    area = models.ForeignKey("accounts.Area", on_delete=models.PROTECT, related_name="carer_estimates")
    year = models.PositiveSmallIntegerField(
        "financial year", validators=_FY_VALIDATORS, help_text="The year it starts in: 2010 for 2010/11."
    )
    estimated_carers = models.IntegerField(
        "estimated carers", validators=[MinValueValidator(0)], help_text="For example from the census: 60,000."
    )
    known_baseline = models.IntegerField(
        "carers known at the baseline",
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Carers known to the council and its partners at the start, if the register does not hold "
        "them all yet (9,000 in Oxfordshire). Leave empty to count the register.",
    )
    annual_increase_points = models.DecimalField(
        "increase a year (percentage points)",
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text="How much the share of carers known should grow each year: 20 takes 15% to 75% in 3 years.",
    )
    trajectory_years = models.PositiveSmallIntegerField(
        "years of the trajectory", default=3, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    source = models.CharField(max_length=200, blank=True, help_text="Where the estimate comes from.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "area__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "year"],
                name="areaestimate_one_per_area_year",
                violation_error_message="This area already has an estimate for that year.",
            ),
            models.CheckConstraint(
                condition=Q(estimated_carers__gte=0),
                name="areaestimate_estimate_not_negative",
                violation_error_message="The estimate cannot be below zero.",
            ),
            models.CheckConstraint(
                condition=Q(known_baseline__isnull=True) | Q(known_baseline__gte=0),
                name="areaestimate_baseline_not_negative",
                violation_error_message="The number known cannot be below zero.",
            ),
            models.CheckConstraint(
                condition=Q(annual_increase_points__gte=0) & Q(annual_increase_points__lte=100),
                name="areaestimate_increase_0_100",
                violation_error_message="The increase a year is between 0 and 100 percentage points.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area} {fy_label(self.year)}: {self.estimated_carers:,} carers estimated"

    def clean(self) -> None:
        if (
            self.known_baseline is not None
            and self.estimated_carers is not None
            and self.known_baseline > self.estimated_carers
        ):
            raise ValidationError({"known_baseline": "The number known cannot be more than the estimate."})


class KpiIndicator(models.Model):
    """An indicator a commissioner follows against yearly targets (NI135, Carers Link membership...)."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="carer_kpis")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    measure = models.CharField(
        "where the actual comes from", max_length=20, choices=KpiMeasure.choices, default=KpiMeasure.MANUAL
    )
    unit = models.CharField(max_length=10, choices=KpiUnit.choices, default=KpiUnit.COUNT)
    is_active = models.BooleanField("in use", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "KPI indicator"
        constraints = [
            models.UniqueConstraint(
                "organisation",
                Lower("name"),
                name="kpiindicator_name_unique_per_org",
                violation_error_message="Your organisation already has an indicator with this name.",
            ),
            models.CheckConstraint(
                condition=Q(measure__in=KpiMeasure.values),
                name="kpiindicator_measure_valid",
                violation_error_message="Choose where the actual figure comes from.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("carers:kpi_detail", args=[self.pk])

    def clean(self) -> None:
        # A computed measure has a fixed unit; only a hand-entered indicator chooses its own.
        if self.measure in MEASURE_UNITS:
            self.unit = MEASURE_UNITS[KpiMeasure(self.measure)]

    @property
    def is_percent(self) -> bool:
        return self.unit == KpiUnit.PERCENT


class KpiTarget(models.Model):
    """An indicator's target for one financial year, and the actual where it must be entered."""

    indicator = models.ForeignKey(KpiIndicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField("financial year", validators=_FY_VALIDATORS)
    target = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(Decimal("0"))]
    )
    actual = models.DecimalField(
        "actual (entered)",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text="The reported figure, where the data cannot compute it.",
    )
    note = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "year"]
        verbose_name = "KPI target"
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"],
                name="kpitarget_one_per_year",
                violation_error_message="This indicator already has a target for that year.",
            ),
            models.CheckConstraint(
                condition=(Q(target__isnull=True) | Q(target__gte=0)) & (Q(actual__isnull=True) | Q(actual__gte=0)),
                name="kpitarget_not_negative",
                violation_error_message="Targets and actuals cannot be below zero.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {fy_label(self.year)}"

    def clean(self) -> None:
        indicator = getattr(self, "indicator", None)
        if indicator is not None and indicator.is_percent:
            errors = {}
            for field in ("target", "actual"):
                value = getattr(self, field)
                if value is not None and not (0 <= value <= 100):
                    errors[field] = "A percentage is between 0 and 100."
            if errors:
                raise ValidationError(errors)


class CarerGrant(models.Model):
    """A grant, direct payment or set of break vouchers a carer applied for, and the decision."""

    carer = models.ForeignKey(Carer, on_delete=models.PROTECT, related_name="grants")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="carer_grants", editable=False
    )
    kind = models.CharField(max_length=20, choices=GrantKind.choices)
    purpose = models.TextField(help_text="What it is for: a short break, a course, a gym membership...")
    applied_on = models.DateField("date of application", default=_today)
    amount_requested = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(Decimal("0.01"))]
    )
    vouchers_requested = models.PositiveIntegerField(null=True, blank=True, validators=[MinValueValidator(1)])
    status = models.CharField(max_length=10, choices=GrantStatus.choices, default=GrantStatus.APPLIED)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_reason = models.TextField("reason for the decision", blank=True)
    amount_awarded = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(Decimal("0.01"))]
    )
    vouchers_issued = models.PositiveIntegerField(null=True, blank=True, validators=[MinValueValidator(1)])
    payment_method = models.CharField(max_length=20, choices=PaymentMethod.choices, blank=True)
    paid_on = models.DateField(null=True, blank=True, help_text="When the money was paid (spend falls in its year).")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = CarerOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-applied_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=GrantStatus.values),
                name="carergrant_status_valid",
                violation_error_message="Unknown grant status.",
            ),
            models.CheckConstraint(
                condition=(Q(amount_requested__isnull=True) | Q(amount_requested__gt=0))
                & (Q(amount_awarded__isnull=True) | Q(amount_awarded__gt=0)),
                name="carergrant_amounts_positive",
                violation_error_message="Amounts must be more than £0.",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(amount_awarded__isnull=False) | Q(vouchers_issued__isnull=False),
                name="carergrant_approved_has_award",
                violation_error_message="An approved grant needs the amount awarded or the vouchers issued.",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decision_reason=""),
                name="carergrant_declined_has_reason",
                violation_error_message="Give the reason the grant was declined.",
            ),
        ]
        indexes = [
            # A carer's grants on their page.
            models.Index(fields=["carer", "-applied_on"], name="carergrant_carer_idx"),
            # Spend by financial year for budgets (grant_spend_by_year) and the managers' list.
            models.Index(fields=["organisation", "status", "paid_on"], name="carergrant_org_spend_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.carer}"

    def get_absolute_url(self) -> str:
        return reverse("carers:grant_detail", args=[self.pk])

    @property
    def is_voucher(self) -> bool:
        return self.kind in VOUCHER_KINDS

    def clean(self) -> None:
        errors = {}
        today = _today()
        if self.applied_on and self.applied_on > today:
            errors["applied_on"] = "The date of application cannot be in the future."
        if self.decided_on and self.applied_on and self.decided_on < self.applied_on:
            errors["decided_on"] = "The decision cannot come before the application."
        if self.is_voucher:
            if self.amount_requested is not None or self.amount_awarded is not None:
                errors["amount_awarded"] = "Vouchers are awarded as a number of vouchers, not an amount."
        elif self.vouchers_requested is not None or self.vouchers_issued is not None:
            errors["vouchers_issued"] = "Only Take a Break awards are given as vouchers."
        if self.status == GrantStatus.APPROVED:
            if self.is_voucher and not self.vouchers_issued:
                errors["vouchers_issued"] = "Give the number of vouchers issued."
            if not self.is_voucher and not self.amount_awarded:
                errors["amount_awarded"] = "Give the amount awarded."
            if not self.payment_method:
                errors["payment_method"] = "Choose how it is paid."
        if self.status == GrantStatus.DECLINED and not self.decision_reason.strip():
            errors["decision_reason"] = "Give the reason the grant was declined."
        if self.paid_on and self.status != GrantStatus.APPROVED:
            errors["paid_on"] = "Only an approved grant is paid."
        if errors:
            raise ValidationError(errors)


class VoucherRedemption(models.Model):
    """Vouchers a provider redeemed: the short breaks a carer took with them."""

    grant = models.ForeignKey(CarerGrant, on_delete=models.PROTECT, related_name="redemptions")
    provider = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="voucher_redemptions")
    redeemed_on = models.DateField(default=_today)
    vouchers_used = models.PositiveIntegerField(
        "vouchers (breaks taken)", validators=[MinValueValidator(1)], help_text="One voucher pays for one break."
    )
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = RedemptionQuerySet.as_manager()

    class Meta:
        ordering = ["-redeemed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(vouchers_used__gte=1),
                name="voucherredemption_at_least_one",
                violation_error_message="Redeem at least one voucher.",
            ),
        ]
        indexes = [
            # Breaks taken by financial year (the KPI page and grant_spend_by_year).
            models.Index(fields=["redeemed_on"], name="voucherredemption_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.vouchers_used} voucher(s) redeemed by {self.provider} on {self.redeemed_on:%d/%m/%Y}"

    def clean(self) -> None:
        if self.redeemed_on and self.redeemed_on > _today():
            raise ValidationError({"redeemed_on": "The date cannot be in the future."})


class DirectoryEntry(models.Model):
    """A local support service a CSC officer can signpost a carer to."""

    name = models.CharField(max_length=200)
    category = models.CharField(max_length=20, choices=DirectoryCategory.choices)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="directory_entries",
        help_text="The provider or voluntary organisation running it, if it is on the system.",
    )
    area = models.ForeignKey(
        "accounts.Area", on_delete=models.PROTECT, null=True, blank=True, related_name="directory_entries"
    )
    description = models.TextField(blank=True)
    phone = models.CharField(max_length=30, blank=True, validators=[validate_uk_phone])
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True, validators=[validate_uk_postcode])
    opening_times = models.CharField(max_length=300, blank=True)
    is_commissioned = models.BooleanField("commissioned by the council", default=False)
    is_active = models.BooleanField("listed", default=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "directory entries"
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                "area",
                name="directoryentry_name_area_unique",
                violation_error_message="This area already lists a service with this name.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("carers:directory_detail", args=[self.pk])

    def clean(self) -> None:
        self.postcode = normalise_postcode(self.postcode)


class InformationGiven(models.Model):
    """A directory entry given to a caller as information on a contact (Contact ↔ DirectoryEntry)."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="information_given")
    entry = models.ForeignKey(DirectoryEntry, on_delete=models.PROTECT, related_name="times_given")
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    given_at = models.DateTimeField(default=timezone.now)

    objects = InformationGivenQuerySet.as_manager()

    class Meta:
        ordering = ["-given_at", "-id"]
        verbose_name_plural = "information given"
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "entry"],
                name="informationgiven_once_per_contact",
                violation_error_message="This service was already recorded as given on this contact.",
            ),
        ]
        indexes = [
            # NI135 ("advice and information in the year") and how often each entry is used.
            models.Index(fields=["entry", "-given_at"], name="infogiven_entry_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.entry} given on contact {self.contact_id}"


class CarerImport(models.Model):
    """An uploaded carers list: checked in a dry run, then imported all at once or not at all.

    The file is held here (not on disk, not in the session) between the dry run and the import,
    capped at carers.imports.choices.MAX_UPLOAD_BYTES."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="carer_imports")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(max_length=200)
    content = models.BinaryField(editable=False)
    status = models.CharField(max_length=10, choices=ImportStatus.choices, editable=False)
    row_count = models.PositiveIntegerField(default=0, editable=False)
    errors = models.JSONField(default=list, blank=True, editable=False)
    imported_count = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    imported_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The list of one organisation's imports, newest first.
            models.Index(fields=["organisation", "-created_at"], name="carerimport_org_idx"),
        ]

    def __str__(self) -> str:
        return f"Import of {self.filename}"

    def get_absolute_url(self) -> str:
        return reverse("carers:import_detail", args=[self.pk])
