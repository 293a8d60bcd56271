"""The personal-data declaration (carers/personal_data.py) and the merge, erasure and subject
access that read it: every model reaching a carer or a cared-for person is declared, and for a
carer with a record of every kind merge moves them all, erasure leaves no personal text in any
table or history row, and the subject access export holds every record."""

import json
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection, models
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.test.utils import isolate_apps
from django.utils import timezone

from accounts.choices import Role
from carers import choices as c
from carers import personal_data, selectors, services
from carers.directory import services as directory_services
from carers.directory.choices import DirectoryCategory
from carers.exports import carer_export_log
from carers.grants import services as grant_services
from carers.grants.choices import GrantKind, GrantStatus, PaymentMethod
from carers.kpis import selectors as kpi_selectors
from carers.models import Carer, CaringRelationship, Contact
from carers.personal_data import Merge
from common.years import current_fy
from tests.accounts.factories import OrganisationFactory
from tests.carers.factories import (
    CarerFactory,
    ConditionCategoryFactory,
    ContactReasonFactory,
    ErasureRequestFactory,
    ReferralFactory,
    SubjectAccessRequestFactory,
)

pytestmark = pytest.mark.django_db


# --- The declaration covers the app registry ---------------------------------------------------


def test_every_model_with_a_relation_to_a_carer_or_cared_for_person_is_declared():
    found = {m._meta.label for m in personal_data.personal_models()}
    # The walk reaches history tables, many-to-many tables and models two relations away.
    assert {
        "carers.HistoricalContact",
        "carers.HistoricalCarerGrant",
        "carers.CaredForPerson_conditions",
        "carers.HistoricalCaredForPerson_conditions",
        "carers.VoucherRedemption",
        "carers.InformationGiven",
        "carers.CarerSearchEntry",
    } <= found
    assert personal_data.undeclared_models() == []


@isolate_apps("brokerage")
def test_a_new_model_reaching_a_carer_fails_until_it_is_declared():
    class ExamplePackage(models.Model):
        carer = models.ForeignKey(Carer, on_delete=models.PROTECT, related_name="+")

        class Meta:
            app_label = "brokerage"

        def __str__(self) -> str:
            return f"Package {self.pk}"

    class ExampleReview(models.Model):  # reaches the carer through the package
        package = models.ForeignKey(ExamplePackage, on_delete=models.PROTECT, related_name="+")

        class Meta:
            app_label = "brokerage"

        def __str__(self) -> str:
            return f"Review {self.pk}"

    registry = [*apps.get_models(include_auto_created=True), ExamplePackage, ExampleReview]
    assert personal_data.undeclared_models(registry) == ["brokerage.ExamplePackage", "brokerage.ExampleReview"]


def test_every_declaration_names_a_model_and_a_path_to_its_carer():
    carer = CarerFactory()
    for record in personal_data.declarations():
        if record.model._meta.managed:
            record.rows(carer).count()  # the lookup resolves
        if record.merge == Merge.MOVE:
            assert record.model._meta.get_field(record.carer_field).related_model is Carer
        for name in record.anonymise:
            field = record.model._meta.get_field(name)
            if record.history_model is not None:
                record.history_model._meta.get_field(field.name)


# --- A carer with a record of every kind ------------------------------------------------------

# Free text that must appear in the subject access export and nowhere after erasure.
SECRETS = {
    "first_name": "Zebedee",
    "last_name": "Quillfeather",
    "phone": "07700 900777",
    "old_phone": "07700 900666",
    "email": "zebedee@example.org",
    "address": "7 Marmalade Lane",
    "gp_practice": "Larkrise Surgery",
    "cared_for": "Ottoline",
    "cared_for_notes": "Wanders at night",
    "caller_name": "Zeb Q",
    "advice": "Told about Larkspur sitting",
    "outcome_notes": "Will ring back Tuesday",
    "referral_note": "Prefers mornings please",
    "eligible_needs": "Lifting her mother alone",
    "support_plan": "Respite every fortnight",
    "support_provided": "Sitting service Thursdays",
    "emergency_contacts": "Brother Barnaby",
    "arrangements": "Insulin at eight",
    "grant_purpose": "Pottery course Abingdon",
    "declined_reason": "Already funded by Barnaby",
    "voucher_note": "Break at the seaside cottage",
    "requested_by": "Solicitor Pettigrew",
    "sar_notes": "Wants letters by post",
    "refused_reason": "Retention: safeguarding Pettigrew",
    # brokerage: the budget is the cared-for person's, and every free text about them
    "budget_notes": "Ottoline likes the library",
    "needs_summary": "Swimming on Wednesdays at Quarry Pool",
    "quality_question": "How will you support her love of kites?",
    "suitability_reason": "Cannot do the Wednesday swims",
    "score_comment": "Kite flying answer strong",
    "choice_reason": "Met the Pendleton team",
    "on_hold_reason": "In Radcliffe hospital",
    "transfer_reason": "Nearer her sister Clementine",
}


