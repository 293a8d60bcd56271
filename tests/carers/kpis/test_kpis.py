"""Carer KPIs: figures computed in SQL, the page (aggregated only), indicators, targets, estimates."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.choices import AreaLevel, Role
from accounts.models import Area, Organisation
from carers import choices as c
from carers.kpis import selectors, services
from carers.kpis.choices import KpiMeasure, KpiUnit
from carers.models import AreaEstimate, KpiIndicator, KpiTarget
from common.years import fy_label, fy_of
from tests.carers.factories import AssessmentFactory, CarerFactory, ContactFactory
from tests.carers.feature_factories import (
    ApprovedGrantFactory,
    AreaEstimateFactory,
    KpiIndicatorFactory,
    county,
)

pytestmark = pytest.mark.django_db


def test_financial_years_run_april_to_march():
    assert fy_of(date(2008, 3, 31)) == 2007
    assert fy_of(date(2008, 4, 1)) == 2008
    assert fy_label(2007) == "2007/08"
    assert fy_label(2099) == "2099/00"


def test_devon_demo_reproduces_the_seed_assessment_and_breaks_figures():
    from carers import demo_kpis

    demo_kpis.load()
    demo_kpis.load()  # idempotent: nothing doubles
    devon = Organisation.objects.get(name="Devon County Council")
    summary = selectors.kpi_summary(organisation=devon, year=2007)
    row = summary.assessments_this_year
    assert (row["separate"], row["joint"], row["declined"], row["total"]) == (731, 5_568, 5_370, 11_669)
    grants = summary.grants[-1]
    assert grants["year"] == 2007
    assert grants["awards"] == 497 + 308
    assert grants["breaks"] == 5_600
    assert grants["carers_on_breaks"] == 308
    ni135 = next(i for i in summary.indicators if i["indicator"].measure == KpiMeasure.NI135)
    assert [r["target"] for r in ni135["rows"]] == [Decimal(v) for v in ("29.1", "31.6", "33.0", "35.5", "38.0")]
    link = next(i for i in summary.indicators if i["indicator"].name == "Membership of Carers Link")
    assert [r["target"] for r in link["rows"]] == [Decimal(4500), Decimal(6000), Decimal(7500)]
    oxon = Organisation.objects.get(name="Oxfordshire County Council")
    oxon_summary = selectors.kpi_summary(organisation=oxon, year=2010)
    (known,) = oxon_summary.known_rows
    assert (known.estimate.estimated_carers, known.reported, known.share) == (60_000, 9_000, Decimal("15.0"))


@pytest.fixture
def tree(home_org):
    """Oxfordshire → two localities → a ward."""
    top = county("Oxfordshire", home_org)
    north = Area.objects.create(name="North", level=AreaLevel.LOCALITY, parent=top, council=home_org)
    city = Area.objects.create(name="City", level=AreaLevel.LOCALITY, parent=top, council=home_org)
    ward = Area.objects.create(name="Banbury ward", level=AreaLevel.WARD, parent=north, council=home_org)
    return {"top": top, "north": north, "city": city, "ward": ward}


def test_known_carers_roll_up_the_area_tree_and_count_by_year_end(tree, home_org):
    CarerFactory.create_batch(3, area=tree["ward"], identified_on=date(2010, 5, 1))
    CarerFactory.create_batch(2, area=tree["city"], identified_on=date(2011, 3, 31))
    CarerFactory(area=tree["city"], identified_on=date(2011, 4, 1))  # next financial year
    CarerFactory(area=tree["city"], identified_on=date(2010, 5, 1), status=c.CarerStatus.MERGED)
    CarerFactory(area=tree["city"], identified_on=date(2010, 5, 1), status=c.CarerStatus.ERASED)
    AreaEstimateFactory(area=tree["top"], year=2010, estimated_carers=60)
    AreaEstimateFactory(area=tree["north"], year=2010, estimated_carers=30)

    summary = selectors.kpi_summary(organisation=home_org, year=2010)

    rows = {str(r.area): (r.known, r.share) for r in summary.known_rows}
    assert rows == {"North": (3, Decimal("10.0")), "Oxfordshire": (6, Decimal("10.0"))}
    assert summary.known_total == 6
    filtered = selectors.kpi_summary(organisation=home_org, year=2010, area=tree["north"])
    assert filtered.known_total == 3
    assert [str(r.area) for r in filtered.known_rows] == ["North"]


def test_trajectory_adds_the_yearly_increase_to_the_baseline_share(tree, home_org):
    AreaEstimateFactory(
        area=tree["top"], year=2010, estimated_carers=60_000, known_baseline=9_000, annual_increase_points=20
    )
    CarerFactory.create_batch(2, area=tree["city"], identified_on=date(2012, 1, 1))

    (trajectory,) = selectors.kpi_summary(organisation=home_org, year=2010).trajectories

    assert trajectory.baseline_share == Decimal("15.0")
    assert [p.target_share for p in trajectory.points] == [Decimal("35.0"), Decimal("55.0"), Decimal("75.0")]
    assert [p.target_known for p in trajectory.points] == [21_000, 33_000, 45_000]
    assert trajectory.points[0].actual_known == 9_000  # the register holds only 2: the baseline still stands


def test_ni135_counts_carers_assessed_and_given_a_service_or_advice_in_the_same_year(home_org):
    year = 2019
    when = timezone.make_aware(datetime(2019, 9, 1, 10, 0))
    assessed_with_advice = CarerFactory(identified_on=date(2018, 1, 1))
    AssessmentFactory(carer=assessed_with_advice, assessed_on=date(2019, 6, 1))
    ContactFactory(carer=assessed_with_advice, contacted_at=when, advice_given="Carers centre number")
    assessed_with_grant = CarerFactory(identified_on=date(2018, 1, 1))
    AssessmentFactory(carer=assessed_with_grant, assessed_on=date(2019, 6, 1), assessment_type="joint")
    ApprovedGrantFactory(
        carer=assessed_with_grant, applied_on=date(2019, 7, 1), decided_on=date(2019, 7, 5), paid_on=None
    )
    declined_with_advice = CarerFactory(identified_on=date(2018, 1, 1))
    AssessmentFactory(carer=declined_with_advice, assessed_on=date(2019, 6, 1), assessment_type="declined")
    ContactFactory(carer=declined_with_advice, contacted_at=when, advice_given="Leaflet")
    advice_a_year_later = CarerFactory(identified_on=date(2018, 1, 1))
    AssessmentFactory(carer=advice_a_year_later, assessed_on=date(2019, 6, 1))
    ContactFactory(
        carer=advice_a_year_later, contacted_at=timezone.make_aware(datetime(2020, 4, 2)), advice_given="Leaflet"
    )

    summary = selectors.kpi_summary(organisation=home_org, year=year)

    this_year = summary.ni135[-1]
    assert (this_year["numerator"], this_year["known"], this_year["value"]) == (2, 4, Decimal("50.0"))


@pytest.mark.postgres  # the one-query form is PostgreSQL SQL
def test_ni135_one_query_for_all_years_agrees_with_the_query_a_year_form(home_org, other_org):
    """NI135_SQL (PostgreSQL, one query for every year) and the portable form give the same numbers,
    at the financial year's edges (local midnight on 1 April), for the "information" outcome with no
    advice text, for grants, for another council's carers and within an area."""
    from django.db import connection

    from carers.kpis.selectors import _ni135_numerators, _ni135_numerators_orm

    def local(*parts):
        return timezone.make_aware(datetime(*parts))

    ward = Area.objects.create(name="North Oxfordshire", level=AreaLevel.COUNTY, council=home_org)
    cases = [
        # (assessed on, type, contact at, advice, outcome, in the ward)
        (date(2019, 6, 1), "separate", local(2020, 3, 31, 23, 30), "Leaflet", "resolved", True),
        (date(2019, 6, 1), "joint", local(2020, 4, 1, 0, 30), "Leaflet", "resolved", False),
        (date(2020, 4, 1), "joint", local(2020, 4, 1, 0, 30), "", "information", True),
        (date(2020, 5, 1), "separate", local(2020, 5, 2, 9, 0), "", "resolved", False),
        (date(2018, 5, 1), "declined", local(2018, 5, 2, 9, 0), "Leaflet", "resolved", True),
        (date(2018, 7, 1), "separate", local(2018, 7, 2, 9, 0), "Leaflet", "information", False),
    ]
    for assessed_on, kind, contacted_at, advice, outcome, in_ward in cases:
        carer = CarerFactory(organisation=home_org, area=ward if in_ward else None)
        AssessmentFactory(carer=carer, assessed_on=assessed_on, assessment_type=kind)
        ContactFactory(carer=carer, contacted_at=contacted_at, advice_given=advice, outcome=outcome)
    granted = CarerFactory(organisation=home_org)
    AssessmentFactory(carer=granted, assessed_on=date(2020, 6, 1))
    ApprovedGrantFactory(carer=granted, applied_on=date(2020, 6, 2), decided_on=date(2020, 6, 3), paid_on=None)
    elsewhere = CarerFactory(organisation=other_org)
    AssessmentFactory(carer=elsewhere, assessed_on=date(2019, 6, 1))
    ContactFactory(carer=elsewhere, contacted_at=local(2019, 7, 1, 9, 0), advice_given="Leaflet")

    years = [2018, 2019, 2020]
    assert connection.vendor == "postgresql"
    expected = {2018: 1, 2019: 1, 2020: 2}
    assert _ni135_numerators(home_org, years, None) == expected
    assert _ni135_numerators_orm(home_org, years, None) == expected
    in_ward = {2018: 0, 2019: 1, 2020: 1}
    assert _ni135_numerators(home_org, years, {ward.pk}) == in_ward
    assert _ni135_numerators_orm(home_org, years, {ward.pk}) == in_ward
    assert _ni135_numerators(other_org, years, None) == {2018: 0, 2019: 1, 2020: 0}


