"""Large exports: every contribution or activity of a set of twinnings, streamed as tuples."""

from __future__ import annotations

from django.db.models import (
    Q,
    QuerySet,
)

from twinning.activities.models import (
    Activity,
    Contribution,
)

# ---------------------------------------------------------------------------------------------
# Large exports: every contribution or activity of a set of twinnings, streamed as tuples


# (field, kind) in the order of the columns; kinds as in the report tables
CONTRIBUTION_EXPORT_COLUMNS = (
    ("pk", "int"),
    ("activity__twinning__slug", "text"),
    ("activity__twinning__sponsor__name", "text"),
    ("activity__twinning__partner_unit__name", "text"),
    ("activity_id", "int"),
    ("activity__start_date", "date"),
    ("activity__title", "text"),
    ("activity__category", "text"),
    ("activity__status", "text"),
    ("contributor__name", "text"),
    ("origin", "text"),
    ("kind", "text"),
    ("item", "text"),
    ("quantity", "decimal"),
    ("unit", "text"),
    ("unit_value_vnd", "vnd"),
    ("value_vnd", "vnd"),
    ("status", "text"),
    ("delivered_on", "date"),
)
ACTIVITY_EXPORT_COLUMNS = (
    ("pk", "int"),
    ("twinning__slug", "text"),
    ("twinning__sponsor__name", "text"),
    ("twinning__partner_unit__name", "text"),
    ("start_date", "date"),
    ("end_date", "date"),
    ("title", "text"),
    ("category", "text"),
    ("status", "text"),
    ("confirmation", "text"),
    ("place_unit__name", "text"),
    ("place", "text"),
    ("staff_count", "int"),
    ("reach_person_times", "int"),
    ("published", "bool"),
)
EXPORT_CHUNK_SIZE = 5000


def _export_twinning_filter(twinnings, prefix: str) -> Q:
    """Return the condition on the twinning of a row (twinnings: a queryset or ids; None: all)."""
    if twinnings is None:
        return Q()
    if isinstance(twinnings, QuerySet):
        twinnings = twinnings.values("pk")
    return Q(**{f"{prefix}twinning__in": twinnings})


def export_contributions(twinnings=None) -> QuerySet:
    """Return every contribution of the twinnings (a queryset or ids; None: all) as tuples in
    the order of CONTRIBUTION_EXPORT_COLUMNS, one query (iterate it with .iterator())."""
    return (
        Contribution.objects.filter(_export_twinning_filter(twinnings, "activity__"))
        .order_by("pk")
        .values_list(*(name for name, _kind in CONTRIBUTION_EXPORT_COLUMNS))
    )


def export_activities(twinnings=None) -> QuerySet:
    """Return every activity of the twinnings as tuples in the order of
    ACTIVITY_EXPORT_COLUMNS, one query."""
    return (
        Activity.objects.filter(_export_twinning_filter(twinnings, ""))
        .order_by("pk")
        .values_list(*(name for name, _kind in ACTIVITY_EXPORT_COLUMNS))
    )
