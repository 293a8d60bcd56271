"""Choices for carer KPIs."""

from django.db import models


class KpiMeasure(models.TextChoices):
    """Where an indicator's actual figure comes from: computed from the register, or entered."""

    MANUAL = "manual", "Entered by hand (the data cannot compute it)"
    NI135 = "ni135", "NI135: carers assessed or reviewed and given a service or advice (%)"
    KNOWN_SHARE = "known_share", "Carers known as a share of the estimated carer population (%)"
    ASSESSMENTS = "assessments", "Carers assessments, separate, joint and declined (number)"
    NEW_CARERS = "new_carers", "New carers identified in the year (number)"
    GRANTS = "grants", "Grants and voucher awards approved (number)"


class KpiUnit(models.TextChoices):
    PERCENT = "percent", "Percentage"
    COUNT = "count", "Number"


# The unit each computed measure is reported in.
MEASURE_UNITS = {
    KpiMeasure.NI135: KpiUnit.PERCENT,
    KpiMeasure.KNOWN_SHARE: KpiUnit.PERCENT,
    KpiMeasure.ASSESSMENTS: KpiUnit.COUNT,
    KpiMeasure.NEW_CARERS: KpiUnit.COUNT,
    KpiMeasure.GRANTS: KpiUnit.COUNT,
}
