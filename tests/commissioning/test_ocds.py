"""Open data: the OCDS 1.1 release package of procurements and contracts (commissioning/ocds.py),
through `GET /api/ocds/releases/` and `manage.py export_ocds`. The demo data's package passes the
standard's own validator (libcoveocds, offline, with the copy of the schema in ocds_standard/)."""

import json
import tempfile
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from libcoveocds.api import ocds_json_output
from libcoveocds.config import LibCoveOCDSConfig

from accounts.choices import Role
from commissioning.choices import Stage
from commissioning.models import Contract, ContractAmendment, Procurement
from commissioning.services import contracts as contract_services
from commissioning.services import procurements as procurement_services
from tests.commissioning.factories import (
    ContractFactory,
    CriterionFactory,
    LotFactory,
    ProcurementFactory,
    ProviderProfileFactory,
    TenderBidFactory,
)

pytestmark = pytest.mark.django_db

STANDARD_ZIP = Path(__file__).parent / "ocds_standard" / "standard-1__1__5.zip"
URL = "/api/ocds/releases/"


def validate(package: dict, tmp_path: Path) -> dict:
    """The validator's report on `package`, with the standard read from the repository's copy."""
    config = LibCoveOCDSConfig()
    config.config["context"] = "api"
    config.config["standard_zip"] = f"file://{STANDARD_ZIP.resolve()}"
    return ocds_json_output(str(tmp_path), json_data=package, lib_cove_ocds_config=config, record_pkg=False)


def export(*args) -> dict:
    out = StringIO()
    path = Path(tempfile.mkdtemp()) / "releases.json"
    call_command("export_ocds", *args, "--output", str(path), stdout=out)
    assert "releases of" in out.getvalue()
    return json.loads(path.read_text())


def read_all(api, url: str = URL) -> tuple[list[dict], int]:
    """Every release, following links.next; and how many pages that took."""
    releases, pages = [], 0
    while url:
        response = api.get(url)
        assert response.status_code == 200, response.content[:500]
        assert response.streaming
        package = json.loads(b"".join(response.streaming_content))
        releases += package["releases"]
        pages += 1
        url = package.get("links", {}).get("next")
    return releases, pages


@pytest.fixture
def api(api_for):
    return api_for(Role.COMMISSIONER)


@pytest.fixture
def awarded(personas, home_org):
    """A procurement of the home council with two lots, weights 70/30 on lot 1, two submitted
    tenders on lot 1 and its award (through the service), which makes the lot's contract."""
    commissioner = personas[Role.COMMISSIONER]
    procurement = ProcurementFactory(organisation=home_org, reference="OCC-TEST-1", owner=commissioner)
    lot = LotFactory(procurement=procurement, number=1, title="Adult carers", extension_options="12 12")
    LotFactory(procurement=procurement, number=2, title="Young carers")
    CriterionFactory(lot=lot, name="Quality", weight=Decimal("70"), kind="quality")
    CriterionFactory(lot=lot, name="Price", weight=Decimal("30"), kind="price", price_formula="lowest")
    winner = TenderBidFactory(
        lot=lot,
        bidder=ProviderProfileFactory(company_number="01234567").organisation,
        status="submitted",
        shortlisted_on=date(2021, 9, 1),
        price=Decimal("900000.00"),
    )
    TenderBidFactory(lot=lot, status="submitted", shortlisted_on=date(2021, 9, 1), price=Decimal("950000.00"))
    procurement_services.procurement_invite_to_tender(user=commissioner, procurement=procurement, on=date(2021, 8, 19))
    Procurement.objects.filter(pk=procurement.pk).update(stage=Stage.STANDSTILL, standstill_ends_on=date(2021, 12, 1))
    procurement.refresh_from_db()
    procurement_services.lot_award(user=commissioner, lot=lot, bid=winner, start_date=date(2022, 4, 1))
    lot.refresh_from_db()
    return procurement, lot, lot.contract


def test_the_demo_datas_package_passes_the_ocds_validator_without_errors(tmp_path):
    call_command("load_demo", "--force", stdout=StringIO())
    package = export("--all")
    report = validate(package, tmp_path)
    assert report["validation_errors"] == []
    assert report["additional_closed_codelist_values"] == {}
    assert report["version_used"] == "1.1"
    notices = {release["noticeType"] for release in package["releases"]}
    # The demo has tenders, a cancelled procurement, a lot's award, contracts and their changes.
    assert {"UK4", "UK6", "UK7", "UK10", "UK12"} <= notices
    ids = [release["id"] for release in package["releases"]]
    assert len(ids) == len(set(ids))
    assert all(release["ocid"].startswith("ocds-cc0000-") for release in package["releases"])
    # The same data again: the same ocids and release ids (stable, not made up per export).
    assert [release["id"] for release in export("--all")["releases"]] == ids


