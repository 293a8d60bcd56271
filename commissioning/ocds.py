"""Open data: procurements and contracts as an OCDS 1.1 release package (the one mapping).

One contracting process, one `ocid`: a procurement is `<prefix>-proc-<id>`, a contract that no
procurement here awarded (loaded from an existing register) is `<prefix>-contract-<id>`; the prefix
is settings.OCDS_OCID_PREFIX. A process is published as one release per event, each with a stable
id, the standard's `tag`, and the Procurement Act 2023 notice it corresponds to in `noticeType`
(a field of this publisher's extension, documented in commissioning/ocds_extension/):

- `<ocid>-planning` (tag planning, UK2): the procurement was recorded;
- `<ocid>-tender` (tender, UK4; UK5 for a direct award or an exemption, which has no tender
  notice): it left market engagement;
- `<ocid>-cancellation` (tenderCancellation, UK12): it was cancelled;
- `<ocid>-award-lot-<n>` (award, UK6): lot n was awarded (dated when its contract was recorded);
- `<ocid>-contract-<id>` (contract, UK7): the contract was recorded;
- `<ocid>-contract-<id>-amendment-<seq>` (contractAmendment, UK10; contractTermination, UK11):
  the amendment was recorded.

A register contract's own process has `<ocid>-contract` (tags award and contract: its award is
known only from the contract) and `<ocid>-amendment-<seq>`.

Each release states its section as of that event: the contract release has the contract as
awarded (initial end; `maxExtentDate` the initial end with every option), each amendment release
the contract after it (its end, value and `maxExtentDate` after the options used so far, or the
termination date), so the latest release of a contract says its current end and its latest
possible end. Values are in GBP; dates are whole days (a start at 00:00:00Z, an end at 23:59:59Z).
Lots (`tender.lots`, `awards.relatedLots`), options and award criteria with weights
(`tender.lots.awardCriteria.criteria[].numbers`) follow the community extensions for lots,
options and award criteria; the validator reports them as additional fields, not errors.

Streaming: processes are read in batches by keyset (`id > last`, procurements first, then register
contracts), each batch with its related rows prefetched; releases are written as they are made,
so memory does not grow with the number of contracts. `updated_from`/`updated_to` keep the
releases whose `date` falls within them (processes are pre-filtered in SQL on the same dates).
"""

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from functools import lru_cache
from types import SimpleNamespace

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from commissioning import terms
from commissioning.choices import AmendmentKind, BidStatus, ContractStatus, CriterionKind, ProcurementRoute, Stage
from commissioning.models import Bid, Contract, ContractAmendment, Criterion, Lot, Procurement, StageTransition

OCDS_VERSION = "1.1"
CURRENCY = "GBP"
BATCH_SIZE = 200

# Procurement Act 2023 notices (UK2: preliminary market engagement; UK5: transparency notice).
NOTICES = {
    "UK2": "Preliminary market engagement notice",
    "UK4": "Tender notice",
    "UK5": "Transparency notice",
    "UK6": "Contract award notice",
    "UK7": "Contract details notice",
    "UK10": "Contract change notice",
    "UK11": "Contract termination notice",
    "UK12": "Procurement termination notice",
}

# Route → the standard's procurementMethod (open, selective, limited, direct).
METHODS = {
    ProcurementRoute.OPEN: "open",
    ProcurementRoute.RESTRICTED: "selective",
    ProcurementRoute.COMPETITIVE_FLEXIBLE: "selective",
    ProcurementRoute.LIGHT_TOUCH: "open",
    ProcurementRoute.FRAMEWORK_CALL_OFF: "selective",
    ProcurementRoute.COLLABORATIVE: "open",
    ProcurementRoute.EXEMPTION: "limited",
    ProcurementRoute.DIRECT_AWARD: "direct",
}
UNCOMPETED = (ProcurementRoute.EXEMPTION, ProcurementRoute.DIRECT_AWARD)


# --- Scope ------------------------------------------------------------------------------------
def organisation_scope(organisation_id: int | None):
    """What a member of the organisation sees (None: every organisation's, as a superuser does):
    the export command's scope, given to the same visible_to() rule the API applies to its user."""
    if organisation_id is None:
        return SimpleNamespace(is_authenticated=True, is_superuser=True, organisation_id=None)
    return SimpleNamespace(is_authenticated=True, is_superuser=False, organisation_id=organisation_id)


