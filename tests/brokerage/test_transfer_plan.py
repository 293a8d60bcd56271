"""The transfer plan as a brokerage officer runs it: packages planned in bulk from an old framework
or provider (each keeping its provider), a planned transfer rescheduled (the history keeps each date
and reason) or cancelled (with the reason), filters by status, provider and dates; pages and API."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.choices import Role
from brokerage import choices as b
from brokerage import services
from brokerage.models import PackageTransfer, TransferPlan
from common.errors import DomainError
from tests.brokerage import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker(personas):
    return personas[Role.BROKERAGE_OFFICER]


def admit(framework, provider):
    application = f.ApplicationFactory(window=f.WindowFactory(framework=framework), provider=provider)
    application.status = b.ApplicationStatus.ADMITTED
    application.save()
    return provider


@pytest.fixture
def setting():
    """An old framework with packages of two providers, and a new framework of the same category."""
    old, new = f.FrameworkFactory(name="Home support framework 2019"), f.FrameworkFactory(name="Open framework 2026")
    danum, riverside = f.ProviderFactory(name="Danum Community Care"), f.ProviderFactory(name="Riverside Enablement")
    packages = {
        "danum": [f.CarePackageFactory(framework=old, provider=danum) for _ in range(2)],
        "riverside": [f.CarePackageFactory(framework=old, provider=riverside)],
    }
    return {"old": old, "new": new, "danum": danum, "riverside": riverside, "packages": packages}


def _planned(broker, setting, packages=None, **extra):
    """A plan of the named packages (or, without any, of the old framework in bulk)."""
    start = max(p.start_on for group in setting["packages"].values() for p in group)
    return services.transfer_plan_create(
        user=broker,
        name=extra.pop("name", "Move to the 2026 framework"),
        framework=setting["new"],
        from_framework=extra.pop("from_framework", setting["old"]),
        packages=packages,
        transfer_on=extra.pop("transfer_on", start + timedelta(days=60)),
        **extra,
    )


def _one_transfer(broker, setting) -> PackageTransfer:
    return _planned(broker, setting, packages=setting["packages"]["riverside"]).transfers.get()


# --- Planning in bulk ----------------------------------------------------------------------------


def test_a_bulk_plan_takes_every_fitting_package_of_the_old_framework_and_provider(broker, setting):
    old, danum = setting["old"], setting["danum"]
    # Not taken: another category, an ended package, one of another framework, one planned already.
    f.CarePackageFactory(framework=old, provider=danum, category=f.ServiceLineFactory(name="Befriending"))
    f.CarePackageFactory(framework=old, provider=danum, status=b.PackageStatus.ENDED)
    f.CarePackageFactory(framework=f.FrameworkFactory(), provider=danum)
    elsewhere = f.CarePackageFactory(framework=old, provider=danum)
    f.PackageTransferFactory(package=elsewhere, plan=f.TransferPlanFactory(framework=setting["new"]))

    plan = _planned(broker, setting, from_provider=danum)

    rows = list(plan.transfers.order_by("package_id"))
    assert [row.package_id for row in rows] == [p.pk for p in setting["packages"]["danum"]]
    # The person keeps their provider: each row remembers it and nothing has moved yet.
    assert {row.from_provider_id for row in rows} == {danum.pk}
    assert {row.status for row in rows} == {b.TransferStatus.PLANNED}
    assert {row.package.framework_id for row in rows} == {old.pk}


def test_a_bulk_plan_of_the_whole_old_framework_takes_every_provider(broker, setting):
    plan = _planned(broker, setting)
    assert plan.transfers.count() == 3
    assert set(plan.transfers.values_list("from_provider", flat=True)) == {setting["danum"].pk, setting["riverside"].pk}


def test_a_bulk_plan_needs_an_old_framework_or_provider_and_something_to_move(broker, setting):
    with pytest.raises(DomainError, match="Choose the old framework or the provider") as error:
        _planned(broker, setting, from_framework=None)
    assert error.value.field == "packages"
    with pytest.raises(DomainError, match="No active package outside any framework and with Danum") as error:
        _planned(broker, setting, from_framework=None, from_provider=setting["danum"])
    assert error.value.field == "packages"
    assert not TransferPlan.objects.exists()


def test_a_named_package_of_another_provider_is_refused_and_nothing_is_saved(broker, setting):
    packages = setting["packages"]
    with pytest.raises(DomainError, match="is not with Danum Community Care") as error:
        _planned(broker, setting, packages=[*packages["danum"], *packages["riverside"]], from_provider=setting["danum"])
    assert error.value.field == "packages"
    assert not PackageTransfer.objects.exists()


def test_a_bulk_transfer_date_before_a_package_starts_saves_nothing(broker, setting):
    late = setting["packages"]["danum"][0]
    late.start_on = late.start_on + timedelta(days=100)
    late.review_on = late.start_on + timedelta(days=100)
    late.save()
    with pytest.raises(DomainError, match=f"cannot be before Package {late.pk} starts") as error:
        _planned(broker, setting, transfer_on=late.start_on - timedelta(days=1))
    assert error.value.field == "transfer_on"
    assert not TransferPlan.objects.exists() and not PackageTransfer.objects.exists()


# --- Rescheduling ----------------------------------------------------------------------------------


def test_rescheduling_moves_the_date_and_the_history_keeps_each_date_and_reason(broker, setting):
    transfer = _one_transfer(broker, setting)
    first = transfer.transfer_on
    services.transfer_reschedule(
        transfer=transfer, user=broker, transfer_on=first + timedelta(days=14), reason="The person is in hospital"
    )
    services.transfer_reschedule(
        transfer=transfer, user=broker, transfer_on=first + timedelta(days=28), reason="Provider asked for a week"
    )
    transfer.refresh_from_db()
    assert transfer.transfer_on == first + timedelta(days=28)
    assert transfer.status == b.TransferStatus.PLANNED
    assert transfer.reschedule_reason == "Provider asked for a week"
    rows = list(transfer.history.order_by("history_date", "history_id"))
    assert [row.transfer_on for row in rows] == [first, first + timedelta(days=14), first + timedelta(days=28)]
    assert [row.reschedule_reason for row in rows] == ["", "The person is in hospital", "Provider asked for a week"]
    assert rows[1].history_change_reason == (
        f"Rescheduled from {first:%d %b %Y} to {first + timedelta(days=14):%d %b %Y}"
    )


@pytest.mark.parametrize(
    "case, field, message",
    [
        ("before the package starts", "transfer_on", "cannot be before Package"),
        ("no reason", "reason", "Say why the transfer date changes"),
        ("blank reason", "reason", "Say why the transfer date changes"),
        ("the same date", "transfer_on", "already planned for"),
        ("already transferred", "status", "already recorded (transferred): it cannot be rescheduled"),
        ("already cancelled", "status", "already recorded (cancelled): it cannot be rescheduled"),
        ("chose another provider", "status", "it cannot be rescheduled"),
    ],
)
def test_a_bad_reschedule_is_refused_and_changes_nothing(broker, setting, case, field, message):
    transfer = _one_transfer(broker, setting)
    package = transfer.package
    new_date, reason = transfer.transfer_on + timedelta(days=7), "Provider asked"
    if case == "before the package starts":
        new_date = package.start_on - timedelta(days=1)
    elif case == "no reason":
        reason = ""
    elif case == "blank reason":
        reason = "   "
    elif case == "the same date":
        new_date = transfer.transfer_on
    elif case == "already transferred":
        admit(setting["new"], package.provider)
        services.transfer_record(transfer=transfer, user=broker, status=b.TransferStatus.TRANSFERRED)
    elif case == "already cancelled":
        services.transfer_cancel(transfer=transfer, user=broker, reason="Moving out of the area")
    elif case == "chose another provider":
        other = admit(setting["new"], f.ProviderFactory())
        services.transfer_record(
            transfer=transfer, user=broker, status=b.TransferStatus.CHOSE_OTHER, provider=other, choice_reason="Nearer"
        )
    transfer.refresh_from_db()
    before = (transfer.transfer_on, transfer.status, transfer.history.count())
    with pytest.raises(DomainError, match=re.escape(message)) as error:
        services.transfer_reschedule(transfer=transfer, user=broker, transfer_on=new_date, reason=reason)
    assert error.value.field == field
    transfer.refresh_from_db()
    assert (transfer.transfer_on, transfer.status, transfer.history.count()) == before


# --- Cancelling ------------------------------------------------------------------------------------


def test_cancelling_keeps_the_package_where_it_is_and_frees_it_for_another_plan(broker, setting):
    transfer = _one_transfer(broker, setting)
    package = transfer.package
    services.transfer_cancel(transfer=transfer, user=broker, reason="  The person is moving out of the area ")
    transfer.refresh_from_db()
    package.refresh_from_db()
    assert transfer.status == b.TransferStatus.CANCELLED
    assert transfer.cancel_reason == "The person is moving out of the area"
    assert transfer.recorded_by == broker and transfer.recorded_at is not None
    assert package.framework_id == setting["old"].pk and package.provider_id == setting["riverside"].pk
    assert transfer.history.first().history_change_reason == "Cancelled"
    # Cancelled is closed: the package can be planned again, the row never changes again.
    again = _planned(broker, setting, packages=[package], name="Second try")
    assert again.transfers.get().status == b.TransferStatus.PLANNED
    admit(setting["new"], package.provider)
    with pytest.raises(DomainError, match="already recorded \\(cancelled\\)"):
        services.transfer_record(transfer=transfer, user=broker, status=b.TransferStatus.TRANSFERRED)


@pytest.mark.parametrize(
    "case, field, message",
    [
        ("no reason", "reason", "Say why the transfer is cancelled"),
        ("already transferred", "status", "already recorded (transferred): it cannot be cancelled"),
        ("already cancelled", "status", "already recorded (cancelled): it cannot be cancelled"),
    ],
)
def test_a_bad_cancellation_is_refused_and_changes_nothing(broker, setting, case, field, message):
    transfer = _one_transfer(broker, setting)
    if case == "already transferred":
        admit(setting["new"], transfer.package.provider)
        services.transfer_record(transfer=transfer, user=broker, status=b.TransferStatus.TRANSFERRED)
    elif case == "already cancelled":
        services.transfer_cancel(transfer=transfer, user=broker, reason="Moving away")
    transfer.refresh_from_db()
    before = (transfer.status, transfer.cancel_reason, transfer.history.count())
    with pytest.raises(DomainError, match=re.escape(message)) as error:
        services.transfer_cancel(transfer=transfer, user=broker, reason="" if case == "no reason" else "Again")
    assert error.value.field == field
    transfer.refresh_from_db()
    assert (transfer.status, transfer.cancel_reason, transfer.history.count()) == before


def test_recording_takes_only_transferred_or_another_provider(broker, setting):
    transfer = _one_transfer(broker, setting)
    for status in (b.TransferStatus.CANCELLED, b.TransferStatus.PLANNED, "moved"):
        with pytest.raises(DomainError, match="Choose transferred") as error:
            services.transfer_record(transfer=transfer, user=broker, status=status)
        assert error.value.field == "status"
    transfer.refresh_from_db()
    assert transfer.status == b.TransferStatus.PLANNED


def test_marking_transferred_moves_the_package_onto_the_new_framework_with_its_provider(broker, setting):
    transfer = _one_transfer(broker, setting)
    admit(setting["new"], setting["riverside"])
    services.transfer_record(transfer=transfer, user=broker, status=b.TransferStatus.TRANSFERRED)
    transfer.refresh_from_db()
    transfer.package.refresh_from_db()
    assert transfer.package.framework_id == setting["new"].pk
    assert transfer.package.provider_id == transfer.to_provider_id == setting["riverside"].pk


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.FINANCE_OFFICER])
def test_roles_without_the_permission_cannot_change_a_transfer(personas, broker, setting, role):
    transfer = _one_transfer(broker, setting)
    someone = personas[role]
    with pytest.raises(DomainError, match="may not change transfers"):
        services.transfer_reschedule(
            transfer=transfer, user=someone, transfer_on=transfer.transfer_on + timedelta(days=1), reason="x"
        )
    with pytest.raises(DomainError, match="may not change transfers"):
        services.transfer_cancel(transfer=transfer, user=someone, reason="x")


# --- Pages ---------------------------------------------------------------------------------------


def _day(value) -> str:
    return value.strftime("%d/%m/%Y")


def test_the_officer_plans_in_bulk_reschedules_and_cancels_through_the_pages(client_for, setting):
    client = client_for(Role.BROKERAGE_OFFICER)
    start = max(p.start_on for group in setting["packages"].values() for p in group)
    url = reverse("brokerage:transferplan_create")
    form = {
        "name": "Danum's packages to the 2026 framework",
        "framework": setting["new"].pk,
        "from_framework": setting["old"].pk,
        "from_provider": setting["danum"].pk,
        "transfer_on": _day(start + timedelta(days=30)),
        "packages": "",
    }
    response = client.post(url, form, follow=True)
    assert "2 packages planned to move" in response.text
    plan = TransferPlan.objects.get()
    assert sorted(plan.transfers.values_list("package_id", flat=True)) == [p.pk for p in setting["packages"]["danum"]]
    assert response.text.count("Reschedule<span") == 2

    first, second = plan.transfers.order_by("package_id")
    reschedule = reverse("brokerage:packagetransfer_reschedule", args=[first.pk])
    page = client.get(reschedule)
    assert page.status_code == 200 and "Reschedule the transfer" in page.text
    response = client.post(reschedule, {"transfer_on": _day(start + timedelta(days=45)), "reason": ""})
    assert response.status_code == 200 and "Say why the transfer date changes" in response.text
    response = client.post(reschedule, {"transfer_on": _day(first.package.start_on - timedelta(days=1)), "reason": "x"})
    assert response.status_code == 200 and "cannot be before Package" in response.text
    response = client.post(
        reschedule, {"transfer_on": _day(start + timedelta(days=45)), "reason": "Carer asked to wait"}, follow=True
    )
    assert "was moved to" in response.text
    first.refresh_from_db()
    assert first.transfer_on == start + timedelta(days=45)

    detail = client.get(reverse("brokerage:packagetransfer_detail", args=[first.pk])).text
    assert "Carer asked to wait" in detail and "Rescheduled from" in detail and 'data-testid="history"' in detail

    cancel = reverse("brokerage:packagetransfer_cancel", args=[second.pk])
    response = client.post(cancel, {"reason": ""})
    assert response.status_code == 200 and "Say why the transfer is cancelled" in response.text
    response = client.post(cancel, {"reason": "Moving to a care home"}, follow=True)
    assert f"The transfer of package {second.package_id} was cancelled." in response.text
    second.refresh_from_db()
    assert second.status == b.TransferStatus.CANCELLED
    # A closed transfer offers no actions, and its forms refuse.
    detail = client.get(reverse("brokerage:packagetransfer_detail", args=[second.pk])).text
    assert (
        "Moving to a care home" in detail
        and reverse("brokerage:packagetransfer_cancel", args=[second.pk]) not in detail
    )
    response = client.post(cancel, {"reason": "Again"})
    assert response.status_code == 200 and "it cannot be cancelled" in response.text


def test_the_plan_page_filters_by_status_provider_and_dates(client_for, broker, setting):
    plan = _planned(broker, setting)
    rows = {row.package.provider_id: row for row in plan.transfers.all()}
    riverside = rows[setting["riverside"].pk]
    services.transfer_cancel(transfer=riverside, user=broker, reason="Moving away")
    late = plan.transfers.filter(from_provider=setting["danum"]).order_by("id").last()
    services.transfer_reschedule(
        transfer=late, user=broker, transfer_on=late.transfer_on + timedelta(days=60), reason="r"
    )
    client = client_for(Role.BROKERAGE_OFFICER)
    url = reverse("brokerage:packagetransfer_list")

    def refs(**query):
        response = client.get(url, query)
        assert response.status_code == 200
        return {
            t.pk
            for t in PackageTransfer.objects.all()
            if f'href="{reverse("brokerage:packagetransfer_detail", args=[t.pk])}"' in response.text
        }

    everyone = set(plan.transfers.values_list("pk", flat=True))
    assert refs() == everyone
    assert refs(status="cancelled") == {riverside.pk}
    assert refs(status="planned") == everyone - {riverside.pk}
    assert refs(provider=setting["danum"].pk) == everyone - {riverside.pk}
    late.refresh_from_db()
    assert refs(transfer_from=late.transfer_on.isoformat()) == {late.pk}
    assert refs(transfer_by=(late.transfer_on - timedelta(days=1)).isoformat()) == everyone - {late.pk}
    response = client.get(url, {"transfer_from": late.transfer_on.isoformat(), "transfer_by": "2000-01-01"})
    assert "Must be the same as or after" in response.text


def test_the_plan_page_runs_a_constant_number_of_queries(client_for, broker, setting):
    client = client_for(Role.BROKERAGE_OFFICER)
    url = reverse("brokerage:packagetransfer_list")
    _planned(broker, setting, packages=setting["packages"]["riverside"])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _planned(broker, setting, from_provider=setting["danum"], name="Danum")
    for _ in range(4):
        _planned(broker, setting, packages=[f.CarePackageFactory(framework=setting["old"])], name=f"Plan {_}")
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_transfer_pages_answer_only_the_councils_brokerage_officers(client_for, other_org, broker, setting):
    transfer = _one_transfer(broker, setting)
    names = ["packagetransfer_detail", "packagetransfer_reschedule", "packagetransfer_cancel"]
    for name in names:
        url = reverse(f"brokerage:{name}", args=[transfer.pk])
        assert client_for(Role.BROKERAGE_OFFICER).get(url).status_code == 200
        assert client_for(Role.FINANCE_OFFICER).get(url).status_code == 403
        assert client_for(Role.COMMISSIONER).get(url).status_code == 403
    theirs = f.PackageTransferFactory(plan=f.TransferPlanFactory(framework=f.FrameworkFactory(organisation=other_org)))
    for name in names:
        url = reverse(f"brokerage:{name}", args=[theirs.pk])
        assert client_for(Role.BROKERAGE_OFFICER).get(url).status_code == 404
    response = client_for(Role.BROKERAGE_OFFICER).post(
        reverse("brokerage:packagetransfer_cancel", args=[theirs.pk]), {"reason": "Not ours"}
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == b.TransferStatus.PLANNED


# --- API -----------------------------------------------------------------------------------------


def test_the_api_plans_in_bulk_reschedules_and_cancels_with_the_same_rules(api_for, setting):
    api = api_for(Role.BROKERAGE_OFFICER)
    start = max(p.start_on for group in setting["packages"].values() for p in group)
    body = {
        "name": "API bulk plan",
        "framework": setting["new"].pk,
        "from_framework": setting["old"].pk,
        "from_provider": setting["danum"].pk,
        "transfer_on": (start + timedelta(days=20)).isoformat(),
    }
    response = api.post("/api/transfer-plans/", body, format="json")
    assert response.status_code == 201, response.json()
    transfers = response.json()["transfers"]
    assert sorted(t["package"] for t in transfers) == [p.pk for p in setting["packages"]["danum"]]
    assert {t["from_provider"] for t in transfers} == {setting["danum"].pk}
    first, second = sorted(t["id"] for t in transfers)

    url = f"/api/package-transfers/{first}/reschedule/"
    assert api.get(url).json()["status"] == "planned"
    response = api.post(url, {"transfer_on": (start - timedelta(days=400)).isoformat(), "reason": "x"}, format="json")
    assert response.status_code == 400 and "transfer_on" in response.json()["errors"]
    response = api.post(url, {"transfer_on": (start + timedelta(days=30)).isoformat(), "reason": ""}, format="json")
    assert response.status_code == 400 and response.json()["errors"]["reason"] == ["Say why the transfer date changes."]
    response = api.post(
        url, {"transfer_on": (start + timedelta(days=30)).isoformat(), "reason": "Carer asked"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["transfer_on"] == (start + timedelta(days=30)).isoformat()
    assert response.json()["reschedule_reason"] == "Carer asked"

    url = f"/api/package-transfers/{second}/cancel/"
    response = api.post(url, {"reason": ""}, format="json")
    assert response.status_code == 400 and "reason" in response.json()["errors"]
    response = api.post(url, {"reason": "Moving away"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    response = api.post(
        f"/api/package-transfers/{second}/reschedule/", {"transfer_on": body["transfer_on"], "reason": "r"}
    )
    assert response.status_code == 400 and "it cannot be rescheduled" in response.json()["errors"]["status"][0]

    admit(setting["new"], setting["danum"])
    assert api.post(f"/api/package-transfers/{first}/record/", {"status": "transferred"}).status_code == 200
    response = api.post(f"/api/package-transfers/{first}/cancel/", {"reason": "Too late"}, format="json")
    assert response.status_code == 400 and "already recorded (transferred)" in response.json()["message"]
    listed = api.get("/api/package-transfers/", {"status": "cancelled", "provider": setting["danum"].pk}).json()
    assert [row["id"] for row in listed["results"]] == [second]


def test_the_api_refuses_other_roles_and_other_councils(api_for, other_org, broker, setting):
    transfer = _one_transfer(broker, setting)
    for role in (Role.FINANCE_OFFICER, Role.COMMISSIONER, Role.CSC_OFFICER):
        for action in ("reschedule", "cancel"):
            response = api_for(role).post(f"/api/package-transfers/{transfer.pk}/{action}/", {"reason": "x"})
            assert response.status_code == 403
    theirs = f.PackageTransferFactory(plan=f.TransferPlanFactory(framework=f.FrameworkFactory(organisation=other_org)))
    response = api_for(Role.BROKERAGE_OFFICER).post(f"/api/package-transfers/{theirs.pk}/cancel/", {"reason": "x"})
    assert response.status_code == 404


def test_the_schema_documents_the_transfer_actions(api_for):
    schema = api_for(Role.BROKERAGE_OFFICER).get("/api/schema/", {"format": "json"}).json()
    for action in ("record", "reschedule", "cancel"):
        operation = schema["paths"][f"/api/package-transfers/{{id}}/{action}/"]["post"]
        assert operation["description"]
    components = schema["components"]["schemas"]
    assert set(components["TransferRescheduleRequest"]["properties"]) == {"transfer_on", "reason"}
    assert set(components["TransferCancelRequest"]["properties"]) == {"reason"}
    plan = components["TransferPlanRequest"]
    assert "from_provider" in plan["properties"] and "packages" not in plan["required"]
    assert {"reschedule_reason", "cancel_reason"} <= set(components["PackageTransfer"]["properties"])
