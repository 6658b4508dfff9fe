"""The JSON API, version 1, under /api/v1/: one NinjaAPI, its error handlers, its routers."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from twinning.api.auth import CookieAuth, ReadOnlyToken, TokenAuth
from twinning.api.endpoints import (
    activities,
    beneficiaries,
    contributions,
    indicators,
    organisations,
    plans,
    twinnings,
)
from twinning.api.errors import BODY, ApiValidationError, problem, validation_problems
from twinning.api.schemas import OUT_SCHEMAS
from twinning.core.versioning import StaleVersion
from twinning.programmes.actions import PlanRefused

api = NinjaAPI(
    title="Twinning API",
    version="1",
    description=(
        "Twinnings, plans, activities, contributions, beneficiaries, indicators and report "
        "summaries. Authenticate with a personal access token: `Authorization: Bearer twn_...`, "
        "created under /account/tokens/. Lists return `next_cursor`; pass it as `cursor` for the "
        "next page. Updates carry the `version` they start from: a stale one gets 409 with the "
        "record as it is now."
    ),
    auth=[TokenAuth(), CookieAuth()],
    # Swagger UI from django-ninja's own static files ("ninja" is in INSTALLED_APPS), never a CDN.
    docs=Swagger(),
    urls_namespace="api-v1",
)

for module in (
    twinnings,
    plans,
    activities,
    contributions,
    beneficiaries,
    indicators,
    organisations,
):
    api.add_router("/", module.router)


def _errors(request: HttpRequest, status: int, items: list[dict], **extra) -> HttpResponse:
    return api.create_response(request, {"detail": items, **extra}, status=status)


@api.exception_handler(ApiValidationError)
def _api_validation(request: HttpRequest, exc: ApiValidationError) -> HttpResponse:
    return _errors(request, 422, exc.items)


@api.exception_handler(DjangoValidationError)
def _model_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    return _errors(request, 422, validation_problems(exc, getattr(exc, "model", None)))


@api.exception_handler(IntegrityError)
@api.exception_handler(DataError)
@api.exception_handler(OverflowError)
def _refused_write(request: HttpRequest, exc: Exception) -> HttpResponse:
    # The endpoints name the field (errors.refused_writes); this is the last line of defence.
    return _errors(request, 422, [problem(BODY, "The database refused this value.", "constraint")])


@api.exception_handler(StaleVersion)
def _stale(request: HttpRequest, exc: StaleVersion) -> HttpResponse:
    schema = OUT_SCHEMAS.get(type(exc.current))
    current = schema.from_orm(exc.current).model_dump(mode="json") if schema else None
    items = [problem([*BODY, "version"], str(exc.message), "stale_version")]
    return _errors(request, 409, items, current=current)


@api.exception_handler(PlanRefused)
def _plan_refused(request: HttpRequest, exc: PlanRefused) -> HttpResponse:
    return _errors(request, 409, [problem([], str(exc.message), "refused")])


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    if isinstance(exc, ReadOnlyToken):
        return api.create_response(request, {"detail": "This token is read-only."}, status=403)
    message = str(exc) or "Your role does not allow this."
    return api.create_response(request, {"detail": message}, status=403)
