"""Organisations the caller may look up: the parties and contributors of the twinnings they
see, and their own (access.visible_organisations). Read only: administrators keep them."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Path, Query, Router

from twinning import access
from twinning.api.endpoints.common import LIST_ERRORS, READ_ERRORS, PageParams, get_or_404
from twinning.api.pagination import by_text, paginate
from twinning.api.schemas import MAX_ID, OrganisationOut, Page
from twinning.organisations.models import Organisation

router = Router(tags=["organisations"])
KEYSET = by_text("organisations", "name")

Kind = Organisation.Kind


class OrganisationFilters(PageParams):
    kind: Kind | None = None


@router.get("/organisations", response={200: Page[OrganisationOut], **LIST_ERRORS})
def list_organisations(request: HttpRequest, filters: Query[OrganisationFilters]):
    rows = access.visible_organisations(request.user)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    return paginate(rows, KEYSET, filters.cursor, filters.limit)


@router.get("/organisations/{organisation_id}", response={200: OrganisationOut, **READ_ERRORS})
def get_organisation(request: HttpRequest, organisation_id: int = Path(..., ge=1, le=MAX_ID)):
    return get_or_404(access.visible_organisations(request.user), organisation_id)
