"""Input forms for consultations. Forms parse; the services validate and save (model rules run
there, once: the model forms are common.forms.ServiceModelForm)."""

from django import forms

from accounts.models import User
from common.forms import GovukDateInput, GovukFormMixin, ServiceModelForm
from consultations.choices import DocumentKind
from consultations.models import (
    ConsultationAction,
    ConsultationEvent,
    Deliverable,
    Forum,
    ForumMeeting,
    KeyMessage,
    Milestone,
    Strategy,
    StrategyAim,
    Theme,
    Workstream,
)
from consultations.validators import ALLOWED_TYPES, max_document_bytes


def council_users(user):
    """The people of the user's council who can own an action or lead a workstream."""
    qs = User.objects.filter(is_active=True).order_by("last_name", "first_name", "id")
    if not user.is_authenticated:  # the API schema is built without a signed-in user
        return qs.none()
    return qs if user.is_superuser else qs.filter(organisation_id=user.organisation_id)


def informed_procurement_choices(user):
    """Procurements an event of the user's council can have informed: those the council keeps or
    is a partner to (as it sees them on the pipeline), by reference."""
    from commissioning.models import Procurement

    if not user.is_authenticated:  # the API schema is built without a signed-in user
        return Procurement.objects.none()
    return Procurement.objects.visible_to(user).order_by("reference", "id")


def informed_contract_choices(user):
    """Contracts an event of the user's council can have informed: the council's own (accountable
    or partner), newest first."""
    from commissioning.models import Contract

    if not user.is_authenticated:  # the API schema is built without a signed-in user
        return Contract.objects.none()
    return Contract.objects.visible_to(user).order_by("reference", "id")


def informed_strategy_choices(user):
    if not user.is_authenticated:
        return Strategy.objects.none()
    return Strategy.objects.visible_to(user).order_by("-starts_on", "id")


class EventForm(ServiceModelForm):
    class Meta:
        model = ConsultationEvent
        fields = [
            "title",
            "about",
            "run_by_user",
            "run_by_name",
            "run_by_organisation",
            "method",
            "when",
            "starts_on",
            "ends_on",
            "recurrence",
            "occurrence_count",
            "audience",
            "participants",
            "eia_done",
            "informed_procurements",
            "informed_contracts",
            "informed_strategies",
        ]
        widgets = {
            "about": forms.Textarea(attrs={"rows": 3}),
            "informed_strategies": forms.CheckboxSelectMultiple,
            "starts_on": GovukDateInput(),
            "ends_on": GovukDateInput(),
            "when": forms.RadioSelect,
        }
        help_texts = {
            "run_by_user": "Or give the person's name below.",
            "recurrence": "For a recurring series only.",
            "informed_procurements": "Your council's procurements (or those run for it) it shaped. "
            "Hold Ctrl (or Cmd) to choose several.",
            "informed_contracts": "Your council's contracts it shaped. Hold Ctrl (or Cmd) to choose several.",
            "informed_strategies": "Your council's strategies this consultation shaped.",
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["run_by_user"].queryset = council_users(user)
        self.fields["run_by_user"].required = False
        self.fields["participants"].min_value = None  # the model's message, not the form's
        self.fields["informed_procurements"].queryset = informed_procurement_choices(user)
        self.fields["informed_contracts"].queryset = informed_contract_choices(user)
        self.fields["informed_strategies"].queryset = informed_strategy_choices(user)


class MessageForm(ServiceModelForm):
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.filter(is_active=True).order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Tag the message with every theme it touches.",
    )

    class Meta:
        model = KeyMessage
        fields = ["text", "themes"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class DocumentForm(GovukFormMixin, forms.Form):
    title = forms.CharField(max_length=200)
    kind = forms.ChoiceField(label="Kind of document", choices=DocumentKind.choices)
    file = forms.FileField(
        help_text=(
            f"One of {', '.join(sorted(ALLOWED_TYPES))}; smaller than {max_document_bytes() // (1024 * 1024)} MB."
        ),
        allow_empty_file=True,  # the service's own message for an empty file
    )


class ActionForm(ServiceModelForm):
    class Meta:
        model = ConsultationAction
        fields = ["description", "owner", "due_on", "status", "response"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "response": forms.Textarea(attrs={"rows": 4}),
            "due_on": GovukDateInput(),
        }
        help_texts = {"response": 'What was done: the "we did" a council publishes.'}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = council_users(user)
        self.fields["owner"].required = False  # the service says "Choose who owns the action."


class ForumForm(ServiceModelForm):
    class Meta:
        model = Forum
        fields = ["name", "purpose", "audience", "meets", "established_on", "is_active"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 3}), "established_on": GovukDateInput()}


class MeetingForm(ServiceModelForm):
    class Meta:
        model = ForumMeeting
        fields = ["held_on", "attendees", "notes", "event"]
        widgets = {"held_on": GovukDateInput(), "notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = ConsultationEvent.objects.visible_to(user).order_by("-starts_on")
        self.fields["attendees"].min_value = None


class StrategyForm(ServiceModelForm):
    class Meta:
        model = Strategy
        fields = ["title", "summary", "starts_on", "ends_on", "approved_on", "approved_by", "forum"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "starts_on": GovukDateInput(),
            "ends_on": GovukDateInput(),
            "approved_on": GovukDateInput(),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["forum"].queryset = Forum.objects.visible_to(user)


class AimForm(ServiceModelForm):
    class Meta:
        model = StrategyAim
        fields = ["number", "title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].required = False
        self.fields["number"].help_text = "Leave empty to number it after the last aim."


class DeliverableForm(ServiceModelForm):
    class Meta:
        model = Deliverable
        fields = ["aim", "description", "owner", "owner_name", "progress", "progress_note"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "progress_note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, strategy=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = council_users(user)
        self.fields["aim"].queryset = StrategyAim.objects.filter(strategy=strategy)


class WorkstreamForm(ServiceModelForm):
    class Meta:
        model = Workstream
        fields = ["number", "title", "description", "lead", "starts_on", "completes_on", "completion_note", "progress"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "starts_on": GovukDateInput(),
            "completes_on": GovukDateInput(),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = council_users(user)


class MilestoneForm(ServiceModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_on", "done_on"]
        widgets = {"due_on": GovukDateInput(), "done_on": GovukDateInput()}


class CalendarFilterForm(GovukFormMixin, forms.Form):
    """The calendar page's filters: from when, how many months, which kinds of entry."""

    MONTHS = [(1, "1 month"), (3, "3 months"), (6, "6 months"), (12, "12 months")]

    start = forms.DateField(label="From", required=False, widget=GovukDateInput(), help_text="Today if left empty.")
    months = forms.TypedChoiceField(label="For the next", choices=MONTHS, coerce=int, required=False, empty_value=3)
    kinds = forms.MultipleChoiceField(
        label="Show", choices=(), widget=forms.CheckboxSelectMultiple, required=False, help_text="All if none ticked."
    )

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        from consultations.calendar import KINDS

        self.fields["kinds"].choices = [(kind, KINDS[kind][0]) for kind in kinds]
