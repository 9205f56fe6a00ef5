"""Import a spreadsheet (officers, leaders and admins): upload it, check the columns it
is read by and every row's problems, then save it all at once, or nothing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from actions.forms.sheets import SheetMappingForm, SheetUploadForm
from actions.models import SheetImport, SheetKind
from actions.sheets import save
from actions.sheets.mapping import SHEET_NAMES, missing
from actions.sheets.read import MAX_UPLOAD_BYTES, SheetReadError, read_table
from inspections.tenancy import PartnershipRequest, officer_required, partnership_view

PROBLEMS_SHOWN = 500
ROWS_SHOWN = 30


def _upload(request: PartnershipRequest, kind: SheetKind) -> HttpResponse:
    """GET: the upload form. POST: read the file and go on to check it."""
    form = SheetUploadForm(partnership=request.partnership, kind=kind)
    if request.method == "POST":
        try:
            data, files = request.POST, request.FILES
        except RequestDataTooBig:
            form.add_error(None, "The upload is too big: the largest file is 10 MB")
            return _render_upload(request, form, kind)
        form = SheetUploadForm(data, files, partnership=request.partnership, kind=kind)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                table = read_table(
                    upload.read(MAX_UPLOAD_BYTES + 1), prefer_sheet=SHEET_NAMES[kind]
                )
            except SheetReadError as error:
                form.add_error("file", error.message)
            else:
                started = save.sheet_import_start(
                    partnership=request.partnership,
                    kind=kind,
                    by=request.user,
                    filename=upload.name or "spreadsheet",
                    table=table,
                    plan=form.cleaned_data.get("plan"),
                )
                return redirect(
                    "actions:import-check", slug=request.partnership.slug, pk=started.pk
                )
    return _render_upload(request, form, kind)


def _render_upload(request: PartnershipRequest, form: SheetUploadForm, kind: str) -> HttpResponse:
    return render(request, "actions/sheet_upload.html", {"form": form, "kind": kind})


@partnership_view
@officer_required
@require_http_methods(["GET", "POST"])
def import_actions(request: PartnershipRequest) -> HttpResponse:
    return _upload(request, SheetKind.ACTIONS)


@partnership_view
@officer_required
@require_http_methods(["GET", "POST"])
def import_values(request: PartnershipRequest) -> HttpResponse:
    return _upload(request, SheetKind.MEASURE_VALUES)


def _upload_or_404(request: PartnershipRequest, pk: int) -> SheetImport:
    upload = get_object_or_404(
        SheetImport.objects.for_partnership(request.partnership).select_related("plan"), pk=pk
    )
    upload.partnership = request.partnership  # the same row: not read again
    return upload


@partnership_view
@officer_required
@require_http_methods(["GET", "POST"])
def import_check(request: PartnershipRequest, pk: int) -> HttpResponse:
    """The columns each tracker field is read from, and what saving would do, row by row.
    POST: use (and remember) another mapping."""
    upload = _upload_or_404(request, pk)
    if upload.saved_at is None and request.method == "POST":
        form = SheetMappingForm(request.POST, upload=upload)
        if form.is_valid():
            save.sheet_import_map(upload=upload, mapping=form.mapping())
            return redirect("actions:import-check", slug=request.partnership.slug, pk=upload.pk)
        return _render_check(request, upload, form)
    return _render_check(request, upload, SheetMappingForm(upload=upload))


@partnership_view
@officer_required
@require_POST
def import_save(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Save every row, or nothing (the page again, with why)."""
    upload = _upload_or_404(request, pk)
    try:
        checked = save.sheet_import_save(
            upload=upload,
            today=timezone.localdate(),
            by=request.user,
            editor=request.membership,
        )
    except save.ImportRefused as refused:
        return _render_check(
            request, upload, SheetMappingForm(upload=upload), refused=refused.problems
        )
    slug = request.partnership.slug
    if upload.kind == SheetKind.ACTIONS:
        messages.success(
            request,
            f"Spreadsheet saved: {checked.created:,} actions added, {checked.changed:,} changed.",
        )
        return redirect("actions:list", slug=slug)
    messages.success(request, f"Spreadsheet saved: {checked.created:,} measure values added.")
    return redirect("actions:measures", slug=slug)


def _render_check(
    request: PartnershipRequest,
    upload: SheetImport,
    form: SheetMappingForm,
    refused: list[str] | None = None,
) -> HttpResponse:
    context: dict[str, Any] = {
        "upload": upload,
        "form": form,
        "checked": None,
        "problems": refused or [],
        "more_problems": 0,
        "conflicts": [],
        "shown": [],
    }
    context["missing"] = missing(upload.kind, upload.column_mapping)
    if upload.saved_at is None and not context["missing"]:
        checked = save.sheet_import_check(
            upload=upload, today=timezone.localdate(), editor=request.membership
        )
        problems = checked.problems
        # Refused for a reason the rows do not show (saved already, changed meanwhile).
        if refused and checked.ok:
            problems = refused
        context.update(
            checked=checked,
            problems=problems[:PROBLEMS_SHOWN],
            more_problems=max(0, len(problems) - PROBLEMS_SHOWN),
            conflicts=checked.conflicts[:PROBLEMS_SHOWN],
            shown=checked.plans[:ROWS_SHOWN],
        )
    status = 409 if refused else 200
    return render(request, "actions/sheet_check.html", context, status=status)
