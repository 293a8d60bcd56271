"""Read use-cases for the carer profile: carers by age band as at a chosen date, in the bands a
commissioner chooses, and by sex, ethnicity, disability and the other monitoring fields, for a
council or an area (with every area within it). Aggregates only, counted in one SQL query, with
small numbers suppressed before anything leaves this module.

Suppression (the statistical disclosure rule councils publish under): a count from 1 to 4 is
shown as "<5". A table whose total is shown could give a single suppressed cell back by
subtraction, so wherever a table has exactly one suppressed cell the next smallest non-zero
cell is suppressed too (secondary suppression); the total itself is suppressed when under 5.
Zero is shown: it discloses no one.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q

from accounts.models import Area, Organisation
from accounts.selectors import area_and_descendants
from carers import choices as c
from carers.kpis.selectors import COUNTED
from carers.models import Carer
from carers.querysets import _years_before

SMALL_NUMBER = 5
SUPPRESSED = "<5"
# Lower bounds of the default bands: under 18, 18–24, 25–34 … 75–84, 85 and over.
DEFAULT_AGE_BANDS = (0, 18, 25, 35, 45, 55, 65, 75, 85)
NOT_KNOWN = "not_known"
NOT_RECORDED = ""

# Monitoring fields counted, with their choices (blank is "Not recorded").
MONITORING = {
    "sex": ("Sex", c.Sex),
    "ethnicity": ("Ethnicity", c.Ethnicity),
    "disability": ("Disabled", c.YesNoPrefer),
    "religion": ("Religion", c.Religion),
    "sexual_orientation": ("Sexual orientation", c.SexualOrientation),
    "employment": ("Employment", c.Employment),
    "hours_band": ("Hours of care a week", c.HoursBand),
}


@dataclass
class Cell:
    key: str
    label: str
    count: int
    suppressed: bool = False

    @property
    def display(self) -> str:
        return SUPPRESSED if self.suppressed else f"{self.count:,}"

    def as_dict(self) -> dict:
        # A suppressed count never leaves the server, not even in the JSON.
        return {
            "key": self.key,
            "label": self.label,
            "count": None if self.suppressed else self.count,
            "display": self.display,
            "suppressed": self.suppressed,
        }


@dataclass
class Table:
    key: str
    title: str
    cells: list[Cell]
    total: Cell = field(init=False)

    def __post_init__(self) -> None:
        self.total = Cell("total", "All carers", sum(cell.count for cell in self.cells))
        suppress(self)

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "title": self.title,
            "total": self.total.as_dict(),
            "rows": [c_.as_dict() for c_ in self.cells],
        }


@dataclass
class Profile:
    organisation: Organisation
    area: Area | None
    on: date
    bands: tuple[int, ...]
    age: Table
    monitoring: list[Table]

    def as_dict(self) -> dict:
        return {
            "organisation": self.organisation.pk,
            "area": self.area.pk if self.area else None,
            "on": self.on.isoformat(),
            "bands": list(self.bands),
            "suppression": f"Counts from 1 to {SMALL_NUMBER - 1} are shown as {SUPPRESSED!r}, with a second "
            "cell suppressed where one alone could be worked out from the total.",
            "age_bands": self.age.as_dict(),
            "monitoring": [table.as_dict() for table in self.monitoring],
        }


def suppress(table: Table) -> None:
    """Mark the small cells of `table` suppressed, and a second one where one alone would be
    recoverable from the shown total (see the module docstring)."""
    for cell in table.cells:
        cell.suppressed = 0 < cell.count < SMALL_NUMBER
    table.total.suppressed = 0 < table.total.count < SMALL_NUMBER
    hidden = [cell for cell in table.cells if cell.suppressed]
    if len(hidden) == 1 and not table.total.suppressed:
        others = sorted((cell for cell in table.cells if not cell.suppressed and cell.count > 0), key=lambda x: x.count)
        if others:
            others[0].suppressed = True


def band_label(low: int, high: int | None) -> str:
    if high is None:
        return f"{low} and over"
    if low == 0:
        return f"Under {high}"
    return f"{low} to {high - 1}"


def parse_bands(text: str) -> tuple[int, ...]:
    """ "18, 25, 35" → (0, 18, 25, 35): the lower bounds of the bands, in years, rising; the
    first band always starts at 0 (under the first bound). Raises ValueError with a message."""
    try:
        bounds = sorted({int(part) for part in text.replace(";", ",").split(",") if part.strip()})
    except ValueError as exc:
        raise ValueError("Enter the ages each band starts at, as whole numbers separated by commas.") from exc
    if any(bound < 0 or bound > c.OLDEST_PLAUSIBLE_AGE for bound in bounds):
        raise ValueError(f"Each age must be between 0 and {c.OLDEST_PLAUSIBLE_AGE}.")
    if 0 not in bounds:
        bounds.insert(0, 0)
    if len(bounds) > 20:
        raise ValueError("Use at most 20 bands.")
    return tuple(bounds)


def carer_profile(
    *, organisation: Organisation, area: Area | None = None, on: date, bands: tuple[int, ...] = DEFAULT_AGE_BANDS
) -> Profile:
    """The council's (or area's) carers known on `on`, by age band as at `on` and by each
    monitoring field: one query, conditional counts over the council's carers."""
    carers = Carer.objects.filter(COUNTED, organisation=organisation, identified_on__lte=on).exclude(
        date_of_birth__gt=on  # not yet born on the date asked about
    )
    if area is not None:
        carers = carers.filter(area__in=area_and_descendants(area))
    aggregates = {}
    ranges = []
    for index, low in enumerate(bands):
        high = bands[index + 1] if index + 1 < len(bands) else None
        # Aged `low` or more on `on`: born on or before `on` minus `low` years; under `high`:
        # born after `on` minus `high` years. Date comparisons, so the date-of-birth index serves.
        condition = Q(date_of_birth__lte=_years_before(on, low))
        if high is not None:
            condition &= Q(date_of_birth__gt=_years_before(on, high))
        aggregates[f"age_{index}"] = Count("pk", filter=condition)
        ranges.append((low, high))
    aggregates["age_not_known"] = Count("pk", filter=Q(date_of_birth__isnull=True))
    for name, (_title, choices) in MONITORING.items():
        for code in [*choices.values, NOT_RECORDED]:
            aggregates[f"m_{name}_{code}"] = Count("pk", filter=Q(**{name: code}))
    counts = carers.aggregate(**aggregates)
    age_cells = [
        Cell(f"{low}-{high - 1 if high else ''}", band_label(low, high), counts[f"age_{index}"])
        for index, (low, high) in enumerate(ranges)
    ]
    age_cells.append(Cell(NOT_KNOWN, "Age not known", counts["age_not_known"]))
    monitoring = []
    for name, (title, choices) in MONITORING.items():
        cells = [Cell(code, str(label), counts[f"m_{name}_{code}"]) for code, label in choices.choices if code]
        # Employment has its own "not known" choice (blank); the others leave blank unrecorded.
        blank_label = dict(choices.choices).get("", "Not recorded")
        cells.append(Cell(NOT_RECORDED, str(blank_label), counts[f"m_{name}_{NOT_RECORDED}"]))
        monitoring.append(Table(name, title, cells))
    return Profile(
        organisation=organisation,
        area=area,
        on=on,
        bands=tuple(bands),
        age=Table("age_band", f"Age on {on:%-d %B %Y}", age_cells),
        monitoring=monitoring,
    )
