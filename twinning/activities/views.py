"""Pages of activities: what happened, what was given, who benefited, and the commune's answer.

Every view reaches its data through twinning.access: a user outside the twinning gets 404, a
user inside without the right gets 403. Named recipients are read only through
access.recipients_for, which logs each look.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from twinning import access
from twinning.access import Capability, TwinningAccess
from twinning.activities import actions, history
from twinning.activities.conflicts import describe_conflict
from twinning.activities.forms import (
    SECTIONS,
    ActivityForm,
    ActivityFormsets,
    ConfirmForm,
    ContributorOptions,
    DisputeForm,
    empty_row,
)
from twinning.activities.models import Activity, Attachment, Contribution, PersonalDataAccess
from twinning.core.versioning import StaleVersion


def _twinning_url(activity: Activity) -> str:
    return reverse("programmes:twinning", args=[activity.twinning.slug])


def _totals(contributions: list[Contribution]) -> dict[str, int]:
    """Return the value given, split by origin, and how much of it is only pledged."""
    totals = {"total": 0, "direct": 0, "mobilised": 0, "pledged": 0}
    for contribution in contributions:
        value = contribution.value_vnd or 0
        totals["total"] += value
        totals[contribution.origin] = totals.get(contribution.origin, 0) + value
        if contribution.status == Contribution.Status.PLEDGED:
            totals["pledged"] += value
    return totals


def _answer_forms(activity: Activity, confirm_form=None, dispute_form=None) -> dict:
    return {
        "confirm_form": confirm_form
        or ConfirmForm(
            prefix="confirm",
            initial={
                "expected_version": activity.version,
                "received_on": activity.received_on or timezone.localdate(),
            },
        ),
        "dispute_form": dispute_form
        or DisputeForm(prefix="dispute", initial={"expected_version": activity.version}),
    }


def _load_activity(user, pk, capability: Capability = Capability.VIEW):
    """Return (activity with what its page shows, access); 404/403 as access decides."""
    found, twinning_access = access.get_activity_for_user(user, pk, capability)
    activity = (
        Activity.objects.select_related(
            "plan_item__plan", "place_unit", "source", "confirmed_by", "created_by"
        )
        .filter(pk=found.pk)
        .first()
    )
    if activity is None:
        raise Http404
    activity.twinning = twinning_access.twinning
    return activity, twinning_access


@require_GET
@login_required
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Return the activity page: what, when, where, what was given and built, for whom, files,
    and the commune's answer. Named recipients only for roles that may see them (logged)."""
    activity, twinning_access = _load_activity(request.user, pk)
    contributions = list(activity.contributions.select_related("contributor"))
    beneficiaries = list(activity.beneficiaries.all())
    attachments = list(activity.attachments.select_related("uploaded_by"))
    recipients = None
    if twinning_access.can_see_recipients:
        recipients = access.recipients_for(
            request.user, activity, action="view", path=request.get_full_path()
        )
    context = {
        "activity": activity,
        "access": twinning_access,
        "contributions": contributions,
        "totals": _totals(contributions),
        "outputs": list(activity.outputs.all()),
        "beneficiaries": beneficiaries,
        "beneficiary_total": sum(b.count for b in beneficiaries),
        "photos": [a for a in attachments if a.thumbnail],
        "documents": [a for a in attachments if not a.thumbnail],
        "recipients": recipients,
        "twinning_url": _twinning_url(activity),
    }
    if twinning_access.can_agree:
        context.update(_answer_forms(activity))
    return render(request, "activities/activity_detail.html", context)


def _activity_form(
    request: HttpRequest, twinning_access: TwinningAccess, activity: Activity
) -> HttpResponse:
    """Return the activity form, or save it and go to the activity's page."""
    twinning = twinning_access.twinning
    contributors = ContributorOptions.for_twinning(twinning)
    recipients = None
    if twinning_access.can_see_recipients:
        recipients = []
        if activity.pk:
            recipients = access.recipients_for(
                request.user,
                activity,
                action="change" if request.method == "POST" else "view",
                path=request.get_full_path(),
            )
    conflict = None
    is_new = activity.pk is None
    if request.method == "POST":
        form = ActivityForm(request.POST, instance=activity, twinning=twinning)
        formsets = ActivityFormsets.build(
            activity, contributors, data=request.POST, files=request.FILES, recipients=recipients
        )
        form_valid = form.is_valid()
        if formsets.is_valid() and form_valid:
            try:
                saved = actions.save_activity(request.user, form, formsets)
            except ValidationError as refused:  # a rule of the models, e.g. a locked year
                form.add_error(None, refused.messages)
                if is_new:  # rolled back: the page must not link to a record that is not there
                    activity.pk = None
                    activity._state.adding = True
            except actions.ActivityConflict as refused:
                conflict = describe_conflict(form, formsets, refused)
                form, formsets = _rebind_after_conflict(
                    request, twinning_access, activity.pk, contributors, recipients, refused
                )
            else:
                _report_saved(request, saved)
                return redirect("activities:detail", pk=saved.activity.pk)
        else:
            messages.error(request, _("Some fields need correcting: see the messages below."))
        if request.FILES:
            messages.warning(
                request,
                _("Browsers do not keep chosen files after an error: choose the files again."),
            )
    else:
        form = ActivityForm(instance=activity, twinning=twinning)
        formsets = ActivityFormsets.build(activity, contributors, recipients=recipients)
    return render(
        request,
        "activities/activity_form.html",
        {
            "activity": activity,
            "twinning": twinning,
            "access": twinning_access,
            "form": form,
            "formsets": formsets,
            "conflict": conflict,
            "twinning_url": reverse("programmes:twinning", args=[twinning.slug]),
        },
    )


