# ruff: noqa: S608 - the SQL below is built from our own constants and integers, never from input
"""What the carers app's benchmark measures (see bench/spec.py): endpoints() and quality().

Kept apart from carers/bench.py, which generates the data: the bench database's fingerprint hashes
each app's bench module, so changing what is measured here does not regenerate a million carers.
"""

import json
from urllib.parse import quote

from accounts.choices import Role
from bench.spec import BenchContext, Endpoint
from carers import matching, search_quality, selectors
from carers.selectors import SEARCH_CANDIDATES, SEARCH_LIMIT, parse_search

HEAVY_CARERS = 20  # as carers.bench.HEAVY_CARERS (the carers given 200 extra contacts each)


# --- What to measure --------------------------------------------------------------------------
_SWAPS = [("i", "y"), ("ph", "f"), ("th", "t"), ("ck", "k"), ("ee", "ea"), ("ou", "ow"), ("y", "ie"), ("a", "e")]


def misspell(name: str, n: int) -> str:
    """A misspelling of the kind people make on the phone: a swapped sound, a dropped double
    letter or a lost last letter — deterministic for (name, n)."""
    lowered = name.lower()
    for old, new in _SWAPS[n % len(_SWAPS) :] + _SWAPS[: n % len(_SWAPS)]:
        if old in lowered:
            return lowered.replace(old, new, 1)
    for index in range(len(lowered) - 1):
        if lowered[index] == lowered[index + 1]:
            return lowered[:index] + lowered[index + 1 :]
    return lowered[:-1] if len(lowered) > 4 else lowered


# The search's candidate step as carers.selectors.search_queryset asks it: {narrow} is what the
# postcode, phone or date of birth adds, {where} the entries' condition the selector itself builds
# (selectors._entries_where: the organisation, then each word's keys ORed). Params: the
# organisation, the narrowing value, then the condition's own.
CANDIDATE_SQL = (
    "SELECT c.id, c.first_name, c.last_name, EXTRACT(EPOCH FROM c.last_contact_at)::float8 AS last_contact_at "
    "FROM carers_carer c "
    "WHERE c.organisation_id = %s AND c.status = 'active'{narrow} AND c.id = ANY(ARRAY(SELECT carer_id FROM "
    "carers_carersearchentry WHERE {where})) "
    f"ORDER BY c.last_contact_at DESC NULLS LAST, c.id LIMIT {SEARCH_CANDIDATES}"
)
NARROW_SQL = {
    "postcode": " AND c.search_postcode = %s",
    "outward": " AND c.search_postcode LIKE %s",
    "phone": " AND c.search_phone = %s",
    "date_of_birth": " AND c.date_of_birth = %s",
}
_QUALITY: dict = {}  # the quality set endpoints() made, for quality() to score


def _quality_cases(conn, home_id) -> tuple[list, dict]:
    rows = [
        search_quality.Row(*row)
        for row in conn.execute(
            "SELECT id, first_name, last_name, date_of_birth, phone, postcode, last_contact_at FROM carers_carer "
            "WHERE organisation_id = %s AND status = 'active'",
            [home_id],
        )
    ]
    forms: dict[str, set[str]] = {}
    for familiar, formal in conn.execute("SELECT familiar, formal FROM carers_firstnameform"):
        forms.setdefault(familiar, set()).add(formal)
        forms.setdefault(formal, set()).add(familiar)
    return search_quality.build(rows, forms), forms


def _floor_for(query: str, forms: dict, home_id) -> tuple[str, tuple]:
    """The candidate SQL of one query and its parameters, computed as the selector computes them."""
    terms = parse_search(query)
    name = matching.name_query(terms.name, forms)
    narrow, narrow_params = "", []
    if terms.date_of_birth:
        narrow, narrow_params = NARROW_SQL["date_of_birth"], [terms.date_of_birth]
    elif terms.phone:
        narrow, narrow_params = NARROW_SQL["phone"], [terms.phone]
    elif terms.postcode and " " in terms.postcode:
        narrow, narrow_params = NARROW_SQL["postcode"], [terms.postcode]
    elif terms.postcode:
        narrow, narrow_params = NARROW_SQL["outward"], [terms.postcode + " %"]
    where, where_params = selectors._entries_where(name.groups, home_id)
    return CANDIDATE_SQL.format(narrow=narrow, where=where), (home_id, *narrow_params, *where_params)


