"""The API tests' world: World (two twinnings, a user per role) plus, in each twinning, a draft
and a submitted plan, an activity with a contribution, a beneficiary count and a named
recipient, and an indicator value of the partner commune."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import timezone

from twinning.activities.models import Activity, BeneficiaryCount, Contribution, Recipient
from twinning.api.models import ApiToken
from twinning.api.tokens import create_token
from twinning.indicators.models import Indicator, IndicatorValue
from twinning.programmes.models import AnnualPlan, PlanItem, Twinning
from twinning.testing import World, fresh_copy, shared_world_fixture

ROLES = [
    "coordinator",
    "approver",
    "viewer",
    "commune_officer",
    "contributor",
    "overseer",
    "administrator",
    "outsider",
]


@dataclass
class Records:
    """One twinning's records, which the API tests read and change."""

    twinning: Twinning
    draft_plan: AnnualPlan
    draft_item: PlanItem
    submitted_plan: AnnualPlan
    activity: Activity
    contribution: Contribution
    count: BeneficiaryCount
    recipient: Recipient
    indicator_value: IndicatorValue


def build_records(twinning: Twinning, contributor, indicator: Indicator) -> Records:
    draft = AnnualPlan.objects.create(twinning=twinning, year=2024)
    item = PlanItem.objects.create(plan=draft, category="gifts", title="Quà Tết cho hộ nghèo")
    submitted = AnnualPlan.objects.create(
        twinning=twinning, year=2025, status="submitted", submitted_at=timezone.now()
    )
    PlanItem.objects.create(plan=submitted, category="education", title="Học bổng")
    activity = Activity.objects.create(
        twinning=twinning,
        category="health",
        title="Tặng khẩu trang vải",
        start_date=datetime.date(2024, 3, 5),
    )
    contribution = Contribution.objects.create(
        activity=activity,
        contributor=contributor,
        kind="in_kind",
        item="khẩu trang vải",
        quantity=600,
        unit="cái",
        unit_value_vnd=8_000,
        value_vnd=4_800_000,
    )
    count = BeneficiaryCount.objects.create(activity=activity, group="poor_households", count=20)
    recipient = Recipient.objects.create(
        activity=activity, full_name="Nguyễn Văn A", group="poor_households"
    )
    value = IndicatorValue.objects.create(
        admin_unit=twinning.partner_unit, indicator=indicator, year=2024, value=40
    )
    return Records(
        twinning, draft, item, submitted, activity, contribution, count, recipient, value
    )


@dataclass
class ApiWorld:
    world: World
    indicator: Indicator
    own: Records  # world.twinning: the sponsor's and the partner's own
    other: Records  # world.other_twinning: another department's

    def records(self, target: str) -> Records:
        return self.own if target == "own" else self.other


def build_api_world(world: World) -> ApiWorld:
    indicator = Indicator.objects.create(code="poor_rate", name="Tỷ lệ hộ nghèo", unit="percent")
    own = build_records(world.twinning, world.business, indicator)
    other = build_records(world.other_twinning, world.other_sponsor, indicator)
    return ApiWorld(world, indicator, own, other)


# Built once per test module and rolled back after it; each test gets a fresh copy of the
# instances and runs in a savepoint (about 190 queries saved per test).
shared_api_world = shared_world_fixture(build_api_world)


@pytest.fixture
def api_world(shared_api_world, db) -> ApiWorld:
    return fresh_copy(shared_api_world)


def token_client(user, *, scope: str = ApiToken.Scope.WRITE, personal_data: bool = False) -> Client:
    """Return a test client that sends a new token of `user` in the Authorization header."""
    secret = create_token(user, "test", scope=scope, personal_data=personal_data).secret
    return Client(headers={"Authorization": f"Bearer {secret}"})


@pytest.fixture
def world(api_world) -> World:
    """The API tests' World is the one inside api_world (one world per test, not two)."""
    return api_world.world
