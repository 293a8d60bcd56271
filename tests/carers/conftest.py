import pytest


@pytest.fixture(autouse=True)
def _kpi_cache_off(settings):
    """Count the KPIs afresh in every test (the cache is tested on its own, with locmem)."""
    settings.CARER_KPI_CACHE_SECONDS = 0


@pytest.fixture
def eager_celery():
    """Tasks run in-process as they are queued, as on the embedded default (the tests that go
    through a real worker say so)."""
    from celery import current_app

    before = current_app.conf.task_always_eager
    current_app.conf.task_always_eager = True
    yield
    current_app.conf.task_always_eager = before