def make_carer_with_everything(*, admin, csc, organisation=None, secrets=SECRETS) -> Carer:
    """A carer holding at least one row of every declared model, each with its free text filled."""
    s = secrets
    extra = {"organisation": organisation} if organisation else {}
    carer = CarerFactory(
        first_name=s["first_name"],
        last_name=s["last_name"],
        phone=s["old_phone"],
        email=s["email"],
        address=s["address"],
        **extra,
    )
    carer = services.carer_update(carer=carer, user=csc, phone=s["phone"], gp_practice=s["gp_practice"])
    services.cared_for_add(
        carer=carer,
        user=csc,
        relationship=c.Relationship.PARENT,
        first_name=s["cared_for"],
        last_name="Quillfeather",
        notes=s["cared_for_notes"],
        conditions=[ConditionCategoryFactory()],
    )
    contact = services.contact_log(
        user=csc,
        carer=carer,
        reason=ContactReasonFactory(),
        outcome=c.ContactOutcome.INFORMATION,
        caller_name=s["caller_name"],
        advice_given=s["advice"],
        outcome_notes=s["outcome_notes"],
        referrals=[c.ReferralKind.CARERS_ASSESSMENT],
    )
    ReferralFactory(contact=contact, kind=c.ReferralKind.BENEFITS_CHECK, note=s["referral_note"])
    entry = directory_services.directory_entry_save(name="Larkspur sitting", category=DirectoryCategory.SITTING)
    directory_services.information_given_record(contact=contact, entry=entry, user=csc)
    services.assessment_save(
        user=csc,
        carer=carer,
        assessment_type=c.AssessmentType.SEPARATE,
        assessed_on=timezone.localdate(),
        outcome=c.AssessmentOutcome.ELIGIBLE,
        eligible_needs=s["eligible_needs"],
        support_plan=s["support_plan"],
        support_provided=s["support_provided"],
    )
    services.contingency_plan_save(
        user=csc,
        carer=carer,
        emergency_contacts=s["emergency_contacts"],
        arrangements=s["arrangements"],
        card_number=f"EC{carer.pk:06d}",
        issued_on=timezone.localdate(),
    )
    today = timezone.localdate()
    vouchers = grant_services.grant_apply(
        carer=carer, kind=GrantKind.TAKE_A_BREAK, purpose=s["grant_purpose"], vouchers_requested=4
    )
    vouchers = grant_services.grant_decide(
        grant=vouchers,
        user=admin,
        status=GrantStatus.APPROVED,
        decided_on=today,
        vouchers_issued=4,
        payment_method=PaymentMethod.VOUCHERS,
    )
    grant_services.voucher_redeem(
        grant=vouchers, provider=OrganisationFactory(name="Seaside Sitters"), vouchers_used=1, note=s["voucher_note"]
    )
    declined = grant_services.grant_apply(
        carer=carer, kind=GrantKind.BREAKS_GRANT, purpose="A break", amount_requested=Decimal("120.00")
    )
    grant_services.grant_decide(
        grant=declined, user=admin, status=GrantStatus.DECLINED, decided_on=today, decision_reason=s["declined_reason"]
    )
    SubjectAccessRequestFactory(carer=carer, requested_by=s["requested_by"], notes=s["sar_notes"])
    refused = ErasureRequestFactory(carer=carer)
    services.erasure_decide(request=refused, user=admin, decision="refuse", reason=s["refused_reason"])
    services.access_log_record(carer_id=carer.pk, user=csc, path=f"/carers/{carer.pk}/")
    _brokerage_records(carer, s)
    # An export of this carer and another: one access-log row listing both.
    bystander = CarerFactory(organisation=OrganisationFactory(name="Devon County Council"))  # not in the KPIs
    carer_export_log(carers=Carer.objects.filter(pk__in=[carer.pk, bystander.pk]), user=csc, path="/carers/export/")
    carer.refresh_from_db()
    return carer


