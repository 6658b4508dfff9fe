from django import forms
from django.utils.translation import gettext_lazy as _

from twinning.organisations.models import Organisation


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("All kinds"))] + Organisation.Kind.choices,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update(
            {"class": "form-control form-control-sm", "type": "search"}
        )
        self.fields["kind"].widget.attrs["class"] = "form-select form-select-sm"
