"""The database refuses activities, contributions, counts and files that break the rules.

The contribution rule is the article's own arithmetic: 600 cloth masks × 8,000 đ = 4,800,000 đ.
When quantity, unit value and value are all given, the value must be the product rounded to the
đồng, half up (the constraint accepts product - 0.5 < value <= product + 0.5, which is what
ROUND_HALF_UP gives for amounts that cannot be negative).
"""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from twinning.activities.models import (
    Activity,
    Attachment,
    BeneficiaryCount,
    Contribution,
    Output,
    Recipient,
    expected_value,
)
from twinning.core.tests.refusals import refused
from twinning.programmes.models import AnnualPlan

TET_2020 = datetime.date(2020, 1, 20)


def new_activity(twinning, **fields) -> Activity:
    fields = {"category": "gifts", "title": "Tặng quà Tết", "start_date": TET_2020, **fields}
    return Activity.objects.create(twinning=twinning, **fields)


@pytest.fixture
def activity(world) -> Activity:
    return new_activity(world.twinning)


def contribution(activity: Activity, contributor, **fields) -> Contribution:
    fields = {"origin": "mobilised", "kind": "in_kind", "item": "khẩu trang vải", **fields}
    return Contribution.objects.create(activity=activity, contributor=contributor, **fields)


def masks(activity, world, quantity, unit_value, value) -> Contribution:
    return contribution(
        activity,
        world.business,
        quantity=Decimal(quantity),
        unit="cái",
        unit_value_vnd=unit_value,
        value_vnd=value,
    )


# Activity


def test_it_refuses_the_same_reference_twice_in_a_twinning(activity):
    activity.ref = "2020-01"
    activity.save(update_fields=["ref"])
    with refused(Activity, "activity_ref_unique"):
        new_activity(activity.twinning, ref="2020-01")


def test_it_accepts_many_activities_without_a_reference(activity):
    new_activity(activity.twinning, ref="")
    assert Activity.objects.filter(twinning=activity.twinning, ref="").count() == 2


def test_it_accepts_the_same_reference_in_another_twinning(world, activity):
    activity.ref = "2020-01"
    activity.save(update_fields=["ref"])
    new_activity(world.other_twinning, ref="2020-01")


def test_it_refuses_an_activity_that_ends_before_it_starts(world):
    with refused(Activity, "activity_ends_after_start"):
        new_activity(world.twinning, end_date=TET_2020 - datetime.timedelta(days=1))


def test_it_accepts_an_activity_of_one_day_with_its_end_date(world):
    new_activity(world.twinning, end_date=TET_2020)


def test_it_refuses_an_answer_from_the_commune_without_its_time(activity):
    activity.confirmation = Activity.Confirmation.CONFIRMED
    with refused(Activity, "activity_answer_has_time"):
        activity.save(update_fields=["confirmation"])


def test_it_refuses_a_dispute_without_a_reason(activity):
    activity.confirmation = Activity.Confirmation.DISPUTED
    activity.confirmed_at = timezone.now()
    with refused(Activity, "activity_dispute_has_reason"):
        activity.save(update_fields=["confirmation", "confirmed_at"])


def test_it_accepts_a_dispute_with_a_reason(activity):
    activity.confirmation = Activity.Confirmation.DISPUTED
    activity.confirmed_at = timezone.now()
    activity.confirmation_note = "Xã chưa nhận được 20 suất quà."
    activity.save(update_fields=["confirmation", "confirmed_at", "confirmation_note"])


@pytest.mark.parametrize("confirmation", ["pending", "disputed"])
def test_it_refuses_to_publish_what_the_commune_has_not_confirmed(activity, confirmation):
    activity.confirmation = confirmation
    activity.confirmed_at = timezone.now()
    activity.confirmation_note = "Chưa nhận."
    activity.published = True
    with refused(Activity, "activity_published_only_if_confirmed"):
        activity.save()


def test_it_accepts_publishing_a_confirmed_activity(activity):
    activity.confirmation = Activity.Confirmation.CONFIRMED
    activity.confirmed_at = timezone.now()
    activity.published = True
    activity.save()
    assert list(Activity.objects.published()) == [activity]


@pytest.mark.parametrize("field", ["staff_count", "reach_person_times"])
def test_it_refuses_a_negative_head_count(world, field):
    with refused(Activity, field):
        new_activity(world.twinning, **{field: -1})


# Contribution: value = quantity × unit value


def test_it_accepts_600_masks_at_8000_worth_4800000(activity, world):
    assert masks(activity, world, "600", 8_000, 4_800_000).pk


