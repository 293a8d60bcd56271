"""Input forms of the budgets app: they parse and validate; the views call the services."""

from datetime import date

from django import forms

from accounts.models import Organisation
from budgets.models import Allocation, AllocationGroup, FundingStream
from commissioning.models import DeliveryMethod, ServiceLine
from common.forms import GovukFormMixin
from common.years import fy_choices

MONEY_FIELD = {"max_digits": 14, "decimal_places": 2, "min_value": 0}
MONEY_ERRORS = {
    "max_decimal_places": "Enter the amount in pounds and pence: no more than 2 decimal places.",
    "min_value": "Enter an amount of £0.00 or more.",
    "invalid": "Enter an amount in pounds and pence, for example 450600.00.",
}


def money_field(**kwargs) -> forms.DecimalField:
    return forms.DecimalField(**MONEY_FIELD, error_messages=MONEY_ERRORS, **kwargs)


class BudgetForm(GovukFormMixin, forms.Form):
    year = forms.TypedChoiceField(label="Financial year", coerce=int, choices=fy_choices(last=2040))
    name = forms.CharField(max_length=200, initial="Carers budget")
    total = money_field(label="Total (£)", help_text="In pounds and pence, for example 6303000.00.")
    accountable_body = forms.ModelChoiceField(
        queryset=Organisation.objects.all(), required=False, help_text="For a pooled fund only."
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class ContributionForm(GovukFormMixin, forms.Form):
    streams = forms.ModelMultipleChoiceField(
        queryset=FundingStream.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        label="Funding streams",
        help_text="Tick several when the figure is their combined contribution with no split given.",
    )
    amount = money_field(label="Amount (£)")
    partner = forms.ModelChoiceField(
        queryset=Organisation.objects.all(), required=False, help_text="For a pooled fund: the partner paying it."
    )
    note = forms.CharField(required=False, max_length=2000)


class GroupForm(GovukFormMixin, forms.Form):
    name = forms.CharField(
        max_length=200,
        help_text="The lines a report costs together, for example Brokerage / Carers Support Service / Peer Support.",
    )
    amount = money_field(label="Shared amount (£)")


class AllocationForm(GovukFormMixin, forms.Form):
    description = forms.CharField(max_length=300, label="Line", help_text="As the report names it.")
    service_line = forms.ModelChoiceField(queryset=ServiceLine.objects.filter(is_active=True))
    delivery_method = forms.ModelChoiceField(
        queryset=DeliveryMethod.objects.filter(is_active=True), required=False, help_text="Leave empty for N/A."
    )
    funding_stream = forms.ModelChoiceField(queryset=FundingStream.objects.filter(is_active=True), required=False)
    amount = money_field(label="Amount (£)", required=False, help_text="Leave empty for a line in a group.")
    group = forms.ModelChoiceField(
        queryset=AllocationGroup.objects.none(), required=False, help_text="Lines in a group share the group's amount."
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)

    def __init__(self, *args, budget, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = AllocationGroup.objects.filter(budget=budget)


class VirementForm(GovukFormMixin, forms.Form):
    from_allocation = forms.ModelChoiceField(queryset=Allocation.objects.none(), label="From line")
    to_allocation = forms.ModelChoiceField(queryset=Allocation.objects.none(), label="To line")
    amount = money_field(label="Amount (£)")
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args, budget, **kwargs):
        super().__init__(*args, **kwargs)
        lines = Allocation.objects.filter(budget=budget, group__isnull=True)
        self.fields["from_allocation"].queryset = lines
        self.fields["to_allocation"].queryset = lines


class ConfirmForm(GovukFormMixin, forms.Form):
    """A button: approve, close, roll forward."""


class EfficiencyForm(GovukFormMixin, forms.Form):
    description = forms.CharField(max_length=300, help_text="For example: Cost of current carers centres.")
    current_cost = money_field(label="Current cost (£)")
    proposed_cost = money_field(label="Proposed cost (£)")
    proposed_detail = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, label="What the proposed cost buys"
    )
    reinvested_in = forms.CharField(required=False, max_length=300, label="Where the difference is reinvested")


def fy_months(year: int) -> list[tuple[str, str]]:
    """The twelve months of financial year `year`, April to March, as (first day, "April 2010")."""
    months = [date(year, month, 1) for month in range(4, 13)] + [date(year + 1, month, 1) for month in range(1, 4)]
    return [(m.isoformat(), m.strftime("%B %Y")) for m in months]


class SpendForm(GovukFormMixin, forms.Form):
    allocation = forms.ModelChoiceField(queryset=Allocation.objects.none(), label="Line")
    month = forms.TypedChoiceField(label="Month", coerce=date.fromisoformat, choices=())
    amount = money_field(
        label="Spent (£)", help_text="What was spent on the line in the month: it replaces any figure already recorded."
    )
    note = forms.CharField(required=False, max_length=300)

    def __init__(self, *args, budget, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["allocation"].queryset = Allocation.objects.filter(budget=budget).order_by("position", "id")
        self.fields["month"].choices = fy_months(budget.year)


class SpendImportForm(GovukFormMixin, forms.Form):
    file = forms.FileField(
        label="Spend file (CSV or XLSX)",
        help_text="Columns: line (its name or number on the budget page), month (for example 2010-04), amount, note.",
    )
