"""Forms of the activity pages: the activity with its rows (contributions, outputs, beneficiary
counts, named recipients, files), and the commune's answer."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from twinning.activities import uploads
from twinning.activities.models import (
    Activity,
    Attachment,
    BeneficiaryCount,
    Contribution,
    Output,
    Recipient,
)
from twinning.core.formatting import format_number
from twinning.core.text import nfc, vn_sort_key
from twinning.organisations.models import Organisation
from twinning.programmes.models import PlanItem

MAX_ROWS = 200
DATE_PLACEHOLDER = _("dd/mm/yyyy")


class StyledForm:
    """Gives every widget its Bootstrap class, and marks fields with errors as invalid (with
    aria-describedby pointing at the message) so the error shows at the field that caused it."""

    compact = False  # the rows of a formset use the small controls

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form_field in self.fields.values():
            widget = form_field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select form-select-sm" if self.compact else "form-select"
            else:
                css = "form-control form-control-sm" if self.compact else "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self._errors or {}:
            if name in self.fields and not isinstance(self.fields[name].widget, forms.HiddenInput):
                attrs = self.fields[name].widget.attrs
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self[name].auto_id}-error"

    def layout_fields(self):
        """Return (bound field, column classes) in the order the row template lays them out."""
        return [(self[name], columns) for name, columns in self.layout if name in self.fields]


def _separators() -> tuple[str, str]:
    return formats.get_format("DECIMAL_SEPARATOR"), formats.get_format("THOUSAND_SEPARATOR")


_SPACES = re.compile(r"[\s\u00a0\u202f]")


class MoneyField(forms.IntegerField):
    """A whole number of đồng. People write 4.800.000, 4,800,000 or 4 800 000 đ: since VND has
    no minor unit every separator is a thousands separator, whatever the language."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"(?i)đồng|đ|vnd|[.,'’٬٫_]", "", _SPACES.sub("", value))
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, int):
            return format_number(value)
        return value

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("min", None)  # a text input: the minimum is checked on the server
        return attrs


def parse_quantity(text: str) -> str:
    """Return the number as Python reads it, from how the active language writes it: "1.500"
    is fifteen hundred in Vietnamese, "1,5" one and a half."""
    decimal_sep, thousand_sep = _separators()
    text = _SPACES.sub("", text)
    grouped = rf"\d{{1,3}}({re.escape(thousand_sep)}\d{{3}})+({re.escape(decimal_sep)}\d+)?"
    if thousand_sep and re.fullmatch(grouped, text):
        text = text.replace(thousand_sep, "")
    if decimal_sep != ".":
        text = text.replace(decimal_sep, ".")
    return text


class QuantityField(forms.DecimalField):
    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 3)
        kwargs.setdefault("min_value", 0)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value):
        if isinstance(value, str):
            value = parse_quantity(value)
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return format_number(value)
        return value

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        for key in ("min", "max", "step"):
            attrs.pop(key, None)
        return attrs


class DateInput(forms.DateInput):
    """A text input in the language's day-first format (dd/mm/yyyy): type=date would show the
    browser's own format, which differs from machine to machine."""

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"placeholder": DATE_PLACEHOLDER, "inputmode": "numeric", **(attrs or {})}
        )


class PlanItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: PlanItem) -> str:
        return f"{obj.plan.year} — {obj.title}"


class ActivityForm(StyledForm, forms.ModelForm):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Activity
        fields = [
            "category",
            "plan_item",
            "title",
            "start_date",
            "end_date",
            "date_precision",
            "place",
            "occasion",
            "description",
            "status",
            "staff_count",
            "reach_person_times",
        ]
        field_classes = {"plan_item": PlanItemChoiceField}
        widgets = {
            "start_date": DateInput,
            "end_date": DateInput,
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "date_precision": _(
                'When only the month is known ("end of August 2016"), give its first day and '
                "choose Month."
            ),
        }

    def __init__(self, *args, twinning, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_item"].queryset = (
            PlanItem.objects.filter(plan__twinning=twinning)
            .select_related("plan")
            .order_by("-plan__year", "position", "pk")
        )
        self.fields["plan_item"].empty_label = _("Not in a plan")
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version
            self.fields["expected_version"].required = True

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        return cleaned


