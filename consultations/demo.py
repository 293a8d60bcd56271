"""Demo consultations from the seed reports: seed 000's annex of consultation events with their
key messages (Oxfordshire, July 2010), seed 003's South Tees Carers Forum and Carers Strategy
2021–26 with an action plan (Middlesbrough, the accountable body), and seed 002's programme
workstreams with their milestones (Devon). Idempotent: each record is found by its title first.

Records belong to their own council, so each council has a demo commissioner who sees them:
the home demo commissioner (Oxfordshire, accounts.demo) and one each for Middlesbrough and Devon."""

from datetime import date

from django.conf import settings
from django.contrib.auth.models import Group

from accounts.choices import Role
from accounts.models import Organisation, User
from consultations import services
from consultations.choices import ActionStatus, Audience, Method, Progress, Recurrence, When
from consultations.models import ConsultationEvent, Forum, Strategy, Theme, Workstream

OXFORDSHIRE = "Oxfordshire County Council"
MIDDLESBROUGH = "Middlesbrough Council"
DEVON = "Devon County Council"

# Seed 000's annex: (title, about, person, organisation, method, when, start, end, recurrence,
# audience, key messages as (text, themes)). "EQIA undertaken in July 2010" (footnote 5).
EVENTS = [
    (
        "Carers Consultation",
        "Consultation on carers services and changes",
        "Penny Thewlis",
        "Carers Forum Manager",
        Method.MEETING,
        When.DATE,
        date(2010, 6, 1),
        None,
        "",
        Audience.CARERS,
        [
            ("Better information and more specific to needs", ["Information and advice"]),
            ("Did not know about the services early enough", ["Information and advice", "Identification of carers"]),
            (
                "Need more information on Direct Payments and how they work",
                ["Direct payments", "Information and advice"],
            ),
            ("Carers face-to-face support valued", ["Face-to-face support"]),
        ],
    ),
    (
        "Carers Strategy Steering Group",
        "Regular meeting",
        "John Pearce",
        "Strategic Commissioning S&CS",
        Method.MEETING,
        When.RECURRING,
        date(2009, 7, 1),
        date(2010, 6, 30),
        Recurrence.QUARTERLY,
        Audience.PROFESSIONALS,
        [
            ("Service reviews identified duplication", ["Duplication of services"]),
            ("Need for improved information", ["Information and advice"]),
            ("Not reaching enough carers", ["Identification of carers"]),
            ("Poor data", ["Data and recording"]),
            ("Service often not equitable", ["Access and pathways"]),
        ],
    ),
    (
        "Provider Forum",
        "Provision of services to S&CS across sectors",
        "John Pearce",
        "Strategic Commissioning S&CS",
        Method.MEETING,
        When.DATE,
        date(2010, 6, 29),
        None,
        "",
        Audience.PROVIDERS,
        [
            ("Carers services must avoid duplication", ["Duplication of services"]),
            (
                "Information, technology and tracking of needs must be improved",
                ["Information and advice", "Data and recording"],
            ),
        ],
    ),
    (
        "Carers Strategy Workshop",
        "Community development and early intervention",
        "Penny Thewlis",
        "Carers Forum",
        Method.WORKSHOP,
        When.DATE,
        date(2010, 6, 23),
        None,
        "",
        Audience.PARTNERS,
        [
            ("Early identification is critical", ["Identification of carers"]),
            ("We need to learn what keeps people from being identified as being carers", ["Identification of carers"]),
            ("We need to galvanise community action to support carers", ["Peer support"]),
        ],
    ),
    (
        "Carers Steering Group Consultation",
        "Comments on final draft carers intentions",
        "John Pearce",
        "",
        Method.EMAIL,
        When.DATE,
        date(2010, 6, 30),
        None,
        "",
        Audience.PARTNERS,
        [],
    ),
    (
        "Carers Annual Survey",
        "Focus groups on survey results",
        "Jack Holt",
        "Strategy and Performance S&CS",
        Method.POSTAL_SURVEY,
        When.RANGE,
        date(2009, 11, 1),
        date(2010, 2, 28),
        "",
        Audience.CARERS,
        [
            ("Database of information for carers requires updating", ["Data and recording", "Information and advice"]),
            ("Carers could be more involved in planning", ["Involvement in planning"]),
            ("Improved information", ["Information and advice"]),
            ("Flexible breaks", ["Breaks"]),
            ("Better outreach to professionals to support carers' health", ["Carers' health"]),
        ],
    ),
    (
        "Carers Focus Groups",
        "Focus groups and survey results (4 events were held)",
        "Jenny Tricker",
        "Taking Part Team",
        Method.LOCALITY_MEETINGS,
        When.RANGE,
        date(2010, 5, 17),
        date(2010, 5, 20),
        "",
        Audience.CARERS,
        [
            (
                "Carers would like quality information to make more informed decisions (choice and control)",
                ["Information and advice"],
            ),
            ("Carers would like flexible breaks", ["Breaks"]),
            (
                "Pathway to support too complex: one place to go, such as the Customer Service Centre",
                ["Access and pathways"],
            ),
            ("Carers would like peer support", ["Peer support"]),
            ("Carers want an obvious contact point, e.g. a care manager", ["Access and pathways"]),
            ("Carers want consulting and impact on service planning", ["Involvement in planning"]),
        ],
    ),
    (
        "Hearsay Event",
        "Consultation with carers, organised by the Local Involvement Network (LINk)",
        "Varsha Raja",
        "LINk",
        Method.MEETING,
        When.DATE,
        date(2010, 3, 12),
        None,
        "",
        Audience.CARERS,
        [
            ("Improved information and peer support", ["Information and advice", "Peer support"]),
            ("Preventative support", ["Access and pathways"]),
            ("Transport support", ["Transport"]),
            ("Carers would like a life outside of caring", ["Life outside caring", "Breaks"]),
        ],
    ),
]

