"""The foundation's part of the benchmark: organisations, areas, users, and one persona per role
that the harness signs in with (username `bench_<role>`, password BENCH_PASSWORD, and a TOTP
device with a known key, since administrators and finance officers need two factors)."""

import hashlib
from datetime import UTC, datetime, timedelta

from django.contrib.auth.hashers import make_password

from accounts.choices import AreaLevel, OrganisationKind, Role
from bench.spec import BenchContext, Endpoint, Scale, copy_rows

BENCH_PASSWORD = "bench-password-not-secret-2026"  # noqa: S105  # nosec B105 - throwaway bench database

PERSONAS: dict[str, str] = {
    Role.COMMISSIONER: "bench_commissioner",
    Role.CSC_OFFICER: "bench_csc_officer",
    Role.FINANCE_OFFICER: "bench_finance_officer",
    Role.BROKERAGE_OFFICER: "bench_brokerage_officer",
    Role.ADMINISTRATOR: "bench_administrator",
}


def totp_key(username: str) -> str:
    """The persona's TOTP secret (hex, as django-otp stores it): fixed, so the harness can
    compute the current code."""
    return hashlib.sha1(f"bench-totp-{username}".encode(), usedforsecurity=False).hexdigest()


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


PLACES = _words(
    "Oxford Banbury Witney Bicester Didcot Abingdon Exeter Barnstaple Tiverton Torquay Plymouth "
    "Newton Middlesbrough Redcar Guisborough Stockton Doncaster Rotherham Sheffield Leeds Bradford "
    "York Hull Lincoln Norwich Ipswich Cambridge Peterborough Luton Reading Swindon Bristol Bath "
    "Gloucester Worcester Hereford Shrewsbury Stoke Derby Nottingham Leicester Coventry Warwick "
    "Northampton Bedford Oldham Bolton Wigan Preston Blackburn Lancaster Carlisle Durham Sunderland "
    "Gateshead Hexham Kendal Chester Crewe Stafford Telford Dudley Walsall Solihull Slough Guildford "
    "Woking Crawley Brighton Hastings Maidstone Canterbury Dover Chelmsford Colchester Southend "
    "Harlow Watford Stevenage"
)

KIND_SUFFIXES = {
    OrganisationKind.COUNCIL: "Council",
    OrganisationKind.NHS_BODY: "Integrated Care Board",
    OrganisationKind.PROVIDER: "Care Services Ltd",
    OrganisationKind.VOLUNTARY: "Carers Centre",
}
# One organisation in five is a council, one in ten an NHS body, half are providers.
_KINDS = {kind.value: kind for kind in OrganisationKind}
KIND_CYCLE = [
    _KINDS[name]
    for name in _words("council provider voluntary provider provider council nhs_body provider voluntary provider")
]
LOCALITIES_PER_COUNTY = 4
WARDS_PER_LOCALITY = 6
EPOCH = datetime(2016, 4, 1, 9, 0, tzinfo=UTC)
FIRST_NAMES = _words("Sam Alex Chris Jo Priya Amir Fran Bea Ade Kim Lee Morgan Rowan Tariq Nia Ewan Ruth Omar")
LAST_NAMES = _words("Smith Jones Patel Khan Taylor Brown Williams Wilson Evans Thomas Roberts Walker Okafor Holt")


def _organisation_name(index: int, kind: str) -> str:
    place = PLACES[index % len(PLACES)]
    cycle = index // len(PLACES)
    return f"{place}{f' {cycle + 1}' if cycle else ''} {KIND_SUFFIXES[kind]}"


def generate(conn, scale: Scale) -> dict[str, int]:
    """Organisations, areas (county → locality → ward under each council), officers and the
    bench personas, each with their role group."""
    kinds = [KIND_CYCLE[i % len(KIND_CYCLE)] for i in range(scale.organisations)]
    written = {
        "accounts_organisation": copy_rows(
            conn,
            "accounts_organisation",
            ["id", "name", "kind", "reference", "address", "email", "phone", "is_active", "created_at", "updated_at"],
            (
                (
                    i + 1,
                    _organisation_name(i, kind),
                    kind,
                    f"ODS{i + 1:05d}" if kind == OrganisationKind.NHS_BODY else "",
                    f"{i + 1} High Street, {PLACES[i % len(PLACES)]}",
                    f"contact{i + 1}@example.org",
                    f"01{i % 1000:03d} {i % 900000 + 100000}",
                    i % 50 != 0,  # a few inactive ones, as real registers have
                    EPOCH + timedelta(days=i % 3650),
                    EPOCH + timedelta(days=i % 3650),
                )
                for i, kind in enumerate(kinds)
            ),
        )
    }
    councils = [i + 1 for i, kind in enumerate(kinds) if kind == OrganisationKind.COUNCIL]
    written["accounts_area"] = copy_rows(
        conn,
        "accounts_area",
        ["id", "name", "level", "parent_id", "council_id", "code", "postcode_districts"],
        _areas(councils),
    )
    written.update(_users(conn, scale, councils))
    return written


