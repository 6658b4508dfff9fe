"""The API's shapes: what each resource looks like going out, and what a create or an update
takes in. Bounds follow the database columns so that nothing a client sends can overflow a
column and turn into a server error."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Any, Generic, Literal, TypeVar

from ninja import Schema
from pydantic import AfterValidator, Field

from twinning.activities.models import (
    Activity,
    BeneficiaryCount,
    BeneficiaryGroup,
    Contribution,
    Occasion,
    Recipient,
)
from twinning.core.choices import Category, DatePrecision
from twinning.indicators.models import Indicator, IndicatorValue
from twinning.organisations.models import Organisation
from twinning.programmes.models import AnnualPlan, PlanItem, Twinning

MAX_ID = 2**63 - 1
MAX_INT = 2**31 - 1  # PositiveIntegerField on PostgreSQL
MAX_BIGINT = 2**63 - 1


def _no_nul(value: str) -> str:
    # PostgreSQL text cannot hold NUL: refuse it here rather than fail in the database.
    if "\x00" in value:
        raise ValueError("Text cannot contain NUL characters.")
    return value


def Text(max_length: int) -> Any:  # noqa: N802 - reads as a type in the schemas below
    return Annotated[str, Field(max_length=max_length), AfterValidator(_no_nul)]


LongText = Annotated[str, Field(max_length=20_000), AfterValidator(_no_nul)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Year = Annotated[int, Field(ge=1990, le=2100)]
Version = Annotated[int, Field(ge=1, le=MAX_INT)]
Count = Annotated[int, Field(ge=0, le=MAX_INT)]
Money = Annotated[int, Field(ge=0, le=MAX_BIGINT)]
Quantity = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=3)]
Month = Annotated[int, Field(ge=1, le=12)]
Quarter = Annotated[int, Field(ge=1, le=4)]

CategoryCode = Literal[tuple(Category.values)]  # type: ignore[valid-type]
PrecisionCode = Literal[tuple(DatePrecision.values)]  # type: ignore[valid-type]
OccasionCode = Literal[tuple(Occasion.values)]  # type: ignore[valid-type]
GroupCode = Literal[tuple(BeneficiaryGroup.values)]  # type: ignore[valid-type]
ActivityStatus = Literal[tuple(Activity.Status.values)]  # type: ignore[valid-type]
ContributionKind = Literal[tuple(Contribution.Kind.values)]  # type: ignore[valid-type]
ContributionStatus = Literal[tuple(Contribution.Status.values)]  # type: ignore[valid-type]
ContributionOrigin = Literal[tuple(Contribution.Origin.values)]  # type: ignore[valid-type]
PlanStatus = Literal[tuple(AnnualPlan.Status.values)]  # type: ignore[valid-type]
TwinningStatus = Literal[tuple(Twinning.Status.values)]  # type: ignore[valid-type]

T = TypeVar("T")


# ---------------------------------------------------------------------------------------------
# Errors


class ErrorItem(Schema):
    loc: list[str | int]
    msg: str
    type: str


class ErrorOut(Schema):
    """Every error: `detail` is a message or a list of problems with the path of the field."""

    detail: str | list[ErrorItem]
    current: dict[str, Any] | None = Field(
        default=None, description="On 409: the record as it is stored now."
    )


class Page(Schema, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(
        description="Pass as `cursor` to get the next page; null on the last page."
    )


# ---------------------------------------------------------------------------------------------
# Twinnings, plans, plan items


class TwinningOut(Schema):
    id: int
    slug: str
    name: str
    programme_id: int
    sponsor_id: int
    partner_unit_id: int
    partner_organisation_id: int
    signed_on: datetime.date
    signed_on_precision: str
    signed_on_note: str
    ended_on: datetime.date | None
    status: str
    objectives: str

    @staticmethod
    def resolve_name(obj: Twinning) -> str:
        return str(obj)


class PlanOut(Schema):
    id: int
    twinning_id: int
    year: int
    status: str
    document_number: str
    summary: str
    submitted_at: datetime.datetime | None
    approved_at: datetime.datetime | None
    agreed_at: datetime.datetime | None
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime


class PlanIn(Schema):
    twinning_id: Id
    year: Year


class PlanPatch(Schema):
    version: Version
    document_number: Text(60) | None = None
    summary: LongText | None = None


class VersionIn(Schema):
    version: Version


class PlanItemOut(Schema):
    id: int
    plan_id: int
    category: str
    title: str
    description: str
    target_quantity: Decimal | None
    target_unit: str
    budget_vnd: int | None
    due_month: int | None
    due_quarter: int | None
    responsible_unit: str
    target_beneficiaries: str
    carried_over_from_id: int | None
    position: int
    version: int


class PlanItemFields(Schema):
    description: LongText = ""
    target_quantity: Quantity | None = None
    target_unit: Text(40) = ""
    budget_vnd: Money | None = None
    due_month: Month | None = None
    due_quarter: Quarter | None = None
    responsible_unit: Text(200) = ""
    target_beneficiaries: Text(255) = ""


class PlanItemIn(PlanItemFields):
    plan_id: Id
    category: CategoryCode
    title: Text(255)


class PlanItemPatch(Schema):
    version: Version
    category: CategoryCode | None = None
    title: Text(255) | None = None
    description: LongText | None = None
    target_quantity: Quantity | None = None
    target_unit: Text(40) | None = None
    budget_vnd: Money | None = None
    due_month: Month | None = None
    due_quarter: Quarter | None = None
    responsible_unit: Text(200) | None = None
    target_beneficiaries: Text(255) | None = None


# ---------------------------------------------------------------------------------------------
# Activities, contributions, beneficiary counts, recipients


class ActivityOut(Schema):
    id: int
    twinning_id: int
    plan_item_id: int | None
    ref: str
    category: str
    title: str
    description: str
    start_date: datetime.date
    date_precision: str
    end_date: datetime.date | None
    place_unit_id: int | None
    place: str
    occasion: str
    status: str
    staff_count: int | None
    reach_person_times: int | None
    confirmation: str
    confirmed_at: datetime.datetime | None
    received_on: datetime.date | None
    confirmation_note: str
    published: bool
    provenance: str
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime


class ActivityIn(Schema):
    twinning_id: Id
    plan_item_id: Id | None = None
    ref: Text(80) = ""
    category: CategoryCode
    title: Text(255)
    description: LongText = ""
    start_date: datetime.date
    date_precision: PrecisionCode = "day"
    end_date: datetime.date | None = None
    place: Text(255) = ""
    occasion: OccasionCode = ""
    status: ActivityStatus = "done"
    staff_count: Count | None = None
    reach_person_times: Count | None = None


class ActivityPatch(Schema):
    version: Version
    plan_item_id: Id | None = None
    ref: Text(80) | None = None
    category: CategoryCode | None = None
    title: Text(255) | None = None
    description: LongText | None = None
    start_date: datetime.date | None = None
    date_precision: PrecisionCode | None = None
    end_date: datetime.date | None = None
    place: Text(255) | None = None
    occasion: OccasionCode | None = None
    status: ActivityStatus | None = None
    staff_count: Count | None = None
    reach_person_times: Count | None = None
    published: bool | None = None


class ConfirmationIn(Schema):
    version: Version
    confirmed: bool
    received_on: datetime.date | None = None
    note: LongText = ""


class ContributionOut(Schema):
    id: int
    activity_id: int
    twinning_id: int
    ref: str
    contributor_id: int
    origin: str
    kind: str
    item: str
    quantity: Decimal | None
    unit: str
    unit_value_vnd: int | None
    value_vnd: int | None
    status: str
    pledged_on: datetime.date | None
    delivered_on: datetime.date | None
    note: str
    provenance: str
    version: int

    @staticmethod
    def resolve_twinning_id(obj: Contribution) -> int:
        return obj.activity.twinning_id


class ContributionIn(Schema):
    activity_id: Id
    contributor_id: Id
    ref: Text(80) = ""
    origin: ContributionOrigin | None = Field(
        default=None, description="Inferred from the contributor when left out."
    )
    kind: ContributionKind
    item: Text(255) = ""
    quantity: Quantity | None = None
    unit: Text(40) = ""
    unit_value_vnd: Money | None = None
    value_vnd: Money | None = None
    status: ContributionStatus = "delivered"
    pledged_on: datetime.date | None = None
    delivered_on: datetime.date | None = None
    note: Text(255) = ""


class ContributionPatch(Schema):
    version: Version
    contributor_id: Id | None = None
    ref: Text(80) | None = None
    origin: ContributionOrigin | None = None
    kind: ContributionKind | None = None
    item: Text(255) | None = None
    quantity: Quantity | None = None
    unit: Text(40) | None = None
    unit_value_vnd: Money | None = None
    value_vnd: Money | None = None
    status: ContributionStatus | None = None
    pledged_on: datetime.date | None = None
    delivered_on: datetime.date | None = None
    note: Text(255) | None = None


class BeneficiaryCountOut(Schema):
    id: int
    activity_id: int
    group: str
    count: int
    women: int | None
    ethnic_minority: int | None


class BeneficiaryCountIn(Schema):
    activity_id: Id
    group: GroupCode
    count: Count
    women: Count | None = None
    ethnic_minority: Count | None = None


class BeneficiaryCountPatch(Schema):
    group: GroupCode | None = None
    count: Count | None = None
    women: Count | None = None
    ethnic_minority: Count | None = None


class RecipientOut(Schema):
    id: int
    kind: str
    full_name: str
    group: str
    village: str
    is_minor: bool
    support: str
    value_vnd: int | None
    note: str


# ---------------------------------------------------------------------------------------------
# Indicators, organisations


class IndicatorOut(Schema):
    id: int
    code: str
    name: str
    name_en: str
    name_ar: str
    unit: str
    higher_is_better: bool
    description: str


class IndicatorValueOut(Schema):
    id: int
    admin_unit_id: int
    indicator_id: int
    year: int
    value: Decimal
    is_lower_bound: bool
    note: str
    provenance: str
    version: int


IndicatorNumber = Annotated[Decimal, Field(max_digits=16, decimal_places=3)]


class IndicatorValueIn(Schema):
    twinning_id: Id = Field(description="The twinning whose partner commune the value is of.")
    indicator_id: Id
    year: Year
    value: IndicatorNumber
    is_lower_bound: bool = False
    note: Text(255) = ""


class IndicatorValuePatch(Schema):
    version: Version
    value: IndicatorNumber | None = None
    is_lower_bound: bool | None = None
    note: Text(255) | None = None


class OrganisationOut(Schema):
    id: int
    slug: str
    name: str
    short_name: str
    kind: str
    admin_unit_id: int | None
    parent_body: str
    tax_code: str
    address: str
    phone: str
    email: str
    website: str
    valid_from: datetime.date | None
    valid_until: datetime.date | None
    succeeded_by_id: int | None


# ---------------------------------------------------------------------------------------------
# Report summaries


class ValueSplitOut(Schema):
    total: int
    direct: int
    mobilised: int
    cash: int
    in_kind: int
    service: int


class YearTotalOut(Schema):
    year: int
    activities: int
    value: ValueSplitOut


class CategoryTotalOut(Schema):
    category: str
    label: str
    activities: int
    value: ValueSplitOut


class BeneficiaryTotalOut(Schema):
    group: str
    label: str
    count: int
    women: int
    ethnic_minority: int


class SummaryOut(Schema):
    twinning_id: int
    year_from: int | None
    year_to: int | None
    activities: int
    value: ValueSplitOut = Field(description="Delivered value in đồng, by origin and by kind.")
    pledged_vnd: int
    reach_person_times: int
    staff_taking_part: int
    beneficiaries_total: int
    by_year: list[YearTotalOut]
    by_category: list[CategoryTotalOut]
    beneficiaries: list[BeneficiaryTotalOut]


# The shape of each versioned record, for the `current` of a 409.
OUT_SCHEMAS: dict[type, type[Schema]] = {
    AnnualPlan: PlanOut,
    PlanItem: PlanItemOut,
    Activity: ActivityOut,
    Contribution: ContributionOut,
    BeneficiaryCount: BeneficiaryCountOut,
    IndicatorValue: IndicatorValueOut,
    Indicator: IndicatorOut,
    Organisation: OrganisationOut,
    Recipient: RecipientOut,
}