def test_new_carers_are_counted_by_month_and_identification_source(home_org):
    CarerFactory.create_batch(2, identified_on=date(2019, 4, 3), identification_source="gp_practice")
    CarerFactory(identified_on=date(2019, 4, 20), identification_source="hospital")
    CarerFactory(identified_on=date(2020, 3, 31), identification_source="hospital")

    summary = selectors.kpi_summary(organisation=home_org, year=2019)

    labels = dict(summary.sources)
    assert list(labels) == ["gp_practice", "hospital"]
    april, march = summary.new_by_month[0], summary.new_by_month[-1]
    assert (april["label"], april["counts"], april["total"]) == ("Apr 2019", [2, 1], 3)
    assert (march["label"], march["counts"]) == ("Mar 2020", [0, 1])
    assert len(summary.new_by_month) == 12


def test_kpi_page_is_open_to_commissioners_and_finance_only(client_for, client):
    url = reverse("carers:kpis")
    assert client_for(Role.COMMISSIONER).get(url).status_code == 200
    assert client_for(Role.FINANCE_OFFICER).get(url).status_code == 200
    assert client_for(Role.CSC_OFFICER).get(url).status_code == 403
    assert client_for(Role.BROKERAGE_OFFICER).get(url).status_code == 403
    assert client.get(url).status_code == 302


