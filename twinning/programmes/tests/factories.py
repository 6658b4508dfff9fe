"""Small record makers for the tests of pages and reports: activities, contributions, plans."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from twinning.activities.models import Activity, BeneficiaryCount, Contribution, expected_value
from twinning.programmes.models import AnnualPlan, PlanItem


def add_activity(twinning, title: str = "Quà cho gia đình chính sách", **fields) -> Activity:
    fields.setdefault("category", "gifts")
    fields.setdefault("start_date", datetime.date(2020, 4, 1))
    fields.setdefault("status", Activity.Status.DONE)
    if fields.get("confirmation", "pending") != "pending":
        fields.setdefault("confirmed_at", timezone.now())
    if fields.get("confirmation") == "disputed":
        fields.setdefault("confirmation_note", "Chưa nhận được")
    return Activity.objects.create(twinning=twinning, title=title, **fields)


def add_contribution(activity, contributor, **fields) -> Contribution:
    fields.setdefault("kind", Contribution.Kind.IN_KIND)
    quantity = fields.get("quantity")
    if quantity is not None:
        fields["quantity"] = Decimal(quantity)
        fields.setdefault("unit", "cái")
    if fields.get("value_vnd") is None:
        fields["value_vnd"] = expected_value(fields.get("quantity"), fields.get("unit_value_vnd"))
    return Contribution.objects.create(activity=activity, contributor=contributor, **fields)


def add_beneficiaries(activity, group: str, count: int, **fields) -> BeneficiaryCount:
    return BeneficiaryCount.objects.create(activity=activity, group=group, count=count, **fields)


def add_plan(twinning, year: int, status: str = AnnualPlan.Status.DRAFT, **fields) -> AnnualPlan:
    now = timezone.now()
    if status != AnnualPlan.Status.DRAFT:
        fields.setdefault("submitted_at", now)
    if status == AnnualPlan.Status.APPROVED:
        fields.setdefault("approved_at", now)
    return AnnualPlan.objects.create(twinning=twinning, year=year, status=status, **fields)


def add_item(plan, title: str = "Trao quà Tết", **fields) -> PlanItem:
    fields.setdefault("category", "gifts")
    return PlanItem.objects.create(plan=plan, title=title, **fields)