def _brokerage_records(carer, s) -> None:
    """A personal budget of the person the carer cares for, with a call-off, a bid and its question
    scores, the package it made, a review, a provider return and a transfer (brokerage/)."""
    from tests.brokerage import factories as brokerage

    budget = brokerage.PersonalBudgetFactory(
        carer=carer, cared_for=carer.caring_relationships.get().cared_for, notes=s["budget_notes"]
    )
    calloff = brokerage.CallOffFactory(
        personal_budget=budget,
        framework=brokerage.FrameworkFactory(organisation=carer.organisation),
        needs_summary=s["needs_summary"],
        quality_questions=s["quality_question"],
    )
    bid = brokerage.BidFactory(calloff=calloff, suitable=False, suitability_reason=s["suitability_reason"])
    brokerage.BidQuestionScoreFactory(bid=bid, question=s["quality_question"], comment=s["score_comment"])
    package = brokerage.CarePackageFactory(personal_budget=budget, bid=bid, choice_reason=s["choice_reason"])
    brokerage.PackageReviewFactory(package=package, outcome="on_hold", on_hold_reason=s["on_hold_reason"])
    brokerage.ProviderReturnFactory(package=package)
    brokerage.PackageTransferFactory(
        package=package, status="chose_other", to_provider=package.provider, choice_reason=s["transfer_reason"]
    )


def counts(carer) -> dict[str, int]:
    return {
        record.label: record.rows(carer).count()
        for record in personal_data.declarations()
        if record.model._meta.managed and record.merge != Merge.SUBJECT
    }


@pytest.fixture
def admin(personas):
    return personas[Role.ADMINISTRATOR]


@pytest.fixture
def csc(personas):
    return personas[Role.CSC_OFFICER]


def test_the_fixture_holds_a_record_of_every_declared_kind(admin, csc):
    carer = make_carer_with_everything(admin=admin, csc=csc)
    empty = [label for label, n in counts(carer).items() if n == 0]
    assert empty == []  # a newly declared model needs a row in make_carer_with_everything


# --- Merge ------------------------------------------------------------------------------------


def test_merge_moves_every_declared_record_to_the_surviving_carer(admin, csc):
    duplicate = make_carer_with_everything(admin=admin, csc=csc)
    keep = CarerFactory(first_name="Zebedee", last_name="Quill")
    shared = duplicate.caring_relationships.get().cared_for
    CaringRelationship.objects.create(carer=keep, cared_for=shared, relationship=c.Relationship.PARENT)
    before_keep, before_duplicate = counts(keep), counts(duplicate)

    services.carer_merge(keep=keep, duplicate=duplicate, user=csc, reason="the same person")

    after_keep, after_duplicate = counts(keep), counts(duplicate)
    for record in personal_data.declarations():
        if record.label not in after_keep or record.merge == Merge.DERIVED:
            continue
        expected = before_keep[record.label] + before_duplicate[record.label]
        if record.label in ("carers.CaringRelationship", "carers.CaredForPerson"):
            expected -= 1  # both cared for the same person: one link stays
        assert after_keep[record.label] == expected, record.label
        assert after_duplicate[record.label] == 0, record.label
    grant = keep.grants.get(kind=GrantKind.TAKE_A_BREAK)
    assert grant.redemptions.count() == 1 and grant.history.first().history_change_reason.startswith("Merged")
    duplicate.refresh_from_db()
    assert duplicate.status == c.CarerStatus.MERGED and duplicate.merged_into == keep


def test_merge_repoints_records_merged_into_the_duplicate_earlier(csc):
    first, second, keep = CarerFactory(), CarerFactory(), CarerFactory()
    services.carer_merge(keep=second, duplicate=first, user=csc, reason="same")
    services.carer_merge(keep=keep, duplicate=second, user=csc, reason="same")
    first.refresh_from_db()
    assert first.merged_into == keep


# --- Erasure ----------------------------------------------------------------------------------


def rows_containing(text: str) -> list[tuple[str, int]]:
    """Every table of every model (history and many-to-many tables included) with a text column
    that contains `text`, and how many rows: a search of the whole database, written over the
    app registry so that a model added later is searched too."""
    tables = set(connection.introspection.table_names())
    found = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.db_table not in tables or model._meta.proxy:
            continue
        condition = Q()
        annotations = {}
        for field in model._meta.concrete_fields:
            if isinstance(field, (models.CharField, models.TextField)):
                condition |= Q(**{f"{field.name}__icontains": text})
            elif isinstance(field, models.JSONField):
                annotations[f"_{field.name}_text"] = Cast(field.name, TextField())
                condition |= Q(**{f"_{field.name}_text__icontains": text})
        if condition:
            n = model._base_manager.annotate(**annotations).filter(condition).count()
            if n:
                found.append((model._meta.label, n))
    return found


