"""The budget tables of the source reports (shared/seeds), as the demo loads them and tests and the
browser journey type them in. Each line: (description, service line, delivery method or None,
amount or the name of the group whose amount it shares)."""

from decimal import Decimal

# Seed 000, Oxfordshire Cabinet 20 July 2010, paragraph 21: £6,303,000 for 2010/11.
OXFORDSHIRE_TOTAL = Decimal("6303000.00")
OXFORDSHIRE_FUNDING_NOTE = (
    "Area Based Grant, Oxfordshire County Council base budget and Oxfordshire Primary Care Trust: the "
    "report (Cabinet, 20 July 2010, para. 20) gives their combined £6.303m and no split between them."
)
OXFORDSHIRE_STREAMS = ["Area Based Grant", "Council base budget", "PCT / ICB"]

BROKERAGE = "Brokerage / Carers Support Service / Carers Peer Support Groups"
DIRECT_PAYMENTS = "Direct payments to carers and grants"
FUTURE = "Future developments"
EXISTING = "Existing contracts not due for renewal"

OXFORDSHIRE_GROUPS = {
    BROKERAGE: Decimal("450600.00"),
    DIRECT_PAYMENTS: Decimal("893400.00"),
    FUTURE: Decimal("520000.00"),
    EXISTING: Decimal("338660.00"),
}

_PROCURE = "External procurement (competitive tender)"
_DP = "Direct payments"
OXFORDSHIRE_LINES = [
    ("Breaks for Carers", "Breaks for carers", "Personal budgets", Decimal("3614500.00")),
    ("Brokerage (support to SCS eligible carers)", "Brokerage", _PROCURE, BROKERAGE),
    ("Carers Support Service", "Carers support service", _PROCURE, BROKERAGE),
    ("Carers Peer Support Groups", "Peer support", _PROCURE, BROKERAGE),
    (
        "Information & Advice via Customer Services Centre",
        "Information and advice",
        "Internal service level agreement",
        Decimal("121800.00"),
    ),
    ("Direct Payments to support eligible Carers (Life of Your Own grant)", "Direct payments", _DP, DIRECT_PAYMENTS),
    ("Direct Payments for breaks and services for non-eligible carers", "Direct payments", _DP, DIRECT_PAYMENTS),
    (
        "Leisure and Learning Grant (Breaks and Services for non eligible carers)",
        "Direct payments",
        _DP,
        DIRECT_PAYMENTS,
    ),
    ("Carers Breaks (Oxfordshire Primary Care Trust)", "Breaks for carers", _DP, DIRECT_PAYMENTS),
    (
        "Involvement, Contingency, Support & Administration (5% of the annual budget)",
        "Carers support service",
        None,
        Decimal("334040.00"),
    ),
    ("Carers & Employment", "Carers support service", "Future developments", FUTURE),
    ("Direct Payments to Carers", "Direct payments", "Future developments", FUTURE),
    ("Community Network Development", "Peer support", "Future developments", FUTURE),
    ("Dementia & Stroke strategy", "Carers support service", "Future developments", FUTURE),
    ("User Led Organisation (ULO)", "Peer support", "Future developments", FUTURE),
    ("Administration (grants)", "Direct payments", "Future developments", FUTURE),
    ("Befriending & Sitting Networks", "Befriending and sitting", "Decision not made", Decimal("30000.00")),
    (
        "Emergency Carers Support Service",
        "Emergency carers support",
        "Existing contracts not due for renewal",
        EXISTING,
    ),
    ("Carers voice", "Information and advice", "Existing contracts not due for renewal", EXISTING),
    ("Rethink Carers Support", "Carers support service", "Existing contracts not due for renewal", EXISTING),
    ("BME - Equality", "Carers support service", "Existing contracts not due for renewal", EXISTING),
]