def _quality_endpoints(cases, forms, home_id) -> list[Endpoint]:
    """One endpoint per kind of query, each query's floor its own candidate SQL (one OR per key:
    the SQL's shape follows the words' lengths)."""
    out = []
    for kind in search_quality.KINDS:
        mine = [case for case in cases if case.kind == kind]
        floors = [_floor_for(case.query, forms, home_id) for case in mine]
        if not mine:
            continue
        out.append(
            Endpoint(
                f"carer search quality set: {kind} (API)",
                Role.CSC_OFFICER,
                [f"/api/carers/?q={quote(case.query)}" for case in mine],
                floors=[sql for sql, _ in floors],
                floor_params=[params for _, params in floors],
                json=True,
                target_p95_ms=100,
                max_queries=12,
                check=lambda status, body: status == 200 and body.startswith(b'{"next"'),
            )
        )
    return out


def quality(get) -> dict:
    """Recall in the top 10 of the quality set, through the API as the CSC officer; `get(role,
    path)` answers (status, body)."""
    cases = _QUALITY.get("cases", [])
    found = {}
    for case in cases:
        status, body = get(Role.CSC_OFFICER, f"/api/carers/?q={quote(case.query)}")
        found[case.query] = [row["id"] for row in json.loads(body)["results"]] if status == 200 else []
    return search_quality.recall(cases, found) if cases else {}


