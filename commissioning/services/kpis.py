"""Writes for contract KPIs: set an indicator, record a period's return with its rating."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction

from commissioning import terms
from commissioning.choices import KPI_MONTHS
from commissioning.models import Contract, ContractKpi, KpiReturn
from commissioning.services.contracts import _editable
from common.writes import model_save


@transaction.atomic
def kpi_save(*, user, contract: Contract, kpi: ContractKpi | None = None, **fields) -> ContractKpi:
    """Add or change one of a contract's KPIs."""
    if not user.has_perm("commissioning.add_contractkpi"):
        raise PermissionDenied
    contract = _editable(user, contract)
    return model_save(kpi or ContractKpi(contract=contract), **fields)


@transaction.atomic
def kpi_return_record(
    *, user, kpi: ContractKpi, period_end: date, actual: str, rating: str, comment: str = ""
) -> KpiReturn:
    """Record a period's return, rated on the Procurement Act 2023 scale; the KPI's next return
    falls due one period after this one."""
    if not user.has_perm("commissioning.add_kpireturn"):
        raise PermissionDenied
    _editable(user, kpi.contract)
    kpi = ContractKpi.objects.select_for_update().get(pk=kpi.pk)
    row = model_save(
        KpiReturn(kpi=kpi, recorded_by=user),
        period_end=period_end,
        actual=actual,
        rating=rating,
        comment=comment,
    )
    following = terms.add_months(period_end, KPI_MONTHS[kpi.frequency])
    if kpi.next_return_due is None or kpi.next_return_due <= following:
        model_save(kpi, next_return_due=following)
    return row