def test_a_lots_award_names_its_lot_weights_and_parties(api, awarded, tmp_path):
    procurement, lot, contract = awarded
    releases, _ = read_all(api)
    ocid = f"ocds-cc0000-proc-{procurement.pk}"
    by_id = {release["id"]: release for release in releases}
    assert {f"{ocid}-planning", f"{ocid}-tender", f"{ocid}-award-lot-1", f"{ocid}-contract-{contract.pk}"} <= set(by_id)
    tender = by_id[f"{ocid}-tender"]
    assert tender["tag"] == ["tender"] and tender["noticeType"] == "UK4"
    assert [lot_["id"] for lot_ in tender["tender"]["lots"]] == ["1", "2"]
    criteria = tender["tender"]["lots"][0]["awardCriteria"]["criteria"]
    assert [(c["name"], c["type"], c["numbers"][0]["number"]) for c in criteria] == [
        ("Quality", "quality", 70.0),
        ("Price", "price", 30.0),
    ]
    assert tender["tender"]["value"] == {"amount": 2500000.0, "currency": "GBP"}
    award_release = by_id[f"{ocid}-award-lot-1"]
    assert award_release["tag"] == ["award"] and award_release["noticeType"] == "UK6"
    award = award_release["awards"][0]
    assert award["relatedLots"] == ["1"]
    assert award["value"] == {"amount": 900000.0, "currency": "GBP"}
    roles = {party["name"]: set(party["roles"]) for party in award_release["parties"]}
    assert roles[procurement.organisation.name] == {"buyer", "procuringEntity"}
    assert roles[contract.provider.name] == {"supplier", "tenderer"}
    assert sum("tenderer" in r for r in roles.values()) == 2
    supplier = next(p for p in award_release["parties"] if p["name"] == contract.provider.name)
    assert supplier["identifier"] == {"scheme": "GB-COH", "id": "01234567", "legalName": contract.provider.name}
    contract_release = by_id[f"{ocid}-contract-{contract.pk}"]
    assert contract_release["noticeType"] == "UK7"
    assert contract_release["contracts"][0]["awardID"] == award["id"]
    package = json.loads(b"".join(api.get(URL).streaming_content))
    assert validate(package, tmp_path)["validation_errors"] == []


def test_a_contracts_max_extent_is_its_latest_possible_end_and_its_amendments_appear(api, personas, home_org):
    commissioner = personas[Role.COMMISSIONER]
    contract = ContractFactory(
        accountable_body=home_org,
        start_date=date(2022, 4, 1),
        initial_end_date=date(2025, 3, 31),
        extension_options="12 12",
    )
    contract_services.contract_extend(user=commissioner, contract=contract, rationale="First option: performing well.")
    releases, _ = read_all(api)
    ocid = f"ocds-cc0000-contract-{contract.pk}"
    mine = [release for release in releases if release["ocid"] == ocid]
    assert [release["id"] for release in mine] == [f"{ocid}-contract", f"{ocid}-amendment-1"]
    first, amended = mine
    assert first["tag"] == ["award", "contract"] and first["noticeType"] == "UK7"
    assert first["contracts"][0]["period"]["endDate"].startswith("2025-03-31")
    assert amended["tag"] == ["contractAmendment"] and amended["noticeType"] == "UK10"
    change = amended["contracts"][0]
    assert change["amendments"][0]["rationale"] == "First option: performing well."
    assert change["amendments"][0]["amendsReleaseID"] == f"{ocid}-contract"
    contract = Contract.objects.get(pk=contract.pk)
    assert change["period"]["endDate"][:10] == contract.current.end.isoformat() == "2026-03-31"
    assert change["period"]["maxExtentDate"][:10] == contract.latest_possible_end.isoformat() == "2027-03-31"
    assert first["contracts"][0]["period"]["maxExtentDate"][:10] == "2027-03-31"


def test_an_early_termination_is_a_termination_release_ending_the_max_extent(api, personas, home_org):
    commissioner = personas[Role.COMMISSIONER]
    contract = ContractFactory(accountable_body=home_org, initial_end_date=date(2030, 3, 31), extension_options="24")
    contract_services.contract_amend(
        user=commissioner,
        contract=contract,
        kind="termination",
        effective_on=date(2026, 6, 30),
        new_end=date(2026, 6, 30),
        rationale="The provider has closed.",
    )
    releases, _ = read_all(api)
    last = [release for release in releases if release["ocid"] == f"ocds-cc0000-contract-{contract.pk}"][-1]
    assert last["tag"] == ["contractTermination"] and last["noticeType"] == "UK11"
    period = last["contracts"][0]["period"]
    assert period["endDate"][:10] == period["maxExtentDate"][:10] == "2026-06-30"
    assert last["contracts"][0]["status"] == "terminated"


