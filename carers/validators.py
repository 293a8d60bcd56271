"""Checks and normalisers for the personal details a CSC officer types on the phone."""

import re
import unicodedata
from datetime import date

from django.core.exceptions import ValidationError

# The UK postcode shapes (outward code 2–4 characters, inward code digit + two letters), plus GIR 0AA.
_POSTCODE = re.compile(r"^(GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-HJKMNPR-Y]? ?[0-9][ABD-HJLNP-UW-Z]{2})$")


def normalise_postcode(value: str) -> str:
    """'ox4  1ab' → 'OX4 1AB' (upper case, one space before the inward code)."""
    compact = re.sub(r"\s+", "", value or "").upper()
    if len(compact) < 5:
        return compact
    return f"{compact[:-3]} {compact[-3:]}"


def validate_uk_postcode(value: str) -> None:
    if value and not _POSTCODE.match(normalise_postcode(value)):
        raise ValidationError("Enter a real UK postcode, like OX4 1AB.", code="invalid_postcode")


def phone_digits(value: str) -> str:
    """The digits of a UK phone number in national form: '+44 (0)1865 123456' → '01865123456'."""
    digits = re.sub(r"\D", "", value or "")
    if digits.startswith("440"):
        digits = digits[2:]
    elif digits.startswith("44") and len(digits) >= 12:
        digits = "0" + digits[2:]
    return digits


def validate_uk_phone(value: str) -> None:
    if not value:
        return
    if re.search(r"[^\d\s()+\-.]", value):
        raise ValidationError("Enter a phone number using digits only, like 01865 123456.", code="invalid_phone")
    digits = phone_digits(value)
    if not (digits.startswith("0") and len(digits) in (10, 11)) or digits.startswith("00"):
        raise ValidationError(
            "Enter a UK phone number of 10 or 11 digits starting with 0, like 07700 900123.", code="invalid_phone"
        )


def normalise_name(*parts: str) -> str:
    """Lower case, accents and punctuation removed, single spaces: the column the trigram index covers."""
    text = " ".join(p for p in parts if p)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^a-z0-9 ]+", " ", text.lower())
    return " ".join(text.split())


def age_on(date_of_birth: date, today: date) -> int:
    return today.year - date_of_birth.year - ((today.month, today.day) < (date_of_birth.month, date_of_birth.day))
