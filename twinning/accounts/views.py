"""Sign-in, sign-out, password change, the language choice, and each role's home page."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from twinning import access
from twinning.access import Capability
from twinning.core.text import vn_order
from twinning.organisations.models import Organisation, Role


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Return the signed-in user's start page: what needs them now, by role, and their
    twinnings. A user who is only a contributor lands on their organisation's statement."""
    user = request.user
    scope = access.scope_for(user)
    contributor_orgs = list(
        Organisation.objects.filter(
            memberships__user=user, memberships__role=Role.CONTRIBUTOR
        ).distinct()
    )
    twinnings = (
        access.visible_twinnings(user)
        .select_related("sponsor", "partner_unit", "programme")
        .order_by(vn_order("programme__name"), vn_order("sponsor__name"))
    )
    if len(contributor_orgs) == 1 and not twinnings.exists():
        # A business's start page is its statement, shown here rather than by a redirect so
        # that the address it signs in to stays the same.
        from twinning.organisations.views import organisation_detail

        return organisation_detail(request, contributor_orgs[0].slug)
    this_year = timezone.localdate().year
    context = {
        "twinnings": twinnings[:HOME_LIST_SIZE],
        "twinning_count": twinnings.count(),
        "memberships": user.memberships.select_related("organisation"),
        "contributor_orgs": contributor_orgs,
        "oversees": access.is_overseer(user) or scope.is_admin,
        "this_year": this_year,
    }
    context.update(_work_lists(user, this_year))
    return render(request, "accounts/home.html", context)


HOME_LIST_SIZE = 20


def _work_lists(user, this_year: int) -> dict:
    """Return what waits for the user, by capability: plans to approve or agree, activities to
    confirm or to answer for, this year's plans, and the latest changes (bounded queries)."""
    from twinning.activities.models import Activity
    from twinning.programmes.models import AnnualPlan

    approving = access.twinnings_with(user, Capability.APPROVE).values("pk")
    agreeing = access.twinnings_with(user, Capability.AGREE).values("pk")
    editing = access.twinnings_with(user, Capability.EDIT)
    plan_parties = ("twinning__sponsor", "twinning__partner_unit")
    activities = access.visible_activities(user).select_related(
        "twinning__sponsor", "twinning__partner_unit"
    )
    lists = {
        "plans_to_approve": list(
            AnnualPlan.objects.filter(twinning__in=approving, status=AnnualPlan.Status.SUBMITTED)
            .select_related(*plan_parties)
            .order_by("submitted_at")[:HOME_LIST_SIZE]
        ),
        "plans_to_agree": list(
            AnnualPlan.objects.filter(twinning__in=agreeing, agreed_at__isnull=True)
            .exclude(status=AnnualPlan.Status.DRAFT)
            .select_related(*plan_parties)
            .order_by("year")[:HOME_LIST_SIZE]
        ),
    }
    to_confirm = activities.filter(
        twinning__in=agreeing, confirmation=Activity.Confirmation.PENDING
    ).exclude(status=Activity.Status.CANCELLED)
    lists["activities_to_confirm"] = list(to_confirm.order_by("start_date", "pk")[:HOME_LIST_SIZE])
    lists["activities_to_confirm_count"] = (
        to_confirm.count()
        if len(lists["activities_to_confirm"]) == HOME_LIST_SIZE
        else len(lists["activities_to_confirm"])
    )
    editing_ids = editing.values("pk")
    lists["disputed_activities"] = list(
        activities.filter(
            twinning__in=editing_ids, confirmation=Activity.Confirmation.DISPUTED
        ).order_by("-confirmed_at")[:HOME_LIST_SIZE]
    )
    coordinated = list(
        editing.select_related("sponsor", "partner_unit").order_by(vn_order("sponsor__name"))[
            :HOME_LIST_SIZE
        ]
    )
    plans_this_year = {
        plan.twinning_id: plan
        for plan in AnnualPlan.objects.filter(
            twinning__in=[t.pk for t in coordinated], year=this_year
        )
    }
    lists["this_year_plans"] = [(t, plans_this_year.get(t.pk)) for t in coordinated]
    lists["recent_changes"] = _recent_changes(editing_ids) if coordinated else []
    return lists


def _recent_changes(twinning_ids, limit: int = 10) -> list[dict]:
    """Return the latest changes to the plans, items and activities of the twinnings (three
    queries of `limit` rows each, merged)."""
    from twinning.activities.models import Activity
    from twinning.programmes.models import AnnualPlan, PlanItem

    actions = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
    changes = []
    for record in (
        AnnualPlan.history.filter(twinning_id__in=twinning_ids)
        .select_related("history_user", "twinning")
        .order_by("-history_date")[:limit]
    ):
        changes.append(
            {
                "at": record.history_date,
                "user": record.history_user,
                "action": actions.get(record.history_type, ""),
                "subject": _("Plan %(year)s") % {"year": record.year},
                "url": reverse("programmes:plan", args=[record.twinning.slug, record.year]),
            }
        )
    for record in (
        PlanItem.history.filter(plan__twinning_id__in=twinning_ids)
        .select_related("history_user", "plan__twinning")
        .order_by("-history_date")[:limit]
    ):
        changes.append(
            {
                "at": record.history_date,
                "user": record.history_user,
                "action": actions.get(record.history_type, ""),
                "subject": _("Plan %(year)s: %(title)s")
                % {"year": record.plan.year, "title": record.title},
                "url": reverse(
                    "programmes:plan", args=[record.plan.twinning.slug, record.plan.year]
                ),
            }
        )
    for record in (
        Activity.history.filter(twinning_id__in=twinning_ids)
        .select_related("history_user")
        .order_by("-history_date")[:limit]
    ):
        changes.append(
            {
                "at": record.history_date,
                "user": record.history_user,
                "action": actions.get(record.history_type, ""),
                "subject": record.title,
                "url": reverse("activities:detail", args=[record.id])
                if record.history_type != "-"
                else "",
            }
        )
    changes.sort(key=lambda change: change["at"], reverse=True)
    return changes[:limit]
