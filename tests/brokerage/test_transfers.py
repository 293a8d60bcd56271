"""Transfers from an old framework: the plan (every package checked before anything is saved), the
record of each move (the person's provider kept unless they chose another), pages and API."""

from datetime import timedelta

import pytest
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
def old_and_new():
    old, new = f.FrameworkFactory(name="Old home care framework"), f.FrameworkFactory(name="New open framework")
    packages = [f.CarePackageFactory(framework=old) for _ in range(3)]
    return old, new, packages


def _plan(broker, new, packages, old=None, **extra):
    return services.transfer_plan_create(
        user=broker,
        name=extra.pop("name", "Move to the open framework"),
        framework=new,
        from_framework=old,
        packages=packages,
        transfer_on=extra.pop("transfer_on", packages[0].start_on + timedelta(days=90)),
    )


def test_a_plan_lists_each_package_planned_with_its_provider(broker, old_and_new):
    old, new, packages = old_and_new
    plan = _plan(broker, new, packages, old)
    rows = list(plan.transfers.order_by("package_id"))
    assert [row.package_id for row in rows] == sorted(p.pk for p in packages)
    assert {row.status for row in rows} == {b.TransferStatus.PLANNED}
    assert [row.from_provider_id for row in rows] == [p.provider_id for p in sorted(packages, key=lambda p: p.pk)]


def test_recording_a_transfer_keeps_the_provider_and_moves_the_package(broker, old_and_new):
    old, new, packages = old_and_new
    plan = _plan(broker, new, packages[:1], old)
    package = packages[0]
    admit(new, package.provider)
    transfer = services.transfer_record(transfer=plan.transfers.get(), user=broker, status="transferred")
    package.refresh_from_db()
    assert transfer.status == b.TransferStatus.TRANSFERRED and transfer.to_provider_id == package.provider_id
    assert package.framework_id == new.pk
    assert package.history.first().history_change_reason.startswith("Transferred to New open framework")


def test_the_person_may_choose_another_provider_with_a_reason(broker, old_and_new):
    old, new, packages = old_and_new
    plan = _plan(broker, new, packages[:1], old)
    other = admit(new, f.ProviderFactory(name="Danum Community Care"))
    transfer = plan.transfers.get()
    with pytest.raises(DomainError, match="why") as error:
        services.transfer_record(transfer=transfer, user=broker, status="chose_other", provider=other)
    assert error.value.field == "choice_reason"
    services.transfer_record(
        transfer=transfer, user=broker, status="chose_other", provider=other, choice_reason="Knows the carers there"
    )
    packages[0].refresh_from_db()
    assert packages[0].provider_id == other.pk and packages[0].framework_id == new.pk


def test_a_provider_not_admitted_to_the_new_frameworks_category_cannot_take_the_package(broker, old_and_new):
    old, new, packages = old_and_new
    transfer = _plan(broker, new, packages[:1], old).transfers.get()
    with pytest.raises(DomainError, match="not admitted") as error:
        services.transfer_record(transfer=transfer, user=broker, status="transferred")
    assert error.value.field == "status"
    with pytest.raises(DomainError, match="not admitted") as error:
        services.transfer_record(
            transfer=transfer, user=broker, status="chose_other", provider=f.ProviderFactory(), choice_reason="Nearer"
        )
    assert error.value.field == "provider"
    transfer.refresh_from_db()
    packages[0].refresh_from_db()
    assert transfer.status == b.TransferStatus.PLANNED and packages[0].framework_id == old.pk


def test_a_transfer_date_before_the_package_starts_saves_nothing(broker, old_and_new):
    old, new, packages = old_and_new
    late = f.CarePackageFactory(framework=old, start_on=packages[0].start_on + timedelta(days=30))
    with pytest.raises(DomainError, match="cannot be before") as error:
        _plan(broker, new, [*packages, late], old, transfer_on=late.start_on - timedelta(days=1))
    assert error.value.field == "transfer_on"
    assert not TransferPlan.objects.exists() and not PackageTransfer.objects.exists()


def test_a_package_already_transferred_or_planned_is_refused(broker, old_and_new):
    old, new, packages = old_and_new
    plan = _plan(broker, new, packages[:1], old)
    with pytest.raises(DomainError, match="already planned") as error:
        _plan(broker, new, packages[:2], old, name="Second plan")
    assert error.value.field == "packages"
    admit(new, packages[0].provider)
    services.transfer_record(transfer=plan.transfers.get(), user=broker, status="transferred")
    with pytest.raises(DomainError, match="already on New open framework"):
        _plan(broker, new, packages[:1], name="Third plan")
    with pytest.raises(DomainError, match="already recorded"):
        services.transfer_record(transfer=plan.transfers.get(), user=broker, status="transferred")