def test_it_refuses_600_masks_at_8000_worth_4800001(activity, world):
    with refused(Contribution, "contribution_value_is_quantity_times_unit_value"):
        masks(activity, world, "600", 8_000, 4_800_001)


def test_it_refuses_600_masks_at_8000_worth_4799999(activity, world):
    with refused(Contribution, "contribution_value_is_quantity_times_unit_value"):
        masks(activity, world, "600", 8_000, 4_799_999)


def test_it_accepts_1500_masks_at_8000_worth_12000000(activity, world):
    assert masks(activity, world, "1500", 8_000, 12_000_000).pk


def test_it_rounds_a_fractional_product_half_up(activity, world):
    # 1.5 × 3 = 4.5 đ: half up gives 5; 4 and 6 are one đồng off.
    assert expected_value(Decimal("1.5"), 3) == 5
    assert masks(activity, world, "1.5", 3, 5).pk
    for wrong in (4, 6):
        with refused(Contribution, "contribution_value_is_quantity_times_unit_value"):
            masks(activity, world, "1.5", 3, wrong)


def test_it_rounds_a_product_below_the_half_down(activity, world):
    # 1.25 × 3 = 3.75 → 4; 0.125 × 3 = 0.375 → 0.
    assert masks(activity, world, "1.25", 3, 4).pk
    assert masks(activity, world, "0.125", 3, 0).pk
    with refused(Contribution, "contribution_value_is_quantity_times_unit_value"):
        masks(activity, world, "1.25", 3, 3)


def test_it_agrees_with_clean_where_binary_floating_point_would_not(activity, world):
    # 0.011 × 361,500 = 3,976.5 exactly; in binary floating point (SQLite's arithmetic on a
    # decimal column) it comes out just below, which once made the database want 3,976.
    assert expected_value(Decimal("0.011"), 361_500) == 3_977
    assert masks(activity, world, "0.011", 361_500, 3_977).pk
    with refused(Contribution, "contribution_value_is_quantity_times_unit_value"):
        masks(activity, world, "0.011", 361_500, 3_976)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    # Up to a million units at up to a million đồng: contributions up to 10^12 đồng.
    quantity=st.decimals(min_value=0, max_value=Decimal("999999.999"), places=3),
    unit_value=st.integers(min_value=0, max_value=1_000_000),
)
@example(quantity=Decimal("46.163"), unit_value=2_462_500)
@example(quantity=Decimal("1.501"), unit_value=1_382_500)
@example(quantity=Decimal("0.705"), unit_value=1_465_500)
@example(quantity=Decimal("999999.999"), unit_value=1_000_000)
def test_it_agrees_with_clean_on_any_quantity_and_unit_value(activity, world, quantity, unit_value):
    expected = expected_value(quantity, unit_value)
    with transaction.atomic():
        masks(activity, world, quantity, unit_value, expected)
    for wrong in (expected - 1, expected + 1):
        if wrong >= 0:
            with refused(Contribution, "contribution_value_is_quantity_times_unit_value"):
                masks(activity, world, quantity, unit_value, wrong)


@pytest.mark.parametrize(
    ("quantity", "unit_value", "value"),
    [(None, 8_000, 1), ("600", None, 1), ("600", 8_000, None)],
    ids=["no quantity", "no unit value", "no value"],
)
def test_it_checks_the_product_only_when_all_three_are_given(
    activity, world, quantity, unit_value, value
):
    contribution(
        activity,
        world.business,
        quantity=None if quantity is None else Decimal(quantity),
        unit="cái",
        unit_value_vnd=unit_value,
        value_vnd=value,
    )


@pytest.mark.parametrize(
    ("field", "constraint"),
    [
        ("value_vnd", "contribution_value_not_negative"),
        ("unit_value_vnd", "contribution_unit_value_not_negative"),
        ("quantity", "contribution_quantity_not_negative"),
    ],
)
def test_it_refuses_negative_money_or_quantity_in_a_contribution(
    activity, world, field, constraint
):
    value = Decimal("-0.001") if field == "quantity" else -1
    with refused(Contribution, constraint):
        contribution(activity, world.business, **{field: value})


def test_it_refuses_cash_without_its_value(activity, world):
    with refused(Contribution, "contribution_cash_has_value"):
        contribution(activity, world.business, kind="cash", item="")


def test_it_accepts_cash_with_its_value(activity, world):
    contribution(activity, world.sponsor, kind="cash", item="", value_vnd=2_000_000)


def test_it_accepts_goods_whose_value_is_not_known(activity, world):
    contribution(activity, world.business, kind="in_kind", quantity=Decimal("30"), unit="bộ")


