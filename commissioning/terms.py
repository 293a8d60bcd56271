"""Pure date arithmetic of a contract's term: extension options, ends and notice periods.

A contract's extension options are written as the months of each option in order, separated by
spaces: a 3 + 2 year contract has one option of 24 months ("24"); 2 + 1 + 1 has two of 12
("12 12"); a single 12-month option is "12"; no option is empty.
"""

import re
from datetime import date

from dateutil.relativedelta import relativedelta

_OPTIONS = re.compile(r"^\s*(\d{1,3}\s*)*$")


def parse_options(text: str) -> list[int]:
    """The months of each extension option, in order; ValueError for anything else."""
    text = (text or "").replace("+", " ").replace(",", " ")
    if not _OPTIONS.match(text):
        raise ValueError("Write each option's length in months, separated by spaces (for example 12 12).")
    months = [int(part) for part in text.split()]
    if any(m < 1 or m > 120 for m in months):
        raise ValueError("Each option is between 1 and 120 months.")
    return months


def options_text(months: list[int]) -> str:
    return " ".join(str(m) for m in months)


def months_label(months: int) -> str:
    if months % 12 == 0:
        years = months // 12
        return f"{years} year{'s' if years != 1 else ''}"
    return f"{months} month{'s' if months != 1 else ''}"


def options_label(months: list[int]) -> str:
    """ "2 years", "1 year + 1 year", or "none"."""
    return " + ".join(months_label(m) for m in months) if months else "none"


def add_months(day: date, months: int) -> date:
    """`months` after `day` (the last day of a shorter month where the day does not exist)."""
    return day + relativedelta(months=months)


def term_end_after(end: date, months: int) -> date:
    """The new end of a term that ended on `end` and runs `months` more: a contract ending on
    31 March 2025 extended by 24 months ends on 31 March 2027."""
    following = end + relativedelta(days=1)
    return following + relativedelta(months=months) - relativedelta(days=1)
