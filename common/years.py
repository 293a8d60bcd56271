"""UK financial years (1 April – 31 March), named by the year they start in: 2007 is 2007/08. Used
by every app that counts or budgets by year (carers KPIs and grants, budgets)."""

from datetime import date, datetime, time

from django.utils import timezone


def fy_label(year: int) -> str:
    """2007 → '2007/08'."""
    return f"{year}/{(year + 1) % 100:02d}"


def fy_of(day: date) -> int:
    """The financial year a date falls in: 31 March 2008 → 2007, 1 April 2008 → 2008."""
    return day.year if day.month >= 4 else day.year - 1


def fy_start(year: int) -> date:
    return date(year, 4, 1)


def fy_end(year: int) -> date:
    """The last day of the financial year (31 March)."""
    return date(year + 1, 3, 31)


def fy_bounds_datetime(year: int) -> tuple[datetime, datetime]:
    """[start, end) as aware datetimes in the council's time zone, for timestamp columns."""
    tz = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(fy_start(year), time.min), tz),
        timezone.make_aware(datetime.combine(fy_start(year + 1), time.min), tz),
    )


def current_fy() -> int:
    return fy_of(timezone.localdate())


def fy_choices(first: int = 2000, last: int | None = None) -> list[tuple[int, str]]:
    """Financial years for a select box, newest first."""
    last = last if last is not None else current_fy() + 5
    return [(year, fy_label(year)) for year in range(last, first - 1, -1)]