# "you said, we did" on the most frequent message (the revised commissioning intentions' answer).
ACTIONS = [
    (
        "Carers Consultation",
        "Better information and more specific to needs",
        "Commission an information and advice service with a single point of contact through the"
        " Customer Service Centre",
        date(2011, 3, 31),
        ActionStatus.DONE,
        "Information and advice is now part of the carers support service contract, reached through the CSC.",
    ),
    (
        "Carers Focus Groups",
        "Carers would like flexible breaks",
        "Offer breaks through personal budgets and carers' direct payments",
        date(2027, 3, 31),
        ActionStatus.IN_PROGRESS,
        "",
    ),
    (
        "Hearsay Event",
        "Transport support",
        "Review transport to breaks and day services with providers",
        date(2026, 1, 31),
        ActionStatus.OPEN,
        "",
    ),
]

# Seed 003: the South Tees Carers Forum (December 2019, quarterly) and the strategy approved by the
# Health and Wellbeing Board on 20 April 2021.
FORUM_MEETINGS = [
    (date(2019, 12, 10), "Forum established."),
    (date(2020, 12, 8), "Forum re-commenced after the pandemic pause; strategy development began."),
    (date(2021, 3, 9), "All-age South Tees Carers Strategy 2021–2026 drafted with carers and carer organisations."),
    (date(2021, 6, 8), "Reviewed progress against the action plan; shared best practice."),
]
AIMS = [
    (
        "Carers are identified early and recognised",
        [
            ("Joined-up referral pathways between the adult and young carers services", "Joint Commissioning Group"),
            ("Carers awareness for GP practices and hospital discharge teams", "South Tees CCG"),
        ],
    ),
    (
        "Carers have information, advice and a life of their own",
        [
            (
                "One integrated South Tees Carers Offer: Lot 1 Adult Carers, Lot 2 Young Carers",
                "Redcar & Cleveland Borough Council",
            )
        ],
    ),
    (
        "Carers are involved in planning the services they use",
        [("The Carers Forum reviews the action plan's progress quarterly", "South Tees Carers Forum")],
    ),
]

