"""UK financial years (1 April – 31 March), named by the year they start in: 2010 is 2010/11."""

from datetime import date


def fy_label(year: int) -> str:
    """2010 → '2010/11'."""
    return f"{year}/{(year + 1) % 100:02d}"


def fy_start(year: int) -> date:
    return date(year, 4, 1)


def fy_end(year: int) -> date:
    """The last day of the financial year (31 March)."""
    return date(year + 1, 3, 31)


def fy_choices(first: int = 2000, last: int = 2040) -> list[tuple[int, str]]:
    """Financial years for a select box, newest first."""
    return [(year, fy_label(year)) for year in range(last, first - 1, -1)]
