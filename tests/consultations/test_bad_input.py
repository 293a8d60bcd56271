"""The issue's bad input, through the API as well as the pages and services (tested beside
them): an end before the start, a recurring series with no end and no count, a participant count
below zero, an action without an owner, and uploads too large, of a refused type or whose content
does not match the extension. Each answers a field-level error and saves nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.choices import Role
from consultations.models import ConsultationAction, ConsultationDocument, ConsultationEvent
from tests.consultations.factories import PDF_BYTES, EventFactory, MessageFactory

pytestmark = pytest.mark.django_db

EVENT = {
    "title": "Carers Strategy Steering Group",
    "about": "Regular meeting",
    "run_by_name": "John Pearce",
    "method": "meeting",
    "when": "date",
    "starts_on": "2010-01-15",
    "audience": "professionals",
}


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"when": "range", "ends_on": "2010-01-01"}, "non_field_errors", "The last date cannot be before the first."),
        ({"when": "recurring", "recurrence": "quarterly"}, "non_field_errors", "recurring series needs"),
        ({"participants": -1}, "participants", "cannot be below zero"),
    ],
    ids=["end-before-start", "series-without-end-or-count", "negative-participants"],
)
def test_api_refuses_a_bad_event(api_for, overrides, field, message):
    response = api_for(Role.COMMISSIONER).post(reverse("api:consultationevent-list"), EVENT | overrides, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert message in " ".join(errors.get(field, errors.get("__all__", []))), errors
    assert ConsultationEvent.objects.count() == 0


@pytest.mark.parametrize("owner", [None, ""], ids=["null", "empty"])
def test_api_refuses_an_action_without_an_owner(api_for, owner):
    message = MessageFactory()
    response = api_for(Role.COMMISSIONER).post(
        reverse("api:consultationaction-list"),
        {"message": message.pk, "description": "Publish a guide", "owner": owner, "due_on": "2030-01-31"},
        format="json",
    )
    assert response.status_code == 400 and "owner" in response.json()["errors"]
    assert ConsultationAction.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("script.exe", b"MZ\x90\x00", "must be one of these types"),
        ("minutes.pdf", b"<html><script>alert(1)</script></html>", "content is not a .pdf file"),
        ("big.pdf", PDF_BYTES + b"0" * (1024 * 1024), "smaller than 1 MB"),
    ],
    ids=["refused-type", "content-not-its-extension", "too-large"],
)
def test_upload_page_refuses_bad_files_on_the_field(client_for, settings, name, content, message):
    settings.CONSULTATION_DOCUMENT_MAX_BYTES = 1024 * 1024
    event = EventFactory()
    response = client_for(Role.COMMISSIONER).post(
        reverse("consultations:event_document_create", args=[event.pk]),
        {"title": "Minutes", "kind": "minutes", "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["file"])
    assert ConsultationDocument.objects.count() == 0
