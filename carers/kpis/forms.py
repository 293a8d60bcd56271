"""Forms for carer KPIs: the page's filters, area estimates, indicators and yearly targets."""

from datetime import date, timedelta
from functools import cached_property

from django import forms
from django.utils import timezone

from accounts.models import Area
from carers.kpis import profile, selectors
from carers.models import AreaEstimate, KpiIndicator
from common.forms import GovukDateInput, GovukFormMixin
from common.years import current_fy, fy_choices


class KpiFilterForm(GovukFormMixin, forms.Form):
    """The KPI page's (and summary API's) filters: council, financial year (April–March), area."""

    organisation = forms.ModelChoiceField(
        queryset=selectors.organisations_for_kpis(), required=False, label="Council", empty_label=None
    )
    year = forms.TypedChoiceField(label="Financial year", coerce=int, required=False, choices=())
    area = forms.ModelChoiceField(queryset=Area.objects.all(), required=False, label="Area", empty_label="All areas")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = fy_choices()
        self.user = user
        if user is not None and user.organisation_id and not self.is_bound:
            self.fields["organisation"].initial = user.organisation_id
        self.fields["year"].initial = selectors.default_kpi_year(user.organisation if user else None)
        # Only the chosen council's areas: every council's would be thousands of options.
        self.fields["area"].queryset = Area.objects.filter(council_id=self._council_id()).order_by("name")

    def _council_id(self) -> int | None:
        chosen = str(self.data.get("organisation", "")) if self.is_bound else ""
        if chosen.isdigit():
            return int(chosen)
        default = self._default_organisation
        return default.pk if default else None

    @cached_property
    def _default_organisation(self):
        """The user's council, else the first council (asked once per form)."""
        if self.user is not None and self.user.organisation_id:
            return self.user.organisation
        return selectors.organisations_for_kpis().first()

    def values(self) -> dict:
        """Cleaned filters with their defaults (the user's council, this financial year)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        organisation = data.get("organisation") or self._default_organisation
        year = data.get("year") or selectors.default_kpi_year(organisation)
        return {"organisation": organisation, "year": year, "area": data.get("area")}


class AreaEstimateForm(GovukFormMixin, forms.ModelForm):
    year = forms.TypedChoiceField(label="Financial year", coerce=int, choices=())

    class Meta:
        model = AreaEstimate
        fields = [
            "area",
            "year",
            "estimated_carers",
            "known_baseline",
            "annual_increase_points",
            "trajectory_years",
            "source",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = fy_choices()
        self.fields["year"].initial = current_fy()

    def _post_clean(self):
        """The service checks the row (full_clean) and upserts: entering an area and year again
        replaces the earlier figure, so the form does not refuse it as a duplicate."""


class KpiIndicatorForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = KpiIndicator
        fields = ["name", "description", "measure", "unit", "is_active"]
        help_texts = {"unit": "Used only when the actual is entered by hand; computed measures set their own."}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def validate_unique(self):
        """The service checks uniqueness (with the organisation) through full_clean."""


class KpiTargetRowForm(GovukFormMixin, forms.Form):
    year = forms.TypedChoiceField(label="Financial year", coerce=int, choices=())
    target = forms.DecimalField(max_digits=12, decimal_places=2, required=False)
    actual = forms.DecimalField(
        label="Actual (entered)",
        max_digits=12,
        decimal_places=2,
        required=False,
        help_text="Where the data cannot compute it.",
    )
    note = forms.CharField(max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "Choose a year")] + fy_choices(first=1995)
        self.helper.form_tag = False


KpiTargetFormSet = forms.formset_factory(KpiTargetRowForm, extra=3, can_delete=True)


class CarerProfileFilterForm(KpiFilterForm):
    """The carer profile's filters: council and area as on the KPI page, the date the ages are
    counted at (default today) and the age bands (the ages each band starts at)."""

    on = forms.DateField(
        label="Age on", required=False, widget=GovukDateInput(), help_text="Ages are counted on this date."
    )
    bands = forms.CharField(
        label="Age bands start at",
        required=False,
        max_length=200,
        help_text="Ages each band starts at, separated by commas, for example 18, 25, 35, 45, 55, 65, 75, 85.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["year"]  # the profile is as at a date, not a financial year
        self.fields["bands"].initial = ", ".join(str(bound) for bound in profile.DEFAULT_AGE_BANDS[1:])

    def clean_bands(self):
        text = self.cleaned_data.get("bands") or ""
        if not text.strip():
            return profile.DEFAULT_AGE_BANDS
        try:
            return profile.parse_bands(text)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean_on(self):
        on = self.cleaned_data.get("on")
        if on and not (date(1900, 1, 1) <= on <= timezone.localdate() + timedelta(days=366 * 5)):
            raise forms.ValidationError("Enter a date between 1900 and five years from now.")
        return on

    def profile_values(self) -> dict:
        """Cleaned filters with their defaults (the user's council, today, the usual bands)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        organisation = data.get("organisation") or self._default_organisation
        return {
            "organisation": organisation,
            "area": data.get("area"),
            "on": data.get("on") or timezone.localdate(),
            "bands": data.get("bands") or profile.DEFAULT_AGE_BANDS,
        }
