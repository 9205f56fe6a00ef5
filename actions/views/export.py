"""The tracker as a spreadsheet: a workbook of every table, or one table as CSV. Every
member may export what they may read (board members included); the actions come with the
action list's filters, taken from the query string the list page was showing."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from actions.forms import ActionFilterForm
from actions.selectors import owner_choices
from actions.sheets import export
from actions.sheets.write import csv_bytes, workbook_bytes
from inspections.models import Finding, Organisation
from inspections.tenancy import PartnershipRequest, partnership_view

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filters(request: PartnershipRequest) -> ActionFilterForm:
    """The action list's filter form, bound to the query string: 3 queries."""
    partnership = request.partnership
    findings = Finding.objects.for_partnership(partnership).priority_first()
    organisations = Organisation.objects.for_partnership(partnership).order_by("kind", "name")
    return ActionFilterForm(
        request.GET,
        findings=list(findings.select_related("inspection")),
        organisations=list(organisations),
        owners=owner_choices(partnership=partnership),
    )


def _in_words(form: ActionFilterForm) -> list[str]:
    """The filters that apply, as 'Status: In progress'."""
    if not form.is_valid():
        return []
    words = []
    for name, value in form.cleaned_data.items():
        if value in (None, "", False) or name == "sort":
            continue
        field = form.fields[name]
        choices = dict(getattr(field, "choices", []))
        shown = "Yes" if value is True else choices.get(value, value)
        words.append(f"{field.label or name.capitalize()}: {shown}")
    return words


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"  # names people: never in a shared cache
    return response


@partnership_view
@require_GET
def spreadsheets(request: PartnershipRequest) -> HttpResponse:
    """What can be downloaded and (for officers and leaders) imported."""
    form = _filters(request)
    return render(
        request,
        "actions/spreadsheets.html",
        {
            "filters": _in_words(form),
            "query": request.GET.urlencode(),
            "tables": [
                ("actions", "Actions"),
                ("measures", "Measures"),
                ("measure-values", "Measure values"),
                ("deadlines", "Deadlines"),
                ("activity", "Activity log"),
            ],
        },
    )


@partnership_view
@require_GET
def export_workbook(request: PartnershipRequest) -> HttpResponse:
    """Every table as a sheet of one XLSX workbook, with a sheet saying what it holds."""
    today = timezone.localdate()
    form = _filters(request)
    user = request.user
    sheets = export.workbook_sheets(
        partnership=request.partnership,
        criteria=form.criteria(today),
        filters=_in_words(form),
        today=today,
        by=user.get_full_name() or user.get_username(),
    )
    name = f"{request.partnership.slug}-tracker-{today:%Y-%m-%d}.xlsx"
    return _download(workbook_bytes(sheets), XLSX, name)


@partnership_view
@require_GET
def export_csv(request: PartnershipRequest) -> HttpResponse:
    """One table (`table` in the query string; the actions by default) as CSV."""
    today = timezone.localdate()
    name = request.GET.get("table", "actions")
    if name not in export.TABLES:
        name = "actions"
    criteria = _filters(request).criteria(today) if name == "actions" else {}
    table = export.table(name, request.partnership, criteria, today)
    filename = f"{request.partnership.slug}-{name}-{today:%Y-%m-%d}.csv"
    return _download(csv_bytes(table), "text/csv; charset=utf-8", filename)