def test_kpi_page_shows_aggregates_not_people_and_has_no_inline_script(client_for, tree, home_org):
    CarerFactory(first_name="Zebedee", last_name="Quartermain", area=tree["ward"], identified_on=date(2019, 5, 1))
    AreaEstimateFactory(area=tree["top"], year=2019, estimated_carers=100)

    response = client_for(Role.FINANCE_OFFICER).get(reverse("carers:kpis"), {"year": 2019})

    body = response.content.decode()
    assert response.status_code == 200
    assert "Zebedee" not in body and "Quartermain" not in body
    assert 'id="kpi-chart-data" type="application/json"' in body
    assert "/static/js/kpi-charts.js" in body
    assert "new Chart" not in body  # drawn by the static file, not inline script
    assert "1.0%" in body  # 1 known of 100


def test_kpi_page_query_count_does_not_grow_with_carers(client_for, tree, django_assert_max_num_queries):
    AreaEstimateFactory(area=tree["top"], year=2019, estimated_carers=1000, annual_increase_points=5)
    KpiIndicatorFactory(measure=KpiMeasure.NI135, unit=KpiUnit.PERCENT)
    client = client_for(Role.COMMISSIONER)

    def load(n):
        for carer in CarerFactory.create_batch(n, area=tree["ward"], identified_on=date(2019, 5, 1)):
            AssessmentFactory(carer=carer, assessed_on=date(2019, 6, 1))
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("carers:kpis"), {"year": 2019}).status_code == 200
        return len(ctx)

    client.get(reverse("carers:kpis"), {"year": 2018})  # sign-in caches (permissions, session) warm
    few, many = load(2), load(25)
    assert few == many
    with django_assert_max_num_queries(32):  # fixed: ~12 for the figures (5 are NI135, one a year), the rest the page
        client.get(reverse("carers:kpis"), {"year": 2019})


