"""The one base of form pages (common.views.ServiceFormView), the one validate-and-save helper
(common.writes.model_save) and the API's error shape all say the same thing in the same place."""

from datetime import date

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from accounts.models import Organisation
from carers.models import ContingencyPlan
from common.api.exceptions import exception_handler
from common.errors import DomainError
from common.views import ServiceFormView
from common.writes import model_save
from tests.carers.factories import CarerFactory, ContingencyPlanFactory


class NameForm(forms.Form):
    name = forms.CharField(max_length=200)


class SaveThenFailView(ServiceFormView):
    """Saves an organisation, then raises what the test asks for: the save must not survive."""

    permission_required = "accounts.add_organisation"
    form_class = NameForm
    template_name = "accounts/organisation_form.html"
    success_message = "{object} was saved."
    failure: Exception | None = None

    def run_service(self, form):
        organisation = model_save(Organisation(kind="council"), name=form.cleaned_data["name"])
        if self.failure is not None:
            raise self.failure
        return organisation


def _post(user, failure, name="Testshire County Council"):
    request = RequestFactory().post("/test/", {"name": name})
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return SaveThenFailView.as_view(failure=failure)(request), request


@pytest.fixture
def admin(personas):
    from accounts.choices import Role

    # Councils are added by the deployment's administrator, not a council's (accounts.roles).
    return personas[Role.DEPLOYMENT_ADMINISTRATOR]


def test_a_validation_error_on_a_field_goes_on_that_field_and_nothing_is_saved(admin):
    before = Organisation.objects.count()
    response, _ = _post(admin, ValidationError({"name": "That name is taken."}))
    assert response.status_code == 200
    form = response.context_data["form"]
    assert form.errors == {"name": ["That name is taken."]}
    assert Organisation.objects.count() == before  # the organisation saved before the error was rolled back


def test_a_domain_error_goes_in_the_error_summary_and_nothing_is_saved(admin):
    before = Organisation.objects.count()
    response, _ = _post(admin, DomainError("Councils cannot be added this week."))
    form = response.context_data["form"]
    assert form.non_field_errors() == ["Councils cannot be added this week."]
    assert form.errors.keys() == {"__all__"}
    assert Organisation.objects.count() == before


def test_a_domain_error_naming_a_field_goes_on_it_and_one_naming_no_field_of_the_form_in_the_summary(admin):
    response, _ = _post(admin, DomainError("Say it differently.", field="name"))
    assert response.context_data["form"].errors == {"name": ["Say it differently."]}
    response, _ = _post(admin, ValidationError({"kind": "Not this kind."}))
    assert response.context_data["form"].non_field_errors() == ["Not this kind."]


def test_success_saves_redirects_and_says_so(admin):
    response, request = _post(admin, None, name="Newshire Council")
    organisation = Organisation.objects.get(name="Newshire Council")
    assert response.status_code == 302 and response["Location"] == organisation.get_absolute_url()
    assert [str(m) for m in get_messages(request)] == ["Newshire Council was saved."]


def test_over_long_text_from_the_model_uses_the_one_message(admin):
    with pytest.raises(ValidationError) as caught:
        model_save(Organisation(kind="council"), name="x" * 201)
    assert caught.value.message_dict == {"name": ["Enter at most 200 characters."]}


def test_a_one_field_constraint_seen_by_full_clean_is_reported_on_its_field(db):
    ContingencyPlanFactory(card_number="EC42")
    plan = ContingencyPlan(
        carer=CarerFactory(), emergency_contacts="Son", card_number="ec42", issued_on=date(2026, 1, 5)
    )
    with pytest.raises(ValidationError) as caught:
        model_save(plan)
    assert list(caught.value.message_dict) == ["card_number"]
    assert not ContingencyPlan.objects.filter(carer=plan.carer).exists()


def test_a_constraint_only_the_database_saw_is_the_same_field_error_not_a_500(db):
    """A race: another request inserted the same card number after this one's check."""
    ContingencyPlanFactory(card_number="EC43")
    plan = ContingencyPlan(
        carer=CarerFactory(), emergency_contacts="Son", card_number="ec43", issued_on=date(2026, 1, 5)
    )
    with pytest.raises(ValidationError) as by_database:
        model_save(plan, validate_constraints=False)  # as if full_clean ran before the other insert
    plan2 = ContingencyPlan(carer=plan.carer, emergency_contacts="Son", card_number="ec43", issued_on=date(2026, 1, 5))
    with pytest.raises(ValidationError) as by_check:
        model_save(plan2)
    assert by_database.value.message_dict == by_check.value.message_dict
    assert (
        ContingencyPlan.objects.filter(card_number__iexact="ec43").count() == 1
    )  # and the caller's transaction lives on


def test_the_api_error_shape_comes_from_the_same_mapping():
    body = exception_handler(ValidationError({"name": "Too short.", "__all__": "Check the dates."}), {}).data
    assert body == {
        "message": "The request has errors; see each field.",
        "errors": {"name": ["Too short."], "non_field_errors": ["Check the dates."]},
    }
    body = exception_handler(DomainError("Already decided.", field="status"), {}).data
    assert body == {"message": "Already decided.", "errors": {"status": ["Already decided."]}}
