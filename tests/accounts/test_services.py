import pytest
from django.core.exceptions import ValidationError

from accounts import services
from accounts.choices import AreaLevel, OrganisationKind, Role
from accounts.models import Area, Organisation, User
from tests.accounts.factories import AreaFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_organisation_names_are_unique_whatever_their_case():
    OrganisationFactory(name="Devon County Council")
    with pytest.raises(ValidationError) as error:
        services.organisation_save(name="DEVON county council", kind=OrganisationKind.COUNCIL)
    assert "already exists" in str(error.value)
    assert Organisation.objects.count() == 1


def test_locality_must_sit_within_a_county():
    county = AreaFactory(name="Oxfordshire")
    locality = services.area_save(
        name="Oxford City", level=AreaLevel.LOCALITY, parent=county, postcode_districts="ox1  ox2"
    )
    assert locality.postcode_districts == "OX1 OX2"
    with pytest.raises(ValidationError) as error:
        services.area_save(name="Headington", level=AreaLevel.LOCALITY, parent=locality)
    assert "parent" in error.value.message_dict


@pytest.mark.parametrize(
    ("level", "has_parent"),
    [(AreaLevel.COUNTY, True), (AreaLevel.LOCALITY, False), (AreaLevel.WARD, False)],
)
def test_area_parent_rules(level, has_parent):
    parent = AreaFactory(name="Devon") if has_parent else None
    with pytest.raises(ValidationError):
        services.area_save(name="Somewhere", level=level, parent=parent)
    assert not Area.objects.filter(name="Somewhere").exists()


@pytest.mark.parametrize(
    ("password", "reason"),
    [("short1", "too short"), ("password1234", "too common"), ("123456789012345", "entirely numeric")],
)
def test_user_create_applies_the_password_rules(password, reason):
    with pytest.raises(ValidationError) as error:
        services.user_create(username="newofficer", password=password, roles=[Role.CSC_OFFICER])
    assert reason in " ".join(error.value.message_dict["password"])
    assert not User.objects.filter(username="newofficer").exists()


def test_user_create_gives_roles_and_update_changes_them():
    user = services.user_create(username="newofficer", password="a-long-enough-passphrase", roles=[Role.CSC_OFFICER])
    assert user.role_names == ["CSC officer"]
    assert user.check_password("a-long-enough-passphrase")
    services.user_update(user=user, roles=[Role.FINANCE_OFFICER, Role.COMMISSIONER], job_title="Analyst")
    user.refresh_from_db()
    assert user.role_names == ["Commissioner", "Finance officer"]
    assert user.job_title == "Analyst"


def test_unknown_role_is_refused_and_nothing_saved():
    with pytest.raises(ValidationError):
        services.user_create(username="x1", password="a-long-enough-passphrase", roles=["Wizard"])
    assert not User.objects.filter(username="x1").exists()


def test_token_rotate_replaces_the_old_token(personas):
    user = personas[Role.COMMISSIONER]
    first = services.token_rotate(user=user)
    second = services.token_rotate(user=user)
    assert first.key != second.key
    assert user.auth_token.key == second.key


def test_area_for_postcode_picks_the_most_specific_area():
    from accounts.selectors import area_for_postcode

    county = AreaFactory(name="Oxfordshire", postcode_districts="OX1 OX16")
    locality = Area.objects.create(
        name="North", level=AreaLevel.LOCALITY, parent=county, postcode_districts="OX16 OX15"
    )
    assert area_for_postcode("ox16 5aa") == locality
    assert area_for_postcode("OX1 1ND") == county
    assert area_for_postcode("OX11 7AA") is None  # OX1 must not match OX11
    assert area_for_postcode("") is None
