"""Forms of the report pages: which report, and its editable texts."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from twinning.reports.models import ReportDraft

LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English")), ("ar", _("Arabic"))]


class ReportChoiceForm(forms.Form):
    """Which report: the span of years, the language, and the units (as it was / as it is)."""

    year_from = forms.IntegerField(label=_("From"), min_value=1990, max_value=2100)
    year_to = forms.IntegerField(label=_("To"), min_value=1990, max_value=2100)
    lang = forms.ChoiceField(label=_("Language"), choices=LANGUAGES, initial="vi")
    scope = forms.ChoiceField(
        label=_("Units"), choices=ReportDraft.Scope.choices, initial=ReportDraft.Scope.AS_IT_WAS
    )

    def __init__(self, data, twinning):
        initial = {
            "year_from": twinning.signed_on.year,
            "year_to": timezone.localdate().year,
            "lang": "vi",
            "scope": ReportDraft.Scope.AS_IT_WAS,
        }
        merged = {**initial, **{k: v for k, v in data.items() if k in initial}}
        super().__init__(merged)

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("year_from"), cleaned.get("year_to")
        if first and last and last < first:
            raise forms.ValidationError(_("The last year cannot be before the first."))
        return cleaned


class ReportDraftForm(forms.ModelForm):
    """The texts a department edits before it signs: drafted from the data when empty."""

    class Meta:
        model = ReportDraft
        fields = [
            "document_number",
            "issued_on",
            "subject",
            "legal_bases",
            "situation",
            "assessment",
            "direction",
            "recommendations",
            "signer_authority",
            "signer_title",
            "signer_name",
            "recipients",
        ]
        widgets = {
            "issued_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            **{
                name: forms.Textarea(attrs={"rows": 4})
                for name in (
                    "legal_bases",
                    "situation",
                    "assessment",
                    "direction",
                    "recommendations",
                    "recipients",
                )
            },
        }
