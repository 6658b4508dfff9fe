"""Twinnings (read only through the API) and their report summaries."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Path, Query, Router, Schema
from pydantic import Field

from twinning import access
from twinning.api.endpoints.common import LIST_ERRORS, READ_ERRORS, PageParams, twinning_access
from twinning.api.pagination import by_date, paginate
from twinning.api.schemas import (
    MAX_ID,
    Id,
    Page,
    SummaryOut,
    TwinningOut,
    TwinningStatus,
)
from twinning.reports import queries

router = Router(tags=["twinnings"])
KEYSET = by_date("twinnings", "signed_on")


class TwinningFilters(PageParams):
    status: TwinningStatus | None = None
    programme: Id | None = None
    year: int | None = Field(default=None, ge=1, le=9999, description="Active in this year.")


@router.get("/twinnings", response={200: Page[TwinningOut], **LIST_ERRORS})
def list_twinnings(request: HttpRequest, filters: Query[TwinningFilters]):
    """List the twinnings the caller may see."""
    rows = access.visible_twinnings(request.user).select_related("sponsor", "partner_unit")
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.programme:
        rows = rows.filter(programme_id=filters.programme)
    if filters.year:
        rows = rows.filter(signed_on__year__lte=filters.year).exclude(
            ended_on__year__lt=filters.year
        )
    return paginate(rows, KEYSET, filters.cursor, filters.limit)


@router.get("/twinnings/{twinning_id}", response={200: TwinningOut, **READ_ERRORS})
def get_twinning(request: HttpRequest, twinning_id: int = Path(..., ge=1, le=MAX_ID)):
    return twinning_access(request, twinning_id).twinning


class SpanParams(Schema):
    year_from: int | None = Field(default=None, ge=1, le=9999)
    year_to: int | None = Field(default=None, ge=1, le=9999)


@router.get("/twinnings/{twinning_id}/summary", response={200: SummaryOut, **READ_ERRORS})
def twinning_summary(
    request: HttpRequest,
    span: Query[SpanParams],
    twinning_id: int = Path(..., ge=1, le=MAX_ID),
):
    """Totals of a twinning by year, category, origin and kind: the figures of its report."""
    twinning = twinning_access(request, twinning_id).twinning
    totals = queries.twinning_totals(twinning, year_from=span.year_from, year_to=span.year_to)
    return {
        "twinning_id": twinning.pk,
        "year_from": span.year_from,
        "year_to": span.year_to,
        "activities": totals.activities,
        "value": totals.value,
        "pledged_vnd": totals.pledged_vnd,
        "reach_person_times": totals.reach_person_times,
        "staff_taking_part": totals.staff_taking_part,
        "beneficiaries_total": totals.beneficiaries_total,
        "by_year": totals.by_year,
        "by_category": totals.by_category,
        "beneficiaries": totals.beneficiaries,
    }
