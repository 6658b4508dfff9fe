"""Indicators (reference data) and their yearly values for the partner communes. The commune's
officers keep the values current (Capability.EDIT_PROFILE)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
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
    create,
    delete,
    get_or_404,
    twinning_access,
    update,
)
from twinning.api.errors import invalid
from twinning.api.pagination import by_int, by_text, paginate
from twinning.api.schemas import (
    MAX_ID,
    MAX_INT,
    Id,
    IndicatorOut,
    IndicatorValueIn,
    IndicatorValueOut,
    IndicatorValuePatch,
    Page,
)
from twinning.indicators.models import Indicator, IndicatorValue

router = Router(tags=["indicators"])
INDICATOR_KEYSET = by_text("indicators", "code")
VALUE_KEYSET = by_int("indicator-values", "year")
RowId = Path(..., ge=1, le=MAX_ID)


class ValueFilters(PageParams):
    twinning: Id | None = None
    indicator: Id | None = None
    year: int | None = Field(default=None, ge=1, le=9999)


def _units_of(twinnings):
    return twinnings.values("partner_unit_id")


def _value(request: HttpRequest, pk: int, capability: Capability) -> IndicatorValue:
    """Return the value: 404 unless it is of a commune the caller sees, 403 unless the caller
    may keep that commune's profile."""
    user = request.user
    value = get_or_404(IndicatorValue.objects.select_related("indicator"), pk)
    if not access.visible_twinnings(user).filter(partner_unit_id=value.admin_unit_id).exists():
        raise Http404
    if capability != Capability.VIEW and not (
        access.twinnings_with(user, capability).filter(partner_unit_id=value.admin_unit_id).exists()
    ):
        raise PermissionDenied
    return value


@router.get("/indicators", response={200: Page[IndicatorOut], **LIST_ERRORS})
def list_indicators(request: HttpRequest, page: Query[PageParams]):
    return paginate(Indicator.objects.all(), INDICATOR_KEYSET, page.cursor, page.limit)


@router.get("/indicators/{indicator_id}", response={200: IndicatorOut, **READ_ERRORS})
def get_indicator(request: HttpRequest, indicator_id: int = RowId):
    return get_or_404(Indicator.objects.all(), indicator_id)


@router.get("/indicator-values", response={200: Page[IndicatorValueOut], **LIST_ERRORS})
def list_values(request: HttpRequest, filters: Query[ValueFilters]):
    twinnings = access.visible_twinnings(request.user)
    if filters.twinning:
        twinnings = twinnings.filter(pk=filters.twinning)
    rows = IndicatorValue.objects.filter(admin_unit_id__in=_units_of(twinnings))
    if filters.indicator:
        rows = rows.filter(indicator_id=filters.indicator)
    if filters.year:
        rows = rows.filter(year=filters.year)
    return paginate(rows, VALUE_KEYSET, filters.cursor, filters.limit)


@router.post("/indicator-values", response={201: IndicatorValueOut, **WRITE_ERRORS})
def create_value(request: HttpRequest, payload: IndicatorValueIn):
    """Record a value for the partner commune of a twinning."""
    twinning = twinning_access(request, payload.twinning_id, Capability.EDIT_PROFILE).twinning
    indicator = Indicator.objects.filter(pk=payload.indicator_id).first()
    if indicator is None:
        raise invalid("indicator_id", _("No such indicator."))
    value = IndicatorValue(
        admin_unit_id=twinning.partner_unit_id,
        indicator=indicator,
        **payload.model_dump(exclude={"twinning_id", "indicator_id"}),
    )
    return Status(201, create(value, request.user))


@router.get("/indicator-values/{value_id}", response={200: IndicatorValueOut, **READ_ERRORS})
def get_value(request: HttpRequest, value_id: int = RowId):
    return _value(request, value_id, Capability.VIEW)


@router.patch("/indicator-values/{value_id}", response={200: IndicatorValueOut, **WRITE_ERRORS})
def update_value(request: HttpRequest, payload: IndicatorValuePatch, value_id: int = RowId):
    value = _value(request, value_id, Capability.EDIT_PROFILE)
    return update(apply(value, changes_of(payload)), request.user, payload.version)


@router.delete("/indicator-values/{value_id}", response={204: None, **WRITE_ERRORS})
def delete_value(
    request: HttpRequest, value_id: int = RowId, version: int = Query(..., ge=1, le=MAX_INT)
):
    delete(_value(request, value_id, Capability.EDIT_PROFILE), request.user, version)
    return Status(204, None)
