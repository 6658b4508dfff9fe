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


class SpanForm(forms.Form):
    """Which years (both optional: all years) and the language of a summary or a statement."""

    year_from = forms.IntegerField(label=_("From"), min_value=1990, max_value=2100, required=False)
    year_to = forms.IntegerField(label=_("To"), min_value=1990, max_value=2100, required=False)
    lang = forms.ChoiceField(label=_("Language"), choices=LANGUAGES, initial="vi", required=False)

    def __init__(self, data):
        super().__init__({k: v for k, v in data.items() if k in ("year_from", "year_to", "lang")})

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("year_from"), cleaned.get("year_to")
        if first and last and last < first:
            raise forms.ValidationError(_("The last year cannot be before the first."))
        cleaned["lang"] = cleaned.get("lang") or "vi"
        return cleaned

    def query(self) -> str:
        from django.utils.http import urlencode

        return urlencode({k: v for k, v in self.cleaned_data.items() if v not in (None, "")})


class LanguageForm(forms.Form):
    """The language of a document (plan versus actual)."""

    lang = forms.ChoiceField(label=_("Language"), choices=LANGUAGES, initial="vi", required=False)

    def __init__(self, data):
        super().__init__({k: v for k, v in data.items() if k == "lang"})

    def clean(self):
        cleaned = super().clean()
        cleaned["lang"] = cleaned.get("lang") or "vi"
        return cleaned


class ExportForm(forms.Form):
    """A large export: what, in which format, of which province (or every twinning)."""

    kind = forms.ChoiceField(label=_("What"), choices=[])
    file_format = forms.ChoiceField(label=_("Format"), choices=[])
    province = forms.TypedChoiceField(
        label=_("Province"), choices=[], coerce=int, required=False, empty_value=None
    )

    def __init__(self, data=None, *, provinces=()):
        from twinning.reports.models import ExportJob

        super().__init__(data)
        self.fields["kind"].choices = ExportJob.Kind.choices
        self.fields["file_format"].choices = ExportJob.Format.choices
        self.fields["province"].choices = [("", _("Every twinning I may export"))] + [
            (unit.pk, str(unit)) for unit in provinces
        ]