# Seed 002: (number, title, start, completion, completion note, milestones).
WORKSTREAMS = [
    (
        1,
        "Emergency Alert Card & Contingency Planning",
        date(2007, 7, 1),
        date(2009, 3, 31),
        "",
        [
            ("Recruitment of project supervisor", date(2008, 6, 30)),
            ("Development and implementation of shared access IT system", date(2008, 9, 30)),
            ("Development of guidance/training to support contingency planning", date(2008, 12, 31)),
            ("Agreement of monitoring and implementation arrangements for alert cards", date(2008, 12, 31)),
            ("County wide roll out and review", date(2009, 3, 31)),
        ],
    ),
    (
        2,
        "Identification of carers through GP practices",
        date(2007, 7, 1),
        date(2009, 3, 31),
        "",
        [
            ("Identification of pilot sites (GP practices) and research partner", date(2008, 6, 30)),
            ("Recruitment and induction of pilot project staff", date(2008, 8, 31)),
            ("Evaluation of pilot projects and impact on carer identification", date(2009, 3, 31)),
        ],
    ),
    (
        3,
        "Promotion and communication of support for carers",
        date(2008, 5, 1),
        None,
        "Ongoing, with review date (stocktake) January 2009",
        [
            ("DCC campaign and celebration event", date(2008, 6, 30)),
            ("Improving communication and pathways for young carers, between ACS and CYPS", date(2008, 8, 31)),
            ("Developing a corporate approach to communicating with carers", date(2008, 12, 31)),
        ],
    ),
    (
        4,
        "Carers employment",
        date(2008, 5, 1),
        date(2009, 3, 31),
        "",
        [
            ("Review of employment practices and carer support for DCC workforce", date(2008, 11, 30)),
            ("Raising awareness of DCC policies: launch event", date(2008, 11, 30)),
            ("Work with public sector partners and local employers on working carers' needs", date(2008, 12, 31)),
        ],
    ),
    (
        5,
        "Carers Involvement Framework",
        date(2008, 3, 1),
        date(2008, 9, 30),
        "",
        [
            ("DCC's formal response signed off by SMG", date(2008, 6, 30)),
            ("Sign off through carer chairs (County Carers Forum)", date(2008, 7, 31)),
            ("Implement through new carers link contracts", date(2008, 10, 31)),
        ],
    ),
]


def _commissioner(council: Organisation, username: str, first: str, last: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@carers-demo.example",
            organisation=council,
            job_title="Commissioner",
        )
        user.set_password(settings.DEMO_PASSWORD)
        user.save()
    user.groups.add(Group.objects.get(name=Role.COMMISSIONER))
    return user


def _themes(names: list[str]) -> list[Theme]:
    return [Theme.objects.get_or_create(name=name)[0] for name in names]


def _load_events(user: User) -> int:
    created = 0
    for title, about, person, team, method, when, start, end, recurrence, audience, messages in EVENTS:
        if ConsultationEvent.objects.filter(organisation=user.organisation, title=title).exists():
            continue
        event = services.event_create(
            user=user,
            title=title,
            about=about,
            run_by_name=person,
            run_by_organisation=team,
            method=method,
            when=when,
            starts_on=start,
            ends_on=end,
            recurrence=recurrence,
            audience=audience,
            eia_done=True,
        )
        for text, themes in messages:
            services.message_add(event=event, text=text, themes=_themes(themes))
        created += 1
    for title, said, description, due, status, response in ACTIONS:
        message = (
            ConsultationEvent.objects.get(organisation=user.organisation, title=title)
            .messages.filter(text=said)
            .first()
        )
        if message is not None and not message.actions.exists():
            services.action_create(
                message=message, description=description, owner=user, due_on=due, status=status, response=response
            )
    return created


