"""The summary, its coarse tables included (programme level, contributors, twinning totals),
equals the GROUP BY over the base tables after any sequence of writes."""

import datetime

from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from twinning.activities.models import Activity, Contribution
from twinning.programmes.models import Programme
from twinning.reports import summary

CATEGORIES = ["gifts", "health", "education"]
DATES = [datetime.date(2019, 5, 1), datetime.date(2020, 4, 10), datetime.date(2021, 1, 2)]
STATUSES = ["done", "planned", "cancelled"]
values = st.one_of(st.none(), st.integers(min_value=0, max_value=10**9))


class SummaryMachine(RuleBasedStateMachine):
    """Random creates, edits and deletes of activities and contributions."""

    world = None  # set by the test: built once, each example runs in a savepoint

    @initialize()
    def setup(self):
        # Each example runs in a savepoint rolled back at its end: a fresh world every time.
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.twinnings = [self.world.twinning, self.world.other_twinning]
        self.givers = [self.world.sponsor, self.world.business]
        self.programmes = [
            self.world.programme,
            Programme.objects.create(
                name="Chương trình khác", province=self.world.programme.province
            ),
        ]

    def _activities(self):
        return list(Activity.objects.order_by("pk"))

    def _contributions(self):
        return list(Contribution.objects.order_by("pk"))

    @rule(
        twinning=st.integers(0, 1),
        category=st.sampled_from(CATEGORIES),
        day=st.sampled_from(DATES),
        status=st.sampled_from(STATUSES),
    )
    def create_activity(self, twinning, category, day, status):
        Activity.objects.create(
            twinning=self.twinnings[twinning],
            title="x",
            category=category,
            start_date=day,
            status=status,
        )

    @precondition(lambda self: Activity.objects.exists())
    @rule(
        data=st.data(),
        twinning=st.integers(0, 1),
        category=st.sampled_from(CATEGORIES),
        day=st.sampled_from(DATES),
        status=st.sampled_from(STATUSES),
    )
    def edit_activity(self, data, twinning, category, day, status):
        activity = data.draw(st.sampled_from(self._activities()))
        activity.twinning = self.twinnings[twinning]
        activity.category = category
        activity.start_date = day
        activity.status = status
        activity.save()

    @precondition(lambda self: Activity.objects.exists())
    @rule(data=st.data())
    def delete_activity(self, data):
        data.draw(st.sampled_from(self._activities())).delete()

    @precondition(lambda self: Activity.objects.exists())
    @rule(
        data=st.data(),
        giver=st.integers(0, 1),
        kind=st.sampled_from(["cash", "in_kind", "service"]),
        status=st.sampled_from(["pledged", "delivered"]),
        value=values,
    )
    def create_contribution(self, data, giver, kind, status, value):
        if kind == "cash" and value is None:
            value = 1
        Contribution.objects.create(
            activity=data.draw(st.sampled_from(self._activities())),
            contributor=self.givers[giver],
            kind=kind,
            status=status,
            value_vnd=value,
        )

    @precondition(lambda self: Contribution.objects.exists())
    @rule(
        data=st.data(),
        kind=st.sampled_from(["in_kind", "service"]),
        status=st.sampled_from(["pledged", "delivered"]),
        origin=st.sampled_from(["direct", "mobilised"]),
        value=values,
        move=st.booleans(),
    )
    def edit_contribution(self, data, kind, status, origin, value, move):
        contribution = data.draw(st.sampled_from(self._contributions()))
        contribution.kind, contribution.status = kind, status
        contribution.origin, contribution.value_vnd = origin, value
        if move:
            contribution.activity = data.draw(st.sampled_from(self._activities()))
        contribution.save()

    @precondition(lambda self: Contribution.objects.exists())
    @rule(data=st.data())
    def delete_contribution(self, data):
        data.draw(st.sampled_from(self._contributions())).delete()

    @rule(twinning=st.integers(0, 1), programme=st.integers(0, 1))
    def move_twinning(self, twinning, programme):
        # A twinning moved to another programme takes its programme-level totals with it.
        moved = self.twinnings[twinning]
        moved.refresh_from_db()
        moved.programme = self.programmes[programme]
        moved.save()

    def teardown(self):
        if hasattr(self, "_atomic"):
            transaction.set_rollback(True)
            self._atomic.__exit__(None, None, None)

    @invariant()
    def summary_equals_the_aggregate(self):
        assert summary.stored_contributions() == summary.aggregate_contributions()
        assert summary.stored_activities() == summary.aggregate_activities()
        assert summary.stored_programme_contributions() == (
            summary.aggregate_programme_contributions()
        )
        assert summary.stored_programme_activities() == summary.aggregate_programme_activities()
        assert summary.stored_contributors() == summary.aggregate_contributors()
        assert summary.stored_twinning_totals() == summary.aggregate_twinning_totals()


def test_it_keeps_the_summary_equal_to_the_aggregate_over_random_writes(world):
    SummaryMachine.world = world
    machine = SummaryMachine.TestCase
    machine.settings = settings(
        max_examples=30,
        stateful_step_count=30,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    machine().runTest()
