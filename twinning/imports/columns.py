"""The columns of each import, with their labels, kinds and explanations: the one description the
downloadable templates, the header matching and the checks all read."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from twinning.activities.models import Activity, BeneficiaryGroup, Contribution, Occasion
from twinning.core.choices import Category
from twinning.imports.models import ImportKind
from twinning.organisations.models import Organisation

TEXT, INTEGER, MONEY, DECIMAL, DATE, CHOICE, YESNO, YEAR = (
    "text",
    "integer",
    "money",
    "decimal",
    "date",
    "choice",
    "yesno",
    "year",
)

# Units offered in the template's drop-down; others are accepted too.
COMMON_UNITS = [
    "cái",
    "chiếc",
    "bộ",
    "suất",
    "phần",
    "thùng",
    "bao",
    "kg",
    "tấn",
    "lít",
    "m",
    "km",
    "bóng đèn",
    "quyển",
    "người",
    "hộ",
    "lượt",
    "buổi",
]

LANGUAGES = ("vi", "en", "ar")


def normalise(text) -> str:
    """Return text for matching: NFC, trimmed, inner spaces collapsed, case folded."""
    text = unicodedata.normalize("NFC", str(text or ""))
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise
    kind: str = TEXT
    required: bool = False
    help: Promise | str = ""
    choices: type | None = None  # a TextChoices class
    max_length: int | None = None
    list_name: str = ""  # the template's drop-down list, if any

    def choice_pairs(self) -> list[tuple[str, Promise]]:
        return [(value, label) for value, label in self.choices.choices if value]


@dataclass(frozen=True)
class Layout:
    kind: str
    columns: tuple[Column, ...]
    example: dict = field(default_factory=dict)

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.columns]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


TWINNING = Column(
    "twinning",
    _("Twinning"),
    help=_(
        "The twinning's short address (as in its page's address). Leave empty for the twinning "
        "whose import page you are on."
    ),
    list_name="twinnings",
)

ACTIVITIES = Layout(
    ImportKind.ACTIVITIES,
    (
        TWINNING,
        Column(
            "activity_ref",
            _("Activity reference"),
            required=True,
            max_length=80,
            help=_(
                "Your identifier of the activity, unique in the twinning. Repeat it, with the "
                "same activity columns, on every row of the activity: one row per contribution. "
                "An activity whose reference already exists is skipped."
            ),
        ),
        Column("category", _("Category"), CHOICE, True, choices=Category, list_name="categories"),
        Column("title", _("Title"), required=True, max_length=255),
        Column(
            "start_date", _("Date"), DATE, True, help=_("The day it took place, as dd/mm/yyyy.")
        ),
        Column("end_date", _("End date"), DATE, help=_("For activities of several days.")),
        Column("place", _("Place"), max_length=255),
        Column(
            "status",
            _("Status"),
            CHOICE,
            choices=Activity.Status,
            list_name="activity_statuses",
            help=_("Empty means done."),
        ),
        Column("occasion", _("Occasion"), CHOICE, choices=Occasion, list_name="occasions"),
        Column("description", _("Description")),
        Column("staff_count", _("Sponsor staff taking part"), INTEGER),
        Column("reach_person_times", _("Reach (person-times)"), INTEGER),
        Column(
            "contributor",
            _("Contributor"),
            help=_(
                "The organisation that gave, by its name or its tax code; it must already be "
                "recorded. Leave the contribution columns empty on a row without a contribution."
            ),
            list_name="contributors",
        ),
        Column("contribution_ref", _("Contribution reference"), max_length=80),
        Column(
            "contribution_kind",
            _("Kind of contribution"),
            CHOICE,
            choices=Contribution.Kind,
            list_name="contribution_kinds",
            help=_("Needed when a contributor is given."),
        ),
        Column("item", _("Item"), max_length=255),
        Column("quantity", _("Quantity"), DECIMAL),
        Column("unit", _("Unit"), max_length=40, list_name="units"),
        Column("unit_value_vnd", _("Unit value (đồng)"), MONEY),
        Column(
            "value_vnd",
            _("Value (đồng)"),
            MONEY,
            help=_(
                "Whole đồng. With a quantity and a unit value it must equal their product "
                "(600 × 8.000 = 4.800.000); left empty it is computed."
            ),
        ),
        Column(
            "contribution_status",
            _("Pledged or delivered"),
            CHOICE,
            choices=Contribution.Status,
            list_name="contribution_statuses",
            help=_("Empty means delivered."),
        ),
        Column("delivered_on", _("Delivered on"), DATE),
        Column(
            "beneficiary_group",
            _("Beneficiary group"),
            CHOICE,
            choices=BeneficiaryGroup,
            list_name="beneficiary_groups",
            help=_(
                "One group per row; a group repeated on several rows of an activity must carry "
                "the same counts."
            ),
        ),
        Column("beneficiary_count", _("Beneficiaries"), INTEGER),
        Column("women", _("Of whom women"), INTEGER),
        Column("ethnic_minority", _("Of whom ethnic minorities"), INTEGER),
    ),
)

INDICATORS = Layout(
    ImportKind.INDICATORS,
    (
        TWINNING,
        Column(
            "indicator",
            _("Indicator"),
            required=True,
            help=_("The indicator's code or its name."),
            list_name="indicators",
        ),
        Column("year", _("Year"), YEAR, True),
        Column(
            "value",
            _("Value"),
            DECIMAL,
            True,
            help=_("A number; percentages as 12,5 or 12.5 (not 0.125)."),
        ),
        Column(
            "is_lower_bound",
            _("At least this value"),
            YESNO,
            help=_('Yes for figures reported as "over 40%".'),
            list_name="yes_no",
        ),
        Column("note", _("Note"), max_length=255),
    ),
)

ORGANISATIONS = Layout(
    ImportKind.ORGANISATIONS,
    (
        Column(
            "name",
            _("Name"),
            required=True,
            max_length=255,
            help=_("An organisation with the same name or tax code already recorded is skipped."),
        ),
        Column("short_name", _("Short name"), max_length=60),
        Column(
            "kind",
            _("Kind"),
            CHOICE,
            True,
            choices=Organisation.Kind,
            list_name="organisation_kinds",
        ),
        Column("tax_code", _("Tax code"), max_length=14),
        Column("address", _("Address"), max_length=255),
        Column("phone", _("Phone"), max_length=40),
        Column("email", _("E-mail"), max_length=254),
        Column("website", _("Website"), max_length=200),
        Column("contact_person", _("Contact person"), max_length=120),
    ),
)

LAYOUTS = {layout.kind: layout for layout in (ACTIVITIES, INDICATORS, ORGANISATIONS)}

YES_WORDS = {"yes", "y", "true", "1", "có", "x", "نعم"}
NO_WORDS = {"no", "n", "false", "0", "không", "لا"}


def in_every_language(text) -> set[str]:
    """Return the normalised forms of a lazy string in each language of the site."""
    forms = set()
    for language in LANGUAGES:
        with translation.override(language):
            forms.add(normalise(str(text)))
    return forms


def header_lookup(layout: Layout) -> dict[str, str]:
    """Return a map from every accepted header (key, or label in vi/en/ar) to the column key."""
    lookup: dict[str, str] = {}
    for column in layout.columns:
        lookup[normalise(column.key)] = column.key
        for form in in_every_language(column.label):
            lookup.setdefault(form, column.key)
    return lookup


def choice_lookup(choices) -> dict[str, str]:
    """Return a map from every accepted spelling (code, or label in vi/en/ar) to the code."""
    lookup: dict[str, str] = {}
    for value, label in choices.choices:
        if not value:
            continue
        lookup[normalise(value)] = value
        for form in in_every_language(label):
            lookup.setdefault(form, value)
    return lookup
