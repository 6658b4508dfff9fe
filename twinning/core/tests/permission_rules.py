"""The permission matrix's data: every route of the URL configuration (web views, the JSON
API's operations, the admin), the records each route is tried on, and RULES — the one table that
says, for every route, what a GET and a POST need and what the roles that lack it get.

A rule names what each method needs (`VIEW`, `EDIT`, `APPROVE`...); STANDING says what each role
of the test World has on its own twinning and on another organisation's. From both the expected
status follows: the rule's success status when the role has what is needed, 403 when it sees the
twinning without the right, 404 when it does not see the twinning at all (existence does not
leak), a redirect to sign in for an anonymous visitor, 405 for a method the view does not take.

To give a new view its rule: add an entry to RULES under the view's URL name (namespace:name),
with the URL to try for "own" and "other" data, what GET and POST need, and, for POST, a body
that makes the change when the role may make it. The matrix test fails for a route without one.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from twinning.testing import World

ROLES = [
    "coordinator",
    "approver",
    "viewer",
    "commune_officer",
    "contributor",
    "overseer",
    "administrator",
    "outsider",
    "anonymous",
]
SCOPES = ["own", "other"]

# What a method needs.
PUBLIC = "public"  # everyone, signed in or not
SIGNED_IN = "signed_in"  # any signed-in user (the page shows only what the user may see)
VIEW = "view"
EDIT = "edit"
APPROVE = "approve"
AGREE = "agree"
PROFILE = "profile"
EXPORT = "export"
RECIPIENTS = "recipients"
EDIT_OR_APPROVE = "edit_or_approve"  # withdraw/send back a plan, the report's texts
IMPORT = "import"  # an import of some kind: activities (EDIT) or indicator values (PROFILE)
ADMIN = "admin"
CONTRIBUTOR_STATEMENT = "contributor_statement"  # a contributor's own statement (see below)
OWN_ONLY = "own_only"  # the user's own record (a token): someone else's is a 404
IMPORT_TEMPLATE = "import_template"  # the activities template: 403 without any import, 404
# for a role that imports only another kind (the commune officer: indicator values)
JOB_OWNER = "job_owner"
EXPORT_JOB = "export_job"  # a large export: its requester, and administrators; 404 for others
EXPORT_ANYWHERE = "export_anywhere"  # EXPORT on some twinning (403 for the others)
PROGRAMME_VIEW = "programme_view"  # sees a twinning of the programme (404 for the others)
PROGRAMME_EXPORT = "programme_export"  # may export from a twinning of the programme
STATEMENT_VIEW = "statement_view"  # a business's statement on screen  # an import job: only the user who uploaded it, 404 for the others
RECIPIENTS_BY_TOKEN = "recipients_by_token"  # the API's recipients: a personal-data token only
SEE_CONTRIBUTION = "see_contribution"  # VIEW, or the business that gave it
CHANGE_CONTRIBUTION = "change_contribution"  # EDIT; the business that gave it sees, 403

# What each role holds on World's twinning ("own": sponsored by the department of the
# coordinator, approver and viewer; its partner is the commune officer's committee) and on the
# other department's ("other": the outsider's). None: the role does not see that twinning.
STANDING: dict[str, dict[str, frozenset[str] | None]] = {
    "coordinator": {"own": frozenset({VIEW, EDIT, RECIPIENTS, EXPORT}), "other": None},
    "approver": {"own": frozenset({VIEW, APPROVE, EXPORT}), "other": None},
    "viewer": {"own": frozenset({VIEW}), "other": None},
    "commune_officer": {
        "own": frozenset({VIEW, AGREE, PROFILE, RECIPIENTS, EXPORT}),
        "other": None,
    },
    "contributor": {"own": None, "other": None},
    "overseer": {"own": frozenset({VIEW, EXPORT}), "other": frozenset({VIEW, EXPORT})},
    "administrator": {"own": frozenset({VIEW}), "other": frozenset({VIEW})},
    "outsider": {"own": None, "other": frozenset({VIEW, EDIT, RECIPIENTS, EXPORT})},
}


def holds(role: str, scope: str, need: str) -> bool | None:
    """Return True if `role` has `need` on the scope's twinning, False if it sees the twinning
    without it, None if it does not see the twinning."""
    if role == "contributor" and scope == "own" and need in (SEE_CONTRIBUTION, CHANGE_CONTRIBUTION):
        # The business gave the own twinning's contribution: it reads it and changes nothing.
        return need == SEE_CONTRIBUTION
    need = {SEE_CONTRIBUTION: VIEW, CHANGE_CONTRIBUTION: EDIT}.get(need, need)
    standing = STANDING[role][scope]
    if standing is None:
        return None
    if need == EDIT_OR_APPROVE:
        return EDIT in standing or APPROVE in standing
    if need == IMPORT:
        return EDIT in standing or PROFILE in standing
    return need in standing


# --- the records every route is tried on -------------------------------------------------


@dataclass
class Records:
    """One twinning's records: what "own" or "other" data means for a route."""

    twinning: object
    draft_plan: object  # 2024, draft, one item
    item: object
    submitted_plan: object  # 2025, submitted: to approve or agree
    activity: object  # with a contribution, a recipient, a photo
    confirmed_activity: object  # confirmed by the commune: may be published
    contribution: object
    count: object
    attachment: object
    indicator_value: object
    locked_year: int  # 2020 is locked
    import_job: object
    export_job: object  # a finished large export of this twinning's side
    business: object  # the business that gave to this twinning
    sponsor: object


@dataclass
class Context:
    world: World
    indicator: object
    own: Records
    other: Records
    tokens: dict[str, object] = field(default_factory=dict)  # role -> the role's API token

    def records(self, scope: str) -> Records:
        return self.own if scope == "own" else self.other


def _photo() -> ContentFile:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), (200, 120, 40)).save(buffer, format="JPEG")
    return ContentFile(buffer.getvalue(), name="photo.jpg")


