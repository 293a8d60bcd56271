import pytest


@pytest.fixture(autouse=True)
def _kpi_cache_off(settings):
    """Count the KPIs afresh in every test (the cache is tested on its own, with locmem)."""
    settings.CARER_KPI_CACHE_SECONDS = 0
