"""One scope rule per model (visible_to): carer KPI rows are every council's to read and only the
owning council's to change; another council's row answers as a missing one."""

import pytest
from django.urls import reverse

from accounts.choices import Role
from carers.models import AreaEstimate, KpiIndicator, KpiTarget
from tests.carers.feature_factories import AreaEstimateFactory, KpiIndicatorFactory, KpiTargetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def devon(other_org):
    indicator = KpiIndicatorFactory(organisation=other_org, name="Devon indicator")
    return {
        "kpi": indicator,
        "kpitarget": KpiTargetFactory(indicator=indicator),
        "areaestimate": AreaEstimateFactory(area__council=other_org),
    }


def test_kpi_rows_are_read_by_every_council_and_changed_by_their_own(personas, devon, home_org):
    commissioner = personas[Role.COMMISSIONER]
    own = KpiIndicatorFactory(organisation=home_org, name="Oxfordshire indicator")
    assert set(KpiIndicator.objects.visible_to(commissioner)) == {own, devon["kpi"]}
    assert list(KpiIndicator.objects.visible_to(commissioner, "change")) == [own]
    assert not KpiTarget.objects.visible_to(commissioner, "change").filter(pk=devon["kpitarget"].pk).exists()
    assert not AreaEstimate.objects.visible_to(commissioner, "change").filter(pk=devon["areaestimate"].pk).exists()
    # A role without the aggregated statistics sees none of them.
    assert not KpiIndicator.objects.visible_to(personas[Role.CSC_OFFICER]).exists()


@pytest.mark.parametrize("word", ["kpi", "kpitarget", "areaestimate"])
def test_changing_another_councils_kpi_row_answers_as_a_missing_one(api_for, devon, word):
    api = api_for(Role.COMMISSIONER)
    row = devon[word]
    outside = api.patch(reverse(f"api:{word}-detail", args=[row.pk]), {"note": "x"}, format="json")
    missing = api.patch(reverse(f"api:{word}-detail", args=[row.pk + 1000]), {"note": "x"}, format="json")
    assert outside.status_code == missing.status_code == 404
    assert outside.json() == missing.json()
    assert api.get(reverse(f"api:{word}-detail", args=[row.pk])).status_code == 200  # read by every council


def test_a_target_for_another_councils_indicator_is_refused(api_for, devon):
    response = api_for(Role.COMMISSIONER).post(
        reverse("api:kpitarget-list"), {"indicator": devon["kpi"].pk, "year": 2031, "target": "10"}, format="json"
    )
    assert response.status_code == 404
    assert not KpiTarget.objects.filter(indicator=devon["kpi"], year=2031).exists()


def test_the_kpi_edit_page_of_another_council_is_a_404(client_for, devon):
    assert client_for(Role.COMMISSIONER).get(reverse("carers:kpi_update", args=[devon["kpi"].pk])).status_code == 404
