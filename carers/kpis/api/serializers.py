"""Serializers for the carer KPI API: indicators with their targets, yearly targets, area estimates,
and the KPI summary as JSON."""

from carers.models import AreaEstimate, KpiIndicator, KpiTarget
from common.api.serializers import ModelSerializer


class KpiTargetNestedSerializer(ModelSerializer):
    class Meta:
        model = KpiTarget
        fields = ["id", "year", "target", "actual", "note"]


class KpiIndicatorSerializer(ModelSerializer):
    targets = KpiTargetNestedSerializer(many=True, read_only=True)

    class Meta:
        model = KpiIndicator
        fields = ["id", "organisation", "name", "description", "measure", "unit", "is_active", "targets"]
        read_only_fields = ["organisation"]


class KpiTargetSerializer(ModelSerializer):
    class Meta:
        model = KpiTarget
        fields = ["id", "indicator", "year", "target", "actual", "note"]
        validators: list = []  # the service sets (replaces) a year's target; full_clean checks the rest


class AreaEstimateSerializer(ModelSerializer):
    class Meta:
        model = AreaEstimate
        fields = [
            "id",
            "area",
            "year",
            "estimated_carers",
            "known_baseline",
            "annual_increase_points",
            "trajectory_years",
            "source",
        ]
        validators: list = []


def kpi_summary_json(summary) -> dict:
    def dec(value):
        return str(value) if value is not None else None

    return {
        "organisation": summary.organisation.pk,
        "year": summary.year,
        "label": summary.label,
        "area": summary.area.pk if summary.area else None,
        "known_total": summary.known_total,
        "known_vs_estimated": [
            {
                "area": row.area.pk,
                "area_name": row.area.name,
                "estimated": row.estimate.estimated_carers,
                "known": row.known,
                "reported": row.reported,
                "share": dec(row.share),
            }
            for row in summary.known_rows
        ],
        "trajectories": [
            {
                "area": t.estimate.area_id,
                "baseline_known": t.baseline_known,
                "baseline_share": dec(t.baseline_share),
                "points": [
                    {
                        "year": p.year,
                        "label": p.label,
                        "target_share": dec(p.target_share),
                        "target_known": p.target_known,
                        "actual_known": p.actual_known,
                        "actual_share": dec(p.actual_share),
                    }
                    for p in t.points
                ],
            }
            for t in summary.trajectories
        ],
        "assessments": summary.assessments,
        "ni135": [row | {"value": dec(row["value"]), "target": dec(row["target"])} for row in summary.ni135],
        "new_carers_by_month": [
            {
                "month": row["month"].isoformat(),
                "total": row["total"],
                "by_source": dict(zip([s for s, _ in summary.sources], row["counts"], strict=True)),
            }
            for row in summary.new_by_month
        ],
        "grants": [row | {"amount": dec(row["amount"])} for row in summary.grants],
        "indicators": [
            {
                "id": item["indicator"].pk,
                "name": item["indicator"].name,
                "measure": item["indicator"].measure,
                "unit": item["indicator"].unit,
                "years": [
                    {
                        "year": r["year"],
                        "target": dec(r["target"]),
                        "actual": dec(r["actual"]),
                        "computed": dec(r["computed"]),
                        "met": r["met"],
                    }
                    for r in item["rows"]
                ],
            }
            for item in summary.indicators
        ],
    }
