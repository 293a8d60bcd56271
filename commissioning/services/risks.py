"""Writes of the risk register: a risk of the commissioner's organisation, rated likelihood × impact."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from commissioning.models import Contract, Procurement, Risk
from common.writes import model_save


@transaction.atomic
def risk_save(*, user, risk: Risk | None = None, **fields) -> Risk:
    """Add or change a risk on the user's organisation's register, linked to one of its
    procurements or contracts (or to neither: a strategic risk)."""
    if not user.has_perm("commissioning.change_risk" if risk else "commissioning.add_risk"):
        raise PermissionDenied
    if risk is None:
        if not user.organisation_id:
            raise ValidationError("Only an organisation's commissioners keep its risk register.")
        risk = Risk(organisation_id=user.organisation_id)
    else:
        risk = Risk.objects.visible_to(user).select_for_update().get(pk=risk.pk)
    procurement, contract = fields.get("procurement"), fields.get("contract")
    if procurement is not None and not Procurement.objects.visible_to(user).filter(pk=procurement.pk).exists():
        raise ValidationError({"procurement": "Choose one of your organisation's procurements."})
    if contract is not None and not Contract.objects.visible_to(user).filter(pk=contract.pk).exists():
        raise ValidationError({"contract": "Choose one of your organisation's contracts."})
    fields.pop("organisation", None)
    return model_save(risk, **fields)