def endpoints(ctx: BenchContext) -> list[Endpoint]:
    """Carer search through the API (misspelt names), a carer's page with 200 contacts, and
    logging a contact through the API."""
    conn = ctx.conn
    home = conn.execute("SELECT organisation_id FROM accounts_user WHERE username = 'bench_csc_officer'").fetchone()
    home_id = home[0] if home else None
    stride = max(1, ctx.scale.carers // 5000)  # spread the sample over the whole register
    people = conn.execute(
        "SELECT id, first_name, last_name FROM carers_carer WHERE organisation_id = %s AND status = 'active' "
        "AND id %% %s = 0 ORDER BY id LIMIT 40",
        [home_id, stride],
    ).fetchall()
    queries = [f"{misspell(first, i)} {misspell(last, i + 3)}" for i, (_, first, last) in enumerate(people)]
    # Two words each (the floor's shape): a double-barrelled or particle surname would make three.
    queries = [q for q in queries if len(matching.name_query(q).groups) == 2]
    # The heavy carers of the persona's council: about 200 contacts each (see generate()).
    last_id = conn.execute("SELECT COALESCE(max(id), 0) FROM carers_carer").fetchone()[0]
    count = min(HEAVY_CARERS, ctx.scale.carers)
    step = max(ctx.scale.carers // count, 1)
    heavy = conn.execute(
        "SELECT c.id FROM carers_carer c WHERE c.id = ANY(%s) AND c.organisation_id = %s "
        "AND (SELECT count(*) FROM carers_contact ct WHERE ct.carer_id = c.id) BETWEEN 200 AND 400 "
        "ORDER BY c.id DESC LIMIT 10",
        [[last_id - j * step for j in range(count)], home_id],
    ).fetchall()
    heavy_ids = [row[0] for row in heavy]
    reason = conn.execute("SELECT id FROM carers_contactreason ORDER BY id LIMIT 1").fetchone()
    bodies = [
        {
            "carer": carer_id,
            "reason": reason[0] if reason else None,
            "channel": "phone",
            "outcome": "information",
            "advice_given": "Benchmark: explained the carers assessment.",
            "referrals": ["carers_assessment"],
        }
        for carer_id, _, _ in people[:20]
    ]
    # The KPI page for the persona's council: each financial year once uncached, then from the
    # cache (as officers see it, the warming task keeping it so); and one area and year per request,
    # never cached, for the cost of counting.
    years = list(range(2022, 2027))
    areas = [
        row[0]
        for row in conn.execute(
            "SELECT id FROM accounts_area WHERE council_id = %s ORDER BY id LIMIT 20", [home_id]
        ).fetchall()
    ]
    uncached = [
        f"/carers/kpis/?organisation={home_id}&year={years[i % len(years)]}&area={a}" for i, a in enumerate(areas)
    ]
    export_filter = "hours_band=50_plus"
    cases, forms = _quality_cases(conn, home_id)
    _QUALITY["cases"] = cases
    smith_names = ("Smith", "Jones", "Smiht", "Williams", "Brown")
    smith = [f"/api/carers/?q={name}" for name in smith_names]
    common = Endpoint(
        "carer search, a common surname alone (API)",
        Role.CSC_OFFICER,
        smith,
        floors=[_floor_for(name, forms, home_id)[0] for name in smith_names],
        floor_params=[_floor_for(name, forms, home_id)[1] for name in smith_names],
        json=True,
        target_p95_ms=100,
        max_queries=12,
        check=(
            # A full page at the bench's scales; the tiny one (the harness's own tests) has too few
            # carers for twenty Smiths, so there it may only not exceed the page.
            (lambda status, body: status == 200 and body.count(b'"id"') <= SEARCH_LIMIT)
            if ctx.scale.name == "tiny"
            else (lambda status, body: status == 200 and body.count(b'"id"') == SEARCH_LIMIT)
        ),
    )
    return [
        Endpoint(
            "carer search, misspelt name (API)",
            Role.CSC_OFFICER,
            [f"/api/carers/?q={quote(q)}" for q in queries],
            floors=[_floor_for(q, forms, home_id)[0] for q in queries],
            floor_params=[_floor_for(q, forms, home_id)[1] for q in queries],
            json=True,
            target_p95_ms=100,
            max_queries=12,
            check=lambda status, body: status == 200 and body.startswith(b'{"next"'),
        ),
        Endpoint(
            "carer page, 200 contacts",
            Role.CSC_OFFICER,
            [f"/carers/{pk}/" for pk in heavy_ids],
            floor=(
                "SELECT ct.*, r.name FROM carers_contact ct JOIN carers_contactreason r ON r.id = ct.reason_id "
                "WHERE ct.carer_id = %s ORDER BY ct.contacted_at DESC LIMIT 200"
            ),
            floor_params=[(pk,) for pk in heavy_ids],
            target_p95_ms=150,
            max_queries=30,
        ),
        Endpoint(
            "log a contact (API POST)",
            Role.CSC_OFFICER,
            ["/api/carer-contacts/"] * len(bodies),
            method="POST",
            bodies=bodies,
            json=True,
            target_p95_ms=100,
            max_queries=25,
            check=lambda status, body: status == 201,
        ),
        Endpoint(
            "carer KPI page (cached)",
            Role.COMMISSIONER,
            [f"/carers/kpis/?organisation={home_id}&year={year}" for year in years],
            target_p95_ms=500,
            max_queries=25,
        ),
        Endpoint(
            "carer KPI page (counted afresh: one area and year each)",
            Role.COMMISSIONER,
            uncached or [f"/carers/kpis/?organisation={home_id}"],
            target_p95_ms=500,
            max_queries=30,
        ),
        Endpoint(
            "carers CSV export (50+ hours a week)",
            Role.CSC_OFFICER,
            [f"/carers/export/?{export_filter}"],
            floor=(
                "SELECT c.id, c.first_name, c.last_name, c.date_of_birth, c.phone, c.email, c.postcode, a.name, "
                "c.hours_band, c.identification_source, c.identified_on, c.employment, c.consent_to_share, "
                "c.last_contact_at FROM carers_carer c LEFT JOIN accounts_area a ON a.id = c.area_id "
                "WHERE c.organisation_id = %s AND c.status = 'active' AND c.hours_band = '50_plus' ORDER BY c.id"
            ),
            floor_params=[(home_id,)],
            export=True,
            check=lambda status, body: status == 200,
        ),
        common,
        *_quality_endpoints(cases, forms, home_id),
    ]