def _records(world: World, twinning, business, uploader, indicator) -> Records:
    from twinning.activities.models import (
        Activity,
        Attachment,
        BeneficiaryCount,
        Contribution,
        Recipient,
    )
    from twinning.geo.models import AdminChange
    from twinning.imports.models import ImportJob
    from twinning.indicators.models import IndicatorValue
    from twinning.locks.models import YearLock
    from twinning.programmes.models import AnnualPlan, PlanItem
    from twinning.sources.models import Source

    # Every model of the admin has a row, so that its pages are tried on a real object.
    Source.objects.get_or_create(key="bai-bao", defaults={"title": "Bài báo"})
    if not AdminChange.objects.exists():
        AdminChange.objects.create(effective_on=datetime.date(2025, 7, 1), kind="merge")
    draft = AnnualPlan.objects.create(twinning=twinning, year=2024)
    item = PlanItem.objects.create(plan=draft, category="gifts", title="Quà Tết cho hộ nghèo")
    submitted = AnnualPlan.objects.create(
        twinning=twinning, year=2025, status="submitted", submitted_at=timezone.now()
    )
    PlanItem.objects.create(plan=submitted, category="education", title="Học bổng")
    activity = Activity.objects.create(
        twinning=twinning,
        category="health",
        title="Tặng khẩu trang vải",
        start_date=datetime.date(2024, 3, 5),
        place="Thôn 1",
    )
    contribution = Contribution.objects.create(
        activity=activity,
        contributor=business,
        origin="mobilised",
        kind="in_kind",
        item="khẩu trang vải",
        quantity=Decimal(600),
        unit="cái",
        unit_value_vnd=8_000,
        value_vnd=4_800_000,
        status="delivered",
    )
    confirmed = Activity.objects.create(
        twinning=twinning,
        category="gifts",
        title="Trao quà Tết",
        start_date=datetime.date(2024, 2, 1),
        confirmation="confirmed",
        confirmed_by=uploader,
        confirmed_at=timezone.now(),
    )
    count = BeneficiaryCount.objects.create(activity=activity, group="poor_households", count=20)
    Recipient.objects.create(activity=activity, full_name="Nguyễn Văn A", group="poor_households")
    attachment = Attachment(
        activity=activity,
        kind="photo",
        original_name="trao-qua.jpg",
        content_type="image/jpeg",
        size=100,
        uploaded_by=uploader,
    )
    attachment.file.save("photo.jpg", _photo(), save=False)
    attachment.thumbnail.save("thumb.jpg", _photo(), save=False)
    attachment.save()
    value = IndicatorValue.objects.create(
        admin_unit=twinning.partner_unit, indicator=indicator, year=2024, value=40
    )
    YearLock.objects.create(
        twinning=twinning, year=2020, locked_by=uploader, locked_at=timezone.now()
    )
    job = ImportJob.objects.create(
        user=uploader,
        twinning=twinning,
        kind="activities",
        original_name="hoat-dong.csv",
        file_format="csv",
        file=ContentFile(b"title\n", name="import.csv"),
        status="invalid",  # checked, with errors: shown, never written
    )
    from twinning.reports.models import ExportJob

    export = ExportJob.objects.create(
        user=uploader,
        kind="contributions",
        file_format="csv",
        province=twinning.programme.province,
        status="done",
        file=ContentFile(b"a,b\n", name="export.csv"),
        file_name="contributions.csv",
    )
    return Records(
        export_job=export,
        twinning=twinning,
        draft_plan=draft,
        item=item,
        submitted_plan=submitted,
        activity=activity,
        confirmed_activity=confirmed,
        contribution=contribution,
        count=count,
        attachment=attachment,
        indicator_value=value,
        locked_year=2020,
        import_job=job,
        business=business,
        sponsor=twinning.sponsor,
    )


def build_context() -> Context:
    from twinning.api.tokens import create_token
    from twinning.indicators.models import Indicator
    from twinning.organisations.models import Organisation

    world = World.build()
    indicator = Indicator.objects.create(code="poor_rate", name="Tỷ lệ hộ nghèo", unit="percent")
    other_business = Organisation.objects.create(
        name="Công ty TNHH Bình Minh", kind="business", tax_code="3400000002"
    )
    own = _records(world, world.twinning, world.business, world.coordinator, indicator)
    other = _records(world, world.other_twinning, other_business, world.outsider, indicator)
    context = Context(world, indicator, own, other)
    for role in ROLES[:-1]:
        context.tokens[role] = create_token(getattr(world, role), "matrix").token
    return context


# --- the routes ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str  # namespace:name, as reverse() takes it
    pattern: str
    methods: tuple[str, ...] | None  # the API's operation's method; None for Django views


def _api_methods() -> dict[str, tuple[str, ...]]:
    """Return the method of each API operation, by its URL name, from the ninja routers."""
    from twinning.api.api import api

    methods: dict[str, tuple[str, ...]] = {}
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                name = getattr(operation, "url_name", None) or operation.view_func.__name__
                methods[name] = tuple(m.upper() for m in operation.methods)
    return methods