def _load_south_tees(user: User) -> None:
    forum = Forum.objects.filter(organisation=user.organisation, name="South Tees Carers Forum").first()
    if forum is None:
        forum = services.forum_create(
            user=user,
            name="South Tees Carers Forum",
            purpose="Carers, carer organisations and statutory partners: shares best practice and reviews "
            "progress against the carers strategy action plan. Advisory to the Joint Commissioning Group.",
            audience=Audience.CARERS,
            meets=Recurrence.QUARTERLY,
            established_on=date(2019, 12, 1),
        )
        for held_on, notes in FORUM_MEETINGS:
            services.meeting_record(forum=forum, held_on=held_on, notes=notes)
    if Strategy.objects.filter(organisation=user.organisation, title="South Tees Carers Strategy 2021–26").exists():
        return
    strategy = services.strategy_create(
        user=user,
        title="South Tees Carers Strategy 2021–26",
        summary="All-age strategy developed by the South Tees Carers Forum with carer organisations and carers.",
        starts_on=date(2021, 4, 1),
        ends_on=date(2026, 3, 31),
        approved_on=date(2021, 4, 20),
        approved_by="South Tees Health and Wellbeing Board",
        forum=forum,
    )
    for title, deliverables in AIMS:
        aim = services.aim_add(strategy=strategy, title=title)
        for description, owner in deliverables:
            deliverable = services.deliverable_add(
                aim=aim, description=description, owner_name=owner, progress=Progress.ON_TRACK
            )
            services.milestone_add(
                deliverable=deliverable, title="Reviewed at the Carers Forum", due_on=date(2026, 3, 10)
            )


def _load_devon(user: User) -> None:
    for number, title, start, end, note, milestones in WORKSTREAMS:
        if Workstream.objects.filter(organisation=user.organisation, title=title).exists():
            continue
        workstream = services.workstream_create(
            user=user,
            number=number,
            title=title,
            starts_on=start,
            completes_on=end,
            completion_note=note,
            progress=Progress.COMPLETE,
        )
        for milestone, due in milestones:
            services.milestone_add(workstream=workstream, title=milestone, due_on=due, done_on=due)


# Seed 000: the June 2010 consultations informed the re-commissioning of the three carers centres
# (commissioning's demo contracts OCC-CC-01..03; linked when that demo is loaded, as it is first).
INFORMED = {
    "Carers Consultation": ["OCC-CC-01", "OCC-CC-02", "OCC-CC-03"],
    "Provider Forum": ["OCC-CC-01", "OCC-CC-02", "OCC-CC-03"],
}


# Seed 000 also says which procurements consultation shaped (commissioning's demo procurements):
# the steering group, meeting quarterly from July 2009, reviewed the services during the 2009
# procurement (its "service reviews identified duplication" is the duplication the procurement set
# out to remove) and through the exemption that followed; the postal survey (November 2009 to
# February 2010) fed the exemption request of February 2010, approved by Cabinet in March 2010.
# The June 2010 events came after both and informed the re-commissioning (the contracts above).
INFORMED_PROCUREMENTS = {
    "Carers Strategy Steering Group": ["OCC-CC-2009", "OCC-CC-EX-2010"],
    "Carers Annual Survey": ["OCC-CC-EX-2010"],
}


def _link_informed(user: User) -> None:
    from commissioning.models import Contract, Procurement

    for title, references in INFORMED.items():
        event = ConsultationEvent.objects.filter(organisation=user.organisation, title=title).first()
        if event is None or event.informed_contracts.exists():
            continue
        contracts = Contract.objects.filter(accountable_body=user.organisation, reference__in=references)
        if contracts:
            services.event_update(event=event, informed_contracts=contracts)
    for title, references in INFORMED_PROCUREMENTS.items():
        event = ConsultationEvent.objects.filter(organisation=user.organisation, title=title).first()
        if event is None or event.informed_procurements.exists():
            continue
        procurements = Procurement.objects.filter(organisation=user.organisation, reference__in=references)
        if procurements:
            services.event_update(event=event, informed_procurements=procurements)


def load() -> str:
    oxfordshire = Organisation.objects.get(name=OXFORDSHIRE)
    home = User.objects.filter(username="commissioner").first() or _commissioner(
        oxfordshire, "commissioner", "Chris", "Pearce"
    )
    created = _load_events(home)
    _link_informed(home)
    _load_south_tees(
        _commissioner(Organisation.objects.get(name=MIDDLESBROUGH), "commissioner-southtees", "Christine", "Walker")
    )
    _load_devon(_commissioner(Organisation.objects.get(name=DEVON), "commissioner-devon", "Dee", "Harris"))
    return f"{created} consultation events, the South Tees forum and strategy, {len(WORKSTREAMS)} Devon workstreams"