def test_the_database_search_finds_every_secret_before_erasure(admin, csc):
    make_carer_with_everything(admin=admin, csc=csc)
    missing = [key for key, text in SECRETS.items() if not rows_containing(text)]
    assert missing == []
    assert rows_containing(SECRETS["old_phone"]) == [("carers.HistoricalCarer", 1)]  # history only


def test_erasure_leaves_no_personal_text_in_any_table_or_history_row_and_keeps_counts(admin, csc):
    carer = make_carer_with_everything(admin=admin, csc=csc)
    # The same person registered twice and merged: the merged record and the typed reason go too.
    twin = CarerFactory(first_name="Zebedee", last_name="Quillfeather", phone="07700 900777")
    services.carer_merge(keep=carer, duplicate=twin, user=csc, reason="Zebedee registered twice")
    # Someone else cares for the same person: that person stays readable on their record.
    other = CarerFactory(first_name="Henrietta", last_name="Pargeter")
    services.cared_for_add(
        carer=other, user=csc, relationship=c.Relationship.FRIEND_NEIGHBOUR, first_name="Wilbur", last_name="P"
    )
    shared = other.caring_relationships.get().cared_for
    CaringRelationship.objects.create(carer=carer, cared_for=shared, relationship=c.Relationship.OTHER)
    request = ErasureRequestFactory(carer=carer)
    year = current_fy()
    before_counts = counts(carer)
    before = kpi_selectors.kpi_summary(organisation=carer.organisation, year=year)

    services.erasure_decide(request=request, user=admin, decision="erase", reason="Asked to be forgotten")

    leaks = {key: rows_containing(text) for key, text in SECRETS.items()}
    assert {key: rows for key, rows in leaks.items() if rows} == {}
    assert rows_containing("Henrietta") and rows_containing("Wilbur")  # another carer's data stays
    carer.refresh_from_db()
    assert carer.status == c.CarerStatus.ERASED and carer.date_of_birth.year == 1960
    # Counts hold: every row stays, and the KPI figures are the same.
    assert counts(carer) == before_counts
    after = kpi_selectors.kpi_summary(organisation=carer.organisation, year=year)
    assert after.known_total == before.known_total == 2  # the two carers known; the merged twin is not counted
    assert after.assessments == before.assessments and after.grants == before.grants
    assert after.ni135 == before.ni135 and after.ni135[-1]["numerator"] == 1
    # Advice left blank stays blank (NI135 counts contacts with advice), advice given says "Erased".
    assert set(Contact.objects.filter(carer=carer).values_list("advice_given", flat=True)) == {"Erased"}


# --- Subject access ---------------------------------------------------------------------------


def test_subject_access_export_holds_every_declared_record_and_its_history(admin, csc):
    carer = make_carer_with_everything(admin=admin, csc=csc)
    data = selectors.subject_access_data(carer)
    for record in personal_data.declarations():
        if not record.export:
            continue
        section = data[record.export]
        exported = {section["id"]} if record.export_one else {row["id"] for row in section}
        assert exported == set(record.rows(carer).values_list("pk", flat=True)), record.label
        assert exported, record.label
        if record.history_model is not None:
            assert {h["record"]["id"] for h in data["history"][record.export]} == exported, record.label
    dump = json.dumps(data, default=str)
    missing = [key for key, text in SECRETS.items() if text not in dump]
    assert missing == []
    assert data["information_given"][0]["service"] == "Larkspur sitting"
    assert data["voucher_redemptions"][0]["vouchers_used"] == 1


def test_subject_access_report_page_and_json_show_grants(client_for, admin, csc):
    carer = make_carer_with_everything(admin=admin, csc=csc)
    client = client_for(Role.CSC_OFFICER)
    from django.urls import reverse

    url = reverse("carers:carer_subject_access_report", args=[carer.pk])
    page = client.get(url)
    assert page.status_code == 200 and SECRETS["grant_purpose"] in page.text
    data = client.get(url, {"format": "json"}).json()
    assert data["grants"][0]["purpose"] == SECRETS["grant_purpose"]
    assert data["voucher_redemptions"][0]["note"] == SECRETS["voucher_note"]


def test_a_declaration_without_export_must_say_why():
    with pytest.raises(ValueError, match="why"):
        personal_data.declare(personal_data.PersonalRecord("carers.Contact", carer_path="carer", merge=Merge.MOVE))
