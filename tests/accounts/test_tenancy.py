"""Councils' administrators and the deployment administrator (issue 17 §15): a council's
administrator manages their own council's users and areas and nobody else's; the deployment
administrator manages councils and every council's users. Proven both ways, pages and API."""

import pytest
from django.urls import reverse

from accounts.choices import AreaLevel, OrganisationKind, Role
from accounts.models import Area, Organisation, User
from tests.accounts.factories import AreaFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-enough-passphrase"


@pytest.fixture
def devon_officer(other_org):
    return UserFactory(username="devon_csc", first_name="Dev", last_name="Onian", organisation=other_org)


def _user_form(organisation, roles, username="newofficer"):
    return {"username": username, "password": PASSWORD, "organisation": organisation.pk, "roles": roles}


def test_council_administrator_lists_only_their_own_councils_users(client_for, api_for, personas, devon_officer):
    page = client_for(Role.ADMINISTRATOR).get(reverse("accounts:user_list")).content.decode()
    assert personas[Role.CSC_OFFICER].username in page
    assert devon_officer.username not in page
    ids = [row["id"] for row in api_for(Role.ADMINISTRATOR).get(reverse("api:user-list")).json()["results"]]
    assert personas[Role.CSC_OFFICER].pk in ids and devon_officer.pk not in ids


def test_another_councils_user_answers_as_a_missing_one(client_for, api_for, devon_officer):
    client, api = client_for(Role.ADMINISTRATOR), api_for(Role.ADMINISTRATOR)
    for name in ("accounts:user_detail", "accounts:user_update"):
        assert client.get(reverse(name, args=[devon_officer.pk])).status_code == 404
    outside = api.get(reverse("api:user-detail", args=[devon_officer.pk]))
    missing = api.get(reverse("api:user-detail", args=[devon_officer.pk + 1000]))
    assert outside.status_code == missing.status_code == 404
    assert outside.json() == missing.json()
    # Nor can it be changed by posting to its edit page.
    response = client.post(reverse("accounts:user_update", args=[devon_officer.pk]), {"username": "taken_over"})
    assert response.status_code == 404
    devon_officer.refresh_from_db()
    assert devon_officer.username == "devon_csc"


def test_council_administrator_cannot_create_a_user_in_another_council(client_for, other_org):
    response = client_for(Role.ADMINISTRATOR).post(
        reverse("accounts:user_create"), _user_form(other_org, [Role.CSC_OFFICER])
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not User.objects.filter(username="newofficer").exists()


def test_council_administrator_cannot_give_the_deployment_role(client_for, home_org):
    response = client_for(Role.ADMINISTRATOR).post(
        reverse("accounts:user_create"), _user_form(home_org, [Role.DEPLOYMENT_ADMINISTRATOR])
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="newofficer").exists()


def test_council_administrator_creates_a_user_in_their_own_council(client_for, home_org):
    response = client_for(Role.ADMINISTRATOR).post(
        reverse("accounts:user_create"), _user_form(home_org, [Role.CSC_OFFICER])
    )
    assert response.status_code == 302
    user = User.objects.get(username="newofficer")
    assert user.organisation == home_org and user.has_role(Role.CSC_OFFICER)


def test_the_service_refuses_another_council_whatever_the_form(personas, other_org):
    from django.core.exceptions import ValidationError

    from accounts import services

    with pytest.raises(ValidationError) as caught:
        services.user_create(
            username="x2", password=PASSWORD, roles=[], organisation=other_org, by=personas[Role.ADMINISTRATOR]
        )
    assert "organisation" in caught.value.message_dict


def test_deployment_administrator_manages_every_councils_users(client_for, api_for, personas, devon_officer, other_org):
    page = client_for(Role.DEPLOYMENT_ADMINISTRATOR).get(reverse("accounts:user_list")).content.decode()
    assert devon_officer.username in page and personas[Role.CSC_OFFICER].username in page
    api = api_for(Role.DEPLOYMENT_ADMINISTRATOR)
    assert api.get(reverse("api:user-detail", args=[devon_officer.pk])).status_code == 200
    response = client_for(Role.DEPLOYMENT_ADMINISTRATOR).post(
        reverse("accounts:user_create"), _user_form(other_org, [Role.ADMINISTRATOR], username="devon_admin")
    )
    assert response.status_code == 302
    assert User.objects.get(username="devon_admin").organisation == other_org


def test_council_administrator_changes_their_own_councils_areas_only(client_for, api_for, home_org, other_org):
    own = AreaFactory(name="Oxfordshire", council=home_org)
    devon = AreaFactory(name="Devon", council=other_org)
    client, api = client_for(Role.ADMINISTRATOR), api_for(Role.ADMINISTRATOR)
    assert client.get(reverse("accounts:area_update", args=[own.pk])).status_code == 200
    assert client.get(reverse("accounts:area_update", args=[devon.pk])).status_code == 404
    assert client.get(reverse("accounts:area_detail", args=[devon.pk])).status_code == 200  # read by all
    outside = api.patch(reverse("api:area-detail", args=[devon.pk]), {"name": "Taken"}, format="json")
    missing = api.patch(reverse("api:area-detail", args=[devon.pk + 1000]), {"name": "Taken"}, format="json")
    assert outside.status_code == missing.status_code == 404 and outside.json() == missing.json()
    created = api.post(
        reverse("api:area-list"), {"name": "Exeter", "level": AreaLevel.COUNTY, "council": other_org.pk}, format="json"
    )
    assert created.status_code == 400
    assert "council" in created.json()["errors"]
    assert not Area.objects.filter(name="Exeter").exists()
    devon.refresh_from_db()
    assert devon.name == "Devon"


def test_only_the_deployment_administrator_adds_a_council(api_for):
    body = {"name": "Cornwall Council", "kind": OrganisationKind.COUNCIL}
    refused = api_for(Role.COMMISSIONER).post(reverse("api:organisation-list"), body, format="json")
    assert refused.status_code == 400
    assert "kind" in refused.json()["errors"]
    assert not Organisation.objects.filter(name="Cornwall Council").exists()
    assert (
        api_for(Role.COMMISSIONER)
        .post(
            reverse("api:organisation-list"),
            {"name": "Cornwall Carers", "kind": OrganisationKind.VOLUNTARY},
            format="json",
        )
        .status_code
        == 201
    )
    assert (
        api_for(Role.DEPLOYMENT_ADMINISTRATOR).post(reverse("api:organisation-list"), body, format="json").status_code
        == 201
    )


def test_a_commissioner_may_not_change_another_council(api_for, other_org):
    response = api_for(Role.COMMISSIONER).patch(
        reverse("api:organisation-detail", args=[other_org.pk]), {"phone": "0"}, format="json"
    )
    assert response.status_code == 404
    assert (
        api_for(Role.DEPLOYMENT_ADMINISTRATOR)
        .patch(reverse("api:organisation-detail", args=[other_org.pk]), {"phone": "01392 000000"}, format="json")
        .status_code
        == 200
    )


def test_the_home_pages_user_count_is_the_users_the_list_shows(personas, devon_officer):
    from accounts.dashboard import panels

    admin_count = panels(personas[Role.ADMINISTRATOR])[0].value
    assert admin_count == User.objects.filter(organisation=personas[Role.ADMINISTRATOR].organisation).count()
    assert panels(personas[Role.DEPLOYMENT_ADMINISTRATOR])[0].value == User.objects.count() == admin_count + 2
