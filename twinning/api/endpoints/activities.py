"""Activities: recorded by the sponsor's coordinators, confirmed or disputed by the commune.
Their named recipients are personal data, returned only to a token allowed to read it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Subquery
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status
from pydantic import Field

from twinning import access
from twinning.access import Capability
from twinning.activities import actions
from twinning.activities.models import Activity, Contribution
from twinning.api.auth import token_of
from twinning.api.endpoints.common import (
    LIST_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    PageParams,
    apply,
    changes_of,
    create,
    twinning_access,
    update,
)
from twinning.api.errors import invalid, refused_writes
from twinning.api.pagination import by_date, paginate
from twinning.api.schemas import (
    MAX_ID,
    MAX_INT,
    ActivityIn,
    ActivityOut,
    ActivityPatch,
    ActivityStatus,
    CategoryCode,
    ConfirmationIn,
    ErrorOut,
    Id,
    Page,
    RecipientOut,
)
from twinning.core.versioning import StaleVersion
from twinning.programmes.models import PlanItem

router = Router(tags=["activities"])
KEYSET = by_date("activities", "start_date")
ActivityId = Path(..., ge=1, le=MAX_ID)


class ActivityFilters(PageParams):
    twinning: Id | None = None
    year: int | None = Field(default=None, ge=1, le=9999)
    category: CategoryCode | None = None
    status: ActivityStatus | None = None
    contributor: Id | None = Field(default=None, description="Activities this body gave to.")
    plan_item: Id | None = None


def _activity(request: HttpRequest, activity_id: int, capability: Capability) -> Activity:
    """Return the activity: 404 if the caller may not see it, 403 without `capability`."""
    activity, _access = access.get_activity_for_user(request.user, activity_id, capability)
    return activity


def _plan_item(activity: Activity, plan_item_id: int | None) -> PlanItem | None:
    """Return the plan item the activity follows, which must belong to the same twinning."""
    if plan_item_id is None:
        return None
    item = PlanItem.objects.filter(pk=plan_item_id, plan__twinning_id=activity.twinning_id).first()
    if item is None:
        raise invalid("plan_item_id", _("No such item in this twinning's plans."))
    return item


@router.get("/activities", response={200: Page[ActivityOut], **LIST_ERRORS})
def list_activities(request: HttpRequest, filters: Query[ActivityFilters]):
    rows = access.visible_activities(request.user)
    if filters.twinning:
        rows = rows.filter(twinning_id=filters.twinning)
    if filters.year:
        rows = rows.for_year(filters.year)
    if filters.category:
        rows = rows.filter(category=filters.category)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.plan_item:
        rows = rows.filter(plan_item_id=filters.plan_item)
    if filters.contributor:
        given = Contribution.objects.filter(contributor_id=filters.contributor)
        rows = rows.filter(pk__in=Subquery(given.values("activity_id")))
    return paginate(rows, KEYSET, filters.cursor, filters.limit)


@router.post("/activities", response={201: ActivityOut, **WRITE_ERRORS})
def create_activity(request: HttpRequest, payload: ActivityIn):
    twinning = twinning_access(request, payload.twinning_id, Capability.EDIT).twinning
    activity = Activity(
        twinning=twinning, **payload.model_dump(exclude={"twinning_id", "plan_item_id"})
    )
    activity.plan_item = _plan_item(activity, payload.plan_item_id)
    return Status(201, create(activity, request.user))


@router.get("/activities/{activity_id}", response={200: ActivityOut, **READ_ERRORS})
def get_activity(request: HttpRequest, activity_id: int = ActivityId):
    return _activity(request, activity_id, Capability.VIEW)


@router.patch("/activities/{activity_id}", response={200: ActivityOut, **WRITE_ERRORS})
def update_activity(request: HttpRequest, payload: ActivityPatch, activity_id: int = ActivityId):
    activity = _activity(request, activity_id, Capability.EDIT)
    changes = changes_of(payload, exclude={"plan_item_id"})
    if "plan_item_id" in payload.model_fields_set:
        activity.plan_item = _plan_item(activity, payload.plan_item_id)
    return update(apply(activity, changes), request.user, payload.version)


@router.delete("/activities/{activity_id}", response={204: None, **WRITE_ERRORS})
def delete_activity(
    request: HttpRequest,
    activity_id: int = ActivityId,
    version: int = Query(..., ge=1, le=MAX_INT),
):
    """Delete the activity with its contributions, counts, recipients and files."""
    activity = _activity(request, activity_id, Capability.EDIT)
    with transaction.atomic():
        current = Activity.objects.select_for_update().get(pk=activity.pk)
        if current.version != version:
            raise StaleVersion(current)
        actions.delete_activity(request.user, current)
    return Status(204, None)


@router.post("/activities/{activity_id}/confirmation", response={200: ActivityOut, **WRITE_ERRORS})
def answer_activity(request: HttpRequest, payload: ConfirmationIn, activity_id: int = ActivityId):
    """The commune confirms what it received (on a day, with a note) or disputes it (a reason
    is required)."""
    activity = _activity(request, activity_id, Capability.AGREE)
    if not payload.confirmed and not payload.note.strip():
        raise invalid("note", _("A dispute needs a reason."))
    with refused_writes(Activity):
        return actions.answer_activity(
            request.user,
            activity,
            payload.version,
            confirmed=payload.confirmed,
            received_on=payload.received_on,
            note=payload.note,
        )


@router.get(
    "/activities/{activity_id}/recipients",
    response={200: list[RecipientOut], 403: ErrorOut, **READ_ERRORS},
)
def list_recipients(request: HttpRequest, activity_id: int = ActivityId):
    """Named recipients: personal data. Returned only to a token created with the personal-data
    permission whose owner may see them; every read is logged."""
    activity = _activity(request, activity_id, Capability.VIEW)
    token = token_of(request)
    if token is None or not token.personal_data:
        raise PermissionDenied(
            _("Reading named recipients needs a token with personal-data permission.")
        )
    return access.recipients_for(
        request.user, activity, action="api", reason=f"API token {token.prefix}", path=request.path
    )
