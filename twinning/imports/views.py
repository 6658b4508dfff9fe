"""Pages of an import: upload, preview (every error by row and column), commit, progress, result.

Every view asks access.py for the twinning first: an outsider gets 404, a reader 403."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from twinning import access
from twinning.imports import jobs
from twinning.imports.checks import may_change_for
from twinning.imports.columns import LAYOUTS
from twinning.imports.downloads import csv_template, xlsx_template
from twinning.imports.files import Refusal, inspect
from twinning.imports.forms import UploadForm
from twinning.imports.messages import render_file_problem, render_row_error
from twinning.imports.models import ImportJob, ImportKind

Status = ImportJob.Status


def _twinning_access(user, slug: str) -> tuple[access.TwinningAccess, list[str]]:
    """Return the twinning and the kinds of import the user may run on it (404 outside, 403
    for readers)."""
    found = access.get_twinning_for_user(user, slug)
    kinds = [kind for kind in ImportKind.values if may_change_for(kind, found)]
    if not kinds:
        raise PermissionDenied
    return found, kinds


def _job(request, slug: str, pk) -> tuple[ImportJob, access.TwinningAccess]:
    found, kinds = _twinning_access(request.user, slug)
    job = get_object_or_404(
        ImportJob.objects.select_related("twinning"),
        pk=pk,
        twinning=found.twinning,
        user=request.user,
    )
    if job.kind not in kinds:
        raise PermissionDenied
    return job, found


@require_http_methods(["GET", "POST"])
@login_required
def upload(request, slug):
    """Return the upload page; on POST, store the file, check it (here or in the background)."""
    found, kinds = _twinning_access(request.user, slug)
    twinning = found.twinning
    refusal = ""
    form = UploadForm(request.POST or None, request.FILES or None, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            file_format = inspect(uploaded, uploaded.name, uploaded.size)
        except Refusal as problem:
            refusal = render_file_problem(problem.as_dict())
        else:
            uploaded.seek(0)
            job = ImportJob(
                user=request.user,
                twinning=twinning,
                kind=form.cleaned_data["kind"],
                language=translation.get_language() or settings.LANGUAGE_CODE,
                original_name=uploaded.name[:255],
                file_format=file_format,
                size=uploaded.size,
            )
            job.file.save(f"{job.pk}.{file_format}", uploaded, save=False)
            job.save()
            if uploaded.size <= settings.IMPORT_INLINE_MAX_BYTES:
                jobs.run_check(job)
            else:
                jobs.start_background(job)
            return redirect("imports:preview", slug=twinning.slug, pk=job.pk)
    recent = ImportJob.objects.filter(twinning=twinning, user=request.user)[:10]
    return render(
        request,
        "imports/upload.html",
        {
            "twinning": twinning,
            "access": found,
            "form": form,
            "refusal": refusal,
            "kinds": [(k, ImportKind(k).label) for k in kinds],
            "recent": recent,
            "max_bytes": settings.IMPORT_MAX_BYTES,
            "max_rows": settings.IMPORT_MAX_ROWS,
        },
        status=400 if refusal else 200,
    )


@require_GET
@login_required
def template(request, slug, kind, file_format):
    """Return the template to fill in, as XLSX or CSV, in the user's language."""
    found, kinds = _twinning_access(request.user, slug)
    if kind not in kinds or file_format not in ("xlsx", "csv"):
        raise Http404
    layout = LAYOUTS[kind]
    filename = f"twinning-{kind}.{file_format}"
    if file_format == "csv":
        response = HttpResponse(csv_template(layout), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            xlsx_template(layout, request.user, found.twinning),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _context(job: ImportJob, found) -> dict:
    errors = [render_row_error(job.kind, error) for error in job.errors]
    return {
        "job": job,
        "twinning": found.twinning,
        "access": found,
        "errors": errors,
        "more_errors": max(job.error_count - len(errors), 0),
        "refusal": render_file_problem(job.refusal, job.kind),
        "counts": job.summary.get("counts", {}),
        "created": job.summary.get("created"),
        "already": job.summary.get("already_imported"),
        "ignored_columns": job.summary.get("ignored_columns", []),
    }


@require_GET
@login_required
def preview(request, slug, pk):
    """Return the preview: the errors by row and column, or what will be added and a button to
    commit. While the job runs, the progress page; once written, the result."""
    job, found = _job(request, slug, pk)
    if job.is_running:
        return render(request, "imports/progress.html", _context(job, found))
    if job.status in (Status.DONE, Status.FAILED):
        return redirect("imports:result", slug=slug, pk=job.pk)
    status = 200 if job.status == Status.READY else 422
    return render(request, "imports/preview.html", _context(job, found), status=status)


@require_POST
@login_required
def commit(request, slug, pk):
    """Write the checked rows in one transaction (here, or in the background for large files)."""
    job, _found = _job(request, slug, pk)
    if job.status != Status.READY:
        return redirect("imports:preview", slug=slug, pk=job.pk)
    moved = ImportJob.objects.filter(pk=job.pk, status=Status.READY).update(
        status=Status.COMMIT_QUEUED
    )
    if not moved:  # a second click while the first is being handled
        return redirect("imports:preview", slug=slug, pk=job.pk)
    job.status = Status.COMMIT_QUEUED
    if job.total_rows <= settings.IMPORT_INLINE_MAX_ROWS:
        jobs.run_commit(job)
        return redirect("imports:result", slug=slug, pk=job.pk)
    jobs.start_background(job)
    return redirect("imports:preview", slug=slug, pk=job.pk)


@require_GET
@login_required
def progress(request, slug, pk):
    """Return the progress bar (the fragment for HTMX's polling, else the whole page); once the
    job is finished, send the browser to the preview or the result."""
    job, found = _job(request, slug, pk)
    if not job.is_running:
        target = reverse(
            "imports:result" if job.status in (Status.DONE, Status.FAILED) else "imports:preview",
            kwargs={"slug": slug, "pk": job.pk},
        )
        return HttpResponseClientRedirect(target) if request.htmx else redirect(target)
    template_name = "imports/_progress.html" if request.htmx else "imports/progress.html"
    return render(request, template_name, _context(job, found))


@require_GET
@login_required
def result(request, slug, pk):
    """Return what the import wrote, or why it wrote nothing."""
    job, found = _job(request, slug, pk)
    if job.status not in (Status.DONE, Status.FAILED):
        return redirect("imports:preview", slug=slug, pk=job.pk)
    context = _context(job, found)
    context["title"] = _("Import finished") if job.status == Status.DONE else _("Import failed")
    return render(request, "imports/result.html", context)
