from django import forms

from carers.imports.choices import MAX_UPLOAD_BYTES
from common.forms import GovukFormMixin


class CarerImportForm(GovukFormMixin, forms.Form):
    file = forms.FileField(
        label="Carers list",
        help_text="A CSV (UTF-8) or Excel .xlsx file, first row naming the columns, at most 5 MB.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(f"The file must be smaller than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.")
        return upload


class CarerImportConfirmForm(GovukFormMixin, forms.Form):
    """Nothing to fill in: the button confirms the import."""
