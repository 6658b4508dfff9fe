"""Annual plans and their items. Changes go through programmes.actions, which keep the plan's
rules (items change only in a draft; submit, approve, agree in order) and its history."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Path, Query, Router, Status
from pydantic import Field

from twinning import access
from twinning.access import Capability
from twinning.api.endpoints.common import (
    LIST_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    PageParams,
    apply,
    changes_of,
    get_or_404,
    twinning_access,
    update,
    validated,
)
from twinning.api.errors import refused_writes
from twinning.api.pagination import by_int, paginate
from twinning.api.schemas import (
    MAX_ID,
    MAX_INT,
    CategoryCode,
    Id,
    Page,
    PlanIn,
    PlanItemIn,
    PlanItemOut,
    PlanItemPatch,
    PlanOut,
    PlanPatch,
    PlanStatus,
    VersionIn,
)
from twinning.core.versioning import StaleVersion
from twinning.programmes import actions
from twinning.programmes.models import AnnualPlan, PlanItem

router = Router(tags=["plans"])
PLAN_KEYSET = by_int("plans", "year")
ITEM_KEYSET = by_int("plan-items", "id")
PlanId = Path(..., ge=1, le=MAX_ID)


class PlanFilters(PageParams):
    twinning: Id | None = None
    year: int | None = Field(default=None, ge=1, le=9999)
    status: PlanStatus | None = None


class PlanItemFilters(PageParams):
    twinning: Id | None = None
    plan: Id | None = None
    year: int | None = Field(default=None, ge=1, le=9999)
    category: CategoryCode | None = None


def _visible_plans(request: HttpRequest):
    return AnnualPlan.objects.filter(twinning__in=access.visible_twinnings(request.user))


def _plan(request: HttpRequest, plan_id: int, capability: Capability) -> AnnualPlan:
    """Return the plan: 404 if the caller may not see its twinning, 403 without `capability`."""
    plan = get_or_404(AnnualPlan.objects.all(), plan_id)
    plan.twinning = twinning_access(request, plan.twinning_id, capability).twinning
    return plan


def _item(request: HttpRequest, item_id: int, capability: Capability) -> PlanItem:
    item = get_or_404(PlanItem.objects.select_related("plan"), item_id)
    twinning_access(request, item.plan.twinning_id, capability)
    return item


@router.get("/plans", response={200: Page[PlanOut], **LIST_ERRORS})
def list_plans(request: HttpRequest, filters: Query[PlanFilters]):
    rows = _visible_plans(request)
    if filters.twinning:
        rows = rows.filter(twinning_id=filters.twinning)
    if filters.year:
        rows = rows.filter(year=filters.year)
    if filters.status:
        rows = rows.filter(status=filters.status)
    return paginate(rows, PLAN_KEYSET, filters.cursor, filters.limit)


@router.post("/plans", response={201: PlanOut, **WRITE_ERRORS})
def create_plan(request: HttpRequest, payload: PlanIn):
    """Start the plan of a year; the previous plan's unfinished items carry over."""
    twinning = twinning_access(request, payload.twinning_id, Capability.EDIT).twinning
    validated(AnnualPlan(twinning=twinning, year=payload.year))
    with refused_writes(AnnualPlan):
        return Status(201, actions.start_plan(twinning, payload.year, request.user))


@router.get("/plans/{plan_id}", response={200: PlanOut, **READ_ERRORS})
def get_plan(request: HttpRequest, plan_id: int = PlanId):
    return _plan(request, plan_id, Capability.VIEW)


@router.patch("/plans/{plan_id}", response={200: PlanOut, **WRITE_ERRORS})
def update_plan(request: HttpRequest, payload: PlanPatch, plan_id: int = PlanId):
    plan = _plan(request, plan_id, Capability.EDIT)
    return update(apply(plan, changes_of(payload)), request.user, payload.version)


