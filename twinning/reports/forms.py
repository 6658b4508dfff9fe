"""Forms of the report pages: which report, and its editable texts."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from twinning.reports.models import ReportDraft

LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English")), ("ar", _("Arabic"))]


def styled(form: forms.BaseForm, *, small: bool = True) -> forms.BaseForm:
    """Give the form's controls Bootstrap's classes (select, input, textarea), so that a report
    form looks like every other form of the site."""
    size = "-sm" if small else ""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.Select):
            css = f"form-select form-select{size}"
        elif isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        else:
            css = f"form-control form-control{size}"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
    return form


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
        styled(self)

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("year_from"), cleaned.get("year_to")
        if first and last and last < first:
            raise forms.ValidationError(_("The last year cannot be before the first."))
        return cleaned


class ReportDraftForm(forms.ModelForm):
    """The texts a department edits before it signs: drafted from the data when empty."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self, small=False)

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
        styled(self)

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


class StatementForm(SpanForm):
    """A contributor's statement: the years, the language, and the letter's date and number."""

    issued_on = forms.DateField(
        label=_("Date of the letter"),
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        help_text=_("dd/mm/yyyy; nothing after this date is listed (default: today)."),
    )
    number = forms.CharField(label=_("Number"), max_length=30, required=False)

    def __init__(self, data):
        keys = ("year_from", "year_to", "lang", "issued_on", "number")
        forms.Form.__init__(self, {k: v for k, v in data.items() if k in keys})
        styled(self)

    def query(self) -> str:
        from django.utils.http import urlencode

        values = {
            k: (v.isoformat() if hasattr(v, "isoformat") else v)
            for k, v in self.cleaned_data.items()
            if v not in (None, "")
        }
        return urlencode(values)


class LanguageForm(forms.Form):
    """The language of a document (plan versus actual)."""

    lang = forms.ChoiceField(label=_("Language"), choices=LANGUAGES, initial="vi", required=False)

    def __init__(self, data):
        super().__init__({k: v for k, v in data.items() if k == "lang"})
        styled(self)

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
        styled(self)