def _areas(councils: list[int]):
    """Rows for each council's county, its localities and their wards, with postcode districts
    such as `OX15 OX16` on the localities."""
    next_id = 1
    for number, council in enumerate(councils):
        place = PLACES[number % len(PLACES)]
        prefix = "".join(ch for ch in place.upper() if ch.isalpha())[:2]
        county = next_id
        next_id += 1
        yield (county, f"{place} {number + 1}", AreaLevel.COUNTY, None, council, f"E10{county:06d}", "")
        for locality_number in range(LOCALITIES_PER_COUNTY):
            locality = next_id
            next_id += 1
            districts = " ".join(f"{prefix}{locality_number * 5 + d + 1}" for d in range(5))
            name = f"{('North', 'South', 'East', 'West')[locality_number]} {place}"
            yield (locality, name, AreaLevel.LOCALITY, county, council, f"E07{locality:06d}", districts)
            for ward_number in range(WARDS_PER_LOCALITY):
                ward = next_id
                next_id += 1
                yield (ward, f"{name} ward {ward_number + 1}", AreaLevel.WARD, locality, council, f"E05{ward:06d}", "")


def _users(conn, scale: Scale, councils: list[int]) -> dict[str, int]:
    groups = dict(conn.execute("SELECT name, id FROM auth_group").fetchall())
    password = make_password(BENCH_PASSWORD, salt="benchsalt")  # one fixed hash: deterministic and fast
    roles = list(Role)
    users, memberships = [], []
    for number, (role, username) in enumerate(PERSONAS.items(), start=1):
        users.append((number, username, "Bench", role.value, councils[0], role.value))
        memberships.append((number, number, groups[role.value]))
    for i in range(scale.users):
        user_id = len(PERSONAS) + i + 1
        role = roles[i % len(roles)]
        first, last = FIRST_NAMES[i % len(FIRST_NAMES)], LAST_NAMES[(i * 7) % len(LAST_NAMES)]
        users.append(
            (user_id, f"{first.lower()}.{last.lower()}.{i + 1}", first, last, councils[i % len(councils)], role.value)
        )
        memberships.append((user_id, user_id, groups[role.value]))
    written = {
        "accounts_user": copy_rows(
            conn,
            "accounts_user",
            [
                "id",
                "password",
                "is_superuser",
                "username",
                "first_name",
                "last_name",
                "email",
                "is_staff",
                "is_active",
                "date_joined",
                "job_title",
                "organisation_id",
            ],
            (
                (pk, password, False, name, first, last, f"{name}@example.gov.uk", False, True, EPOCH, title, org)
                for pk, name, first, last, org, title in users
            ),
        ),
        "accounts_user_groups": copy_rows(conn, "accounts_user_groups", ["id", "user_id", "group_id"], memberships),
    }
    written["otp_totp_totpdevice"] = copy_rows(
        conn,
        "otp_totp_totpdevice",
        ["name", "confirmed", "key", "step", "t0", "digits", "tolerance", "drift", "last_t", "user_id"]
        + ["throttling_failure_count"],
        (
            ("Bench authenticator", True, totp_key(username), 30, 0, 6, 1, 0, -1, number, 0)
            for number, username in enumerate(PERSONAS.values(), start=1)
        ),
    )
    return written


def endpoints(ctx: BenchContext) -> list[Endpoint]:
    """Organisations and areas (API and pages), the users list, each role's home page, health."""
    endpoints = [
        Endpoint(
            "organisations API, page 1",
            Role.COMMISSIONER,
            ["/api/organisations/"],
            floor=(
                "SELECT o.*, (SELECT count(*) FROM accounts_user u WHERE u.organisation_id = o.id) "
                "FROM accounts_organisation o ORDER BY o.id DESC LIMIT 51"
            ),
            floor_params=[()],
            json=True,
            max_queries=10,
        ),
        Endpoint(
            "organisations API, search",
            Role.COMMISSIONER,
            [f"/api/organisations/?q={place}" for place in PLACES[:8]],
            floor=(
                "SELECT o.* FROM accounts_organisation o WHERE o.name ILIKE %s OR o.reference ILIKE %s "
                "ORDER BY o.id DESC LIMIT 51"
            ),
            floor_params=[(f"%{place}%", f"%{place}%") for place in PLACES[:8]],
            json=True,
            max_queries=10,
        ),
        Endpoint(
            "areas API, page 1",
            Role.CSC_OFFICER,
            ["/api/areas/"],
            floor="SELECT a.*, p.name FROM accounts_area a LEFT JOIN accounts_area p ON p.id = a.parent_id "
            "ORDER BY a.id DESC LIMIT 51",
            floor_params=[()],
            json=True,
            max_queries=10,
        ),
        Endpoint(
            "users API, page 1",
            Role.ADMINISTRATOR,
            ["/api/users/"],
            floor="SELECT u.*, o.name FROM accounts_user u LEFT JOIN accounts_organisation o "
            "ON o.id = u.organisation_id ORDER BY u.id DESC LIMIT 51",
            floor_params=[()],
            json=True,
            max_queries=10,
        ),
        Endpoint("organisations page", Role.COMMISSIONER, ["/accounts/organisations/"], max_queries=15),
        Endpoint("areas page", Role.CSC_OFFICER, ["/accounts/areas/"], max_queries=15),
        Endpoint("users page", Role.ADMINISTRATOR, ["/accounts/users/"], max_queries=15),
    ]
    endpoints += [Endpoint(f"home page ({role.value})", role, ["/"], max_queries=20) for role in PERSONAS]
    endpoints.append(Endpoint("health check", Role.CSC_OFFICER, ["/healthz"], floor="SELECT 1", floor_params=[()]))
    return endpoints
