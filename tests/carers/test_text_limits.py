"""Free text is bounded: every text field of carers (and accounts' user-editable ones) has a limit
on the model, and a page, the API and the import each refuse one character more with the same
field error ("Enter at most N characters.") and save nothing."""

import datetime
import io

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from accounts.models import Area, Organisation, User
from carers import choices as c
from carers.grants.choices import GrantKind, GrantStatus
from carers.models import (
    Assessment,
    CaredForPerson,
    Carer,
    CarerGrant,
    Contact,
    ContingencyPlan,
    DirectoryEntry,
    ErasureRequest,
    KpiIndicator,
    KpiTarget,
    SubjectAccessRequest,
    VoucherRedemption,
)
from common.fields import BoundedTextField, too_long_message
from common.writes import model_full_clean
from tests.accounts.factories import AreaFactory, OrganisationFactory
from tests.carers.factories import CarerFactory, ContactReasonFactory

# Text the application writes itself, or whose format bounds it, or that only Django's admin edits.
NOT_FREE_TEXT = {
    ("carers", "Carer", "email"): "an e-mail address: EmailField's own check",
    ("carers", "DirectoryEntry", "email"): "an e-mail address: EmailField's own check",
    ("carers", "DirectoryEntry", "website"): "a web address: URLField's own check",
    ("carers", "Carer", "search_name"): "written by the application",
    ("carers", "Carer", "search_phone"): "written by the application",
    ("carers", "Carer", "search_postcode"): "written by the application",
    ("carers", "Carer", "search_keys"): "written by the application, from the bounded names",
    ("carers", "CarerSearchEntry", "search_name"): "written by database triggers",
    ("carers", "AccessLog", "path"): "written by the application (cut to the column)",
    ("carers", "CarerImport", "filename"): "the uploaded file's name, checked on the model",
    ("accounts", "Organisation", "email"): "an e-mail address: EmailField's own check",
    ("accounts", "User", "email"): "an e-mail address: EmailField's own check",
    ("accounts", "User", "password"): "a password hash",
}


def text_fields():
    """(model, field) for every editable free-text field of carers' and accounts' models."""
    for app in ("carers", "accounts"):
        for model in apps.get_app_config(app).get_models():
            if model.__name__.startswith("Historical"):
                continue
            for field in model._meta.get_fields():
                if not isinstance(field, (models.CharField, models.TextField)) or field.choices:
                    continue
                if (app, model.__name__, field.name) in NOT_FREE_TEXT:
                    continue
                yield model, field


TEXT_FIELDS = [pytest.param(model, field, id=f"{model.__name__}.{field.name}") for model, field in text_fields()]


@pytest.mark.parametrize(("model", "field"), TEXT_FIELDS)
def test_every_text_field_has_a_limit_the_model_checks(db, model, field):
    assert field.max_length, f"{model.__name__}.{field.name} has no limit"
    if isinstance(field, models.TextField):
        assert isinstance(field, BoundedTextField), "a TextField's max_length is not checked by the model"
    obj = model(**{field.name: "x" * (field.max_length + 1)})
    with pytest.raises(Exception) as caught:
        model_full_clean(obj)
    assert too_long_message(field.max_length) in caught.value.message_dict[field.name]


def test_the_message_is_the_same_on_a_form_in_the_api_and_from_the_model():
    from carers.forms import CarerForm
    from carers.kpis.api.serializers import KpiIndicatorSerializer

    form = CarerForm(data={"address": "x" * 501})
    assert form.errors["address"] == ["Enter at most 500 characters."]
    serializer = KpiIndicatorSerializer(data={"name": "n", "description": "x" * 2001, "measure": "manual"})
    assert not serializer.is_valid()
    assert [str(e) for e in serializer.errors["description"]] == ["Enter at most 2,000 characters."]


# --- Pages and API calls: one case per way in, each text field of it parametrised ---------------
def _long(field_name: str, model) -> str:
    limit = model._meta.get_field(field_name).max_length
    return "x" * (limit + 1)


def _today():
    return timezone.localdate().isoformat()