def _rebind_after_conflict(request, twinning_access, pk, contributors, recipients, refused):
    """Return the form and rows bound again to what the editor typed, now carrying the stored
    versions: saving once more, after reading the differences, replaces the other person's
    values with the editor's."""
    data = request.POST.copy()
    current = refused.current or Activity.objects.get(pk=pk)
    data["expected_version"] = str(current.version)
    versions = dict(Contribution.objects.filter(activity_id=pk).values_list("pk", "version"))
    total = int(data.get("contributions-INITIAL_FORMS") or 0)
    for index in range(total):
        row_pk = data.get(f"contributions-{index}-id")
        if row_pk and row_pk.isdigit() and int(row_pk) in versions:
            data[f"contributions-{index}-expected_version"] = str(versions[int(row_pk)])
    activity = Activity.objects.select_related("twinning").get(pk=pk)
    form = ActivityForm(data, instance=activity, twinning=twinning_access.twinning)
    formsets = ActivityFormsets.build(
        activity, contributors, data=data, files=request.FILES, recipients=recipients
    )
    return form, formsets


def _report_saved(request: HttpRequest, saved: actions.SavedActivity) -> None:
    messages.success(request, _("The activity is saved."))
    for organisation in saved.created_organisations:
        messages.info(
            request,
            _("%(name)s is added to the organisations as a business.") % {"name": organisation},
        )
    if saved.confirmation_reset:
        messages.warning(
            request,
            _(
                "What was given changed, so the commune's earlier answer no longer applies: "
                "it is asked to confirm again."
            ),
        )


@require_http_methods(["GET", "POST"])
@login_required
def activity_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Return the form for a new activity of the twinning, or save it (coordinators)."""
    twinning_access = access.get_rw_twinning_for_user(request.user, slug, Capability.EDIT)
    return _activity_form(request, twinning_access, Activity(twinning=twinning_access.twinning))


@require_http_methods(["GET", "POST"])
@login_required
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Return the form for an activity, or save it unless someone else saved first."""
    activity, twinning_access = access.get_activity_for_user(request.user, pk, Capability.EDIT)
    activity.twinning = twinning_access.twinning
    return _activity_form(request, twinning_access, activity)


@require_GET
@login_required
def formset_row(request: HttpRequest, slug: str, section: str) -> HttpResponse:
    """Return one blank row of a section of the activity form (HTMX), numbered after the rows
    already on the page, with the formset's row count brought up to date out of band."""
    twinning_access = access.get_rw_twinning_for_user(request.user, slug, Capability.EDIT)
    spec = SECTIONS.get(section)
    if spec is None or (section == "recipients" and not twinning_access.can_see_recipients):
        raise Http404
    try:
        index = int(request.GET.get(f"{section}-TOTAL_FORMS", "0"))
    except ValueError:
        index = 0
    index = max(0, min(index, 999))
    contributors = (
        ContributorOptions.for_twinning(twinning_access.twinning)
        if section == "contributions"
        else None
    )
    form = empty_row(spec, index, contributors)
    return render(
        request,
        "activities/_formset_row_added.html",
        {"form": form, "section": spec, "index": index, "total": index + 1},
    )


def _answer(request: HttpRequest, pk: int, *, confirmed: bool) -> HttpResponse:
    activity, twinning_access = _load_activity(request.user, pk, Capability.AGREE)
    form_class, prefix = (ConfirmForm, "confirm") if confirmed else (DisputeForm, "dispute")
    form = form_class(request.POST or None, prefix=prefix)
    if request.method == "POST" and form.is_valid():
        try:
            actions.answer_activity(
                request.user,
                activity,
                form.cleaned_data["expected_version"],
                confirmed=confirmed,
                received_on=form.cleaned_data.get("received_on"),
                note=form.cleaned_data.get("note") or form.cleaned_data.get("reason", ""),
            )
        except StaleVersion:
            messages.warning(
                request,
                _(
                    "The activity changed after you opened it. Read it again, then give your "
                    "answer."
                ),
            )
            if request.htmx:
                response = HttpResponse(status=204)
                response["HX-Refresh"] = "true"
                return response
            return redirect("activities:detail", pk=activity.pk)
        if request.htmx:
            return _confirmation_fragment(request, activity, twinning_access, answered=True)
        if confirmed:
            messages.success(request, _("Thank you: the activity is confirmed."))
        else:
            messages.success(request, _("The dispute is recorded; the sponsor will see it."))
        return redirect("activities:detail", pk=activity.pk)
    forms = (
        _answer_forms(activity, confirm_form=form)
        if confirmed
        else _answer_forms(activity, dispute_form=form)
    )
    if request.htmx:
        return _confirmation_fragment(request, activity, twinning_access, forms=forms)
    return render(
        request,
        "activities/activity_answer.html",
        {
            "activity": activity,
            "access": twinning_access,
            "confirmed": confirmed,
            "form": forms["confirm_form" if confirmed else "dispute_form"],
            "twinning_url": _twinning_url(activity),
        },
    )