@dataclass(frozen=True)
class ContributorOptions:
    """The organisations a contribution may come from, read once per request and shared by
    every row (a select per row would otherwise query per row)."""

    organisations: dict[int, Organisation]
    choices: list = field(default_factory=list)

    @classmethod
    def for_twinning(cls, twinning) -> ContributorOptions:
        organisations = list(
            Organisation.objects.exclude(kind=Organisation.Kind.COMMUNE_COMMITTEE).only(
                "pk", "name", "kind", "tax_code"
            )
        )
        organisations.sort(key=lambda o: vn_sort_key(o.name))
        by_pk = {o.pk: o for o in organisations}

        def label(o: Organisation) -> str:
            return f"{o.name} ({o.tax_code})" if o.tax_code else o.name

        sponsor = [(o.pk, label(o)) for o in organisations if o.pk == twinning.sponsor_id]
        businesses = [
            (o.pk, label(o))
            for o in organisations
            if o.kind == Organisation.Kind.BUSINESS and o.pk != twinning.sponsor_id
        ]
        others = [
            (o.pk, label(o))
            for o in organisations
            if o.kind != Organisation.Kind.BUSINESS and o.pk != twinning.sponsor_id
        ]
        choices = [("", "—")]
        for group, items in (
            (_("The sponsor"), sponsor),
            (_("Businesses"), businesses),
            (_("Other organisations"), others),
        ):
            if items:
                choices.append((group, items))
        return cls(organisations=by_pk, choices=choices)


class OrganisationChoiceField(forms.ChoiceField):
    """Chooses among organisations read beforehand (no query per row)."""

    def __init__(self, *, organisations: dict[int, Organisation] | None = None, **kwargs):
        self.organisations = organisations or {}
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Organisation):
            return value
        try:
            return self.organisations[int(value)]
        except (KeyError, TypeError, ValueError):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            ) from None

    def validate(self, value):
        if value is None and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")

    def prepare_value(self, value):
        return value.pk if isinstance(value, Organisation) else value

    def has_changed(self, initial, data):
        initial = "" if initial is None else str(self.prepare_value(initial))
        return initial != ("" if data in self.empty_values else str(data))


TAX_CODE = re.compile(r"^\d{10}(-\d{3})?$")


