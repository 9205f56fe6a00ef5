"""Import a published report or letter: upload, review what was read, save."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core import signing
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from inspections.importer import ReportReadError, read_pdf, read_text
from inspections.importer.extract import MAX_UPLOAD_BYTES
from inspections.importer.forms import ReviewForms, UploadForm
from inspections.importer.local_area import is_partnership_area, wrong_area_message
from inspections.importer.save import ImportRefused, report_import
from inspections.importer.source import source_sections
from inspections.tenancy import PartnershipRequest, officer_required, partnership_view

TEMPLATE = "inspections/import_report.html"
_TOO_BIG = (
    f"The upload is too big: the largest report you can upload or paste is "
    f"{MAX_UPLOAD_BYTES // (1024 * 1024)} MB"
)


def _post_data(request: PartnershipRequest) -> tuple[Any, Any] | None:
    """request.POST and request.FILES, or None when the body is over Django's own limits."""
    try:
        return request.POST, request.FILES
    except RequestDataTooBig:
        return None


@partnership_view
@officer_required
@require_http_methods(["GET", "POST"])
def report_upload(request: PartnershipRequest) -> HttpResponse:
    """GET: the upload form. POST: read the file or text and show what was read to review."""
    if request.method == "GET":
        return _render_upload(request, UploadForm())
    data = _post_data(request)
    if data is None:
        return _render_too_big(request)
    form = UploadForm(*data)
    if not form.is_valid():
        return _render_upload(request, form)
    upload = form.cleaned_data.get("report")
    try:
        if upload is not None:
            source_text, parsed = read_pdf(upload.read(MAX_UPLOAD_BYTES + 1))
        else:
            source_text, parsed = read_text(form.cleaned_data["text"])
    except ReportReadError as error:
        form.add_error("report" if upload is not None else "text", error.message)
        return _render_upload(request, form)
    if not is_partnership_area(request.partnership, parsed.local_area):
        message = wrong_area_message(request.partnership, parsed.local_area)
        form.add_error("report" if upload is not None else "text", message)
        return _render_upload(request, form)
    review = ReviewForms(parsed=parsed, source_text=source_text)
    return _render_review(request, review, source_text, document_area=parsed.local_area)


@partnership_view
@officer_required
@require_POST
def report_save(request: PartnershipRequest) -> HttpResponse:
    """Validate the reviewed values again, save them, and go to the inspection's page."""
    data = _post_data(request)
    if data is None:
        return _render_too_big(request)
    review = ReviewForms(data[0])
    source_text = review.report["source_text"].value() or ""
    document_area = _unsign_area(data[0].get("document_area", ""))
    if document_area is None:
        again = "Read the report or letter again: the check page was not complete"
        return _render_upload(request, _refused_upload(again))
    if not review.is_valid():
        return _render_review(request, review, source_text, document_area=document_area)
    try:
        result = report_import(
            partnership=request.partnership, parsed=review.parsed(), document_area=document_area
        )
    except ImportRefused as error:
        return _render_review(
            request, review, source_text, document_area=document_area, refused=error.message
        )
    inspection = result.inspection
    assert inspection is not None
    messages.success(
        request,
        f"{inspection.get_kind_display()}, {inspection.date_range}, saved: {result.summary}.",
    )
    return redirect("inspections:inspection", slug=request.partnership.slug, pk=inspection.pk)


def _render_upload(request: PartnershipRequest, form: UploadForm) -> HttpResponse:
    return render(request, TEMPLATE, {"upload_form": form, "review": None})


def _refused_upload(message: str) -> UploadForm:
    """An empty upload form saying why the last one was refused."""
    form = UploadForm()
    form.cleaned_data = {}  # add_error() expects a cleaned form; this one was never bound
    form.add_error(None, message)
    return form


def _render_too_big(request: PartnershipRequest) -> HttpResponse:
    return _render_upload(request, _refused_upload(_TOO_BIG))


_AREA_SIGNER = signing.Signer(salt="inspections.import.document-area")


def _unsign_area(value: str) -> str | None:
    """The local area the document names, as signed when it was read (None if tampered
    with or missing): the check page's own field can be corrected, this cannot."""
    try:
        return _AREA_SIGNER.unsign(value)
    except signing.BadSignature:
        return None


def _render_review(
    request: PartnershipRequest,
    review: ReviewForms,
    source_text: str,
    *,
    document_area: str,
    refused: str = "",
) -> HttpResponse:
    errors = review.errors() if review.report.is_bound else []
    if refused:
        errors.insert(0, ("report-main", refused))
    return render(
        request,
        TEMPLATE,
        {
            "review": review,
            "errors": errors,
            "source_text": source_text,
            "sections": source_sections(source_text),
            "local_area": document_area,
            "signed_area": _AREA_SIGNER.sign(document_area),
        },
    )