@pytest.fixture
def world(personas, home_org):
    carer = CarerFactory(organisation=home_org)
    reason = ContactReasonFactory()
    provider = OrganisationFactory(name="Crossroads Care", kind="provider")
    grant = CarerGrant.objects.create(
        carer=carer, organisation=home_org, kind=GrantKind.TAKE_A_BREAK, purpose="A break", vouchers_requested=10
    )
    voucher = CarerGrant.objects.create(
        carer=carer,
        organisation=home_org,
        kind=GrantKind.TAKE_A_BREAK,
        purpose="A break",
        status=GrantStatus.APPROVED,
        vouchers_issued=10,
        decided_on=datetime.date(2020, 1, 1),
    )
    indicator = KpiIndicator.objects.create(organisation=home_org, name="Carers known", measure="manual")
    area = AreaFactory(council=home_org)
    return {
        "carer": carer,
        "reason": reason,
        "provider": provider,
        "grant": grant,
        "voucher": voucher,
        "indicator": indicator,
        "area": area,
        "org": home_org,
    }


def _carer_form(w):
    return {
        "first_name": "Margaret",
        "last_name": "Thornton",
        "date_of_birth": "1955-04-02",
        "postcode": "OX4 1AB",
        "hours_band": c.HoursBand.FIFTY_PLUS,
        "identification_source": c.IdentificationSource.GP_PRACTICE,
        "identified_on": _today(),
        "confirm_not_duplicate": "on",
    }


def _contact_form(w):
    return {
        "channel": c.Channel.PHONE,
        "contacted_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "reason": w["reason"].pk,
        "outcome": c.ContactOutcome.RESOLVED,
        "caller_name": "Mrs Patel",
    }