def test_it_refuses_a_delivery_before_its_pledge(activity, world):
    with refused(Contribution, "contribution_delivered_after_pledge"):
        contribution(
            activity,
            world.business,
            status="delivered",
            pledged_on=TET_2020,
            delivered_on=TET_2020 - datetime.timedelta(days=1),
        )


def test_it_accepts_a_delivery_on_the_day_of_its_pledge(activity, world):
    contribution(
        activity, world.business, status="delivered", pledged_on=TET_2020, delivered_on=TET_2020
    )


def test_it_refuses_the_same_contribution_reference_twice_in_an_activity(activity, world):
    contribution(activity, world.business, ref="C-1")
    with refused(Contribution, "contribution_ref_unique"):
        contribution(activity, world.sponsor, ref="C-1")


def test_it_accepts_the_same_contribution_reference_in_another_activity(activity, world):
    contribution(activity, world.business, ref="C-1")
    contribution(new_activity(world.twinning), world.business, ref="C-1")
    contribution(activity, world.business, ref="")
    contribution(activity, world.business, ref="")


# Output


def test_it_refuses_a_negative_output(activity):
    with refused(Output, "output_quantity_not_negative"):
        Output.objects.create(
            activity=activity, description="Đèn năng lượng mặt trời", quantity=-1, unit="bộ"
        )


def test_it_accepts_a_fractional_output(activity):
    Output.objects.create(
        activity=activity, description="Đường được chiếu sáng", quantity=Decimal("1.5"), unit="km"
    )


# Beneficiary counts


def beneficiaries(activity, **fields) -> BeneficiaryCount:
    fields = {"group": "poor_households", "count": 30, **fields}
    return BeneficiaryCount.objects.create(activity=activity, **fields)


def test_it_refuses_the_same_group_twice_in_an_activity(activity):
    beneficiaries(activity)
    with refused(BeneficiaryCount, "beneficiary_group_once"):
        beneficiaries(activity, count=5)


def test_it_refuses_a_negative_count(activity):
    # The column's own CHECK (a positive integer field) and the named rule say the same.
    with refused(BeneficiaryCount, "beneficiary_count_not_negative", "count"):
        beneficiaries(activity, count=-1)


def test_it_refuses_more_women_than_people(activity):
    with refused(BeneficiaryCount, "beneficiary_women_within_count"):
        beneficiaries(activity, count=30, women=31)


def test_it_refuses_more_ethnic_minority_people_than_people(activity):
    with refused(BeneficiaryCount, "beneficiary_minority_within_count"):
        beneficiaries(activity, count=30, ethnic_minority=31)


@pytest.mark.parametrize("field", ["women", "ethnic_minority"])
def test_it_refuses_a_negative_part_of_a_count(activity, field):
    with refused(
        BeneficiaryCount,
        field,
        "beneficiary_women_within_count",
        "beneficiary_minority_within_count",
    ):
        beneficiaries(activity, **{field: -1})


def test_it_accepts_a_count_made_entirely_of_women_of_ethnic_minorities(activity):
    beneficiaries(activity, count=30, women=30, ethnic_minority=30)


# Recipients


def test_it_refuses_a_negative_value_received(activity):
    with refused(Recipient, "recipient_value_not_negative"):
        Recipient.objects.create(
            activity=activity, full_name="Hộ ông K'Brơi", group="poor_households", value_vnd=-1
        )


def test_it_accepts_a_recipient_with_or_without_a_value(activity):
    for value in (None, 0, 500_000):
        Recipient.objects.create(
            activity=activity, full_name="Hộ ông K'Brơi", group="poor_households", value_vnd=value
        )


# Attachments


def attachment(**fields) -> Attachment:
    fields = {
        "kind": "photo",
        "file": "attachments/0123456789abcdef.jpg",
        "original_name": "trao-qua.jpg",
        "content_type": "image/jpeg",
        "size": 1024,
        "sha256": "0" * 64,
        **fields,
    }
    return Attachment.objects.create(**fields)


def test_it_accepts_an_attachment_of_an_activity_or_of_a_plan(activity):
    plan = AnnualPlan.objects.create(twinning=activity.twinning, year=2020)
    attachment(activity=activity)
    attachment(plan=plan, kind="plan")


def test_it_refuses_an_attachment_of_nothing(db):
    with refused(Attachment, "attachment_belongs_to_one_record"):
        attachment()


def test_it_refuses_an_attachment_of_two_records(activity):
    plan = AnnualPlan.objects.create(twinning=activity.twinning, year=2020)
    with refused(Attachment, "attachment_belongs_to_one_record"):
        attachment(activity=activity, plan=plan)


def test_it_refuses_a_negative_file_size(activity):
    with refused(Attachment, "attachment_size_not_negative", "size"):
        attachment(activity=activity, size=-1)
