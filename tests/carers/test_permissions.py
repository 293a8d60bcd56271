import pytest

from accounts.choices import Role
from carers.models import Carer
from tests.accounts.factories import OrganisationFactory
from tests.carers.factories import CarerFactory


@pytest.mark.parametrize(
    "role,sees",
    [
        (Role.CSC_OFFICER, True),
        (Role.ADMINISTRATOR, True),
        (Role.BROKERAGE_OFFICER, False),  # no packages yet: nobody on their packages
        (Role.FINANCE_OFFICER, False),
        (Role.COMMISSIONER, False),
    ],
)
def test_who_sees_a_carers_record(personas, role, sees):
    carer = CarerFactory()
    assert Carer.objects.visible_to(personas[role]).filter(pk=carer.pk).exists() is sees


def test_an_officer_of_another_council_sees_none_of_ours(personas):
    from tests.accounts.factories import UserFactory

    carer = CarerFactory()
    other = UserFactory(organisation=OrganisationFactory(name="Devon County Council"), roles=[Role.CSC_OFFICER])
    assert not Carer.objects.visible_to(other).filter(pk=carer.pk).exists()


def test_role_permissions_hold(personas):
    csc, finance, commissioner, admin, broker = (
        personas[r]
        for r in (Role.CSC_OFFICER, Role.FINANCE_OFFICER, Role.COMMISSIONER, Role.ADMINISTRATOR, Role.BROKERAGE_OFFICER)
    )
    assert csc.has_perms(["carers.view_carer", "carers.add_carer", "carers.change_carer", "carers.add_contact"])
    assert not csc.has_perm("carers.erase_carer")
    for user in (finance, commissioner):
        assert user.has_perm("carers.view_carer_statistics")
        assert not user.has_perm("carers.view_carer") and not user.has_perm("carers.view_contact")
    assert admin.has_perms(["carers.view_carer", "carers.change_carer", "carers.erase_carer"])
    assert broker.has_perm("carers.view_carer") and not broker.has_perm("carers.change_carer")


def test_anonymous_visitor_is_sent_to_sign_in(client, db):
    from django.urls import reverse

    carer = CarerFactory()
    response = client.get(reverse("carers:carer_detail", args=[carer.pk]))
    assert response.status_code == 302 and "login" in response["Location"]
