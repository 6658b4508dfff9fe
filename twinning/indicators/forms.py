"""The commune officer's form for a year's indicator values: one small form per indicator."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from twinning.indicators.models import Indicator, IndicatorValue


def _plain(value: Decimal | None) -> Decimal | None:
    """Return the value without trailing zeros (41, not 41.000), never in exponent form."""
    if value is None:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


class IndicatorValueForm(forms.Form):
    """One indicator's value for the year. Field names match the model's, so that a stale save
    can list what the other person changed (core.conflicts)."""

    value = forms.DecimalField(label=_("Value"), required=False, localize=True, max_digits=16)
    is_lower_bound = forms.BooleanField(label=_("at least"), required=False)
    note = forms.CharField(label=_("Note or source"), required=False, max_length=255)
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, indicator: Indicator, current: IndicatorValue | None, **kwargs):
        self.indicator = indicator
        self.current = current
        if current is not None and (not args or args[0] is None) and not kwargs.get("data"):
            kwargs["initial"] = {
                "value": _plain(current.value),
                "is_lower_bound": current.is_lower_bound,
                "note": current.note,
                "expected_version": current.version,
            }
        super().__init__(*args, prefix=indicator.code, **kwargs)
        if indicator.unit == Indicator.Unit.BOOLEAN:
            self.fields["value"] = forms.TypedChoiceField(
                label=_("Value"),
                choices=[("", "—"), ("1", _("met")), ("0", _("not met"))],
                coerce=Decimal,
                empty_value=None,
                required=False,
            )
            if "value" in self.initial and self.initial["value"] is not None:
                self.initial["value"] = str(int(self.initial["value"]))
        value = self.fields["value"]
        value.label = str(indicator)
        value.widget.attrs.update(
            {"class": "form-select" if indicator.unit == "met" else "form-control"}
        )
        if indicator.unit != "met":
            value.widget.attrs["inputmode"] = "decimal"
        self.fields["is_lower_bound"].widget.attrs["class"] = "form-check-input"
        self.fields["note"].widget.attrs["class"] = "form-control"

    def full_clean(self):
        super().full_clean()
        if "value" in self._errors:
            self.fields["value"].widget.attrs["class"] += " is-invalid"

    def clean_value(self):
        value = self.cleaned_data.get("value")
        if value is None:
            return value
        if self.indicator.unit == Indicator.Unit.PERCENT and not (0 <= value <= 100):
            raise forms.ValidationError(_("A percentage lies between 0 and 100."))
        if value < 0:
            raise forms.ValidationError(_("This indicator cannot be negative."))
        return value

    @property
    def is_changed(self) -> bool:
        """True when what the form holds differs from what is stored."""
        data = self.cleaned_data
        if self.current is None:
            return data.get("value") is not None
        return (
            data.get("value") != self.current.value
            or data.get("is_lower_bound") != self.current.is_lower_bound
            or (data.get("note") or "") != self.current.note
        )