def _confirmation_fragment(
    request, activity, twinning_access, *, answered: bool = False, forms: dict | None = None
) -> HttpResponse:
    """Return the confirmation card alone, for HTMX to swap in place."""
    context = {"activity": activity, "access": twinning_access, "answered": answered}
    context.update(forms or _answer_forms(activity))
    return render(request, "activities/_confirmation.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def activity_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Return the confirmation form, or record that the commune received the support."""
    return _answer(request, pk, confirmed=True)


@require_http_methods(["GET", "POST"])
@login_required
def activity_dispute(request: HttpRequest, pk: int) -> HttpResponse:
    """Return the dispute form, or record the commune's dispute with its reason."""
    return _answer(request, pk, confirmed=False)


@require_POST
@login_required
def activity_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the activity on the public page, or take it off (coordinators; confirmed only)."""
    activity, _access = access.get_activity_for_user(request.user, pk, Capability.EDIT)
    publish = not activity.published
    try:
        actions.set_published(request.user, activity, publish)
    except actions.NotConfirmed:
        messages.error(request, _("Only an activity the commune has confirmed can be published."))
    else:
        if publish:
            messages.success(request, _("The activity is on the public page."))
        else:
            messages.success(request, _("The activity is no longer on the public page."))
    return redirect("activities:detail", pk=activity.pk)


@require_http_methods(["GET", "POST"])
@login_required
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Return the page that asks to confirm the deletion, or delete (coordinators)."""
    activity, twinning_access = _load_activity(request.user, pk, Capability.EDIT)
    if request.method == "POST":
        twinning_url = _twinning_url(activity)
        title = activity.title
        actions.delete_activity(request.user, activity)
        messages.success(request, _("“%(title)s” is deleted.") % {"title": title})
        return redirect(twinning_url)
    return render(
        request,
        "activities/activity_confirm_delete.html",
        {
            "activity": activity,
            "access": twinning_access,
            "counts": {
                "contributions": activity.contributions.count(),
                "attachments": activity.attachments.count(),
            },
            "twinning_url": _twinning_url(activity),
        },
    )


@require_GET
@login_required
def activity_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Return who changed what and when, for the activity and its rows. The history of named
    recipients is personal data: shown only to roles that may see it, and each look is logged."""
    activity, twinning_access = _load_activity(request.user, pk)
    entries = history.activity_history(
        activity, include_recipients=twinning_access.can_see_recipients
    )
    if twinning_access.can_see_recipients:
        PersonalDataAccess.objects.create(
            user=request.user,
            action=PersonalDataAccess.Action.VIEW,
            twinning_id=activity.twinning_id,
            activity=activity,
            record_count=sum(1 for entry in entries if entry.is_personal),
            reason="history",
            path=request.get_full_path()[:255],
        )
    return render(
        request,
        "activities/activity_history.html",
        {
            "activity": activity,
            "access": twinning_access,
            "entries": entries,
            "twinning_url": _twinning_url(activity),
        },
    )


def _attachment_for_user(user, pk: int) -> Attachment:
    attachment = get_object_or_404(Attachment, pk=pk, activity__isnull=False)
    access.get_activity_for_user(user, attachment.activity_id)  # 404 outside the twinning
    return attachment


def _file_response(file, content_type: str, filename: str, inline: bool) -> FileResponse:
    try:
        handle = file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, content_type=content_type, as_attachment=not inline, filename=filename
    )
    # A file is data, never a page: no scripts run even if a forged one slipped through.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_GET
@login_required
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Return an activity's file to a user who may see the activity (never served directly)."""
    attachment = _attachment_for_user(request.user, pk)
    inline = attachment.content_type.startswith("image/") or (
        attachment.content_type == "application/pdf"
    )
    return _file_response(
        attachment.file, attachment.content_type, attachment.original_name, inline
    )


@require_GET
@login_required
def attachment_thumbnail(request: HttpRequest, pk: int) -> HttpResponse:
    """Return a photo's thumbnail to a user who may see the activity."""
    attachment = _attachment_for_user(request.user, pk)
    if not attachment.thumbnail:
        raise Http404
    return _file_response(attachment.thumbnail, "image/jpeg", "thumbnail.jpg", inline=True)
