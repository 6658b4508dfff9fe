"""Forms of the twinning and plan pages: plan items, plan transitions, filters."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from twinning.activities.models import Activity
from twinning.core.choices import Category
from twinning.programmes.models import AnnualPlan, PlanItem

# Thousands grouped with dots, commas, spaces or not at all: "4.800.000", "4,800,000", "4800000".
_GROUPED_INTEGER = re.compile(r"^\d{1,3}(?:([.,\s\u00a0\u202f])\d{3})?(?:\1\d{3})*$|^\d+$")
_CURRENCY_SUFFIX = re.compile(r"\s*(đồng|đ|vnd|₫)\s*$", re.IGNORECASE)


class VndField(forms.IntegerField):
    """A whole number of đồng, typed as people write it: "4.800.000", "4,800,000 đ"."""

    default_error_messages = {
        "invalid": _("Enter a whole number of đồng, for example 4.800.000."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = _CURRENCY_SUFFIX.sub("", value.strip())
            if value in self.empty_values:
                return None
            if not _GROUPED_INTEGER.match(value):
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            value = re.sub(r"\D", "", value)
        return super().to_python(value)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        # A text input (not type=number) accepts grouped digits; min/max would mislead it.
        attrs.pop("min", None)
        attrs.pop("max", None)
        return attrs


class StyledMixin:
    """Bootstrap classes on every widget, and `is-invalid` on those whose field has an error."""

    def _style(self) -> None:
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            if isinstance(widget, forms.CheckboxInput):
                base = "form-check-input"
            elif isinstance(widget, forms.Select):
                base = "form-select"
            else:
                base = "form-control"
            errors = getattr(self, "_errors", None) or {}
            widget.attrs["class"] = base + (" is-invalid" if name in errors else "")

    def full_clean(self):
        super().full_clean()
        self._style()


class VersionedForm(StyledMixin, forms.ModelForm):
    """A form that carries the version it was opened at, for optimistic locking. The field is
    not named `version` so that the list of conflicting changes leaves it out."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["expected_version"] = self.instance.version
        self._style()


MONTH_CHOICES = [("", "—")] + [(number, name) for number, name in MONTHS.items()]
QUARTER_CHOICES = [("", "—")] + [
    (quarter, _("Quarter %(quarter)s") % {"quarter": quarter}) for quarter in range(1, 5)
]


class PlanItemForm(VersionedForm):
    budget_vnd = VndField(label=_("Budget (VND)"), required=False)
    due_month = forms.TypedChoiceField(
        label=_("Due month"), choices=MONTH_CHOICES, coerce=int, empty_value=None, required=False
    )
    due_quarter = forms.TypedChoiceField(
        label=_("or due quarter"),
        choices=QUARTER_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )

    class Meta:
        model = PlanItem
        fields = [
            "category",
            "title",
            "target_quantity",
            "target_unit",
            "budget_vnd",
            "due_month",
            "due_quarter",
            "responsible_unit",
            "target_beneficiaries",
        ]
        localized_fields = ["target_quantity"]
        widgets = {"target_quantity": forms.TextInput(attrs={"inputmode": "decimal"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].widget.attrs["autocomplete"] = "off"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("due_month") and cleaned.get("due_quarter"):
            self.add_error("due_quarter", _("Give a due month or a due quarter, not both."))
        return cleaned


class PlanVersionForm(forms.Form):
    """The version of the plan the user saw when they pressed submit, approve or agree."""

    expected_version = forms.IntegerField(min_value=1)


class PlanStartForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)


class TimelineFilterForm(forms.Form):
    """The filters above a twinning's activities (GET parameters); bad values are ignored."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", _("All categories"))] + Category.choices, required=False
    )
    confirmation = forms.ChoiceField(
        label=_("Confirmation"),
        choices=[("", _("Any confirmation"))] + Activity.Confirmation.choices,
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Any status"))] + Activity.Status.choices,
        required=False,
    )

    def __init__(self, data, *, years: list[int]):
        super().__init__(data)
        self.fields["year"].choices = [("", _("All years"))] + [(y, str(y)) for y in years]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"

    def filter(self, activities):
        """Return the activities that pass the valid filters."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if data.get("year"):
            activities = activities.filter(start_date__year=data["year"])
        for name in ("category", "confirmation", "status"):
            if data.get(name):
                activities = activities.filter(**{name: data[name]})
        return activities

    @property
    def active(self) -> bool:
        return any(getattr(self, "cleaned_data", {}).get(name) for name in self.fields)


PLAN_STATUS_FILTERS = [
    ("", _("Any plan status")),
    ("none", _("No plan yet")),
    *AnnualPlan.Status.choices,
    ("not_agreed", _("Not agreed by the commune")),
]


class OverviewFilterForm(forms.Form):
    programme = forms.TypedChoiceField(label=_("Programme"), coerce=int, required=False)
    q = forms.CharField(label=_("Sponsor"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Plan status"), choices=PLAN_STATUS_FILTERS, required=False)

    def __init__(self, data, *, programmes):
        super().__init__(data)
        self.fields["programme"].choices = [("", _("All programmes"))] + [
            (p.pk, p.short_name or p.name) for p in programmes
        ]
        self.fields["q"].widget.attrs.update(
            {"class": "form-control form-control-sm", "type": "search"}
        )
        self.fields["programme"].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["status"].widget.attrs["class"] = "form-select form-select-sm"