# (name, role, model (None: by name below), url(world), valid data(world), the text fields it takes)
PAGES = [
    (
        "carer",
        Role.CSC_OFFICER,
        Carer,
        lambda w: reverse("carers:carer_create"),
        _carer_form,
        ["first_name", "last_name", "phone", "address", "postcode", "gp_practice"],
    ),
    (
        "contact",
        Role.CSC_OFFICER,
        Contact,
        lambda w: reverse("carers:contact_create"),
        _contact_form,
        ["caller_name", "caller_phone", "advice_given", "outcome_notes"],
    ),
    (
        "cared_for",
        Role.CSC_OFFICER,
        CaredForPerson,
        lambda w: reverse("carers:carer_caredfor_create", args=[w["carer"].pk]),
        lambda w: {"first_name": "Alf", "last_name": "Thornton", "relationship": c.Relationship.SPOUSE_PARTNER},
        ["first_name", "last_name", "notes"],
    ),
    (
        "assessment",
        Role.CSC_OFFICER,
        Assessment,
        lambda w: reverse("carers:carer_assessment_create", args=[w["carer"].pk]),
        lambda w: {
            "assessment_type": c.AssessmentType.SEPARATE,
            "assessed_on": _today(),
            "outcome": c.AssessmentOutcome.ELIGIBLE,
        },
        ["eligible_needs", "support_plan", "support_provided"],
    ),
    (
        "plan",
        Role.CSC_OFFICER,
        ContingencyPlan,
        lambda w: reverse("carers:carer_plan_create", args=[w["carer"].pk]),
        lambda w: {"emergency_contacts": "Son", "card_number": "EC1", "issued_on": _today()},
        ["emergency_contacts", "arrangements", "card_number"],
    ),
    (
        "subject_access",
        Role.ADMINISTRATOR,
        SubjectAccessRequest,
        lambda w: reverse("carers:carer_subject_access", args=[w["carer"].pk]),
        lambda w: {"received_on": _today()},
        ["requested_by", "notes"],
    ),
    (
        "erasure",
        Role.ADMINISTRATOR,
        ErasureRequest,
        lambda w: reverse("carers:carer_erasure_create", args=[w["carer"].pk]),
        lambda w: {"received_on": _today()},
        ["reason"],
    ),
    (
        "grant",
        Role.CSC_OFFICER,
        CarerGrant,
        lambda w: reverse("carers:grant_create"),
        lambda w: (
            {"carer_id": w["carer"].pk, "kind": GrantKind.LEISURE_LEARNING, "purpose": "A course"}
            | {"applied_on": _today(), "amount_requested": "50.00"}
        ),
        ["purpose"],
    ),
    (
        "grant_decision",
        Role.CSC_OFFICER,
        CarerGrant,
        lambda w: reverse("carers:grant_decide", args=[w["grant"].pk]),
        lambda w: {"status": GrantStatus.DECLINED, "decided_on": _today(), "decision_reason": "Not eligible"},
        ["decision_reason"],
    ),
    (
        "voucher",
        Role.CSC_OFFICER,
        VoucherRedemption,
        lambda w: reverse("carers:voucher_redeem", args=[w["voucher"].pk]),
        lambda w: {"provider": w["provider"].pk, "redeemed_on": _today(), "vouchers_used": 1},
        ["note"],
    ),
    (
        "directory",
        Role.ADMINISTRATOR,
        DirectoryEntry,
        lambda w: reverse("carers:directory_create"),
        lambda w: {"name": "Carers Centre", "category": "peer_support", "is_active": "on"},
        ["name", "description", "phone", "address", "postcode", "opening_times"],
    ),
    (
        "kpi_indicator",
        Role.COMMISSIONER,
        KpiIndicator,
        lambda w: reverse("carers:kpi_create"),
        lambda w: {
            "name": "New indicator",
            "measure": "manual",
            "unit": "count",
            "targets-TOTAL_FORMS": "1",
            "targets-INITIAL_FORMS": "0",
            "targets-0-year": "2010",
            "targets-0-target": "5",
        },
        ["name", "description"],
    ),
    (
        "kpi_target",
        Role.COMMISSIONER,
        KpiTarget,
        lambda w: reverse("carers:kpi_create"),
        lambda w: {
            "name": "New indicator",
            "measure": "manual",
            "unit": "count",
            "targets-TOTAL_FORMS": "1",
            "targets-INITIAL_FORMS": "0",
            "targets-0-year": "2010",
            "targets-0-target": "5",
        },
        ["targets-0-note"],
    ),
    (
        "area_estimate",
        Role.COMMISSIONER,
        None,
        lambda w: reverse("carers:kpi_estimate_set"),
        lambda w: (
            {"area": w["area"].pk, "year": "2010", "estimated_carers": "100"}
            | {"annual_increase_points": "0", "trajectory_years": "3"}
        ),
        ["source"],
    ),
    (
        "organisation",
        Role.DEPLOYMENT_ADMINISTRATOR,
        Organisation,
        lambda w: reverse("accounts:organisation_create"),
        lambda w: {"name": "New Trust", "kind": "nhs_body", "is_active": "on"},
        ["name", "reference", "address", "phone"],
    ),
    (
        "area",
        Role.ADMINISTRATOR,
        Area,
        lambda w: reverse("accounts:area_create"),
        lambda w: {"name": "Cowley", "level": "county", "council": w["org"].pk},
        ["name", "code", "postcode_districts"],
    ),
    (
        "user",
        Role.ADMINISTRATOR,
        User,
        lambda w: reverse("accounts:user_create"),
        lambda w: {"username": "new.user", "password": "a-long-Passphrase-2026", "organisation": w["org"].pk},
        ["first_name", "last_name", "job_title"],
    ),
]

_MODELS_BY_FIELD = {"area_estimate": "carers.AreaEstimate", "kpi_target": "carers.KpiTarget"}


def _model_of(name, model):
    return apps.get_model(_MODELS_BY_FIELD[name]) if name in _MODELS_BY_FIELD else model


PAGE_PARAMS = [
    pytest.param(name, role, model, url, data, field, id=f"{name}.{field}")
    for name, role, model, url, data, fields in PAGES
    for field in fields
]


def _model_field(field: str) -> str:
    return field.rsplit("-", 1)[-1]


def _form_errors(response, field: str) -> list[str]:
    context = response.context
    if field.startswith("targets-"):
        return [e for row in context["formset"].forms for e in row.errors.get(_model_field(field), [])]
    return list(context["form"].errors.get(field, []))


@pytest.mark.parametrize(("name", "role", "model", "url", "data", "field"), PAGE_PARAMS)
def test_a_page_refuses_over_long_text_on_its_field_and_saves_nothing(
    client_for, world, name, role, model, url, data, field
):
    model = _model_of(name, model)
    client = client_for(role)
    payload = data(world)
    before = model.objects.count()
    limit = model._meta.get_field(_model_field(field)).max_length
    response = client.post(url(world), payload | {field: "x" * (limit + 1)})
    assert response.status_code == 200
    assert too_long_message(limit) in _form_errors(response, field)
    assert model.objects.count() == before
    # The same page without the over-long text saves: the refusal was the length, nothing else.
    ok = client.post(url(world), payload)
    assert ok.status_code == 302, ok.context and (ok.context["form"].errors, ok.context.get("formset", ""))
    assert model.objects.count() == before + 1 or name == "grant_decision"