@pytest.mark.parametrize(
    "case, field",
    [("no packages", "packages"), ("not on the old framework", "packages"), ("category", "packages")],
)
def test_a_plan_with_bad_packages_is_refused(broker, old_and_new, case, field):
    old, new, packages = old_and_new
    chosen = {
        "no packages": [],
        "not on the old framework": [f.CarePackageFactory()],
        "category": [f.CarePackageFactory(framework=old, category=f.ServiceLineFactory(name="Befriending"))],
    }[case]
    with pytest.raises(DomainError) as error:
        services.transfer_plan_create(
            user=broker, name="Plan", framework=new, from_framework=old, packages=chosen, transfer_on=None
        )
    assert error.value.field == field


def test_the_officer_plans_and_records_a_transfer_through_the_pages(client_for, old_and_new):
    old, new, packages = old_and_new
    client = client_for(Role.BROKERAGE_OFFICER)
    home = client.get("/").content.decode()
    assert "Transfers due" in home
    listing = client.get(reverse("brokerage:packagetransfer_list")).content.decode()
    assert reverse("brokerage:transferplan_create") in listing
    form = {
        "name": "Move to the open framework",
        "framework": new.pk,
        "from_framework": old.pk,
        "transfer_on": (packages[0].start_on - timedelta(days=1)).strftime("%d/%m/%Y"),
        "packages": ", ".join(str(p.pk) for p in packages) + " 999999",
    }
    url = reverse("brokerage:transferplan_create")
    response = client.post(url, form)
    assert response.status_code == 200 and "No care package you can see with the reference 999999" in response.text
    form["packages"] = " ".join(str(p.pk) for p in packages)
    response = client.post(url, form)
    assert response.status_code == 200 and "cannot be before" in response.text
    form["transfer_on"] = (packages[0].start_on + timedelta(days=70)).strftime("%d/%m/%Y")
    response = client.post(url, form)
    assert response.status_code == 302
    plan = TransferPlan.objects.get()
    rows = client.get(response.url).content.decode()
    assert rows.count("Record the transfer") == 3
    transfer = plan.transfers.order_by("id").first()
    record = reverse("brokerage:packagetransfer_record", args=[transfer.pk])
    response = client.post(record, {"status": "transferred"})
    assert response.status_code == 200 and "not admitted" in response.text
    admit(new, transfer.from_provider)
    assert client.post(record, {"status": "transferred"}).status_code == 302
    transfer.refresh_from_db()
    assert transfer.status == b.TransferStatus.TRANSFERRED
    filtered = client.get(reverse("brokerage:packagetransfer_list"), {"status": "planned", "plan": plan.pk})
    assert filtered.content.decode().count("Record the transfer") == 2


def test_transfer_pages_are_the_brokerage_officers(client_for, other_org):
    assert client_for(Role.FINANCE_OFFICER).get(reverse("brokerage:packagetransfer_list")).status_code == 403
    theirs = f.PackageTransferFactory(plan=f.TransferPlanFactory(framework=f.FrameworkFactory(organisation=other_org)))
    response = client_for(Role.BROKERAGE_OFFICER).get(reverse("brokerage:packagetransfer_record", args=[theirs.pk]))
    assert response.status_code == 404


def test_the_api_plans_and_records_transfers_with_the_same_rules(api_for, old_and_new):
    old, new, packages = old_and_new
    api = api_for(Role.BROKERAGE_OFFICER)
    body = {
        "name": "API plan",
        "framework": new.pk,
        "from_framework": old.pk,
        "packages": [p.pk for p in packages],
        "transfer_on": (packages[0].start_on - timedelta(days=1)).isoformat(),
    }
    response = api.post("/api/transfer-plans/", body, format="json")
    assert response.status_code == 400 and "transfer_on" in response.json()["errors"]
    body["transfer_on"] = (packages[0].start_on + timedelta(days=7)).isoformat()
    response = api.post("/api/transfer-plans/", body, format="json")
    assert response.status_code == 201, response.json()
    assert len(response.json()["transfers"]) == 3
    transfer = PackageTransfer.objects.order_by("id").first()
    response = api.post(f"/api/package-transfers/{transfer.pk}/record/", {"status": "transferred"}, format="json")
    assert response.status_code == 400 and "not admitted" in str(response.json())
    admit(new, transfer.from_provider)
    response = api.post(f"/api/package-transfers/{transfer.pk}/record/", {"status": "transferred"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "transferred"
    listed = api.get("/api/package-transfers/", {"status": "planned"}).json()
    assert len(listed["results"]) == 2
    assert api_for(Role.FINANCE_OFFICER).get("/api/package-transfers/").status_code == 403
