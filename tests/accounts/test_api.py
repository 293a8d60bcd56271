import pytest
from rest_framework.test import APIClient

from accounts.choices import Role
from accounts.models import Organisation
from tests.accounts.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_anonymous_api_request_is_401_with_the_error_shape():
    response = APIClient().get("/api/organisations/")
    assert response.status_code == 401
    assert set(response.json()) == {"message", "errors"}


def test_token_login_and_use(personas):
    client = APIClient()
    response = client.post(
        "/api/auth/token/", {"username": "p_csc", "password": "correct-horse-battery-staple"}, format="json"
    )
    assert response.status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    me = client.get("/api/users/me/").json()
    assert me["username"] == "p_csc"
    assert me["roles"] == ["CSC officer"]


def test_wrong_password_gets_the_error_shape(personas):
    response = APIClient().post("/api/auth/token/", {"username": "p_csc", "password": "nope"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["non_field_errors"]


def test_invalid_create_is_a_field_error_and_saves_nothing(api_for):
    response = api_for(Role.DEPLOYMENT_ADMINISTRATOR).post(
        "/api/organisations/", {"name": "", "kind": "castle"}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["message"]
    assert set(body["errors"]) == {"name", "kind"}
    assert Organisation.objects.count() == 1  # only the personas' council


def test_model_rule_errors_come_back_on_the_field(api_for):
    OrganisationFactory(name="Redcar Mind")
    response = api_for(Role.DEPLOYMENT_ADMINISTRATOR).post(
        "/api/organisations/", {"name": "REDCAR MIND", "kind": "voluntary"}
    )
    assert response.status_code == 400
    assert "already exists" in str(response.json()["errors"])


def test_role_without_add_permission_is_refused(api_for):
    response = api_for(Role.CSC_OFFICER).post("/api/organisations/", {"name": "X", "kind": "provider"})
    assert response.status_code == 403
    assert response.json()["message"]


def test_lists_are_keyset_paged_filtered_and_ordered(api_for):
    for n in range(5):
        OrganisationFactory(name=f"Provider {n}", kind="provider")
    client = api_for(Role.COMMISSIONER)
    first = client.get("/api/organisations/?kind=provider&page_size=2&ordering=name").json()
    assert [o["name"] for o in first["results"]] == ["Provider 0", "Provider 1"]
    assert "count" not in first  # no COUNT(*) over the table
    second = client.get(first["next"]).json()
    assert [o["name"] for o in second["results"]] == ["Provider 2", "Provider 3"]


def test_csv_format_on_lists(api_for):
    OrganisationFactory(name='=HYPERLINK("http://evil")', kind="provider")
    response = api_for(Role.COMMISSIONER).get("/api/organisations/?format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode()
    assert text.splitlines()[0].startswith("id,name,kind")
    assert "'=HYPERLINK" in text


def test_api_list_query_count_is_constant(api_for, django_assert_max_num_queries):
    client = api_for(Role.COMMISSIONER)
    with django_assert_max_num_queries(5) as few:
        response = client.get("/api/organisations/")
    assert response.status_code == 200  # a refusal would also be few queries
    before = len(response.json()["results"])
    for n in range(30):
        OrganisationFactory(name=f"Provider {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/api/organisations/")
    assert response.status_code == 200
    names = [row["name"] for row in response.json()["results"]]
    assert len(names) == before + 30 and "Provider 29" in names  # the rows counted are in the answer


@pytest.mark.parametrize("cursor", ["cD0=", "cD1hYmM="])  # "p=" and "p=abc"
def test_a_tampered_cursor_is_404_not_500(api_for, cursor):
    response = api_for(Role.COMMISSIONER).get(f"/api/organisations/?cursor={cursor}")
    assert response.status_code == 404
    assert response.json()["message"] == "Invalid cursor"
