import pytest
from django.urls import reverse

from accounts.choices import Role
from accounts.models import Organisation, User
from tests.accounts.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_deployment_admin_creates_an_organisation_and_sees_it_in_history(client_for, personas):
    client = client_for(Role.DEPLOYMENT_ADMINISTRATOR)
    response = client.post(
        reverse("accounts:organisation_create"),
        {"name": "Carers Trust Thames", "kind": "voluntary", "reference": "1145181", "is_active": "on"},
    )
    organisation = Organisation.objects.get(name="Carers Trust Thames")
    assert response.status_code == 302
    assert response["Location"] == organisation.get_absolute_url()
    client.post(
        reverse("accounts:organisation_update", args=[organisation.pk]),
        {"name": "Carers Trust Thames", "kind": "provider", "reference": "1145181", "is_active": "on"},
    )
    page = client.get(organisation.get_absolute_url()).content.decode()
    assert "History" in page
    assert "Created" in page and "Changed" in page
    assert "voluntary → provider" in page
    assert personas[Role.DEPLOYMENT_ADMINISTRATOR].get_full_name() in page


def test_invalid_organisation_shows_field_errors_and_saves_nothing(client_for):
    OrganisationFactory(name="Redcar Mind")
    response = client_for(Role.DEPLOYMENT_ADMINISTRATOR).post(
        reverse("accounts:organisation_create"), {"name": "redcar mind", "kind": "nonsense"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Select a valid choice" in page
    assert Organisation.objects.filter(name__iexact="redcar mind").count() == 1


def test_admin_creates_a_user_with_a_role(client_for, home_org):
    response = client_for(Role.ADMINISTRATOR).post(
        reverse("accounts:user_create"),
        {
            "username": "jpearce",
            "first_name": "John",
            "last_name": "Pearce",
            "email": "john.pearce@example.gov.uk",
            "organisation": home_org.pk,
            "roles": [Role.COMMISSIONER.value],
            "password": "strategic-commissioning-2010",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="jpearce")
    assert user.role_names == ["Commissioner"]


def test_weak_password_is_a_field_error(client_for):
    response = client_for(Role.ADMINISTRATOR).post(
        reverse("accounts:user_create"), {"username": "weak", "password": "password", "roles": []}
    )
    assert response.status_code == 200
    assert "This password is too short" in response.content.decode()
    assert not User.objects.filter(username="weak").exists()


def test_navigation_follows_the_role(client_for):
    admin_page = client_for(Role.ADMINISTRATOR).get("/").content.decode()
    csc_page = client_for(Role.CSC_OFFICER).get("/").content.decode()
    assert 'href="/accounts/users/"' in admin_page
    assert 'href="/accounts/users/"' not in csc_page


def test_home_page_shows_real_counts_for_the_administrator(client_for, personas):
    page = client_for(Role.ADMINISTRATOR).get("/").content.decode()
    # The administrator's own council's users (the deployment administrator belongs to none).
    active_users = User.objects.filter(is_active=True, organisation=personas[Role.ADMINISTRATOR].organisation).count()
    assert f'<span class="app-panel__value">{active_users}</span>' in page


def test_header_shows_user_organisation_and_notification_count(client_for, personas):
    from reminders.models import Notification

    user = personas[Role.COMMISSIONER]
    Notification.objects.create(recipient=user, key="test:1", title="Contract ends in 3 months")
    page = client_for(Role.COMMISSIONER).get("/").content.decode()
    assert "Oxfordshire County Council" in page
    assert 'class="moj-notification-badge">1<' in page


def test_list_pages_filter_and_use_constant_queries(client_for, django_assert_max_num_queries):
    client = client_for(Role.ADMINISTRATOR)
    for n in range(3):
        OrganisationFactory(name=f"Provider {n}", kind="provider")
    url = reverse("accounts:organisation_list") + "?kind=provider&sort=name"
    with django_assert_max_num_queries(12) as few:
        response = client.get(url)
    assert response.status_code == 200  # a refusal would also be few queries
    assert "Provider 2" in response.content.decode()
    for n in range(3, 30):
        OrganisationFactory(name=f"Provider {n}", kind="provider")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Provider 29" in page
    assert "Oxfordshire County Council" not in page.split("results-table")[1]


def test_user_list_query_count_does_not_grow_with_users(client_for, django_assert_max_num_queries):
    from tests.accounts.factories import UserFactory

    client = client_for(Role.ADMINISTRATOR)
    with django_assert_max_num_queries(15) as few:
        response = client.get(reverse("accounts:user_list"))
    assert response.status_code == 200  # a refusal would also be few queries
    for n in range(20):
        UserFactory(username=f"officer{n}", roles=[Role.CSC_OFFICER])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("accounts:user_list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "officer0" in page and "officer19" in page  # the rows counted are on the page


def test_sessions_expire_after_thirty_minutes_of_inactivity(client_for, settings):
    client = client_for(Role.CSC_OFFICER)
    client.get("/")
    assert "accounts.sessions.SessionActivityMiddleware" in settings.MIDDLEWARE
    assert client.session.get_expiry_age() == 30 * 60