def test_indicator_with_targets_is_saved_from_one_page(client_for, home_org):
    response = client_for(Role.COMMISSIONER).post(
        reverse("carers:kpi_create"),
        {
            "name": "Membership of Carers Link",
            "measure": "manual",
            "unit": "count",
            "is_active": "on",
            "targets-TOTAL_FORMS": "3",
            "targets-INITIAL_FORMS": "0",
            "targets-0-year": "2007",
            "targets-0-target": "4500",
            "targets-0-actual": "4500",
            "targets-1-year": "2008",
            "targets-1-target": "6000",
            "targets-2-year": "2009",
            "targets-2-target": "7500",
        },
    )
    indicator = KpiIndicator.objects.get(name="Membership of Carers Link")
    assert response.status_code == 302
    assert indicator.organisation == home_org
    assert list(indicator.targets.values_list("year", "target", "actual")) == [
        (2007, Decimal("4500.00"), Decimal("4500.00")),
        (2008, Decimal("6000.00"), None),
        (2009, Decimal("7500.00"), None),
    ]


def test_percentage_target_above_100_is_refused_and_nothing_saved(client_for):
    response = client_for(Role.COMMISSIONER).post(
        reverse("carers:kpi_create"),
        {
            "name": "NI135",
            "measure": "ni135",
            "unit": "count",
            "targets-TOTAL_FORMS": "2",
            "targets-INITIAL_FORMS": "0",
            "targets-0-year": "2008",
            "targets-0-target": "33.0",
            "targets-1-year": "2009",
            "targets-1-target": "135.5",
        },
    )
    assert response.status_code == 200
    assert "A percentage is between 0 and 100." in response.content.decode()
    assert not KpiIndicator.objects.exists()
    assert not KpiTarget.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("target", Decimal("-1"), "Ensure this value is greater than or equal to 0."),
        ("target", Decimal("100.5"), "A percentage is between 0 and 100."),
        ("actual", Decimal("101"), "A percentage is between 0 and 100."),
    ],
)
def test_kpi_target_bad_values(field, value, message):
    indicator = KpiIndicatorFactory(measure=KpiMeasure.NI135, unit=KpiUnit.PERCENT)
    with pytest.raises(Exception) as exc:
        services.kpi_target_set(indicator=indicator, year=2008, **{field: value})
    assert message in str(exc.value.message_dict[field])
    assert not KpiTarget.objects.exists()


def test_count_indicator_accepts_large_targets():
    indicator = KpiIndicatorFactory(measure=KpiMeasure.MANUAL, unit=KpiUnit.COUNT)
    assert services.kpi_target_set(indicator=indicator, year=2008, target=Decimal(6000)).target == 6000


def test_area_estimate_below_zero_is_refused(client_for, tree):
    response = client_for(Role.COMMISSIONER).post(
        reverse("carers:kpi_estimate_set"),
        {
            "area": tree["top"].pk,
            "year": 2010,
            "estimated_carers": -5,
            "annual_increase_points": 0,
            "trajectory_years": 3,
        },
    )
    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 0." in response.content.decode()
    assert not AreaEstimate.objects.exists()


def test_area_estimate_entered_again_replaces_the_earlier_figure(client_for, tree):
    client = client_for(Role.COMMISSIONER)
    url = reverse("carers:kpi_estimate_set")
    data = {"area": tree["top"].pk, "year": 2010, "estimated_carers": 50000, "annual_increase_points": 20}
    assert client.post(url, data | {"trajectory_years": 3}).status_code == 302
    assert client.post(url, data | {"estimated_carers": 60000, "trajectory_years": 3}).status_code == 302
    assert list(AreaEstimate.objects.values_list("estimated_carers", flat=True)) == [60000]
    page = client.get(url, {"area": tree["top"].pk, "year": 2010})
    assert 'value="60000"' in page.content.decode()


def test_known_baseline_above_the_estimate_is_refused(tree):
    with pytest.raises(Exception) as exc:
        services.area_estimate_set(area=tree["top"], year=2010, estimated_carers=100, known_baseline=200)
    assert "known_baseline" in exc.value.message_dict


def test_another_councils_indicator_cannot_be_edited(client_for, other_org):
    indicator = KpiIndicatorFactory(organisation=other_org)
    assert client_for(Role.COMMISSIONER).get(reverse("carers:kpi_update", args=[indicator.pk])).status_code == 404