@dataclass(frozen=True)
class Window:
    """The `updated_from`/`updated_to` filter: releases whose date is within it (either end open)."""

    start: datetime | None = None
    end: datetime | None = None

    def holds(self, moment: datetime) -> bool:
        """Whether a release dated `moment` (to the second, as releases are) is within."""
        start = self.start.replace(microsecond=0) if self.start else None
        return (start is None or moment >= start) and (self.end is None or moment <= self.end)


# --- Formatting -------------------------------------------------------------------------------
def ocid_prefix() -> str:
    return settings.OCDS_OCID_PREFIX


def _moment(value: datetime) -> str:
    return value.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _day_start(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _day_end(day: date) -> str:
    return f"{day.isoformat()}T23:59:59Z"


def _at(day: date) -> datetime:
    """A day as a moment (its start), for a release dated by a day only."""
    return datetime.combine(day, time(), tzinfo=UTC)


def _value(amount: Decimal | None) -> dict | None:
    # Pounds and pence are exact in a float up to ~£90 trillion; JSON has no decimal type.
    return None if amount is None else {"amount": float(amount), "currency": CURRENCY}


def _percent(weight: Decimal) -> str:
    """60.00 → "60", 12.50 → "12.5"."""
    return f"{weight:.2f}".rstrip("0").rstrip(".")


def _compact(data: dict) -> dict:
    """Drop empty members: the schema forbids null in most places and empty strings say nothing."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


class _Parties:
    """A release's parties, each organisation once with every role it plays."""

    def __init__(self):
        self._by_id: dict[str, dict] = {}

    def add(self, organisation, *roles: str) -> dict:
        """The organisation's reference ({id, name}), adding it (or its roles) to the parties."""
        party_id = f"org-{organisation.pk}"
        party = self._by_id.get(party_id)
        if party is None:
            party = _compact(
                {
                    "id": party_id,
                    "name": organisation.name,
                    "identifier": _identifier(organisation),
                    "contactPoint": _compact({"email": organisation.email, "telephone": organisation.phone}),
                    "roles": [],
                }
            )
            party.setdefault("roles", [])
            self._by_id[party_id] = party
        for role in roles:
            if role not in party["roles"]:
                party["roles"].append(role)
        return {"id": party_id, "name": organisation.name}

    def list(self) -> list[dict]:
        return list(self._by_id.values())


def _identifier(organisation) -> dict | None:
    """Companies House (GB-COH) or Charity Commission (GB-CHC) number where commissioning knows it."""
    # Only a profile fetched with select_related is read: a lazy one would be a query per party.
    profile = organisation._state.fields_cache.get("provider_profile")
    if profile is None:
        return None
    if profile.company_number:
        return {"scheme": "GB-COH", "id": profile.company_number, "legalName": organisation.name}
    if profile.charity_number:
        return {"scheme": "GB-CHC", "id": profile.charity_number, "legalName": organisation.name}
    return None


def _release(ocid: str, suffix: str, moment: datetime, tags: list[str], notice: str, parties: _Parties, **sections):
    release = {
        "ocid": ocid,
        "id": f"{ocid}-{suffix}",
        "date": _moment(moment),
        "tag": tags,
        "initiationType": "tender",
        "language": "en",
        "noticeType": notice,
        "parties": parties.list(),
    }
    release.update(_compact(sections))
    return release


# --- Contracts --------------------------------------------------------------------------------
def _status_now(contract: Contract, current_end: date, today: date) -> str:
    """The standard's contract status today: pending before its start, terminated once ended
    (early or at its current end), else active."""
    if contract.status == ContractStatus.TERMINATED or current_end < today:
        return "terminated"
    if contract.start_date > today:
        return "pending"
    return "active"


# relativedelta arithmetic is slow next to the rest of a release, and ends repeat (31 March of
# each year...): a bounded cache of (end, months) → new end.
_term_end_after = lru_cache(maxsize=8192)(terms.term_end_after)


def _max_extent(end: date, options_left: list[int], terminated: bool) -> date:
    if terminated:
        return end
    for months in options_left:
        end = _term_end_after(end, months)
    return end


def _amendments(contract: Contract) -> list[ContractAmendment]:
    """The contract's amendments in order: those read for its batch (_attach), else prefetched."""
    found = getattr(contract, "ocds_amendments", None)
    return found if found is not None else sorted(contract.amendments.all(), key=lambda a: a.sequence)


def _contract_states(contract: Contract):
    """The contract as awarded, then after each amendment: (amendment or None, end, total,
    maxExtentDate, terminated)."""
    options = contract.options
    end, total, used, terminated = contract.initial_end_date, contract.total_value, 0, False
    yield None, end, total, _max_extent(end, options, False), False
    for amendment in _amendments(contract):
        end = amendment.end_after or end
        total = amendment.total_after if amendment.total_after is not None else total
        if amendment.kind == AmendmentKind.EXTENSION:
            used += 1
        if amendment.kind == AmendmentKind.TERMINATION:
            terminated = True
        yield amendment, end, total, _max_extent(end, options[used:], terminated), terminated


def _contract_releases(
    contract: Contract,
    *,
    ocid: str,
    prefix: str,
    amendment_prefix: str,
    award: dict,
    award_id: str,
    buyer,
    parties_for,
    today: date,
    partners=(),
):
    """The contract's release (as awarded) and one per amendment (the contract after it)."""
    states = list(_contract_states(contract))
    status = _status_now(contract, states[-1][1], today)
    previous_id = None
    for amendment, end, total, max_extent, _terminated in states:
        parties = parties_for()
        buyer_ref = parties.add(buyer, "buyer")
        for partner in partners:
            parties.add(partner, "buyer")
        supplier = parties.add(contract.provider, "supplier")
        section = _compact(
            {
                "id": contract.reference,
                "awardID": award_id,
                "title": contract.title,
                "description": contract.description,
                "status": status,
                "period": {
                    "startDate": _day_start(contract.start_date),
                    "endDate": _day_end(end),
                    "maxExtentDate": _day_end(max_extent),
                },
                "value": _value(total),
            }
        )
        if amendment is None:
            suffix = prefix
            release = _release(
                ocid,
                suffix,
                contract.created_at,
                ["award", "contract"] if award.get("standalone") else ["contract"],
                "UK7",
                parties,
                buyer=buyer_ref,
                awards=[_award_section(award, supplier)] if award.get("standalone") else None,
                contracts=[section],
            )
        else:
            suffix = f"{amendment_prefix}amendment-{amendment.sequence}"
            section["amendments"] = [
                _compact(
                    {
                        "id": str(amendment.sequence),
                        "date": _day_start(amendment.effective_on),
                        "rationale": amendment.rationale,
                        "description": _amendment_description(amendment),
                        "amendsReleaseID": previous_id,
                        "releaseID": f"{ocid}-{suffix}",
                    }
                )
            ]
            termination = amendment.kind == AmendmentKind.TERMINATION
            release = _release(
                ocid,
                suffix,
                amendment.recorded_at,
                ["contractTermination" if termination else "contractAmendment"],
                amendment.notice_kind or ("UK11" if termination else "UK10"),
                parties,
                buyer=buyer_ref,
                contracts=[section],
            )
        previous_id = release["id"]
        yield release


def _amendment_description(amendment: ContractAmendment) -> str:
    parts = [amendment.get_kind_display()]
    if amendment.option_months:
        parts.append(f"{terms.months_label(amendment.option_months)} option exercised")
    if amendment.scope_after:
        parts.append(f"scope now: {amendment.scope_after}")
    if amendment.decision_body or amendment.decision_reference:
        parts.append(f"decided by {amendment.decision_body or amendment.decision_maker} {amendment.decision_reference}")
    return "; ".join(part.strip() for part in parts if part.strip())


def _award_section(award: dict, supplier: dict) -> dict:
    return _compact({**{k: v for k, v in award.items() if k != "standalone"}, "suppliers": [supplier]})


def register_contract_releases(contract: Contract, today: date) -> Iterator[dict]:
    """The releases of a contract no procurement here awarded: its own process."""
    ocid = f"{ocid_prefix()}-contract-{contract.pk}"
    award = {
        "standalone": True,
        "id": "award",
        "title": contract.title,
        "status": "active",
        "date": _day_start(contract.start_date),
        "value": _value(contract.total_value),
    }
    yield from _contract_releases(
        contract,
        ocid=ocid,
        prefix="contract",
        amendment_prefix="",
        award=award,
        award_id="award",
        buyer=contract.accountable_body,
        parties_for=_Parties,
        today=today,
        partners=contract.ocds_partners,
    )


# --- Procurements -----------------------------------------------------------------------------
def _criteria(lot: Lot) -> list[dict]:
    """The lot's top-level award criteria with their weights (percentages of the whole), each
    one's sub-criteria named in its description."""
    top = [c for c in lot.criteria.all() if c.parent_id is None]
    children: dict[int, list[Criterion]] = {}
    for criterion in lot.criteria.all():
        if criterion.parent_id is not None:
            children.setdefault(criterion.parent_id, []).append(criterion)
    out = []
    for criterion in top:
        parts = children.get(criterion.pk, [])
        named = "; ".join(f"{part.name} ({_percent(part.weight)}%)" for part in parts)
        description = f"Made up of: {named}" if parts else ""
        if criterion.kind == CriterionKind.PRICE and criterion.price_formula:
            description = f"{criterion.get_price_formula_display()}. {description}".strip()
        out.append(
            _compact(
                {
                    "type": "price" if criterion.kind == CriterionKind.PRICE else "quality",
                    "name": criterion.name,
                    "description": description,
                    "numbers": [{"number": float(criterion.weight), "weight": "percentageExact"}],
                }
            )
        )
    return out


def _lot(lot: Lot) -> dict:
    options = terms.parse_options(lot.extension_options)
    criteria = _criteria(lot)
    return _compact(
        {
            "id": str(lot.number),
            "title": lot.title,
            "description": lot.description,
            "value": _value(lot.value),
            "contractPeriod": {"durationInDays": round(lot.term_months * 365.25 / 12)},
            "hasOptions": bool(options),
            "options": {"description": f"Extension options: {terms.options_label(options)}"} if options else None,
            "awardCriteria": {"criteria": criteria} if criteria else None,
        }
    )


def _tender(procurement: Procurement, status: str, lots: list[Lot]) -> dict:
    weights = []
    for lot in lots:
        top = [f"{c.name} {_percent(c.weight)}%" for c in lot.criteria.all() if c.parent_id is None]
        if top:
            weights.append(f"Lot {lot.number}: " + ", ".join(top))
    transitions = {t.to_stage: t.on for t in procurement.transitions.all()}
    opened = transitions.get(Stage.INVITATION_TO_TENDER)
    closed = transitions.get(Stage.EVALUATION)
    return _compact(
        {
            "id": procurement.reference,
            "title": procurement.title,
            "description": procurement.description,
            "status": status,
            "statusDetails": procurement.cancellation_reason if status == "cancelled" else "",
            "procurementMethod": METHODS.get(procurement.route, "open"),
            "procurementMethodDetails": procurement.get_route_display(),
            "procurementMethodRationale": procurement.exemption_approval if procurement.route in UNCOMPETED else "",
            "mainProcurementCategory": "services",
            "value": _value(procurement.estimated_value),
            "awardCriteria": "ratedCriteria" if weights else None,
            "awardCriteriaDetails": "; ".join(weights),
            "tenderPeriod": _compact(
                {"startDate": opened and _day_start(opened), "endDate": closed and _day_end(closed)}
            ),
            "lots": [_lot(lot) for lot in lots],
        }
    )


def procurement_releases(procurement: Procurement, today: date) -> Iterator[dict]:
    """The releases of one procurement's process (its related rows prefetched by _procurements)."""
    ocid = f"{ocid_prefix()}-proc-{procurement.pk}"
    lots = list(procurement.lots.all())
    transitions = list(procurement.transitions.all())
    contracts = {contract.pk: contract for contract in procurement.contracts.all()}

    def parties() -> _Parties:
        found = _Parties()
        found.add(procurement.organisation, "buyer")
        for partner in procurement.run_for.all():
            found.add(partner, "buyer")
        found.add(procurement.lead_organisation or procurement.organisation, "procuringEntity")
        return found

    def buyer(found: _Parties) -> dict:
        return found.add(procurement.organisation, "buyer")

    found = parties()
    yield _release(
        ocid,
        "planning",
        procurement.created_at,
        ["planning"],
        "UK2",
        found,
        buyer=buyer(found),
        tender=_tender(procurement, "planning", lots),
    )
    opened = next(
        (t for t in transitions if t.from_stage == Stage.MARKET_ENGAGEMENT and t.to_stage != Stage.CANCELLED), None
    )
    if opened is not None:
        found = parties()
        yield _release(
            ocid,
            "tender",
            opened.recorded_at,
            ["tender"],
            "UK5" if procurement.route in UNCOMPETED else "UK4",
            found,
            buyer=buyer(found),
            tender=_tender(procurement, "active", lots),
        )
    cancelled = next((t for t in transitions if t.to_stage == Stage.CANCELLED), None)
    if cancelled is not None:
        found = parties()
        yield _release(
            ocid,
            "cancellation",
            cancelled.recorded_at,
            ["tenderCancellation"],
            "UK12",
            found,
            buyer=buyer(found),
            tender=_tender(procurement, "cancelled", lots),
        )
    for lot in lots:
        bid = lot.awarded_bid
        if bid is None:
            continue
        contract = contracts.get(lot.contract_id)
        found = parties()
        tenderers = [found.add(b.bidder, "tenderer") for b in lot.bids.all()]
        supplier = found.add(bid.bidder, "supplier", "tenderer")
        award_id = f"lot-{lot.number}"
        award = {
            "id": award_id,
            "title": lot.title,
            "status": "active",
            "date": lot.awarded_on and _day_start(lot.awarded_on),
            "value": _value(contract.total_value if contract else (bid.price or lot.value)),
            "relatedLots": [str(lot.number)],
        }
        moment = contract.created_at if contract else _at(lot.awarded_on or procurement.created_at.date())
        yield _release(
            ocid,
            f"award-lot-{lot.number}",
            moment,
            ["award"],
            "UK6",
            found,
            buyer=buyer(found),
            tender={"id": procurement.reference, "tenderers": tenderers, "numberOfTenderers": len(tenderers)},
            awards=[_award_section(award, supplier)],
        )
        if contract is not None:
            yield from _contract_releases(
                contract,
                ocid=ocid,
                prefix=f"contract-{contract.pk}",
                amendment_prefix=f"contract-{contract.pk}-",
                award=award,
                award_id=award_id,
                buyer=procurement.organisation,
                parties_for=parties,
                today=today,
            )


# --- Reading in batches -----------------------------------------------------------------------
def _contracts_queryset(scope):
    return (
        Contract.objects.visible_to(scope)
        .select_related("provider__provider_profile", "accountable_body")
        .prefetch_related(Prefetch("amendments", queryset=ContractAmendment.objects.order_by("sequence")))
    )


def _procurements(scope, window: Window):
    queryset = Procurement.objects.visible_to(scope)
    if window.end is not None:
        queryset = queryset.filter(created_at__lte=window.end)
    if window.start is not None:
        since = window.start
        queryset = queryset.filter(
            Q(created_at__gte=since)
            | Exists(StageTransition.objects.filter(procurement=OuterRef("pk"), recorded_at__gte=since))
            | Exists(Contract.objects.filter(procurement=OuterRef("pk"), created_at__gte=since))
            | Exists(ContractAmendment.objects.filter(contract__procurement=OuterRef("pk"), recorded_at__gte=since))
        )
    return queryset.select_related("organisation", "lead_organisation").prefetch_related(
        "run_for",
        Prefetch("transitions", queryset=StageTransition.objects.order_by("recorded_at", "id")),
        Prefetch(
            "lots",
            queryset=Lot.objects.order_by("number")
            .select_related("awarded_bid__bidder__provider_profile")
            .prefetch_related(
                Prefetch("criteria", queryset=Criterion.objects.order_by("position", "id")),
                Prefetch(
                    "bids",
                    queryset=Bid.objects.filter(status=BidStatus.SUBMITTED)
                    .select_related("bidder__provider_profile")
                    .order_by("bidder__name", "id"),
                ),
            ),
        ),
        Prefetch("contracts", queryset=_contracts_queryset(scope)),
    )


def _register_contracts(scope, window: Window):
    queryset = Contract.objects.visible_to(scope).filter(procurement__isnull=True)
    if window.end is not None:
        queryset = queryset.filter(created_at__lte=window.end)
    if window.start is not None:
        since = window.start
        queryset = queryset.filter(
            Q(created_at__gte=since)
            | Exists(ContractAmendment.objects.filter(contract=OuterRef("pk"), recorded_at__gte=since))
        )
    return queryset.select_related("provider__provider_profile", "accountable_body")


def _attach(contracts: list[Contract]) -> None:
    """Read a batch's amendments and partners in one query each, grouped by contract: what
    prefetch_related would do, without a related manager and a queryset per contract (a third
    of the export's time at 100,000 contracts)."""
    ids = [contract.pk for contract in contracts]
    amendments: dict[int, list[ContractAmendment]] = {pk: [] for pk in ids}
    for amendment in ContractAmendment.objects.filter(contract_id__in=ids).order_by("contract_id", "sequence"):
        amendments[amendment.contract_id].append(amendment)
    partners: dict[int, list] = {pk: [] for pk in ids}
    links = Contract.on_behalf_of.through.objects.filter(contract_id__in=ids).select_related("organisation")
    for link in links.order_by("contract_id", "organisation__name"):
        partners[link.contract_id].append(link.organisation)
    for contract in contracts:
        contract.ocds_amendments = amendments[contract.pk]
        contract.ocds_partners = partners[contract.pk]


# The two kinds of process, in the order they are read: a position is (kind, last id read).
SOURCES = ("proc", "contract")


@dataclass(frozen=True)
class Position:
    """Where a read stopped: after process `id` of `kind` (procurements come before contracts)."""

    kind: str = SOURCES[0]
    id: int = 0

    def encode(self) -> str:
        return f"{self.kind}:{self.id}"

    @classmethod
    def decode(cls, text: str) -> "Position":
        """ValueError for anything that is not a position this module wrote."""
        kind, _, number = text.partition(":")
        if kind not in SOURCES or not number.isdigit():
            raise ValueError("Not a position of the OCDS export.")
        return cls(kind, int(number))


def processes(
    scope, window: Window = Window(), after: Position = Position(), limit: int | None = None, batch: int = BATCH_SIZE
) -> Iterator[tuple[Position, list[dict]]]:
    """Each contracting process in scope after `after`, as (its position, its releases within the
    window), at most `limit` of them; read `batch` at a time by keyset, never the whole table."""
    today = timezone.localdate()
    sent = 0
    readers = {
        "proc": (lambda: _procurements(scope, window), procurement_releases, None),
        "contract": (lambda: _register_contracts(scope, window), register_contract_releases, _attach),
    }
    for kind in SOURCES[SOURCES.index(after.kind) :]:
        queryset, releases_of, attach = readers[kind]
        last = after.id if kind == after.kind else 0
        while limit is None or sent < limit:
            size = batch if limit is None else min(batch, limit - sent)
            rows = list(queryset().filter(pk__gt=last).order_by("pk")[:size])
            if attach and rows:
                attach(rows)
            for row in rows:
                last = row.pk
                sent += 1
                yield Position(kind, row.pk), [r for r in releases_of(row, today) if window.holds(_parse(r["date"]))]
            if len(rows) < size:
                break
        if limit is not None and sent >= limit:
            return


def more_after(scope, window: Window, position: Position) -> bool:
    """Whether any process in scope comes after `position` (the API's next link)."""
    if position.kind == "proc":
        if _procurements(scope, window).filter(pk__gt=position.id).exists():
            return True
        return _register_contracts(scope, window).exists()
    return _register_contracts(scope, window).filter(pk__gt=position.id).exists()


def _parse(moment: str) -> datetime:
    return datetime.fromisoformat(moment.replace("Z", "+00:00"))


# --- Writing the package ----------------------------------------------------------------------
def package_chunks(
    releases: Iterable[dict], *, uri: str, links: Iterator[dict] | None = None, published: datetime | None = None
) -> Iterator[str]:
    """The release package as JSON text, in pieces as the releases come (never held whole).
    `links`, when given, is read after the releases (the next page is known only then)."""
    head = {
        "uri": uri,
        "version": OCDS_VERSION,
        "publishedDate": _moment(published or timezone.now()),
        "publisher": {"name": settings.OCDS_PUBLISHER_NAME},
        "license": settings.OCDS_LICENSE,
        "publicationPolicy": settings.OCDS_PUBLICATION_POLICY,
    }
    yield json.dumps(_compact(head), ensure_ascii=False)[:-1] + ', "releases": ['
    buffer: list[str] = []
    size = 0
    first = True
    for release in releases:
        text = json.dumps(release, ensure_ascii=False, separators=(",", ":"))
        buffer.append(text if first else "," + text)
        first = False
        size += len(text)
        if size >= 64 * 1024:  # one write per ~64 KB, not one per release
            yield "".join(buffer)
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer)
    tail = "]"
    found = next(links, None) if links is not None else None
    if found:
        tail += ', "links": ' + json.dumps(found)
    yield tail + "}\n"


def releases_of(batches: Iterable[tuple[Position, list[dict]]]) -> Iterator[dict]:
    for _position, releases in batches:
        yield from releases
