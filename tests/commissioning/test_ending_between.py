"""`ending_between` finds contracts by their current end without computing it per contract: it
must agree with `Contract.current.end` (the latest amendment that set an end, else the award) for
contracts never amended, extended, extended twice, shortened, terminated, and amended without an
end, on every window the register, reminders and commitments ask for."""

from datetime import date, timedelta

import pytest

from commissioning.models import Contract
from commissioning.querysets import ending_between
from tests.commissioning.factories import AmendmentFactory, ContractFactory

pytestmark = pytest.mark.django_db

INITIAL_END = date(2027, 3, 31)


def _contracts() -> dict[str, Contract]:
    made = {name: ContractFactory(initial_end_date=INITIAL_END) for name in ("plain", "extended", "twice", "shortened")}
    made |= {name: ContractFactory(initial_end_date=INITIAL_END) for name in ("terminated", "scope only", "back")}
    AmendmentFactory(contract=made["extended"], sequence=1, kind="extension", end_after=date(2028, 3, 31))
    AmendmentFactory(contract=made["twice"], sequence=1, kind="extension", end_after=date(2028, 3, 31))
    AmendmentFactory(contract=made["twice"], sequence=2, kind="extension", end_after=date(2029, 3, 31))
    AmendmentFactory(contract=made["shortened"], sequence=1, kind="term", end_after=date(2026, 12, 31))
    AmendmentFactory(contract=made["terminated"], sequence=1, kind="termination", end_after=date(2026, 6, 30))
    AmendmentFactory(contract=made["scope only"], sequence=1)  # sets no end: the award's end stays
    # Extended, then brought back inside the window: the latest amendment that set an end counts,
    # and a later one that set none does not undo it.
    AmendmentFactory(contract=made["back"], sequence=1, kind="extension", end_after=date(2029, 3, 31))
    AmendmentFactory(contract=made["back"], sequence=2, kind="term", end_after=date(2027, 1, 31))
    AmendmentFactory(contract=made["back"], sequence=3)
    return made


WINDOWS = [
    (date(2026, 1, 1), date(2026, 12, 31)),
    (date(2027, 1, 1), date(2027, 3, 31)),
    (date(2027, 3, 31), date(2027, 3, 31)),
    (date(2027, 4, 1), date(2028, 12, 31)),
    (date(2029, 3, 31), None),
    (None, date(2027, 1, 31)),
    (None, None),
]


@pytest.mark.parametrize(("first", "last"), WINDOWS)
def test_agrees_with_each_contracts_current_end(first, last):
    made = _contracts()
    expected = {
        name
        for name, contract in made.items()
        if (first is None or Contract.objects.get(pk=contract.pk).current.end >= first)
        and (last is None or Contract.objects.get(pk=contract.pk).current.end <= last)
    }
    names = {contract.pk: name for name, contract in made.items()}
    found = {names[pk] for pk in Contract.objects.filter(ending_between(first, last)).values_list("pk", flat=True)}
    assert found == expected
    # And the annotation the pages show gives the same answer.
    annotated = Contract.objects.with_current()
    if first is not None:
        annotated = annotated.filter(current_end__gte=first)
    if last is not None:
        annotated = annotated.filter(current_end__lte=last)
    assert {names[pk] for pk in annotated.values_list("pk", flat=True)} == expected


def test_the_windows_cover_every_kind_of_history():
    """The cases above are not vacuous: each contract is in some window and out of another."""
    made = _contracts()
    for contract in made.values():
        end = Contract.objects.get(pk=contract.pk).current.end
        assert Contract.objects.filter(ending_between(end, end), pk=contract.pk).exists()
        assert not Contract.objects.filter(ending_between(end + timedelta(days=1), None), pk=contract.pk).exists()
