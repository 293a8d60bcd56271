"""Figures follow every write (issue 17 §7): with the KPI cache on (locmem, and Redis), a write
through any path — a form, the API, an import, a merge, an erasure, a grant, vouchers, information
given — shows on the KPI page and in the KPI API at once, not when the cache expires."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from carers import choices as c
from carers import services
from carers.directory import services as directory_services
from carers.directory.choices import DirectoryCategory
from carers.grants import services as grant_services
from carers.grants.choices import GrantKind, GrantStatus, PaymentMethod
from carers.imports import services as import_services
from carers.kpis.selectors import kpi_cache_version_key
from common.years import current_fy, fy_start
from tests.accounts.factories import OrganisationFactory
from tests.caching import clear_this_databases_cache
from tests.carers.factories import AssessmentFactory, CarerFactory, ContactReasonFactory, ErasureRequestFactory

pytestmark = pytest.mark.django_db

YEAR = current_fy()


@pytest.fixture(params=["locmem", pytest.param("redis", marks=pytest.mark.redis)])
def kpi_cache(request, settings):
    """The KPI cache on for ten minutes, in local memory or in Redis (as in production)."""
    settings.CARER_KPI_CACHE_SECONDS = 600
    if request.param == "locmem":
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "kpi-freshness",
                "KEY_FUNCTION": "common.cache.database_scoped_key",
            }
        }
    else:
        assert settings.CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache"
    clear_this_databases_cache()
    return request.param


@pytest.fixture
def commissioner(client_for, kpi_cache):
    return client_for(Role.COMMISSIONER)


@pytest.fixture
def csc(client_for, kpi_cache):
    return client_for(Role.CSC_OFFICER)


@pytest.fixture
def csc_api(api_for, kpi_cache):
    return api_for(Role.CSC_OFFICER)


def api_figures(client) -> dict:
    response = client.get(reverse("api:kpi-summary"), {"year": YEAR})
    assert response.status_code == 200
    return response.json()


def page_summary(client, home_org):
    response = client.get(reverse("carers:kpis"), {"organisation": home_org.pk, "year": YEAR})
    assert response.status_code == 200
    return response.context["summary"]


def this_year(rows: list[dict]) -> dict:
    return next(row for row in rows if row["year"] == YEAR)


def new_this_year(figures: dict) -> int:
    return sum(row["total"] for row in figures["new_carers_by_month"])


def test_a_carer_registered_on_the_form_shows_on_the_page_and_api_at_once(
    csc, commissioner, home_org, django_capture_on_commit_callbacks
):
    CarerFactory(organisation=home_org)
    assert api_figures(commissioner)["known_total"] == page_summary(commissioner, home_org).known_total == 1
    CarerFactory(organisation=home_org)  # written outside the services: the cache still answers 1
    assert api_figures(commissioner)["known_total"] == 1

    data = {
        "first_name": "Margaret",
        "last_name": "Thornton",
        "date_of_birth": "1955-04-02",
        "postcode": "OX4 1AB",
        "hours_band": c.HoursBand.FIFTY_PLUS,
        "identification_source": c.IdentificationSource.GP_PRACTICE,
        "identified_on": timezone.localdate().isoformat(),
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = csc.post(reverse("carers:carer_create"), data)
    assert response.status_code == 302

    summary = page_summary(commissioner, home_org)
    assert summary.known_total == api_figures(commissioner)["known_total"] == 3
    assert sum(row["total"] for row in summary.new_by_month) == summary.known_total  # the chart agrees


def test_a_carer_registered_and_changed_through_the_api_shows_at_once(
    csc_api, commissioner, home_org, django_capture_on_commit_callbacks
):
    assert api_figures(commissioner)["known_total"] == 0
    data = {
        "first_name": "Ruth",
        "last_name": "Okafor",
        "date_of_birth": "1970-02-03",
        "postcode": "OX4 1AB",
        "hours_band": "20_49",
        "identification_source": "self_referral",
        "identified_on": (fy_start(YEAR) - timedelta(days=30)).isoformat(),  # known since last year
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = csc_api.post(reverse("api:carer-list"), data)
    assert response.status_code == 201, response.json()
    figures = api_figures(commissioner)
    assert figures["known_total"] == 1 and new_this_year(figures) == 0

    with django_capture_on_commit_callbacks(execute=True):
        response = csc_api.patch(
            reverse("api:carer-detail", args=[response.json()["id"]]), {"identified_on": fy_start(YEAR).isoformat()}
        )
    assert response.status_code == 200, response.json()
    assert new_this_year(api_figures(commissioner)) == 1


def test_an_assessment_through_the_api_and_a_contact_on_the_form_show_at_once(
    csc, csc_api, commissioner, home_org, django_capture_on_commit_callbacks
):
    carer = CarerFactory(organisation=home_org)
    before = api_figures(commissioner)
    assert this_year(before["assessments"])["total"] == 0 and this_year(before["ni135"])["numerator"] == 0

    data = {"carer": carer.pk, "assessment_type": "separate", "assessed_on": timezone.localdate().isoformat()}
    with django_capture_on_commit_callbacks(execute=True):
        assert csc_api.post(reverse("api:assessment-list"), data).status_code == 201
    after = api_figures(commissioner)
    assert this_year(after["assessments"])["total"] == 1
    assert this_year(after["ni135"])["numerator"] == 0  # assessed, no service or advice yet

    data = {
        "channel": c.Channel.PHONE,
        "contacted_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "reason": ContactReasonFactory().pk,
        "advice_given": "Explained the carers support service.",
        "outcome": c.ContactOutcome.INFORMATION,
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert csc.post(reverse("carers:carer_contact_create", args=[carer.pk]), data).status_code == 302
    assert this_year(api_figures(commissioner)["ni135"])["numerator"] == 1


def test_an_import_shows_at_once(commissioner, personas, home_org, django_capture_on_commit_callbacks, eager_celery):
    CarerFactory(organisation=home_org)
    assert api_figures(commissioner)["known_total"] == 1
    user = personas[Role.CSC_OFFICER]
    content = (
        b"first_name,last_name,date_of_birth,hours_band,identification_source,postcode\n"
        b"Margaret,Okafor,12/03/1948,50_plus,gp_practice,OX4 1AB\n"
        b"John,Smith,1961-07-01,20_49,hospital,OX4 1AB\n"
    )
    carer_import = import_services.carer_import_upload(
        user=user, organisation=home_org, filename="register.csv", content=content
    )
    with django_capture_on_commit_callbacks(execute=True):
        import_services.carer_import_confirm(carer_import=carer_import, user=user)
    assert api_figures(commissioner)["known_total"] == page_summary(commissioner, home_org).known_total == 3


def test_a_merge_on_the_form_shows_at_once(csc, commissioner, home_org, django_capture_on_commit_callbacks):
    keep, duplicate = CarerFactory(organisation=home_org), CarerFactory(organisation=home_org)
    assert api_figures(commissioner)["known_total"] == 2
    data = {"duplicate": duplicate.pk, "reason": "Same person, registered twice."}
    with django_capture_on_commit_callbacks(execute=True):
        assert csc.post(reverse("carers:carer_merge", args=[keep.pk]), data).status_code == 302
    assert api_figures(commissioner)["known_total"] == page_summary(commissioner, home_org).known_total == 1


def test_an_erasure_refreshes_its_councils_figures(
    commissioner, personas, home_org, django_capture_on_commit_callbacks
):
    carer = CarerFactory(organisation=home_org)
    AssessmentFactory(carer=carer, assessed_on=timezone.localdate())
    before = api_figures(commissioner)
    version = cache.get(kpi_cache_version_key(home_org.pk)) or 1
    with django_capture_on_commit_callbacks(execute=True):
        services.erasure_decide(
            request=ErasureRequestFactory(carer=carer), user=personas[Role.ADMINISTRATOR], decision="erase", reason="x"
        )
    assert cache.get(kpi_cache_version_key(home_org.pk)) == version + 1  # counted afresh
    after = api_figures(commissioner)
    assert after["known_total"] == before["known_total"] == 1  # erasure keeps counts
    assert after["assessments"] == before["assessments"]


def test_grants_vouchers_and_information_given_show_at_once(
    commissioner, personas, home_org, django_capture_on_commit_callbacks
):
    carer = CarerFactory(organisation=home_org)
    AssessmentFactory(carer=carer, assessed_on=timezone.localdate())
    officer = personas[Role.CSC_OFFICER]
    contact = services.contact_log(
        user=officer, carer=carer, reason=ContactReasonFactory(), outcome=c.ContactOutcome.REFERRED
    )
    figures = api_figures(commissioner)
    assert this_year(figures["grants"])["awards"] == 0 and this_year(figures["ni135"])["numerator"] == 0

    entry = directory_services.directory_entry_save(name="Sitting service", category=DirectoryCategory.SITTING)
    with django_capture_on_commit_callbacks(execute=True):
        directory_services.information_given_record(contact=contact, entry=entry, user=officer)
    assert this_year(api_figures(commissioner)["ni135"])["numerator"] == 1

    grant = grant_services.grant_apply(carer=carer, kind=GrantKind.TAKE_A_BREAK, purpose="Breaks", vouchers_requested=3)
    with django_capture_on_commit_callbacks(execute=True):
        grant_services.grant_decide(
            grant=grant,
            user=personas[Role.ADMINISTRATOR],
            status=GrantStatus.APPROVED,
            decided_on=timezone.localdate(),
            vouchers_issued=3,
            payment_method=PaymentMethod.VOUCHERS,
        )
    assert this_year(api_figures(commissioner)["grants"])["vouchers"] == 3
    with django_capture_on_commit_callbacks(execute=True):
        grant_services.voucher_redeem(grant=grant, provider=OrganisationFactory(name="Sitters Ltd"), vouchers_used=2)
    assert this_year(api_figures(commissioner)["grants"])["breaks"] == 2
    money = grant_services.grant_apply(
        carer=carer, kind=GrantKind.BREAKS_GRANT, purpose="A break", amount_requested=Decimal("100.00")
    )
    with django_capture_on_commit_callbacks(execute=True):
        grant_services.grant_decide(
            grant=money,
            user=personas[Role.ADMINISTRATOR],
            status=GrantStatus.APPROVED,
            decided_on=timezone.localdate(),
            amount_awarded=Decimal("100.00"),
            payment_method=PaymentMethod.BANK_TRANSFER,
        )
    assert this_year(api_figures(commissioner)["grants"])["amount"] == "100.00"


def test_a_write_in_one_council_keeps_the_other_councils_figures_cached(
    commissioner, personas, home_org, django_capture_on_commit_callbacks
):
    other = OrganisationFactory(name="Devon County Council", kind="council")
    CarerFactory(organisation=home_org)
    assert api_figures(commissioner)["known_total"] == 1
    home_version = cache.get(kpi_cache_version_key(home_org.pk))
    with django_capture_on_commit_callbacks(execute=True):
        services.carer_register(
            user=personas[Role.CSC_OFFICER],
            organisation=other,
            first_name="Dora",
            last_name="Devon",
            date_of_birth=date(1950, 1, 1),
            hours_band=c.HoursBand.FIFTY_PLUS,
            identification_source=c.IdentificationSource.GP_PRACTICE,
        )
    assert cache.get(kpi_cache_version_key(home_org.pk)) == home_version
    assert (cache.get(kpi_cache_version_key(other.pk)) or 1) > 1