def test_a_cancelled_procurement_has_a_procurement_termination_release(api, personas, home_org):
    procurement = ProcurementFactory(organisation=home_org)
    procurement_services.procurement_cancel(
        user=personas[Role.COMMISSIONER], procurement=procurement, reason="Budget withdrawn"
    )
    releases, _ = read_all(api)
    cancellation = next(r for r in releases if r["id"] == f"ocds-cc0000-proc-{procurement.pk}-cancellation")
    assert cancellation["tag"] == ["tenderCancellation"] and cancellation["noticeType"] == "UK12"
    assert cancellation["tender"]["status"] == "cancelled"
    assert cancellation["tender"]["statusDetails"] == "Budget withdrawn"


def test_another_organisations_records_are_absent(api, home_org, other_org, awarded):
    theirs = ContractFactory(accountable_body=other_org, reference="DCC-1")
    their_procurement = ProcurementFactory(organisation=other_org, reference="DCC-P")
    releases, _ = read_all(api)
    ocids = {release["ocid"] for release in releases}
    assert f"ocds-cc0000-contract-{theirs.pk}" not in ocids
    assert f"ocds-cc0000-proc-{their_procurement.pk}" not in ocids
    assert f"ocds-cc0000-proc-{awarded[0].pk}" in ocids
    # The command's organisation scope is the same rule: each council sees only its own.
    assert {r["ocid"] for r in export("--organisation", str(other_org.pk))["releases"]} == {
        f"ocds-cc0000-contract-{theirs.pk}",
        f"ocds-cc0000-proc-{their_procurement.pk}",
    }
    assert f"ocds-cc0000-contract-{theirs.pk}" not in {
        r["ocid"] for r in export("--organisation", home_org.name)["releases"]
    }


def test_pages_by_cursor_without_gaps_or_repeats(api, home_org):
    procurements = [ProcurementFactory(organisation=home_org) for _ in range(3)]
    contracts = [ContractFactory(accountable_body=home_org) for _ in range(4)]
    releases, pages = read_all(api, f"{URL}?page_size=2")
    assert pages == 4  # 7 processes, 2 a page
    ocids = [release["ocid"] for release in releases]
    expected = [f"ocds-cc0000-proc-{p.pk}" for p in procurements] + [f"ocds-cc0000-contract-{c.pk}" for c in contracts]
    assert list(dict.fromkeys(ocids)) == expected
    assert len({release["id"] for release in releases}) == len(releases)


def test_updated_from_and_to_keep_the_releases_dated_within(api, personas, home_org):
    old = ContractFactory(accountable_body=home_org)
    new = ContractFactory(accountable_body=home_org)
    long_ago = timezone.now() - timedelta(days=400)
    Contract.objects.filter(pk=old.pk).update(created_at=long_ago)
    contract_services.contract_extend(user=personas[Role.COMMISSIONER], contract=old, rationale="Option taken.")
    since = (timezone.now() - timedelta(days=30)).date().isoformat()
    recent, _ = read_all(api, f"{URL}?updated_from={since}")
    # The old contract's own release is out of the window; its amendment (recorded today) is in.
    assert [r["id"] for r in recent] == [
        f"ocds-cc0000-contract-{old.pk}-amendment-1",
        f"ocds-cc0000-contract-{new.pk}-contract",
    ]
    until = (long_ago + timedelta(days=1)).date().isoformat()
    early, _ = read_all(api, f"{URL}?updated_to={until}")
    assert [r["id"] for r in early] == [f"ocds-cc0000-contract-{old.pk}-contract"]
    ContractAmendment.objects.filter(contract=old).update(recorded_at=long_ago + timedelta(hours=1))
    window, _ = read_all(api, f"{URL}?{urlencode({'updated_from': long_ago.isoformat(), 'updated_to': until})}")
    assert [r["id"] for r in window] == [
        f"ocds-cc0000-contract-{old.pk}-contract",
        f"ocds-cc0000-contract-{old.pk}-amendment-1",
    ]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("updated_from=yesterday", "updated_from"),
        ("updated_from=2026-02-30", "updated_from"),
        ("updated_to=2026-13-01", "updated_to"),
        ("updated_from=2026-05-01&updated_to=2026-04-01", "updated_to"),
        ("page_size=0", "page_size"),
    ],
)
def test_bad_filters_answer_400_with_the_field(api, query, field):
    response = api.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_a_tampered_cursor_is_not_found(api):
    assert api.get(f"{URL}?cursor=bm9wZTox").status_code == 404


def test_the_command_refuses_bad_input():
    with pytest.raises(CommandError, match="No organisation"):
        call_command("export_ocds", "--organisation", "Nowhere Council", stdout=StringIO())
    with pytest.raises(CommandError, match="--updated-from"):
        call_command("export_ocds", "--all", "--updated-from", "soon", stdout=StringIO())


def test_the_export_reads_in_batches_whatever_the_number_of_contracts(home_org):
    """Queries per batch, not per contract: 4 and 12 contracts (one batch each) cost the same."""

    def queries_for(count: int) -> int:
        for _ in range(count):
            ContractFactory(accountable_body=home_org)
        with CaptureQueriesContext(connection) as captured:
            export("--all", "--batch-size", "50")
        return len(captured.captured_queries)

    assert queries_for(4) == queries_for(8)
