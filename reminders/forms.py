from django import forms

from common.forms import GovukFormMixin
from reminders.models import ReminderRule


class ReminderRuleForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = ReminderRule
        fields = ["leads", "send_overdue", "is_active"]