def all_routes() -> list[Route]:
    """Return every named route of the URL configuration, walking includes recursively."""
    api_methods = _api_methods()
    routes: list[Route] = []

    def walk(patterns, prefix: str, namespace: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                local = pattern.name or f"<unnamed {prefix}{pattern.pattern}>"
                name = f"{namespace}:{local}" if namespace else local
                methods = api_methods.get(local) if namespace == "api-v1" else None
                routes.append(Route(name, prefix + str(pattern.pattern), methods))

    walk(get_resolver().url_patterns, "", None)
    return routes


# --- the rules ----------------------------------------------------------------------------

UrlFor = Callable[[Context, Records, str], str]  # (context, records, role) -> the URL
BodyFor = Callable[[Context, Records, str], dict]


@dataclass(frozen=True)
class Rule:
    """What a route's GET and POST need, and what a role that has it gets.

    `get`/`post`: the need, or None when the view does not take the method (405).
    `scoped`: False for a route that does not depend on a twinning (tried once, scope "any").
    `anonymous_get`: what a visitor who is not signed in gets from GET (sign-in redirect).
    """

    url: UrlFor
    get: str | None = None
    post: str | None = None
    get_ok: int = 200
    post_ok: int = 302
    body: BodyFor | None = None
    scoped: bool = True
    anonymous_get: int = 302
    anonymous_post: int = 302
    changes: bool = True  # an allowed POST with `body` changes data (it works)
    method_checked_first: bool = True  # require_POST/GET before login_required: 405 first
    api: bool = False  # an API operation: 401 for anonymous, JSON answers
    api_method: str = ""
    note: str = ""


def _slug(records: Records) -> str:
    return records.twinning.slug


def tw(path: str) -> UrlFor:
    """Return a URL maker for a path under /twinnings/<slug>/."""
    return lambda c, r, role: f"/twinnings/{_slug(r)}/{path}"


def fixed(path: str) -> UrlFor:
    return lambda c, r, role: path


def version(obj_attr: str) -> BodyFor:
    return lambda c, r, role: {"expected_version": getattr(r, obj_attr).version}


def _activity_edit_body(c: Context, r: Records, role: str) -> dict:
    from twinning.activities.tests.helpers import edit_data

    scope = "own" if r is c.own else "other"
    sees = role != "anonymous" and holds(role, scope, RECIPIENTS) is True
    data = edit_data(r.activity, can_see_recipients=sees)
    data["title"] = "Tặng khẩu trang vải (đã sửa)"
    return data


def _activity_create_body(c: Context, r: Records, role: str) -> dict:
    from twinning.activities.tests.helpers import SECTION_NAMES, management

    data = {
        "category": "gifts",
        "title": "Trao quà Trung thu",
        "status": "done",
        "start_date": "15/09/2024",
        "date_precision": "day",
        "place": "Thôn 2",
        "version": "",
    }
    for section in SECTION_NAMES:
        data.update(management(section, 0))
    return data


def api(
    method: str,
    path: Callable[[Context, Records], str],
    need: str,
    ok: int = 200,
    body: BodyFor | None = None,
    scoped: bool = True,
) -> Rule:
    """Return the rule of an API operation (tried with the session cookie of the web app)."""
    url: UrlFor = lambda c, r, role: path(c, r)  # noqa: E731
    return Rule(
        url=url,
        get=need if method == "GET" else None,
        post=need if method != "GET" else None,
        get_ok=ok,
        post_ok=ok,
        body=body,
        scoped=scoped,
        anonymous_get=401,
        anonymous_post=401,
        api=True,
        api_method=method,
    )


A = "/api/v1"

RULES: dict[str, Rule] = {
    # --- the admin: reference data, administrators only (checked route by route) ---------
    "admin:*": Rule(url=fixed("/admin/"), get=ADMIN, post=ADMIN, scoped=False),
    # --- switching the language: anyone --------------------------------------------------
    "set_language": Rule(
        url=fixed("/i18n/setlang/"),
        post=PUBLIC,
        changes=False,
        body=lambda c, r, role: {"language": "en", "next": "/"},
        scoped=False,
        anonymous_post=302,
        note="POST sets the language and goes back; no data of anyone's",
    ),
    # --- accounts -------------------------------------------------------------------------
    "accounts:home": Rule(url=fixed("/"), get=SIGNED_IN, scoped=False),
    "accounts:login": Rule(
        url=fixed("/accounts/login/"),
        get=PUBLIC,
        post=PUBLIC,
        get_ok=302,  # a signed-in user is sent on to the home page
        post_ok=302,
        changes=False,
        body=lambda c, r, role: {},
        scoped=False,
        anonymous_get=200,
        anonymous_post=200,
    ),
    "accounts:logout": Rule(
        url=fixed("/accounts/logout/"),
        post=PUBLIC,
        changes=False,
        body=lambda c, r, role: {},
        scoped=False,
        anonymous_get=405,
    ),
    "accounts:password_change": Rule(
        url=fixed("/accounts/password/"),
        get=SIGNED_IN,
        post=SIGNED_IN,
        post_ok=200,  # the empty form comes back with its errors; nothing changes
        changes=False,
        body=lambda c, r, role: {},
        scoped=False,
    ),
    "accounts:password_change_done": Rule(
        url=fixed("/accounts/password/done/"),
        get=SIGNED_IN,
        scoped=False,
        method_checked_first=False,
    ),
    "accounts:two_factor_setup": Rule(
        url=fixed("/accounts/two-factor/setup/"),
        get=SIGNED_IN,
        post=SIGNED_IN,
        post_ok=200,  # a wrong code is refused on the page
        changes=False,
        body=lambda c, r, role: {"otp_token": "000000"},
        scoped=False,
    ),
    "accounts:two_factor_verify": Rule(
        url=fixed("/accounts/two-factor/verify/"),
        get=SIGNED_IN,
        post=SIGNED_IN,
        post_ok=200,  # a wrong code is refused on the page
        changes=False,
        body=lambda c, r, role: {"otp_token": "000000"},
        scoped=False,
    ),
    # --- personal access tokens: each user their own ------------------------------------
    "api:tokens": Rule(
        url=fixed("/account/tokens/"),
        get=SIGNED_IN,
        post=SIGNED_IN,
        post_ok=200,  # the page shows the new secret once
        body=lambda c, r, role: {"name": "matrix", "scope": "read"},
        scoped=False,
    ),
    "api:revoke": Rule(
        # "own": the user's own token; "other": another user's token is a 404.
        url=lambda c, r, role: "/account/tokens/{}/revoke/".format(
            c.tokens[role].pk
            if r is c.own and role != "anonymous"
            else c.tokens["outsider" if role != "outsider" else "coordinator"].pk
        ),
        post=OWN_ONLY,
        body=lambda c, r, role: {},
        method_checked_first=False,
        note="own = the user's own token, other = someone else's (404)",
    ),
    # --- twinnings, plans ---------------------------------------------------------------
    "programmes:overview": Rule(url=fixed("/overview/"), get=SIGNED_IN, scoped=False),
    "programmes:twinning": Rule(url=tw(""), get=VIEW),
    "programmes:plan_start": Rule(
        url=tw("plans/start/"), post=EDIT, body=lambda c, r, role: {"year": 2026}
    ),
    "programmes:plan": Rule(url=tw("plans/2024/"), get=VIEW),
    "programmes:plan_item_add": Rule(
        url=tw("plans/2024/items/"),
        post=EDIT,
        body=lambda c, r, role: {
            "category": "training",
            "title": "Tập huấn kỹ năng",
            "expected_version": "1",
        },
    ),
    "programmes:plan_item_edit": Rule(
        url=lambda c, r, role: f"/twinnings/{_slug(r)}/plans/2024/items/{r.item.pk}/",
        post=EDIT,
        body=lambda c, r, role: {
            "category": "gifts",
            "title": "Quà Tết cho 50 hộ nghèo",
            "expected_version": r.item.version,
        },
    ),
    "programmes:plan_item_delete": Rule(
        url=lambda c, r, role: f"/twinnings/{_slug(r)}/plans/2024/items/{r.item.pk}/delete/",
        post=EDIT,
        body=lambda c, r, role: {"expected_version": r.item.version},
    ),
    "programmes:plan_submit": Rule(
        url=tw("plans/2024/submit/"), post=EDIT, body=version("draft_plan")
    ),
    "programmes:plan_approve": Rule(
        url=tw("plans/2025/approve/"), post=APPROVE, body=version("submitted_plan")
    ),
    "programmes:plan_agree": Rule(
        url=tw("plans/2025/agree/"), post=AGREE, body=version("submitted_plan")
    ),
    "programmes:plan_reopen": Rule(
        url=tw("plans/2025/reopen/"), post=EDIT_OR_APPROVE, body=version("submitted_plan")
    ),
    "programmes:plan_history": Rule(url=tw("plans/2024/history/"), get=VIEW),
    # --- activities ---------------------------------------------------------------------
    "activities:detail": Rule(url=lambda c, r, role: f"/activities/{r.activity.pk}/", get=VIEW),
    "activities:create": Rule(
        url=tw("activities/new/"), get=EDIT, post=EDIT, body=_activity_create_body
    ),
    "activities:formset_row": Rule(url=tw("activities/rows/contributions/"), get=EDIT),
    "activities:edit": Rule(
        url=lambda c, r, role: f"/activities/{r.activity.pk}/edit/",
        get=EDIT,
        post=EDIT,
        body=_activity_edit_body,
    ),
    "activities:confirm": Rule(
        url=lambda c, r, role: f"/activities/{r.activity.pk}/confirm/",
        get=AGREE,
        post=AGREE,
        body=lambda c, r, role: {
            "confirm-expected_version": r.activity.version,
            "confirm-received_on": "06/03/2024",
            "confirm-note": "Đã nhận đủ",
        },
    ),
    "activities:dispute": Rule(
        url=lambda c, r, role: f"/activities/{r.activity.pk}/dispute/",
        get=AGREE,
        post=AGREE,
        body=lambda c, r, role: {
            "dispute-expected_version": r.activity.version,
            "dispute-reason": "Chưa nhận được",
        },
    ),
    "activities:publish": Rule(
        url=lambda c, r, role: f"/activities/{r.confirmed_activity.pk}/publish/",
        post=EDIT,
        body=lambda c, r, role: {},
    ),
    "activities:delete": Rule(
        url=lambda c, r, role: f"/activities/{r.activity.pk}/delete/",
        get=EDIT,
        post=EDIT,
        body=lambda c, r, role: {"expected_version": r.activity.version},
    ),
    "activities:history": Rule(
        url=lambda c, r, role: f"/activities/{r.activity.pk}/history/", get=VIEW
    ),
    "activities:attachment": Rule(
        url=lambda c, r, role: f"/attachments/{r.attachment.pk}/", get=VIEW
    ),
    "activities:thumbnail": Rule(
        url=lambda c, r, role: f"/attachments/{r.attachment.pk}/thumbnail/", get=VIEW
    ),
    # --- organisations ------------------------------------------------------------------
    "organisations:list": Rule(url=fixed("/organisations/"), get=SIGNED_IN, scoped=False),
    "organisations:detail": Rule(
        url=lambda c, r, role: f"/organisations/{r.sponsor.slug}/", get=VIEW
    ),
    # --- indicators (the commune's profile) --------------------------------------------
    "indicators:edit": Rule(url=tw("indicators/"), get=PROFILE),
    "indicators:save": Rule(
        url=tw("indicators/save/"),
        post=PROFILE,
        body=lambda c, r, role: {
            "year": "2024",
            "poor_rate-value": "38",
            "poor_rate-expected_version": r.indicator_value.version,
        },
    ),
    "indicators:history": Rule(url=tw("indicators/history/"), get=VIEW),
    # --- reports ------------------------------------------------------------------------
    "reports:twinning": Rule(
        url=tw("report/"),
        get=VIEW,
    ),
    "reports:twinning_edit": Rule(
        url=tw("report/texts/"),
        get=EDIT_OR_APPROVE,
        post=EDIT_OR_APPROVE,
        body=lambda c, r, role: {"subject": "Báo cáo kết quả kết nghĩa"},
    ),
    "reports:twinning_download": Rule(
        url=tw("report/download.csv"),
        get=EXPORT,
    ),
    "reports:twinning_chart": Rule(
        url=tw("report/chart/by_year.png"),
        get=VIEW,
    ),
    "reports:province": Rule(
        url=lambda c, r, role: f"/programmes/{r.twinning.programme.slug}/summary/",
        get=PROGRAMME_VIEW,
        scoped=False,
    ),
    "reports:province_download": Rule(
        url=lambda c, r, role: f"/programmes/{r.twinning.programme.slug}/summary/download.csv",
        get=PROGRAMME_EXPORT,
        scoped=False,
    ),
    "reports:plan": Rule(url=tw("plans/2024/versus-actual/"), get=VIEW),
    "reports:plan_download": Rule(url=tw("plans/2024/versus-actual/download.csv"), get=EXPORT),
    "reports:statement": Rule(
        url=lambda c, r, role: f"/contributors/{r.business.slug}/statement/",
        get=STATEMENT_VIEW,
    ),
    "reports:statement_download": Rule(
        url=lambda c, r, role: f"/contributors/{r.business.slug}/statement/download.csv",
        get=CONTRIBUTOR_STATEMENT,
    ),
    "reports:exports": Rule(
        url=fixed("/exports/"),
        get=EXPORT_ANYWHERE,
        post=EXPORT_ANYWHERE,
        post_ok=400,  # the form without a choice comes back with its errors (no job started)
        body=lambda c, r, role: {"kind": "everything"},
        changes=False,
        scoped=False,
    ),
    "reports:export": Rule(url=lambda c, r, role: f"/exports/{r.export_job.pk}/", get=EXPORT_JOB),
    "reports:export_progress": Rule(
        url=lambda c, r, role: f"/exports/{r.export_job.pk}/progress/", get=EXPORT_JOB
    ),
    "reports:export_download": Rule(
        url=lambda c, r, role: f"/exports/{r.export_job.pk}/download/", get=EXPORT_JOB
    ),
    "reports:contributor_thanks": Rule(
        url=lambda c, r, role: f"/contributors/{r.business.slug}/thank-you.docx",
        get=CONTRIBUTOR_STATEMENT,
    ),
    # --- year locks ---------------------------------------------------------------------
    "locks:list": Rule(url=tw("locks/"), get=VIEW),
    "locks:lock": Rule(
        url=tw("locks/lock/"),
        post=APPROVE,
        body=lambda c, r, role: {"year": "2019", "note": "Báo cáo năm 2019 đã ký"},
    ),
    "locks:unlock": Rule(
        url=lambda c, r, role: f"/twinnings/{_slug(r)}/locks/{r.locked_year}/unlock/",
        post=APPROVE,
        body=lambda c, r, role: {"reason": "Sửa số liệu sai"},
    ),
    # --- imports ------------------------------------------------------------------------
    "imports:upload": Rule(
        url=tw("imports/"),
        get=IMPORT,
        post=IMPORT,
        post_ok=200,
        changes=False,
        body=lambda c, r, role: {},
    ),
    # The template of a kind the user may not import is a 404 (the kinds depend on the role).
    "imports:template": Rule(url=tw("imports/templates/activities.csv"), get=IMPORT_TEMPLATE),
    # An import job is its uploader's: the rows with errors (422), never written; writing a
    # checked file works in imports/tests/test_import_activities.py.
    "imports:preview": Rule(
        url=lambda c, r, role: f"/twinnings/{_slug(r)}/imports/{r.import_job.pk}/",
        get=JOB_OWNER,
        get_ok=422,
    ),
    "imports:commit": Rule(
        url=lambda c, r, role: f"/twinnings/{_slug(r)}/imports/{r.import_job.pk}/commit/",
        post=JOB_OWNER,
        body=lambda c, r, role: {},
        changes=False,  # a job with errors is sent back to its preview, nothing written
    ),
    "imports:progress": Rule(
        url=lambda c, r, role: f"/twinnings/{_slug(r)}/imports/{r.import_job.pk}/progress/",
        get=JOB_OWNER,
        get_ok=302,  # not running: on to the preview
    ),
    "imports:result": Rule(
        url=lambda c, r, role: f"/twinnings/{_slug(r)}/imports/{r.import_job.pk}/result/",
        get=JOB_OWNER,
        get_ok=302,  # not finished: on to the preview
    ),
    # --- public pages, IATI: everyone ---------------------------------------------------
    "public:start": Rule(
        url=fixed("/public/"), get=PUBLIC, get_ok=302, scoped=False, anonymous_get=302
    ),
    "public:programme_start": Rule(
        url=lambda c, r, role: f"/public/programmes/{r.twinning.programme.slug}/",
        get=PUBLIC,
        get_ok=302,
        scoped=False,
        anonymous_get=302,
    ),
    "public:twinning_start": Rule(
        url=lambda c, r, role: f"/public/twinnings/{_slug(r)}/",
        get=PUBLIC,
        get_ok=302,
        anonymous_get=302,
    ),
    "public:photo": Rule(
        url=lambda c, r, role: f"/public/photos/{r.attachment.pk}/",
        get=PUBLIC,
        get_ok=404,
        anonymous_get=404,
        note="the photo is not marked public: nobody gets it",
    ),
    "public:photo_thumbnail": Rule(
        url=lambda c, r, role: f"/public/photos/{r.attachment.pk}/thumbnail/",
        get=PUBLIC,
        get_ok=404,
        anonymous_get=404,
        note="the photo is not marked public: nobody gets it",
    ),
    "public:index": Rule(url=fixed("/public/en/"), get=PUBLIC, scoped=False, anonymous_get=200),
    "public:programme": Rule(
        url=lambda c, r, role: f"/public/en/programmes/{r.twinning.programme.slug}/",
        get=PUBLIC,
        scoped=False,
        anonymous_get=200,
    ),
    "public:twinning": Rule(
        url=lambda c, r, role: f"/public/en/twinnings/{_slug(r)}/", get=PUBLIC, anonymous_get=200
    ),
    "iati:twinning": Rule(
        url=lambda c, r, role: f"/iati/twinnings/{_slug(r)}.xml", get=PUBLIC, anonymous_get=200
    ),
    "iati:programme": Rule(
        url=lambda c, r, role: f"/iati/programmes/{r.twinning.programme.slug}.xml",
        get=PUBLIC,
        scoped=False,
        anonymous_get=200,
    ),
    "iati:organisation": Rule(
        url=lambda c, r, role: f"/iati/organisations/{r.twinning.sponsor.slug}.xml",
        get=PUBLIC,
        scoped=False,
        anonymous_get=200,
    ),
    "iati:files": Rule(url=fixed("/iati/"), get=SIGNED_IN, scoped=False),
    # --- reminders ----------------------------------------------------------------------
    "reminders:overview": Rule(
        url=fixed("/reminders/overview/"),
        get=SIGNED_IN,
        scoped=False,
    ),
    # --- the JSON API (with the web app's session; tokens: api/tests/test_permissions.py) -
    "api-v1:api-root": Rule(
        url=fixed(f"{A}/"),
        post=PUBLIC,
        post_ok=404,
        anonymous_post=404,
        changes=False,
        get=PUBLIC,
        get_ok=404,
        scoped=False,
        anonymous_get=404,
        note="no page at the API's root",
    ),
    "api-v1:openapi-json": Rule(
        url=fixed(f"{A}/openapi.json"),
        get=PUBLIC,
        post=PUBLIC,  # answered like GET: a document, nothing changes
        post_ok=200,
        anonymous_post=200,
        changes=False,
        scoped=False,
        anonymous_get=200,
    ),
    "api-v1:openapi-view": Rule(
        url=fixed(f"{A}/docs"),
        get=PUBLIC,
        post=PUBLIC,  # answered like GET: a document, nothing changes
        post_ok=200,
        anonymous_post=200,
        changes=False,
        scoped=False,
        anonymous_get=200,
    ),
    "api-v1:list_twinnings": api("GET", lambda c, r: f"{A}/twinnings", SIGNED_IN, scoped=False),
    "api-v1:get_twinning": api("GET", lambda c, r: f"{A}/twinnings/{r.twinning.pk}", VIEW),
    "api-v1:twinning_summary": api(
        "GET", lambda c, r: f"{A}/twinnings/{r.twinning.pk}/summary", VIEW
    ),
    "api-v1:list_plans": api("GET", lambda c, r: f"{A}/plans?twinning={r.twinning.pk}", SIGNED_IN),
    "api-v1:create_plan": api(
        "POST",
        lambda c, r: f"{A}/plans",
        EDIT,
        201,
        body=lambda c, r, role: {"twinning_id": r.twinning.pk, "year": 2026},
    ),
    "api-v1:get_plan": api("GET", lambda c, r: f"{A}/plans/{r.draft_plan.pk}", VIEW),
    "api-v1:update_plan": api(
        "PATCH",
        lambda c, r: f"{A}/plans/{r.draft_plan.pk}",
        EDIT,
        body=lambda c, r, role: {"version": r.draft_plan.version, "summary": "Kế hoạch 2024"},
    ),
    "api-v1:delete_plan": api(
        "DELETE",
        lambda c, r: f"{A}/plans/{r.draft_plan.pk}?version={r.draft_plan.version}",
        EDIT,
        204,
    ),
    "api-v1:submit_plan": api(
        "POST",
        lambda c, r: f"{A}/plans/{r.draft_plan.pk}/submit",
        EDIT,
        body=lambda c, r, role: {"version": r.draft_plan.version},
    ),
    "api-v1:approve_plan": api(
        "POST",
        lambda c, r: f"{A}/plans/{r.submitted_plan.pk}/approve",
        APPROVE,
        body=lambda c, r, role: {"version": r.submitted_plan.version},
    ),
    "api-v1:agree_plan": api(
        "POST",
        lambda c, r: f"{A}/plans/{r.submitted_plan.pk}/agree",
        AGREE,
        body=lambda c, r, role: {"version": r.submitted_plan.version},
    ),
    "api-v1:list_plan_items": api(
        "GET", lambda c, r: f"{A}/plan-items?twinning={r.twinning.pk}", SIGNED_IN
    ),
    "api-v1:create_plan_item": api(
        "POST",
        lambda c, r: f"{A}/plan-items",
        EDIT,
        201,
        body=lambda c, r, role: {
            "plan_id": r.draft_plan.pk,
            "category": "training",
            "title": "Tập huấn",
        },
    ),
    "api-v1:get_plan_item": api("GET", lambda c, r: f"{A}/plan-items/{r.item.pk}", VIEW),
    "api-v1:update_plan_item": api(
        "PATCH",
        lambda c, r: f"{A}/plan-items/{r.item.pk}",
        EDIT,
        body=lambda c, r, role: {"version": r.item.version, "budget_vnd": 10_000_000},
    ),
    "api-v1:delete_plan_item": api(
        "DELETE", lambda c, r: f"{A}/plan-items/{r.item.pk}?version={r.item.version}", EDIT, 204
    ),
    "api-v1:list_activities": api(
        "GET", lambda c, r: f"{A}/activities?twinning={r.twinning.pk}", SIGNED_IN
    ),
    "api-v1:create_activity": api(
        "POST",
        lambda c, r: f"{A}/activities",
        EDIT,
        201,
        body=lambda c, r, role: {
            "twinning_id": r.twinning.pk,
            "category": "gifts",
            "title": "Trao quà Trung thu",
            "start_date": "2024-09-15",
        },
    ),
    "api-v1:get_activity": api("GET", lambda c, r: f"{A}/activities/{r.activity.pk}", VIEW),
    "api-v1:update_activity": api(
        "PATCH",
        lambda c, r: f"{A}/activities/{r.activity.pk}",
        EDIT,
        body=lambda c, r, role: {"version": r.activity.version, "reach_person_times": 120},
    ),
    "api-v1:delete_activity": api(
        "DELETE",
        lambda c, r: f"{A}/activities/{r.activity.pk}?version={r.activity.version}",
        EDIT,
        204,
    ),
    "api-v1:answer_activity": api(
        "POST",
        lambda c, r: f"{A}/activities/{r.activity.pk}/confirmation",
        AGREE,
        body=lambda c, r, role: {
            "version": r.activity.version,
            "confirmed": True,
            "received_on": "2024-03-06",
        },
    ),
    "api-v1:list_recipients": api(
        "GET", lambda c, r: f"{A}/activities/{r.activity.pk}/recipients", RECIPIENTS_BY_TOKEN
    ),
    "api-v1:list_contributions": api(
        "GET", lambda c, r: f"{A}/contributions?twinning={r.twinning.pk}", SIGNED_IN
    ),
    "api-v1:create_contribution": api(
        "POST",
        lambda c, r: f"{A}/contributions",
        EDIT,
        201,
        body=lambda c, r, role: {
            "activity_id": r.activity.pk,
            "contributor_id": r.business.pk,
            "kind": "cash",
            "value_vnd": 2_000_000,
        },
    ),
    "api-v1:get_contribution": api(
        "GET", lambda c, r: f"{A}/contributions/{r.contribution.pk}", SEE_CONTRIBUTION
    ),
    "api-v1:update_contribution": api(
        "PATCH",
        lambda c, r: f"{A}/contributions/{r.contribution.pk}",
        CHANGE_CONTRIBUTION,
        body=lambda c, r, role: {"version": r.contribution.version, "note": "Đã bàn giao"},
    ),
    "api-v1:delete_contribution": api(
        "DELETE",
        lambda c, r: f"{A}/contributions/{r.contribution.pk}?version={r.contribution.version}",
        CHANGE_CONTRIBUTION,
        204,
    ),
    "api-v1:list_counts": api(
        "GET", lambda c, r: f"{A}/beneficiary-counts?twinning={r.twinning.pk}", SIGNED_IN
    ),
    "api-v1:create_count": api(
        "POST",
        lambda c, r: f"{A}/beneficiary-counts",
        EDIT,
        201,
        body=lambda c, r, role: {"activity_id": r.activity.pk, "group": "students", "count": 35},
    ),
    "api-v1:get_count": api("GET", lambda c, r: f"{A}/beneficiary-counts/{r.count.pk}", VIEW),
    "api-v1:update_count": api(
        "PATCH",
        lambda c, r: f"{A}/beneficiary-counts/{r.count.pk}",
        EDIT,
        body=lambda c, r, role: {"count": 25, "women": 10},
    ),
    "api-v1:delete_count": api(
        "DELETE", lambda c, r: f"{A}/beneficiary-counts/{r.count.pk}", EDIT, 204
    ),
    "api-v1:list_indicators": api("GET", lambda c, r: f"{A}/indicators", SIGNED_IN, scoped=False),
    "api-v1:get_indicator": api(
        "GET", lambda c, r: f"{A}/indicators/{c.indicator.pk}", SIGNED_IN, scoped=False
    ),
    "api-v1:list_values": api(
        "GET", lambda c, r: f"{A}/indicator-values?twinning={r.twinning.pk}", SIGNED_IN
    ),
    "api-v1:create_value": api(
        "POST",
        lambda c, r: f"{A}/indicator-values",
        PROFILE,
        201,
        body=lambda c, r, role: {
            "twinning_id": r.twinning.pk,
            "indicator_id": c.indicator.pk,
            "year": 2023,
            "value": "45.5",
        },
    ),
    "api-v1:get_value": api(
        "GET", lambda c, r: f"{A}/indicator-values/{r.indicator_value.pk}", VIEW
    ),
    "api-v1:update_value": api(
        "PATCH",
        lambda c, r: f"{A}/indicator-values/{r.indicator_value.pk}",
        PROFILE,
        body=lambda c, r, role: {"version": r.indicator_value.version, "value": "38.2"},
    ),
    "api-v1:delete_value": api(
        "DELETE",
        lambda c, r: (
            f"{A}/indicator-values/{r.indicator_value.pk}?version={r.indicator_value.version}"
        ),
        PROFILE,
        204,
    ),
    "api-v1:list_organisations": api(
        "GET", lambda c, r: f"{A}/organisations?limit=200", SIGNED_IN, scoped=False
    ),
    "api-v1:get_organisation": api("GET", lambda c, r: f"{A}/organisations/{r.sponsor.pk}", VIEW),
}


def rule_for(route_name: str) -> Rule | None:
    if route_name.startswith("admin:"):
        return RULES["admin:*"]
    return RULES.get(route_name)


def contributor_statement_status(role: str, scope: str) -> int:
    """A contributor's statement (a thank-you letter with what it gave): the business of the
    contributor role gets its own ("own": World's business, which gave to World's twinning) and
    404 for another business; the others get the statement of a business that gave to a
    twinning they may export from (EXPORT), 403 where they only see it, 404 where they do not
    see the twinning it gave to (existence does not leak)."""
    if role == "contributor":
        return 200 if scope == "own" else 404
    has = holds(role, scope, EXPORT)
    return 404 if has is None else (200 if has else 403)


@dataclass(frozen=True)
class Outcome:
    status: int
    allowed: bool  # the request does what it is for (False: refused, nothing may change)
    location: str = ""  # where a refusing redirect must send the browser


def expected(rule: Rule, route: Route, method: str, role: str, scope: str) -> Outcome:
    """Return what `role` must get from `method` on `route` for the `scope`'s data."""
    need = rule.get if method == "GET" else rule.post
    ok = rule.get_ok if method == "GET" else rule.post_ok
    if route.name.startswith("admin:"):
        return admin_expected(route, method, role)
    if rule.api:
        if role == "anonymous":
            return Outcome(401, False)
        return _outcome(need, ok, role, scope)
    if need is None:
        if role == "anonymous" and not rule.method_checked_first:
            return Outcome(302, False, "/accounts/login/")  # login_required runs first
        return Outcome(405, False)
    if role == "anonymous":
        if need == PUBLIC:
            return Outcome(rule.anonymous_get if method == "GET" else rule.anonymous_post, True)
        return Outcome(302, False, "/accounts/login/")
    return _outcome(need, ok, role, scope)


def _outcome(need: str, ok: int, role: str, scope: str) -> Outcome:
    if need in (PUBLIC, SIGNED_IN):
        return Outcome(ok, True)
    if need == CONTRIBUTOR_STATEMENT:
        status = contributor_statement_status(role, scope)
        return Outcome(ok, True) if status == 200 else Outcome(status, False)
    if need == RECIPIENTS_BY_TOKEN:
        # The web app's session never reads named recipients through the API: only a token
        # created with personal-data permission does (api/tests/test_recipients.py).
        return Outcome(404 if holds(role, scope, RECIPIENTS) is None else 403, False)
    if need == IMPORT_TEMPLATE:
        may_import = holds(role, scope, IMPORT)
        if may_import is None:
            return Outcome(404, False)
        if not may_import:
            return Outcome(403, False)
        return Outcome(ok, True) if holds(role, scope, EDIT) else Outcome(404, False)
    if need == EXPORT_JOB:
        owner = {"own": "coordinator", "other": "outsider"}[scope]
        return Outcome(ok, True) if role in (owner, "administrator") else Outcome(404, False)
    if need == EXPORT_ANYWHERE:
        anywhere = any(holds(role, where, EXPORT) for where in SCOPES)
        return Outcome(ok, True) if anywhere else Outcome(403, False)
    if need in (PROGRAMME_VIEW, PROGRAMME_EXPORT):  # both twinnings are of one programme
        seen = [holds(role, where, VIEW) for where in SCOPES]
        if not any(seen):
            return Outcome(404, False)
        if need == PROGRAMME_EXPORT and not any(holds(role, where, EXPORT) for where in SCOPES):
            return Outcome(403, False)
        return Outcome(ok, True)
    if need == STATEMENT_VIEW:
        if role == "contributor":
            return Outcome(ok, True) if scope == "own" else Outcome(404, False)
        return Outcome(ok, True) if holds(role, scope, VIEW) else Outcome(404, False)
    if need == OWN_ONLY:
        return Outcome(ok, True) if scope == "own" else Outcome(404, False)
    if need == JOB_OWNER:
        owner = {"own": "coordinator", "other": "outsider"}[scope]
        if role == owner:
            return Outcome(ok, True)
        has = holds(role, scope, IMPORT)
        return Outcome(404 if has is None or has else 403, False)
    has = holds(role, scope, need)
    if has is None:
        return Outcome(404, False)
    return Outcome(ok, True) if has else Outcome(403, False)


# The admin: administrators only. Everyone else is sent to the admin's sign-in page; what an
# administrator gets depends on the page (listed here when it is not 200).
ADMIN_PAGES_FOR_ADMINISTRATOR = {
    "admin:login": 302,  # already signed in: on to the index
    "admin:logout": 405,  # POST only
    "admin:view_on_site": 404,  # an administrative unit has no page of its own
    "admin:api_apitoken_add": 403,  # tokens are created by their owner, never in the admin
    "admin:autocomplete": 403,  # asked without naming a field
}


def admin_expected(route: Route, method: str, role: str) -> Outcome:
    unnamed = route.name.startswith("admin:<unnamed")
    if role == "administrator":  # GET only: the admin's own forms are Django's
        if unnamed:
            # An object's short address goes on to its change page; anything else is a 404.
            return Outcome(302, True) if "object_id" in route.pattern else Outcome(404, True)
        return Outcome(ADMIN_PAGES_FOR_ADMINISTRATOR.get(route.name, 200), True)
    if route.name == "admin:login":
        return Outcome(200, False)  # the form, which a non-administrator cannot pass
    if route.name == "admin:logout":
        return Outcome(302, False, "/admin/")
    return Outcome(302, False, "/admin/login/")


def admin_url(route: Route, context: Context) -> str:
    """Return a URL of an admin route, with a real object where it takes one."""
    import re

    from django.apps import apps
    from django.urls import reverse

    name = route.name.split(":", 1)[1]
    if name.startswith("<unnamed"):
        # admin/<app>/<model>/<path:object_id>/ (a short address), or the catch-all.
        match = re.fullmatch(r"admin/(\w+)/(\w+)/<path:object_id>/", route.pattern)
        if match is None:
            return "/admin/no-such-page/"
        model = apps.get_model(match.group(1), match.group(2))
        obj = model.objects.order_by("pk").first()
        return f"/admin/{match.group(1)}/{match.group(2)}/{obj.pk if obj else 999_999}/"
    if name == "app_list":
        return reverse(route.name, kwargs={"app_label": "geo"})
    if name == "view_on_site":
        from django.contrib.contenttypes.models import ContentType

        from twinning.geo.models import AdminUnit

        kind = ContentType.objects.get_for_model(AdminUnit)
        return reverse(route.name, args=[kind.pk, context.world.commune.pk])
    if name == "auth_user_password_change":
        return reverse(route.name, args=[context.world.administrator.pk])
    match = re.fullmatch(r"(\w+?)_(\w+)_(change|delete|history)", name)
    if match:
        for config in apps.get_app_configs():
            model = config.models.get(match.group(2))
            if model is not None and name.startswith(config.label + "_"):
                obj = model.objects.order_by("pk").first()
                if obj is not None:
                    return reverse(route.name, args=[obj.pk])
        return reverse(route.name, args=[999_999])
    return reverse(route.name)