# --- The API ------------------------------------------------------------------------------------
API = [
    (
        "carer",
        Role.CSC_OFFICER,
        Carer,
        "api:carer-list",
        lambda w: {
            "first_name": "Ruth",
            "last_name": "Okafor",
            "date_of_birth": "1970-02-03",
            "hours_band": "20_49",
            "identification_source": "self_referral",
            "confirm_not_duplicate": True,
        },
        ["first_name", "last_name", "phone", "address", "postcode", "gp_practice"],
    ),
    (
        "contact",
        Role.CSC_OFFICER,
        Contact,
        "api:contact-list",
        lambda w: {"carer": w["carer"].pk, "reason": w["reason"].pk, "outcome": "resolved", "channel": "email"},
        ["caller_name", "caller_phone", "advice_given", "outcome_notes"],
    ),
    (
        "cared_for",
        Role.CSC_OFFICER,
        CaredForPerson,
        "api:caredforperson-list",
        lambda w: {"first_name": "Bob", "last_name": "Hill", "carer": w["carer"].pk, "relationship": "parent"},
        ["first_name", "last_name", "notes"],
    ),
    (
        "assessment",
        Role.CSC_OFFICER,
        Assessment,
        "api:assessment-list",
        lambda w: {"carer": w["carer"].pk, "assessment_type": "joint", "assessed_on": _today()},
        ["eligible_needs", "support_plan", "support_provided"],
    ),
    (
        "plan",
        Role.CSC_OFFICER,
        ContingencyPlan,
        "api:contingencyplan-list",
        lambda w: {"carer": w["carer"].pk, "emergency_contacts": "Son", "card_number": "EC9", "issued_on": _today()},
        ["emergency_contacts", "arrangements", "card_number"],
    ),
    (
        "grant",
        Role.CSC_OFFICER,
        CarerGrant,
        "api:grant-list",
        lambda w: (
            {"carer": w["carer"].pk, "kind": "leisure_learning", "purpose": "A course"} | {"amount_requested": "5.00"}
        ),
        ["purpose"],
    ),
    (
        "grant_decision",
        Role.CSC_OFFICER,
        CarerGrant,
        lambda w: reverse("api:grant-decide", args=[w["grant"].pk]),
        lambda w: {"status": "declined", "decided_on": _today(), "decision_reason": "Not eligible"},
        ["decision_reason"],
    ),
    (
        "voucher",
        Role.CSC_OFFICER,
        VoucherRedemption,
        "api:redemption-list",
        lambda w: {"grant": w["voucher"].pk, "provider": w["provider"].pk, "vouchers_used": 1},
        ["note"],
    ),
    (
        "directory",
        Role.ADMINISTRATOR,
        DirectoryEntry,
        "api:directory-list",
        lambda w: {"name": "Carers Centre", "category": "peer_support"},
        ["name", "description", "phone", "address", "postcode", "opening_times"],
    ),
    (
        "kpi_indicator",
        Role.COMMISSIONER,
        KpiIndicator,
        "api:kpi-list",
        lambda w: {"name": "API indicator", "measure": "manual", "unit": "count"},
        ["name", "description"],
    ),
    (
        "kpi_target",
        Role.COMMISSIONER,
        KpiTarget,
        "api:kpitarget-list",
        lambda w: {"indicator": w["indicator"].pk, "year": 2009, "target": "3"},
        ["note"],
    ),
    (
        "area_estimate",
        Role.COMMISSIONER,
        None,
        "api:areaestimate-list",
        lambda w: {"area": w["area"].pk, "year": 2011, "estimated_carers": 100},
        ["source"],
    ),
    (
        "organisation",
        Role.DEPLOYMENT_ADMINISTRATOR,
        Organisation,
        "api:organisation-list",
        lambda w: {"name": "API Trust", "kind": "nhs_body"},
        ["name", "reference", "address", "phone"],
    ),
    (
        "area",
        Role.ADMINISTRATOR,
        Area,
        "api:area-list",
        lambda w: {"name": "Iffley", "level": "county", "council": w["org"].pk},
        ["name", "code", "postcode_districts"],
    ),
]