@router.delete("/plans/{plan_id}", response={204: None, **WRITE_ERRORS})
def delete_plan(
    request: HttpRequest, plan_id: int = PlanId, version: int = Query(..., ge=1, le=MAX_INT)
):
    """Delete a draft plan with its items (not once submitted, nor with activities under it)."""
    plan = _plan(request, plan_id, Capability.EDIT)
    with transaction.atomic():
        current = AnnualPlan.objects.select_for_update().get(pk=plan.pk)
        if current.version != version:
            raise StaleVersion(current)
        if current.status != AnnualPlan.Status.DRAFT:
            raise actions.PlanRefused(_("Only a draft plan can be deleted."))
        if current.items.filter(activities__isnull=False).exists():
            raise actions.PlanRefused(
                _("Activities are recorded under this plan's items: link them elsewhere first.")
            )
        current._history_user = request.user
        current.delete()
    return Status(204, None)


@router.post("/plans/{plan_id}/submit", response={200: PlanOut, **WRITE_ERRORS})
def submit_plan(request: HttpRequest, payload: VersionIn, plan_id: int = PlanId):
    plan = _plan(request, plan_id, Capability.EDIT)
    return actions.submit_plan(plan, request.user, payload.version)


@router.post("/plans/{plan_id}/approve", response={200: PlanOut, **WRITE_ERRORS})
def approve_plan(request: HttpRequest, payload: VersionIn, plan_id: int = PlanId):
    """The sponsor's leadership approves a submitted plan."""
    plan = _plan(request, plan_id, Capability.APPROVE)
    return actions.approve_plan(plan, request.user, payload.version)


@router.post("/plans/{plan_id}/agree", response={200: PlanOut, **WRITE_ERRORS})
def agree_plan(request: HttpRequest, payload: VersionIn, plan_id: int = PlanId):
    """The commune agrees a submitted or approved plan."""
    plan = _plan(request, plan_id, Capability.AGREE)
    return actions.agree_plan(plan, request.user, payload.version)


@router.get("/plan-items", response={200: Page[PlanItemOut], **LIST_ERRORS})
def list_plan_items(request: HttpRequest, filters: Query[PlanItemFilters]):
    rows = PlanItem.objects.filter(plan__in=_visible_plans(request))
    if filters.twinning:
        rows = rows.filter(plan__twinning_id=filters.twinning)
    if filters.plan:
        rows = rows.filter(plan_id=filters.plan)
    if filters.year:
        rows = rows.filter(plan__year=filters.year)
    if filters.category:
        rows = rows.filter(category=filters.category)
    return paginate(rows, ITEM_KEYSET, filters.cursor, filters.limit)


@router.post("/plan-items", response={201: PlanItemOut, **WRITE_ERRORS})
def create_plan_item(request: HttpRequest, payload: PlanItemIn):
    plan = _plan(request, payload.plan_id, Capability.EDIT)
    item = PlanItem(plan=plan, **payload.model_dump(exclude={"plan_id"}))
    validated(item, exclude=["position"])
    with refused_writes(PlanItem):
        return Status(201, actions.add_item(plan, item, request.user))


@router.get("/plan-items/{item_id}", response={200: PlanItemOut, **READ_ERRORS})
def get_plan_item(request: HttpRequest, item_id: int = PlanId):
    return _item(request, item_id, Capability.VIEW)


@router.patch("/plan-items/{item_id}", response={200: PlanItemOut, **WRITE_ERRORS})
def update_plan_item(request: HttpRequest, payload: PlanItemPatch, item_id: int = PlanId):
    item = apply(_item(request, item_id, Capability.EDIT), changes_of(payload))
    validated(item)
    with refused_writes(PlanItem):
        return actions.save_item(item, request.user, payload.version)


@router.delete("/plan-items/{item_id}", response={204: None, **WRITE_ERRORS})
def delete_plan_item(
    request: HttpRequest, item_id: int = PlanId, version: int = Query(..., ge=1, le=MAX_INT)
):
    item = _item(request, item_id, Capability.EDIT)
    actions.delete_item(item, request.user, version)
    return Status(204, None)