class ContributionForm(StyledForm, forms.ModelForm):
    compact = True
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    new_contributor_name = forms.CharField(
        label=_("New contributor's name"),
        required=False,
        max_length=255,
        help_text=_("It is added to the organisations as a business when you save."),
    )
    new_contributor_tax_code = forms.CharField(
        label=_("Its tax code"),
        required=False,
        max_length=14,
        help_text=_("10 digits, or 10-3 for a branch."),
    )

    # The new contributor's name and tax code are laid out under the contributor's list, folded
    # away unless used (see _formset_row.html).
    layout = [
        ("contributor", "col-12 col-md-7 col-xl-6"),
        ("origin", "col-12 col-md-5 col-xl-3"),
        ("kind", "col-6 col-md-4 col-xl-3"),
        ("item", "col-6 col-md-8 col-xl-3"),
        ("quantity", "col-6 col-md-2 col-xl-1"),
        ("unit", "col-6 col-md-2 col-xl-1"),
        ("unit_value_vnd", "col-6 col-md-3 col-xl-2"),
        ("value_vnd", "col-6 col-md-3 col-xl-2"),
        ("status", "col-6 col-md-2 col-xl-3"),
    ]
    new_contributor_fields = ("new_contributor_name", "new_contributor_tax_code")

    class Meta:
        model = Contribution
        fields = [
            "contributor",
            "origin",
            "kind",
            "item",
            "quantity",
            "unit",
            "unit_value_vnd",
            "value_vnd",
            "status",
        ]
        field_classes = {
            "quantity": QuantityField,
            "unit_value_vnd": MoneyField,
            "value_vnd": MoneyField,
        }
        help_texts = {"origin": "", "value_vnd": _("Left empty: quantity × unit value.")}

    def __init__(self, *args, contributors: ContributorOptions, **kwargs):
        super().__init__(*args, **kwargs)
        self.contributors = contributors
        label = capfirst(Contribution._meta.get_field("contributor").verbose_name)
        self.fields["contributor"] = OrganisationChoiceField(
            organisations=contributors.organisations,
            choices=contributors.choices,
            required=False,
            label=label,
            widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
        )
        origin = self.fields["origin"]
        origin.required = False
        origin.choices = [("", _("Automatic: the sponsor's own if the sponsor gives"))] + [
            c for c in Contribution.Origin.choices if c[0]
        ]
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version
        for name in ("unit_value_vnd", "value_vnd"):
            self.fields[name].widget.attrs["data-money"] = name
        self.fields["quantity"].widget.attrs["data-quantity"] = "1"

    def clean_new_contributor_name(self) -> str:
        name = nfc(self.cleaned_data.get("new_contributor_name", "")).strip()
        if name:
            # Compared in Python: SQLite folds the case of ASCII letters only ("Á" ≠ "á").
            folded = name.casefold()
            existing = next(
                (
                    o
                    for o in self.contributors.organisations.values()
                    if o.name.casefold() == folded
                ),
                None,
            )
            if existing is not None:
                raise forms.ValidationError(
                    _("%(name)s is already in the list: choose it there."),
                    params={"name": existing.name},
                )
        return name

    def clean_new_contributor_tax_code(self) -> str:
        code = _SPACES.sub("", self.cleaned_data.get("new_contributor_tax_code", ""))
        if code and not TAX_CODE.match(code):
            raise forms.ValidationError(
                _("A tax code has 10 digits, or 10 digits, a dash and 3 digits for a branch.")
            )
        if code:
            existing = Organisation.objects.filter(tax_code=code).first()
            if existing is not None:
                raise forms.ValidationError(
                    _("%(name)s already has this tax code: choose it in the list above."),
                    params={"name": existing.name},
                )
        return code

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("contributor")
        new_name = cleaned.get("new_contributor_name")
        if chosen is not None and new_name:
            self.add_error(
                "new_contributor_name",
                _("Choose an organisation in the list or type a new one, not both."),
            )
        elif chosen is None and not new_name and "contributor" not in self._errors:
            self.add_error(
                "contributor", _("Choose who gave it, or type a new contributor's name below.")
            )
        if cleaned.get("new_contributor_tax_code") and not new_name:
            self.add_error("new_contributor_name", _("Give the name that goes with the tax code."))
        return cleaned

    def new_contributor_bound_fields(self):
        return [self[name] for name in self.new_contributor_fields]

    @property
    def new_contributor_open(self) -> bool:
        """True when the new-contributor fields hold something (or an error) to show."""
        return any(self[name].value() or self[name].errors for name in self.new_contributor_fields)

    @property
    def new_contributor(self) -> tuple[str, str] | None:
        """Return (name, tax code) of the business to create for this row, if one was typed."""
        if self.cleaned_data.get("contributor") is None and self.cleaned_data.get(
            "new_contributor_name"
        ):
            return self.cleaned_data["new_contributor_name"], self.cleaned_data.get(
                "new_contributor_tax_code", ""
            )
        return None


class OutputForm(StyledForm, forms.ModelForm):
    compact = True
    layout = [
        ("quantity", "col-6 col-md-2"),
        ("unit", "col-6 col-md-2"),
        ("description", "col-12 col-md-8"),
    ]

    class Meta:
        model = Output
        fields = ["quantity", "unit", "description"]
        field_classes = {"quantity": QuantityField}


class BeneficiaryForm(StyledForm, forms.ModelForm):
    compact = True
    layout = [
        ("group", "col-12 col-md-6"),
        ("count", "col-4 col-md-2"),
        ("women", "col-4 col-md-2"),
        ("ethnic_minority", "col-4 col-md-2"),
    ]

    class Meta:
        model = BeneficiaryCount
        fields = ["group", "count", "women", "ethnic_minority"]

    def clean(self):
        cleaned = super().clean()
        count = cleaned.get("count")
        if count is not None:
            for name in ("women", "ethnic_minority"):
                part = cleaned.get(name)
                if part is not None and part > count:
                    self.add_error(name, _("This cannot be more than the count (%s).") % count)
        return cleaned


