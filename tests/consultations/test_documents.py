"""Documents: refused uploads (type, size, content), and downloads only for signed-in users with
the permission, within their council."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.choices import Role
from consultations import services
from consultations.models import ConsultationDocument
from tests.consultations.factories import PDF_BYTES, DocumentFactory, EventFactory

pytestmark = pytest.mark.django_db


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def _upload(event, user, name, content):
    return services.document_upload(
        event=event, user=user, title="Minutes", kind="minutes", file=SimpleUploadedFile(name, content)
    )


def test_a_pdf_and_a_docx_are_kept(personas):
    user = personas[Role.COMMISSIONER]
    event = EventFactory()
    pdf = _upload(event, user, "minutes.pdf", PDF_BYTES)
    docx = _upload(event, user, "report.docx", _docx())
    assert pdf.content_type == "application/pdf" and pdf.size == len(PDF_BYTES)
    assert docx.original_name == "report.docx"
    assert not pdf.file.name.endswith("minutes.pdf")  # stored under a random name


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("script.exe", b"MZ\x90\x00", "must be one of these types"),
        ("page.html", b"<html></html>", "must be one of these types"),
        ("minutes.pdf", b"#!/bin/sh\nrm -rf /\n", "content is not a .pdf file"),
        ("report.docx", b"PK\x03\x04not really a zip", "content is not a .docx file"),
        ("notes.txt", b"\x00\x01\x02binary", "content is not a .txt file"),
        ("empty.pdf", b"", "The file is empty."),
    ],
    ids=["exe", "html", "pdf-mismatch", "docx-mismatch", "binary-txt", "empty"],
)
def test_refused_uploads(personas, name, content, message):
    with pytest.raises(ValidationError) as caught:
        _upload(EventFactory(), personas[Role.COMMISSIONER], name, content)
    assert message in " ".join(caught.value.message_dict["file"])
    assert ConsultationDocument.objects.count() == 0


def test_a_file_over_the_limit_is_refused(personas, settings):
    settings.CONSULTATION_DOCUMENT_MAX_BYTES = 1024 * 1024
    with pytest.raises(ValidationError) as caught:
        _upload(EventFactory(), personas[Role.COMMISSIONER], "big.pdf", PDF_BYTES + b"0" * (1024 * 1024))
    assert caught.value.message_dict["file"] == ["The file must be smaller than 1 MB."]


def test_upload_page_refuses_a_wrong_type_on_the_field(client_for):
    event = EventFactory()
    response = client_for(Role.COMMISSIONER).post(
        reverse("consultations:event_document_create", args=[event.pk]),
        {"title": "Notes", "kind": "other", "file": SimpleUploadedFile("evil.svg", b"<svg/>")},
    )
    assert response.status_code == 200
    assert "must be one of these types" in response.content.decode()
    assert ConsultationDocument.objects.count() == 0


def test_upload_page_keeps_a_good_file(client_for):
    event = EventFactory()
    response = client_for(Role.COMMISSIONER).post(
        reverse("consultations:event_document_create", args=[event.pk]),
        {"title": "Minutes", "kind": "minutes", "file": SimpleUploadedFile("m.pdf", PDF_BYTES)},
    )
    assert response.status_code == 302
    assert event.documents.get().title == "Minutes"


def test_api_upload_is_validated_the_same_way(api_for):
    event = EventFactory()
    response = api_for(Role.COMMISSIONER).post(
        reverse("api:consultationdocument-list"),
        {"event": event.pk, "title": "Script", "kind": "other", "file": SimpleUploadedFile("x.pdf", b"not a pdf")},
        format="multipart",
    )
    assert response.status_code == 400
    assert "content is not a .pdf file" in response.json()["errors"]["file"][0]


def test_commissioner_downloads_the_file(client_for):
    document = DocumentFactory()
    response = client_for(Role.COMMISSIONER).get(reverse("consultations:document_download", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_document_is_not_reachable_signed_out(client):
    document = DocumentFactory()
    response = client.get(reverse("consultations:document_download", args=[document.pk]))
    assert response.status_code == 302 and "login" in response["Location"]
    assert client.get(reverse("api:consultationdocument-download", args=[document.pk])).status_code == 401


@pytest.mark.parametrize("role", [Role.CSC_OFFICER, Role.FINANCE_OFFICER, Role.BROKERAGE_OFFICER, Role.ADMINISTRATOR])
def test_document_is_refused_to_a_role_without_permission(client_for, api_for, role):
    document = DocumentFactory()
    assert client_for(role).get(reverse("consultations:document_download", args=[document.pk])).status_code == 403
    assert api_for(role).get(reverse("api:consultationdocument-download", args=[document.pk])).status_code == 403


def test_another_councils_document_is_404(client_for, other_org):
    document = DocumentFactory(event=EventFactory(organisation=other_org))
    assert (
        client_for(Role.COMMISSIONER).get(reverse("consultations:document_download", args=[document.pk])).status_code
        == 404
    )


def test_no_public_media_url_serves_the_file(client):
    document = DocumentFactory()
    assert client.get(f"/media/{document.file.name}").status_code in (302, 404)
    assert client.get(f"/static/{document.file.name}").status_code == 404
