"""Demo organisations, areas and one user per role, from the seed reports (shared/seeds)."""

from django.conf import settings
from django.contrib.auth.models import Group

from accounts.choices import AreaLevel, OrganisationKind, Role
from accounts.models import Area, Organisation, User
from accounts.roles import role_groups_sync

COUNCIL, NHS, PROVIDER, VOLUNTARY = (
    OrganisationKind.COUNCIL,
    OrganisationKind.NHS_BODY,
    OrganisationKind.PROVIDER,
    OrganisationKind.VOLUNTARY,
)

ORGANISATIONS = [
    ("Oxfordshire County Council", COUNCIL, "Social & Community Services, County Hall, New Road, Oxford OX1 1ND"),
    ("Oxfordshire Primary Care Trust", NHS, ""),
    ("Devon County Council", COUNCIL, "County Hall, Topsham Road, Exeter EX2 4QD"),
    ("Middlesbrough Council", COUNCIL, "Town Hall, Middlesbrough TS1 9FT"),
    ("Redcar & Cleveland Borough Council", COUNCIL, "Redcar & Cleveland House, Kirkleatham Street, Redcar TS10 1RT"),
    ("South Tees Clinical Commissioning Group", NHS, ""),
    ("Tees, Esk and Wear Valleys NHS Foundation Trust", NHS, ""),
    ("Doncaster Metropolitan Borough Council", COUNCIL, "Civic Office, Waterdale, Doncaster DN1 3BU"),
    # Providers and voluntary organisations named in the reports
    ("North & West Carers Centre", VOLUNTARY, "Banbury"),
    ("Oxford City Carers Centre", VOLUNTARY, "Oxford"),
    ("South and Vale Carers Centre", VOLUNTARY, "Didcot"),
    ("Age UK Oxfordshire", VOLUNTARY, "Formerly Age Concern Oxfordshire"),
    ("Rethink Mental Illness", VOLUNTARY, "Rethink Carers Support"),
    ("Devon Carers Link", VOLUNTARY, "The Carers Link network"),
    ("Middlesbrough and Stockton Mind", VOLUNTARY, ""),
    ("Redcar Mind", VOLUNTARY, ""),
    ("We Care You Care", PROVIDER, "Carers support across South Tees"),
]

# (name, level, parent, council, postcode districts)
AREAS = [
    ("Oxfordshire", AreaLevel.COUNTY, None, "Oxfordshire County Council", ""),
    (
        "North & West Oxfordshire",
        AreaLevel.LOCALITY,
        "Oxfordshire",
        "Oxfordshire County Council",
        "OX7 OX15 OX16 OX17 OX18 OX20 OX25 OX26 OX27 OX28 OX29",
    ),
    ("Oxford City", AreaLevel.LOCALITY, "Oxfordshire", "Oxfordshire County Council", "OX1 OX2 OX3 OX4 OX5 OX33"),
    (
        "South & Vale",
        AreaLevel.LOCALITY,
        "Oxfordshire",
        "Oxfordshire County Council",
        "OX9 OX10 OX11 OX12 OX13 OX14 OX39 OX44 OX49 SN7 RG9",
    ),
    ("Banbury Cross and Neithrop", AreaLevel.WARD, "North & West Oxfordshire", "Oxfordshire County Council", ""),
    ("Didcot North East", AreaLevel.WARD, "South & Vale", "Oxfordshire County Council", ""),
    ("Devon", AreaLevel.COUNTY, None, "Devon County Council", ""),
    ("Northern Devon", AreaLevel.LOCALITY, "Devon", "Devon County Council", "EX31 EX32 EX33 EX34 EX37 EX38 EX39"),
    (
        "Eastern Devon",
        AreaLevel.LOCALITY,
        "Devon",
        "Devon County Council",
        "EX1 EX2 EX3 EX4 EX5 EX6 EX7 EX8 EX9 EX10 EX11 EX12 EX13 EX14 EX15 EX24",
    ),
    ("Southern Devon", AreaLevel.LOCALITY, "Devon", "Devon County Council", "TQ6 TQ7 TQ9 TQ10 TQ11 TQ12 TQ13 TQ14"),
    ("Western Devon", AreaLevel.LOCALITY, "Devon", "Devon County Council", "PL8 PL9 PL19 PL20 PL21 EX20"),
    ("Middlesbrough", AreaLevel.COUNTY, None, "Middlesbrough Council", "TS1 TS2 TS3 TS4 TS5 TS7 TS8"),
    ("Linthorpe", AreaLevel.WARD, "Middlesbrough", "Middlesbrough Council", ""),
    ("Hemlington", AreaLevel.WARD, "Middlesbrough", "Middlesbrough Council", ""),
    (
        "Redcar & Cleveland",
        AreaLevel.COUNTY,
        None,
        "Redcar & Cleveland Borough Council",
        "TS6 TS10 TS11 TS12 TS13 TS14",
    ),
    (
        "Doncaster",
        AreaLevel.COUNTY,
        None,
        "Doncaster Metropolitan Borough Council",
        "DN1 DN2 DN3 DN4 DN5 DN6 DN7 DN8 DN9 DN10 DN11 DN12",
    ),
]

DEMO_USERS = [
    ("commissioner", "Chris", "Pearce", Role.COMMISSIONER, "Service Manager, Strategic Commissioning"),
    ("csc", "Sam", "Okafor", Role.CSC_OFFICER, "Customer Service Centre Officer"),
    ("finance", "Fran", "Holt", Role.FINANCE_OFFICER, "Finance Business Partner"),
    ("broker", "Bea", "Johansson", Role.BROKERAGE_OFFICER, "Support Broker"),
    ("admin", "Ade", "Walker", Role.ADMINISTRATOR, "System Administrator"),
]


def load() -> str:
    role_groups_sync()
    orgs = {}
    for name, kind, address in ORGANISATIONS:
        orgs[name], _ = Organisation.objects.get_or_create(name=name, defaults={"kind": kind, "address": address})
    areas: dict[str, Area] = {}
    for name, level, parent, council, districts in AREAS:
        areas[name], _ = Area.objects.get_or_create(
            name=name,
            parent=areas.get(parent) if parent else None,
            defaults={"level": level, "council": orgs[council], "postcode_districts": districts},
        )
    home = orgs["Oxfordshire County Council"]
    for username, first, last, role, title in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@carers-demo.example",
                organisation=home,
                job_title=title,
                is_staff=role == Role.ADMINISTRATOR,
            )
            user.set_password(settings.DEMO_PASSWORD)
            user.save()
        user.groups.add(Group.objects.get(name=role))
    return f"{len(ORGANISATIONS)} organisations, {len(AREAS)} areas, {len(DEMO_USERS)} demo users"
