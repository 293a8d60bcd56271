"""Importing an existing register (Transparency Code columns): a dry run naming every bad row,
then all or nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.choices import Role
from commissioning.models import Contract, ContractImport, ProviderProfile
from tests.commissioning.factories import ProviderProfileFactory

pytestmark = pytest.mark.django_db

HEADER = "Title,Supplier,Supplier company or charity number,Start date,End date,Value,Extension options,Reference\n"


def _upload(client, text: str, name="register.csv"):
    return client.post(
        reverse("commissioning:contractimport_create"), {"file": SimpleUploadedFile(name, text.encode())}
    )


def test_dry_run_then_import_matches_suppliers_by_number_then_name(client_for):
    known = ProviderProfileFactory(charity_number="1085888", organisation__name="Age UK Oxfordshire")
    client = client_for(Role.COMMISSIONER)
    response = _upload(
        client,
        HEADER
        + 'Emergency Carers Support,Age UK (Oxon),1085888,01/10/2022,30/09/2027,"1,693,300.00",24,OCC-ECS\n'
        + "Befriending and sitting,New Sitting Scheme,,01/04/2025,31/03/2026,30000,,OCC-BSN\n",
    )
    imported = ContractImport.objects.get()
    assert response["Location"] == imported.get_absolute_url()
    assert imported.status == "ready" and Contract.objects.count() == 0
    client.post(reverse("commissioning:contractimport_confirm", args=[imported.pk]))
    ecs = Contract.objects.get(reference="OCC-ECS")
    assert ecs.provider == known.organisation and ecs.extension_options == "24"
    assert str(ecs.total_value) == "1693300.00" and ecs.annual_value < ecs.total_value
    assert ProviderProfile.objects.filter(organisation__name="New Sitting Scheme").exists()


def test_an_unknown_supplier_number_or_a_malformed_date_imports_nothing_and_names_the_row(client_for):
    client = client_for(Role.COMMISSIONER)
    _upload(
        client,
        HEADER
        + "Good row,Someone,,01/04/2025,31/03/2026,1000,,R-1\n"
        + "Unknown number,Someone Else,99999999,01/04/2025,31/03/2026,1000,,R-2\n"
        + "Bad date,Someone,,30/02/2027,31/03/2028,1000,,R-3\n"
        + "End before start,Someone,,01/04/2026,31/03/2025,1000,,R-4\n"
        + "Too precise,Someone,,01/04/2025,31/03/2026,10.005,,R-5\n",
    )
    imported = ContractImport.objects.get()
    assert imported.status == "failed"
    problems = {(e["row"], e["field"]) for e in imported.errors}
    assert problems == {(3, "supplier_number"), (4, "start"), (5, "end"), (6, "value")}
    response = client.get(imported.get_absolute_url())
    assert "No supplier has this company or charity number" in response.content.decode()
    client.post(reverse("commissioning:contractimport_confirm", args=[imported.pk]))
    assert Contract.objects.count() == 0


def test_a_file_without_the_columns_is_refused_on_the_file_field(client_for):
    response = _upload(client_for(Role.COMMISSIONER), "Name,Amount\nx,1\n")
    assert "no column for" in str(response.context["form"].errors["file"])
    assert not ContractImport.objects.exists()
