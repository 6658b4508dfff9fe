"""Beneficiary counts of an activity, by group (no names: those are recipients)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Path, Query, Router, Status
from pydantic import Field

from twinning import access
from twinning.access import Capability
from twinning.activities.models import BeneficiaryCount
from twinning.api.endpoints.common import (
    LIST_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    PageParams,
    apply,
    changes_of,
    create,
    delete,
    filter_by_activity,
    get_or_404,
    twinning_access,
    update,
)
from twinning.api.errors import refused_writes
from twinning.api.pagination import by_int, paginate
from twinning.api.schemas import (
    MAX_ID,
    BeneficiaryCountIn,
    BeneficiaryCountOut,
    BeneficiaryCountPatch,
    CategoryCode,
    GroupCode,
    Id,
    Page,
)

router = Router(tags=["beneficiary counts"])
KEYSET = by_int("beneficiary-counts", "id")
CountId = Path(..., ge=1, le=MAX_ID)


class CountFilters(PageParams):
    twinning: Id | None = None
    activity: Id | None = None
    year: int | None = Field(default=None, ge=1, le=9999)
    category: CategoryCode | None = Field(default=None, description="The activity's category.")
    group: GroupCode | None = None


def _count(request: HttpRequest, pk: int, capability: Capability) -> BeneficiaryCount:
    row = get_or_404(BeneficiaryCount.objects.select_related("activity"), pk)
    twinning_access(request, row.activity.twinning_id, capability)
    return row


@router.get("/beneficiary-counts", response={200: Page[BeneficiaryCountOut], **LIST_ERRORS})
def list_counts(request: HttpRequest, filters: Query[CountFilters]):
    rows = BeneficiaryCount.objects.filter(
        activity__in=access.visible_activities(request.user).values("pk")
    )
    rows = filter_by_activity(rows, filters)
    if filters.group:
        rows = rows.filter(group=filters.group)
    return paginate(rows, KEYSET, filters.cursor, filters.limit)


@router.post("/beneficiary-counts", response={201: BeneficiaryCountOut, **WRITE_ERRORS})
def create_count(request: HttpRequest, payload: BeneficiaryCountIn):
    activity, _access = access.get_activity_for_user(
        request.user, payload.activity_id, Capability.EDIT
    )
    row = BeneficiaryCount(activity=activity, **payload.model_dump(exclude={"activity_id"}))
    with refused_writes(BeneficiaryCount):
        return Status(201, create(row, request.user))


@router.get("/beneficiary-counts/{count_id}", response={200: BeneficiaryCountOut, **READ_ERRORS})
def get_count(request: HttpRequest, count_id: int = CountId):
    return _count(request, count_id, Capability.VIEW)


@router.patch("/beneficiary-counts/{count_id}", response={200: BeneficiaryCountOut, **WRITE_ERRORS})
def update_count(request: HttpRequest, payload: BeneficiaryCountPatch, count_id: int = CountId):
    """Change a count (counts carry no version: the last write wins)."""
    row = _count(request, count_id, Capability.EDIT)
    return update(apply(row, changes_of(payload)), request.user, None)


@router.delete("/beneficiary-counts/{count_id}", response={204: None, **WRITE_ERRORS})
def delete_count(request: HttpRequest, count_id: int = CountId):
    delete(_count(request, count_id, Capability.EDIT), request.user, None)
    return Status(204, None)
