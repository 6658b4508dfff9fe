"""Contributions: what each organisation gave to an activity. A business sees its own, wherever
they went (access.visible_contributions); the twinning's coordinators record them."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status
from pydantic import Field

from twinning import access
from twinning.access import Capability
from twinning.activities.models import Activity, Contribution
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
from twinning.api.errors import invalid
from twinning.api.pagination import by_int, paginate
from twinning.api.schemas import (
    MAX_ID,
    MAX_INT,
    CategoryCode,
    ContributionIn,
    ContributionOut,
    ContributionPatch,
    ContributionStatus,
    Id,
    Page,
)
from twinning.core.versioning import save_if_unchanged
from twinning.organisations.models import Organisation

router = Router(tags=["contributions"])
KEYSET = by_int("contributions", "id")
ContributionId = Path(..., ge=1, le=MAX_ID)


class ContributionFilters(PageParams):
    twinning: Id | None = None
    activity: Id | None = None
    year: int | None = Field(default=None, ge=1, le=9999)
    category: CategoryCode | None = Field(default=None, description="The activity's category.")
    status: ContributionStatus | None = None
    contributor: Id | None = None


def _contribution(request: HttpRequest, pk: int, capability: Capability) -> Contribution:
    """Return the contribution: 404 if invisible, 403 without `capability` on its twinning (a
    contributor reads its own but changes nothing)."""
    visible = access.visible_contributions(request.user).select_related("activity")
    contribution = get_or_404(visible, pk)
    if capability != Capability.VIEW:
        try:
            twinning_access(request, contribution.activity.twinning_id, capability)
        except Http404:
            # The business sees what it gave, yet the twinning is not its to change.
            raise PermissionDenied from None
    return contribution


def _contributor(pk: int) -> Organisation:
    """Return the contributing organisation; any registered body may give."""
    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None:
        raise invalid("contributor_id", _("No such organisation."))
    return organisation


def _reopen_confirmation(user, activity: Activity) -> None:
    """What the commune confirmed no longer holds once what was given changes (the web form's
    rule): the activity awaits confirmation again and leaves the public page."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.confirmation == Activity.Confirmation.PENDING:
        return
    activity.confirmation = Activity.Confirmation.PENDING
    activity.confirmed_by = None
    activity.confirmed_at = None
    activity.received_on = None
    activity.confirmation_note = ""
    activity.published = False
    activity._history_user = user
    save_if_unchanged(activity, activity.version)


@router.get("/contributions", response={200: Page[ContributionOut], **LIST_ERRORS})
def list_contributions(request: HttpRequest, filters: Query[ContributionFilters]):
    rows = access.visible_contributions(request.user).select_related("activity")
    rows = filter_by_activity(rows, filters)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.contributor:
        rows = rows.filter(contributor_id=filters.contributor)
    return paginate(rows, KEYSET, filters.cursor, filters.limit)


@router.post("/contributions", response={201: ContributionOut, **WRITE_ERRORS})
def create_contribution(request: HttpRequest, payload: ContributionIn):
    activity, _access = access.get_activity_for_user(
        request.user, payload.activity_id, Capability.EDIT
    )
    data = payload.model_dump(exclude={"activity_id", "contributor_id", "origin"})
    contribution = Contribution(
        activity=activity, contributor=_contributor(payload.contributor_id), **data
    )
    contribution.origin = payload.origin or contribution.infer_origin()
    with transaction.atomic():
        create(contribution, request.user)
        _reopen_confirmation(request.user, activity)
    return Status(201, contribution)


@router.get("/contributions/{contribution_id}", response={200: ContributionOut, **READ_ERRORS})
def get_contribution(request: HttpRequest, contribution_id: int = ContributionId):
    return _contribution(request, contribution_id, Capability.VIEW)


@router.patch("/contributions/{contribution_id}", response={200: ContributionOut, **WRITE_ERRORS})
def update_contribution(
    request: HttpRequest, payload: ContributionPatch, contribution_id: int = ContributionId
):
    contribution = _contribution(request, contribution_id, Capability.EDIT)
    changes = changes_of(payload, exclude={"contributor_id"})
    if payload.contributor_id is not None:
        contribution.contributor = _contributor(payload.contributor_id)
    if changes.get("origin", "") is None:
        changes["origin"] = contribution.infer_origin()
    with transaction.atomic():
        update(apply(contribution, changes), request.user, payload.version)
        _reopen_confirmation(request.user, contribution.activity)
    return contribution


@router.delete("/contributions/{contribution_id}", response={204: None, **WRITE_ERRORS})
def delete_contribution(
    request: HttpRequest,
    contribution_id: int = ContributionId,
    version: int = Query(..., ge=1, le=MAX_INT),
):
    contribution = _contribution(request, contribution_id, Capability.EDIT)
    delete(
        contribution,
        request.user,
        version,
        after=lambda: _reopen_confirmation(request.user, contribution.activity),
    )
    return Status(204, None)