API_PARAMS = [
    pytest.param(name, role, model, url, data, field, id=f"{name}.{field}")
    for name, role, model, url, data, fields in API
    for field in fields
]


@pytest.mark.parametrize(("name", "role", "model", "url", "data", "field"), API_PARAMS)
def test_the_api_refuses_over_long_text_on_its_field_and_saves_nothing(
    api_for, world, name, role, model, url, data, field
):
    model = _model_of(name, model)
    api = api_for(role)
    before = model.objects.count()
    limit = model._meta.get_field(field).max_length
    url = url(world) if callable(url) else reverse(url)
    response = api.post(url, data(world) | {field: "x" * (limit + 1)}, format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert set(body) == {"message", "errors"}
    assert body["errors"][field] == [too_long_message(limit)]
    assert model.objects.count() == before
    if name == "grant_decision":
        assert CarerGrant.objects.get(pk=world["grant"].pk).status == GrantStatus.APPLIED
    # The same call without the over-long text is accepted: the refusal was the length, nothing else.
    ok = api.post(url, data(world), format="json")
    assert ok.status_code in (200, 201), ok.content


def test_every_text_field_a_user_writes_is_tried_on_a_page_and_in_the_api():
    on_pages = {(_model_of(n, m).__name__, _model_field(f)) for n, _r, m, _u, _d, fields in PAGES for f in fields}
    in_api = {(_model_of(n, m).__name__, f) for n, _r, m, _u, _d, fields in API for f in fields}
    # Reference names (contact reasons, condition categories, familiar forms of first names) are
    # edited in Django admin only; a referral's note and an import's file name are written by the
    # application.
    elsewhere = {("ContactReason", "name"), ("ConditionCategory", "name"), ("Referral", "note"), ("User", "username")}
    elsewhere |= {("FirstNameForm", "familiar"), ("FirstNameForm", "formal")}
    every = {(model.__name__, field.name) for model, field in text_fields()} - elsewhere
    assert every - on_pages == set()
    # Subject access and erasure requests are registered on pages only; users are made on pages.
    pages_only = {("SubjectAccessRequest", "requested_by"), ("SubjectAccessRequest", "notes")}
    pages_only |= {("ErasureRequest", "reason"), ("User", "first_name"), ("User", "last_name"), ("User", "job_title")}
    assert every - in_api - pages_only == set()


# --- The import ---------------------------------------------------------------------------------
IMPORT_TEXT_COLUMNS = ["first_name", "last_name", "phone", "address", "postcode", "gp_practice"]


@pytest.mark.parametrize("field", IMPORT_TEXT_COLUMNS)
def test_the_import_refuses_over_long_text_with_the_row_and_field(personas, field):
    from carers.imports import services as imports

    limit = Carer._meta.get_field(field).max_length
    header = ["first_name", "last_name", "date_of_birth", "hours_band", "identification_source"]
    if field not in header:
        header.append(field)
    values = {
        "first_name": "Ruth",
        "last_name": "Okafor",
        "date_of_birth": "03/02/1970",
        "hours_band": "20_49",
        "identification_source": "self_referral",
        field: "x" * (limit + 1),
    }
    content = io.StringIO()
    content.write(",".join(header) + "\n" + ",".join(values[h] for h in header) + "\n")
    user = personas[Role.CSC_OFFICER]
    carer_import = imports.carer_import_upload(
        user=user, organisation=user.organisation, filename="list.csv", content=content.getvalue().encode()
    )
    problems = [(e["row"], e["field"], e["message"]) for e in carer_import.errors]
    assert (2, field, too_long_message(limit)) in problems
    assert not Carer.objects.exists()


def test_a_merge_reason_longer_than_the_history_keeps_is_refused_on_its_field(client_for, home_org):
    keep, duplicate = CarerFactory(organisation=home_org), CarerFactory(organisation=home_org)
    url = reverse("carers:carer_merge", args=[keep.pk])
    response = client_for(Role.CSC_OFFICER).post(url, {"duplicate": duplicate.pk, "reason": "x" * 51})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == [too_long_message(50)]
    duplicate.refresh_from_db()
    assert duplicate.status == c.CarerStatus.ACTIVE