class RecipientForm(StyledForm, forms.ModelForm):
    compact = True
    layout = [
        ("full_name", "col-12 col-md-4"),
        ("kind", "col-6 col-md-2"),
        ("group", "col-6 col-md-3"),
        ("village", "col-8 col-md-3"),
        ("is_minor", "col-4 col-md-2"),
        ("support", "col-12 col-md-4"),
        ("value_vnd", "col-6 col-md-2"),
        ("note", "col-6 col-md-4"),
    ]

    class Meta:
        model = Recipient
        fields = [
            "full_name",
            "kind",
            "group",
            "village",
            "is_minor",
            "support",
            "value_vnd",
            "note",
        ]
        field_classes = {"value_vnd": MoneyField}


class AttachmentForm(StyledForm, forms.ModelForm):
    compact = True
    layout = [
        ("file", "col-12 col-md-5"),
        ("kind", "col-6 col-md-3"),
        ("caption", "col-6 col-md-4"),
        ("is_public", "col-12"),
    ]

    class Meta:
        model = Attachment
        fields = ["file", "kind", "caption", "is_public"]
        widgets = {"file": forms.FileInput(attrs={"accept": "image/*,.pdf,.docx,.xlsx"})}
        help_texts = {
            "file": _("A photo, a PDF, or a Word or Excel file; at most 10 MB."),
        }

    file_type: uploads.FileType | None = None
    clean_image = None  # a photo re-encoded without metadata: what is stored

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["file"]  # a stored file is replaced by removing it and adding anew
        else:
            self.fields["file"].max_length = None  # the stored name is ours, not the user's

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is not None and not self.instance.pk:
            self.file_type = uploads.inspect_upload(upload)
            if self.file_type.is_image:
                self.clean_image = uploads.clean_photo(upload, self.file_type)
        return upload

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("kind") == Attachment.Kind.PHOTO
            and self.file_type is not None
            and not self.file_type.is_image
        ):
            self.add_error(
                "kind", _("This file is not a photo: choose what kind of document it is.")
            )
        return cleaned

    def save(self, commit=True):
        attachment = self.instance
        if not attachment.pk and self.file_type is not None:
            upload = self.cleaned_data["file"]
            attachment.original_name = (upload.name or "file").rsplit("/", 1)[-1][:255]
            attachment.content_type = self.file_type.content_type
            if self.clean_image is not None:
                # Only the re-encoded pixels are kept: the original, with its GPS, never is.
                upload = self.clean_image
                attachment.file = upload
            attachment.size = upload.size
            attachment.sha256 = uploads.sha256_of(upload)
            # The stored name takes the extension of what the file is, not what it claimed.
            upload.name = f"upload{self.file_type.extension}"
            if self.file_type.is_image:
                thumbnail = uploads.make_thumbnail(upload)
                attachment.thumbnail.save(thumbnail.name, thumbnail, save=False)
        return super().save(commit=commit)


class BeneficiaryFormSet(BaseInlineFormSet):
    def clean(self):
        seen: dict[str, int] = {}
        for index, form in enumerate(self.forms):
            if not form.has_changed() or self._should_delete_form(form):
                continue
            group = form.cleaned_data.get("group") if hasattr(form, "cleaned_data") else None
            if group and group in seen:
                form.add_error("group", _("This group already has a row: add the counts there."))
            elif group:
                seen[group] = index
        super().clean()


class RecipientFormSet(BaseInlineFormSet):
    """Named recipients, taken from the list access.recipients_for returned (and logged),
    never from a query of their own."""

    def __init__(self, *args, recipients: list[Recipient] | None = None, **kwargs):
        self.recipients = list(recipients or [])
        super().__init__(*args, **kwargs)

    def get_queryset(self):
        return self.recipients


