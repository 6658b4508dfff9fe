"""Pages of the large exports: ask for one, watch its progress (HTMX polling), download it.

Anyone with Capability.EXPORT_SUMMARY on some twinning may ask (403 otherwise); a job is seen
and downloaded only by the user who asked for it, or an administrator (404 for anyone else)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.http import require_GET, require_http_methods

from twinning import access
from twinning.access import Capability
from twinning.reports import export_jobs
from twinning.reports.forms import ExportForm
from twinning.reports.models import ExportJob


def _provinces(user):
    from twinning.geo.models import AdminUnit

    twinnings = access.twinnings_with(user, Capability.EXPORT_SUMMARY)
    return AdminUnit.objects.filter(pk__in=twinnings.values("programme__province_id")).order_by(
        "name"
    )


@require_http_methods(["GET", "POST"])
@login_required
def export_list(request: HttpRequest) -> HttpResponse:
    """Return the form to ask for an export and the user's recent exports; on POST start one."""
    if not access.twinnings_with(request.user, Capability.EXPORT_SUMMARY).exists():
        raise PermissionDenied
    provinces = list(_provinces(request.user))
    form = ExportForm(request.POST or None, provinces=provinces)
    if request.method == "POST" and form.is_valid():
        export_jobs.purge_old()
        job = ExportJob.objects.create(
            user=request.user,
            kind=form.cleaned_data["kind"],
            file_format=form.cleaned_data["file_format"],
            province_id=form.cleaned_data["province"],
            language=translation.get_language() or "vi",
        )
        export_jobs.start(job)
        return redirect("reports:export", pk=job.pk)
    recent = ExportJob.objects.filter(user=request.user).select_related("province")[:20]
    return render(
        request,
        "reports/exports.html",
        {"form": form, "recent": recent},
        status=400 if form.errors else 200,
    )


def _job(request, pk) -> ExportJob:
    job = ExportJob.objects.filter(pk=pk).select_related("province").first()
    if job is None or (
        job.user_id != request.user.pk and not access.is_administrator(request.user)
    ):
        raise Http404
    return job


def _context(job: ExportJob) -> dict:
    return {"job": job, "reason": export_jobs.reason(job)}


@require_GET
@login_required
def export_detail(request: HttpRequest, pk) -> HttpResponse:
    """Return the export's page: its progress, the download link when ready, or why it failed."""
    job = _job(request, pk)
    return render(request, "reports/export.html", _context(job))


@require_GET
@login_required
def export_progress(request: HttpRequest, pk) -> HttpResponse:
    """Return the progress fragment (HTMX polls it every second while the job runs)."""
    job = _job(request, pk)
    return render(request, "reports/_export_progress.html", _context(job))


@require_GET
@login_required
def export_download(request: HttpRequest, pk) -> HttpResponse:
    """Return the export's file (from the default storage, streamed)."""
    job = _job(request, pk)
    if job.status != ExportJob.Status.DONE or not job.file:
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError as missing:  # deleted after EXPORT_RETENTION_DAYS
        raise Http404 from missing
    return FileResponse(handle, as_attachment=True, filename=job.file_name or job.file.name)
