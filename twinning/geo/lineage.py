"""Follow administrative units through merges and splits.

Figures recorded under an old unit stay under its name ("as it was") and add up under the unit
that succeeded it ("as it is now"): the new Đông Giang commune's totals include those of old
Đông Giang and old Đông Tiến.
"""

from __future__ import annotations

from twinning.geo.models import AdminChange, AdminUnit


def _edges() -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    """Return successor and predecessor maps over every recorded change (few hundred rows)."""
    forward: dict[int, set[int]] = {}
    backward: dict[int, set[int]] = {}
    through_after = AdminChange.units_after.through.objects.values_list(
        "adminchange_id", "adminunit_id"
    )
    through_before = AdminChange.units_before.through.objects.values_list(
        "adminchange_id", "adminunit_id"
    )
    after_by_change: dict[int, set[int]] = {}
    for change_id, unit_id in through_after:
        after_by_change.setdefault(change_id, set()).add(unit_id)
    for change_id, unit_id in through_before:
        for successor in after_by_change.get(change_id, ()):
            if successor == unit_id:
                continue
            forward.setdefault(unit_id, set()).add(successor)
            backward.setdefault(successor, set()).add(unit_id)
    return forward, backward


def _walk(start: set[int], edges: dict[int, set[int]]) -> set[int]:
    seen, frontier = set(start), list(start)
    while frontier:
        for nxt in edges.get(frontier.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                frontier.append(nxt)
    return seen


def predecessor_ids(unit_ids: set[int] | list[int]) -> set[int]:
    """Return the given units and every unit that was merged, renamed or split into them."""
    return _walk(set(unit_ids), _edges()[1])


def successor_ids(unit_ids: set[int] | list[int]) -> set[int]:
    """Return the given units and every unit they became."""
    return _walk(set(unit_ids), _edges()[0])


def current_units(unit: AdminUnit) -> list[AdminUnit]:
    """Return the units in force today that `unit` became (itself if it is still in force)."""
    if unit.valid_until is None:
        return [unit]
    ids = successor_ids({unit.pk})
    return list(AdminUnit.objects.filter(pk__in=ids, valid_until__isnull=True, level=unit.level))
