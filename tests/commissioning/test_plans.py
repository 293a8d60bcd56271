"""Procurement plans from templates: backward scheduling from the date the new contract must
start, lateness on the pipeline, "Plan the re-procurement" of a contract with no option left, and
the bad input each rule refuses (services, pages and API)."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.choices import Role
from commissioning.choices import Stage
from commissioning.models import PlannedStage, PlanTemplate, Procurement, ProcurementPlan
from commissioning.plans import schedule, template_errors
from commissioning.services import plans as services
from commissioning.services.procurements import procurement_move
from common.errors import DomainError
from tests.commissioning.factories import (
    OPEN_WEEKS,
    AmendmentFactory,
    ContractFactory,
    PlanFactory,
    PlanTemplateFactory,
    ProcurementFactory,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 4)


@pytest.fixture
def commissioner(personas):
    return personas[Role.COMMISSIONER]


def _stages(plan) -> dict[str, tuple[date, date | None]]:
    return {row.stage: (row.starts_on, row.ends_on) for row in PlannedStage.objects.filter(plan=plan)}


def _weeks(**weeks) -> dict:
    return {stage: (n, "weeks") for stage, n in weeks.items()}


# --- The rules ---------------------------------------------------------------------------------
def test_schedule_runs_backwards_from_the_must_start_date():
    rows = schedule([("market_engagement", 14), ("award_decision", 7), ("standstill", 10)], date(2027, 4, 1))
    assert [(r.stage, r.starts_on, r.ends_on) for r in rows] == [
        ("market_engagement", date(2027, 3, 1), date(2027, 3, 14)),
        ("award_decision", date(2027, 3, 15), date(2027, 3, 21)),
        ("standstill", date(2027, 3, 22), date(2027, 3, 31)),
        ("live", date(2027, 4, 1), None),
    ]


@pytest.mark.parametrize(
    ("route", "durations", "field", "words"),
    [
        # A stage the route must go through, left without a duration.
        (
            "open",
            _weeks(market_engagement=4, evaluation=4, award_decision=2, standstill=2, mobilisation=8),
            "invitation_to_tender_duration",
            "Give invitation to tender a duration",
        ),
        (
            "open",
            _weeks(invitation_to_tender=4, evaluation=4, award_decision=2, standstill=2, mobilisation=8),
            "market_engagement_duration",
            "every procurement starts with it",
        ),
        (
            "direct_award",
            _weeks(market_engagement=4, award_decision=2, standstill=2),
            "mobilisation_duration",
            "Give mobilisation a duration",
        ),
        # Durations that are not 1 or more.
        ("open", {**_weeks(**OPEN_WEEKS), "evaluation": (0, "weeks")}, "evaluation_duration", "1 or more"),
        ("open", {**_weeks(**OPEN_WEEKS), "mobilisation": (-3, "days")}, "mobilisation_duration", "1 or more"),
        # A shortlist without the selection stage the table puts before it.
        (
            "restricted",
            _weeks(
                market_engagement=4, shortlist=2, **{k: v for k, v in OPEN_WEEKS.items() if k != "market_engagement"}
            ),
            "selection_duration",
            "Give expressions of interest / selection a duration",
        ),
        # A standstill shorter than the Procurement Act's.
        ("open", {**_weeks(**OPEN_WEEKS), "standstill": (5, "days")}, "standstill_duration", "at least 10 days"),
    ],
)
def test_template_errors_name_the_stage(route, durations, field, words):
    errors = template_errors(route, durations)
    assert field in errors and words in errors[field], errors


def test_a_standard_open_template_passes():
    assert template_errors("open", _weeks(**OPEN_WEEKS)) == {}
    assert template_errors("restricted", _weeks(selection=4, shortlist=2, **OPEN_WEEKS)) == {}


# --- Templates ---------------------------------------------------------------------------------
def test_template_save_keeps_each_stage_and_refuses_a_missing_duration(commissioner):
    template = services.plan_template_save(
        user=commissioner, name="Open (ours)", route="open", durations=_weeks(**OPEN_WEEKS)
    )
    assert template.organisation_id == commissioner.organisation_id
    assert {row.stage: row.days for row in template.stages.all()}["mobilisation"] == 70
    missing = _weeks(**{k: v for k, v in OPEN_WEEKS.items() if k != "evaluation"})
    with pytest.raises(ValidationError) as refused:
        services.plan_template_save(
            user=commissioner, template=template, name="Open (ours)", route="open", durations=missing
        )
    assert "evaluation_duration" in refused.value.message_dict
    assert template.stages.count() == len(OPEN_WEEKS)  # nothing saved partially


def test_another_councils_template_cannot_be_changed(commissioner, other_org):
    theirs = PlanTemplateFactory(organisation=other_org)
    with pytest.raises(DomainError):
        services.plan_template_save(
            user=commissioner, template=theirs, name="x", route="open", durations=_weeks(**OPEN_WEEKS)
        )


# --- A procurement's plan ----------------------------------------------------------------------
def test_plan_schedules_every_stage_back_from_the_must_start_date(commissioner):
    procurement = ProcurementFactory(organisation=commissioner.organisation)
    template = PlanTemplateFactory()
    plan = services.procurement_plan_save(
        user=commissioner, procurement=procurement, template=template, must_start_on=date(2027, 10, 1), today=TODAY
    )
    stages = _stages(plan)
    assert stages["live"] == (date(2027, 10, 1), None)
    assert stages["mobilisation"] == (date(2027, 7, 23), date(2027, 9, 30))  # 10 weeks
    assert stages["market_engagement"][0] == date(2027, 10, 1) - timedelta(weeks=30)
    order = [
        stages[s]
        for s in (
            "market_engagement",
            "invitation_to_tender",
            "evaluation",
            "award_decision",
            "standstill",
            "mobilisation",
            "live",
        )
    ]
    for (_, end), (start, _) in zip(order, order[1:], strict=False):
        assert start == end + timedelta(days=1)  # each stage starts the day after the one before ends
    assert "selection" not in stages  # an open procedure has none


def test_changing_the_date_or_the_template_reschedules(commissioner):
    plan = PlanFactory(procurement=ProcurementFactory(organisation=commissioner.organisation))
    longer = PlanTemplateFactory(stages={**OPEN_WEEKS, "mobilisation": 20})
    plan = services.procurement_plan_save(
        user=commissioner, procurement=plan.procurement, template=longer, must_start_on=date(2028, 4, 1), today=TODAY
    )
    stages = _stages(plan)
    assert stages["mobilisation"] == (date(2028, 4, 1) - timedelta(weeks=20), date(2028, 3, 31))
    assert PlannedStage.objects.filter(plan=plan).count() == 7
    assert ProcurementPlan.objects.count() == 1


def test_a_must_start_date_in_the_past_is_refused_for_a_new_plan(commissioner):
    procurement = ProcurementFactory(organisation=commissioner.organisation)
    with pytest.raises(ValidationError) as refused:
        services.procurement_plan_save(
            user=commissioner,
            procurement=procurement,
            template=PlanTemplateFactory(),
            must_start_on=TODAY - timedelta(days=1),
            today=TODAY,
        )
    assert "today (4 December 2026) or later" in refused.value.message_dict["must_start_on"][0]
    assert not ProcurementPlan.objects.exists()


def test_a_plan_keeps_its_past_date_when_only_the_template_changes(commissioner):
    plan = PlanFactory(
        procurement=ProcurementFactory(organisation=commissioner.organisation), must_start_on=date(2026, 6, 1)
    )
    other = PlanTemplateFactory()
    kept = services.procurement_plan_save(
        user=commissioner, procurement=plan.procurement, template=other, must_start_on=date(2026, 6, 1), today=TODAY
    )
    assert kept.template == other


def test_a_template_of_another_route_is_refused(commissioner):
    procurement = ProcurementFactory(organisation=commissioner.organisation, route="restricted")
    with pytest.raises(ValidationError) as refused:
        services.procurement_plan_save(
            user=commissioner,
            procurement=procurement,
            template=PlanTemplateFactory(route="open"),
            must_start_on=date(2027, 10, 1),
            today=TODAY,
        )
    assert "restricted procedure" in refused.value.message_dict["template"][0]


# --- Lateness ----------------------------------------------------------------------------------
def test_late_once_past_the_planned_start_of_a_later_stage(commissioner):
    plan = PlanFactory(
        procurement=ProcurementFactory(organisation=commissioner.organisation), must_start_on=date(2027, 10, 1)
    )
    engagement_end = _stages(plan)["market_engagement"][1]
    late = Procurement.objects.with_lateness(engagement_end).get()
    assert not late.is_late
    late = Procurement.objects.with_lateness(engagement_end + timedelta(days=1)).with_late_since().get()
    assert late.is_late and late.late_since == engagement_end + timedelta(days=1)
    assert Procurement.objects.late(engagement_end + timedelta(days=1)).count() == 1
    # Moved on to the stage it should be in: on time again.
    procurement_move(
        user=commissioner,
        procurement=plan.procurement,
        to=Stage.INVITATION_TO_TENDER,
        on=engagement_end + timedelta(days=1),
    )
    assert not Procurement.objects.with_lateness(engagement_end + timedelta(days=1)).get().is_late


def test_no_plan_or_an_ended_procurement_is_never_late():
    ProcurementFactory()
    PlanFactory(procurement=ProcurementFactory(stage=Stage.CANCELLED), must_start_on=date(2020, 4, 1))
    assert Procurement.objects.late(date(2030, 1, 1)).count() == 0


# --- Re-procurement ----------------------------------------------------------------------------
def _no_option_left(**fields):
    defaults = {"extension_options": "", "start_date": date(2024, 4, 1), "initial_end_date": date(2027, 6, 30)}
    return ContractFactory(**(defaults | fields))


def test_reprocure_makes_a_linked_procurement_with_its_plan(commissioner, other_org):
    from budgets.models import FundingStream

    contract = _no_option_left(owner=None)
    contract.on_behalf_of.set([other_org])
    stream = FundingStream.objects.get_or_create(name="Carers grant")[0]
    contract.funding_streams.set([stream])
    template = PlanTemplateFactory()
    plan = services.contract_reprocure(user=commissioner, contract=contract, template=template, today=TODAY)
    procurement = plan.procurement
    assert procurement.replaces == contract and procurement.owner == commissioner
    assert procurement.organisation_id == commissioner.organisation_id and procurement.route == "open"
    assert list(procurement.run_for.all()) == [other_org]
    assert list(procurement.funding_streams.all()) == [stream]
    assert list(procurement.service_lines.all()) == list(contract.service_lines.all())
    assert procurement.reference == f"{contract.reference}-RP"
    assert plan.must_start_on == date(2027, 7, 1)  # the day after it runs out
    assert _stages(plan)["mobilisation"][1] == date(2027, 6, 30)
    with pytest.raises(DomainError, match="already planned"):
        services.contract_reprocure(user=commissioner, contract=contract, template=template, today=TODAY)


def test_reprocure_counts_an_exercised_extension_as_the_new_end(commissioner):
    contract = _no_option_left(extension_options="12", initial_end_date=date(2026, 6, 30))
    AmendmentFactory(
        contract=contract,
        kind="extension",
        option_months=12,
        end_before=date(2026, 6, 30),
        end_after=date(2027, 6, 30),
        notice_kind="UK10",
    )
    plan = services.contract_reprocure(
        user=commissioner, contract=contract, template=PlanTemplateFactory(), today=TODAY
    )
    assert plan.must_start_on == date(2027, 7, 1)


def test_reprocure_refuses_a_contract_with_an_option_left(commissioner):
    contract = ContractFactory(extension_options="24", initial_end_date=date(2027, 3, 31))
    with pytest.raises(DomainError) as refused:
        services.contract_reprocure(user=commissioner, contract=contract, template=PlanTemplateFactory(), today=TODAY)
    assert "still has an extension option left (2 years)" in refused.value.message
    assert not Procurement.objects.exists()


def test_reprocure_refuses_another_councils_contract(commissioner, other_org):
    contract = _no_option_left(accountable_body=other_org)
    with pytest.raises(DomainError):
        services.contract_reprocure(user=commissioner, contract=contract, template=PlanTemplateFactory(), today=TODAY)


# --- Pages ---------------------------------------------------------------------------------------
@pytest.fixture
def web(client_for):
    return client_for(Role.COMMISSIONER)


def test_procurement_page_shows_planned_against_actual(web, commissioner):
    plan = PlanFactory(
        procurement=ProcurementFactory(organisation=commissioner.organisation), must_start_on=date(2027, 10, 1)
    )
    procurement_move(
        user=commissioner, procurement=plan.procurement, to=Stage.INVITATION_TO_TENDER, on=date(2026, 11, 20)
    )
    with time_machine.travel(date(2026, 12, 4), tick=False):
        page = web.get(plan.procurement.get_absolute_url()).content.decode()
    assert 'data-testid="plan-stages"' in page
    assert "1 Oct 2027" in page and "20 Nov 2026" in page  # live's planned start; ITT's actual start
    assert "Invitation to tender" in page and "Current" in page


def test_plan_page_refuses_a_past_date_and_saves_a_good_one(web, commissioner):
    procurement = ProcurementFactory(organisation=commissioner.organisation)
    template = PlanTemplateFactory()
    url = reverse("commissioning:procurement_plan", args=[procurement.pk])
    with time_machine.travel(date(2026, 12, 4), tick=False):
        refused = web.post(url, {"template": template.pk, "must_start_on": "03/12/2026"})
        assert refused.status_code == 200
        assert "today (4 December 2026) or later" in refused.context["form"].errors["must_start_on"][0]
        saved = web.post(url, {"template": template.pk, "must_start_on": "01/10/2027"})
    assert saved.status_code == 302 and ProcurementPlan.objects.get().must_start_on == date(2027, 10, 1)


def test_board_flags_the_late_and_filters_them(web, commissioner):
    late = PlanFactory(
        procurement=ProcurementFactory(organisation=commissioner.organisation, title="Late one"),
        must_start_on=date(2027, 1, 1),
    ).procurement
    on_time = PlanFactory(
        procurement=ProcurementFactory(organisation=commissioner.organisation, title="On time"),
        must_start_on=date(2028, 1, 1),
    ).procurement
    with time_machine.travel(date(2026, 12, 4), tick=False):
        board = web.get(reverse("commissioning:procurement_list")).content.decode()
        only = web.get(reverse("commissioning:procurement_list") + "?late=true").content.decode()
        home = web.get("/").content.decode()
    assert f'data-testid="late-{late.pk}"' in board and f'data-testid="late-{on_time.pk}"' not in board
    assert "Late one" in only and "On time" not in only
    assert "Procurements late against their plan" in home


def test_contract_page_and_register_offer_the_reprocurement_only_with_no_option_left(web):
    eligible = _no_option_left()
    with_option = ContractFactory(extension_options="12", initial_end_date=date(2027, 3, 31))
    with time_machine.travel(date(2026, 12, 4), tick=False):
        assert "Plan the re-procurement" in web.get(eligible.get_absolute_url()).content.decode()
        assert "Plan the re-procurement" not in web.get(with_option.get_absolute_url()).content.decode()
        register = web.get(reverse("commissioning:contract_list")).content.decode()
        refused = web.get(reverse("commissioning:contract_reprocure", args=[with_option.pk])).content.decode()
    assert reverse("commissioning:contract_reprocure", args=[eligible.pk]) in register
    assert reverse("commissioning:contract_reprocure", args=[with_option.pk]) not in register
    assert "still has an extension option left (1 year)" in refused


def test_reprocure_page_creates_the_procurement_and_goes_to_it(web):
    contract = _no_option_left()
    template = PlanTemplateFactory()
    with time_machine.travel(date(2026, 12, 4), tick=False):
        response = web.post(reverse("commissioning:contract_reprocure", args=[contract.pk]), {"template": template.pk})
    procurement = Procurement.objects.get(replaces=contract)
    assert response.status_code == 302 and response["Location"] == f"{procurement.get_absolute_url()}#plan"
    assert procurement.plan.must_start_on == date(2027, 7, 1)


def test_reprocure_page_refuses_a_contract_with_an_option_left(web):
    contract = ContractFactory(extension_options="12", initial_end_date=date(2027, 3, 31))
    with time_machine.travel(date(2026, 12, 4), tick=False):
        response = web.post(
            reverse("commissioning:contract_reprocure", args=[contract.pk]), {"template": PlanTemplateFactory().pk}
        )
    assert response.status_code == 200
    assert "still has an extension option left" in str(response.context["form"].non_field_errors())
    assert not Procurement.objects.exists()


def test_template_page_puts_a_bad_duration_on_its_stage(client_for):
    web = client_for(Role.ADMINISTRATOR)
    data = {"name": "Open", "route": "open", "is_active": "on"}
    for stage, weeks in OPEN_WEEKS.items():
        data |= {f"{stage}_duration": weeks, f"{stage}_unit": "weeks"}
    for stage in ("selection", "shortlist"):
        data[f"{stage}_unit"] = "weeks"
    bad = data | {"evaluation_duration": "0"}
    response = web.post(reverse("commissioning:plantemplate_create"), bad)
    assert response.status_code == 200 and "1 or more" in response.context["form"].errors["evaluation_duration"][0]
    assert not PlanTemplate.objects.exists()
    assert web.post(reverse("commissioning:plantemplate_create"), data).status_code == 302
    assert PlanTemplate.objects.get().stages.count() == len(OPEN_WEEKS)


def test_plan_pages_answer_in_a_constant_number_of_queries(web, commissioner, django_assert_max_num_queries):
    for _ in range(3):
        PlanFactory(procurement=ProcurementFactory(organisation=commissioner.organisation))
    with django_assert_max_num_queries(30):
        web.get(reverse("commissioning:procurement_list"))
    procurement = Procurement.objects.first()
    with django_assert_max_num_queries(40):
        web.get(procurement.get_absolute_url())


# --- API -----------------------------------------------------------------------------------------
@pytest.fixture
def api(commissioner):
    client = APIClient()
    client.force_authenticate(commissioner)
    return client


def test_api_template_refuses_a_missing_or_non_positive_duration(api):
    stages = [{"stage": s, "duration": w, "unit": "weeks"} for s, w in OPEN_WEEKS.items()]
    missing = api.post("/api/plan-templates/", {"name": "Open", "route": "open", "stages": stages[1:]}, format="json")
    assert missing.status_code == 400 and "market_engagement_duration" in missing.json()["errors"]
    zero = [*stages[:-1], {"stage": "mobilisation", "duration": 0, "unit": "days"}]
    refused = api.post("/api/plan-templates/", {"name": "Open", "route": "open", "stages": zero}, format="json")
    assert refused.status_code == 400 and "1 or more" in refused.json()["errors"]["mobilisation_duration"][0]
    made = api.post("/api/plan-templates/", {"name": "Open", "route": "open", "stages": stages}, format="json")
    assert made.status_code == 201, made.json()
    assert {row["stage"]: row["days"] for row in made.json()["stages"]}["mobilisation"] == 70


def test_api_plan_refuses_a_past_date_then_plans_and_reschedules(api, commissioner):
    procurement = ProcurementFactory(organisation=commissioner.organisation)
    template = PlanTemplateFactory()
    with time_machine.travel(date(2026, 12, 4), tick=False):
        past = api.post(
            "/api/procurement-plans/",
            {"procurement": procurement.pk, "template": template.pk, "must_start_on": "2026-01-01"},
            format="json",
        )
        assert past.status_code == 400 and "must_start_on" in past.json()["errors"]
        made = api.post(
            "/api/procurement-plans/",
            {"procurement": procurement.pk, "template": template.pk, "must_start_on": "2027-10-01"},
            format="json",
        )
        assert made.status_code == 201, made.json()
        moved = api.patch(
            f"/api/procurement-plans/{made.json()['id']}/", {"must_start_on": "2028-10-01"}, format="json"
        )
    assert moved.status_code == 200, moved.json()
    live = [row for row in moved.json()["stages"] if row["stage"] == "live"][0]
    assert live == {"stage": "live", "starts_on": "2028-10-01", "ends_on": None}


def test_api_reprocure_and_its_refusal(api):
    eligible = _no_option_left(initial_end_date=date(2027, 2, 28))
    with_option = ContractFactory(extension_options="12", initial_end_date=date(2027, 3, 31))
    template = PlanTemplateFactory()
    with time_machine.travel(date(2026, 12, 4), tick=False):
        refused = api.post(f"/api/contracts/{with_option.pk}/reprocure/", {"template": template.pk}, format="json")
        made = api.post(f"/api/contracts/{eligible.pk}/reprocure/", {"template": template.pk}, format="json")
        late = api.get("/api/procurements/?late=true").json()
    assert refused.status_code == 400 and "still has an extension option left" in refused.json()["message"]
    assert made.status_code == 201 and made.json()["must_start_on"] == "2027-03-01"
    # Its open procedure needs 30 weeks: market engagement should have ended in September.
    assert made.json()["is_late"] is True
    assert [row["id"] for row in late["results"]] == [made.json()["procurement"]]


def test_api_refuses_other_roles_and_councils(client_for, other_org, personas):
    finance = APIClient()
    finance.force_authenticate(personas[Role.FINANCE_OFFICER])
    contract = _no_option_left()
    template = PlanTemplateFactory()
    assert (
        finance.post(f"/api/contracts/{contract.pk}/reprocure/", {"template": template.pk}, format="json").status_code
        == 403
    )
    outsider = APIClient()
    from tests.accounts.factories import UserFactory

    outsider.force_authenticate(UserFactory(organisation=other_org, roles=[Role.COMMISSIONER]))
    assert (
        outsider.post(f"/api/contracts/{contract.pk}/reprocure/", {"template": template.pk}, format="json").status_code
        == 404
    )
    assert outsider.get(f"/api/plan-templates/{template.pk}/").status_code == 404


def test_schema_lists_the_plan_endpoints(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").content.decode()
    for path in ("/api/plan-templates/", "/api/procurement-plans/{id}/", "/api/contracts/{id}/reprocure/"):
        assert path in schema