def _formset(model, form, formset=BaseInlineFormSet):
    return inlineformset_factory(
        Activity,
        model,
        form=form,
        formset=formset,
        extra=0,
        can_delete=True,
        max_num=MAX_ROWS,
        validate_max=True,
    )


ContributionFormSet = _formset(Contribution, ContributionForm)
OutputFormSet = _formset(Output, OutputForm)
BeneficiaryCountFormSet = _formset(BeneficiaryCount, BeneficiaryForm, BeneficiaryFormSet)
RecipientsFormSet = _formset(Recipient, RecipientForm, RecipientFormSet)
AttachmentFormSet = _formset(Attachment, AttachmentForm)


@dataclass(frozen=True)
class Section:
    prefix: str
    formset_class: type
    title: str
    add_label: str


SECTIONS = {
    "contributions": Section(
        "contributions", ContributionFormSet, _("Contributions"), _("Add a contribution")
    ),
    "outputs": Section("outputs", OutputFormSet, _("Outputs"), _("Add an output")),
    "beneficiaries": Section(
        "beneficiaries",
        BeneficiaryCountFormSet,
        _("Beneficiaries by group"),
        _("Add a group"),
    ),
    "recipients": Section(
        "recipients", RecipientsFormSet, _("Named recipients"), _("Add a recipient")
    ),
    "attachments": Section(
        "attachments", AttachmentFormSet, _("Photos and documents"), _("Add a file")
    ),
}


@dataclass
class ActivityFormsets:
    """The rows of the activity form, one formset per section."""

    contributions: BaseInlineFormSet
    outputs: BaseInlineFormSet
    beneficiaries: BaseInlineFormSet
    attachments: BaseInlineFormSet
    recipients: BaseInlineFormSet | None = None

    @classmethod
    def build(
        cls,
        activity: Activity,
        contributors: ContributorOptions,
        *,
        data=None,
        files=None,
        recipients: list[Recipient] | None = None,
    ) -> ActivityFormsets:
        """Return the formsets, bound to `data` if given. Recipients are included only when
        `recipients` is a list (the user may see them)."""

        def make(prefix: str, **kwargs):
            return SECTIONS[prefix].formset_class(
                data, files, instance=activity, prefix=prefix, **kwargs
            )

        return cls(
            contributions=make("contributions", form_kwargs={"contributors": contributors}),
            outputs=make("outputs"),
            beneficiaries=make("beneficiaries"),
            attachments=make("attachments"),
            recipients=make("recipients", recipients=recipients)
            if recipients is not None
            else None,
        )

    def sections(self) -> list[tuple[Section, BaseInlineFormSet]]:
        return [
            (SECTIONS[name], formset)
            for name in ("contributions", "outputs", "beneficiaries", "recipients", "attachments")
            if (formset := getattr(self, name)) is not None
        ]

    def is_valid(self) -> bool:
        # Every formset is validated (no short cut), so each shows all its errors at once.
        results = [formset.is_valid() for _section, formset in self.sections()]
        return all(results)


def empty_row(section: Section, index: int, contributors: ContributorOptions | None):
    """Return the blank form for row `index` of a section, as the formset would build it."""
    formset = section.formset_class(
        prefix=section.prefix,
        instance=Activity(),
        form_kwargs={"contributors": contributors} if section.prefix == "contributions" else {},
        **({"recipients": []} if section.prefix == "recipients" else {}),
    )
    form = formset.form(
        auto_id=formset.auto_id,
        prefix=formset.add_prefix(index),
        empty_permitted=True,
        use_required_attribute=False,
        renderer=formset.renderer,
        **formset.get_form_kwargs(None),
    )
    formset.add_fields(form, None)
    return form


class AnswerForm(StyledForm, forms.Form):
    """The commune's answer; carries the version the officer read, so a confirmation never
    covers figures the coordinator changed after the officer opened the page."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput)


class ConfirmForm(AnswerForm):
    received_on = forms.DateField(label=_("Received on"), required=False, widget=DateInput)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DisputeForm(AnswerForm):
    reason = forms.CharField(
        label=_("Why is it not right?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say what is not right, so the sponsor can correct it.")},
    )