def test_indicator_list_and_estimates_query_counts(client_for, tree, django_assert_max_num_queries):
    for n in range(12):
        indicator = KpiIndicatorFactory()
        services.kpi_target_set(indicator=indicator, year=2010, target=Decimal(n))
        AreaEstimateFactory(area=tree["top"], year=2000 + n)
    client = client_for(Role.COMMISSIONER)
    with django_assert_max_num_queries(16):
        assert client.get(reverse("carers:kpi_list")).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(reverse("carers:kpi_estimates")).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(reverse("carers:kpi_detail", args=[indicator.pk])).status_code == 200


def test_kpi_page_is_served_from_the_cache_until_an_estimate_or_target_changes(settings, home_org, tree):
    settings.CARER_KPI_CACHE_SECONDS = 600
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kpi-test"}}
    from django.core.cache import caches

    caches["default"].clear()
    AreaEstimateFactory(area=tree["top"], year=2019, estimated_carers=100)
    first = selectors.kpi_summary_cached(organisation=home_org, year=2019)
    CarerFactory(area=tree["city"], identified_on=date(2019, 5, 1))
    assert selectors.kpi_summary_cached(organisation=home_org, year=2019).known_total == first.known_total == 0

    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        services.area_estimate_set(area=tree["top"], year=2019, estimated_carers=200)

    fresh = selectors.kpi_summary_cached(organisation=home_org, year=2019)
    assert fresh.known_total == 1
    assert fresh.known_rows[0].estimate.estimated_carers == 200


def test_cache_warming_counts_each_council_into_the_cache(settings, home_org, tree):
    settings.CARER_KPI_CACHE_SECONDS = 600
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kpi-warm"}}
    from carers.kpis.tasks import kpi_cache_warm

    # The task warms the year the page opens on: the current financial year.
    this_year = fy_of(timezone.localdate())
    AreaEstimateFactory(area=tree["top"], year=this_year, estimated_carers=100)
    CarerFactory(area=tree["city"], identified_on=date(this_year, 4, 1))

    assert kpi_cache_warm() >= 1
    CarerFactory(area=tree["city"], identified_on=date(this_year, 4, 1))  # not yet counted: from the cache
    assert selectors.kpi_summary_cached(organisation=home_org, year=this_year).known_total == 1


def _known_table(body: str) -> list[list[str]]:
    import re

    table = body.split('data-testid="known-table"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<tr class="govuk-table__row"><th scope="row"[^>]*>([^<]*)</th>(.*?)</tr>', table)
    return [[area, *re.findall(r"<td[^>]*>([^<]*)</td>", cells)] for area, cells in rows]


def test_kpi_page_opens_on_the_current_financial_year(client_for, tree):
    # An older year with estimates (as the demo's 2010/11) does not decide where the page opens.
    AreaEstimateFactory(area=tree["top"], year=2010, estimated_carers=9_000)
    body = client_for(Role.COMMISSIONER).get(reverse("carers:kpis")).content.decode()
    this_year = fy_of(timezone.localdate())
    assert f'<option value="{this_year}" selected>{fy_label(this_year)}</option>' in body
    assert f"carers known at the end of {fy_label(this_year)}" in body


def test_the_known_chart_draws_the_numbers_of_its_table(client_for, tree):
    """0 on the register and 9,000 reported: the chart's bars are the table's columns, never the
    larger of the two drawn as "carers known"."""
    import json
    import re

    AreaEstimateFactory(area=tree["top"], year=2019, estimated_carers=20_000, known_baseline=9_000)
    body = client_for(Role.COMMISSIONER).get(reverse("carers:kpis"), {"year": 2019}).content.decode()
    charts = json.loads(re.search(r'id="kpi-chart-data" type="application/json">(.*?)</script>', body).group(1))
    known = charts["known"]
    rows = _known_table(body)
    assert [row[0] for row in rows] == known["labels"]

    def number(text: str):
        return None if text.strip() in ("", "—") else int(text.replace(",", ""))

    columns = {"Estimated carers": 1, "Known on the register": 2, "Known (reported)": 3}
    assert [series["label"] for series in known["series"]] == list(columns)
    for series in known["series"]:
        assert series["data"] == [number(row[columns[series["label"]]]) for row in rows], series["label"]
    top = known["labels"].index("Oxfordshire")
    assert [series["data"][top] for series in known["series"]] == [20_000, 0, 9_000]
