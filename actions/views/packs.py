"""Board briefing packs (built in the background) and the readiness letter, as PDFs."""

from __future__ import annotations

from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from actions import services
from actions.forms import PackRequestForm
from actions.models import BoardPack
from actions.packs import default_since
from actions.readiness import readiness_letter
from actions.tasks import build_board_pack
from inspections.letters import LetterError
from inspections.models import Inspection
from inspections.tenancy import PartnershipRequest, officer_required, partnership_view
from send_tracker.page_cache import cached_read
from send_tracker.pdf import pdf_response, render_pdf
from send_tracker.templating import render_block

PACKS_LISTED = 20


def _pack_list_page(request: PartnershipRequest, form: PackRequestForm) -> HttpResponse:
    packs = BoardPack.objects.filter(partnership=request.partnership)
    context = {"packs": list(packs[:PACKS_LISTED]), "form": form}
    return render(request, "actions/pack_list.html", context)


@partnership_view
def pack_list(request: PartnershipRequest) -> HttpResponse:
    """Briefing packs built so far, and (for officers and leaders) a form to build one."""
    return _pack_list_page(request, PackRequestForm(initial={"as_of": timezone.localdate()}))


@partnership_view
@officer_required
@require_POST
def pack_create(request: PartnershipRequest) -> HttpResponse:
    """Queue a pack; a background task builds it while the page shows progress."""
    form = PackRequestForm(request.POST)
    if not form.is_valid():
        return _pack_list_page(request, form)
    as_of = form.cleaned_data["as_of"]
    pack, created = services.pack_request(
        partnership=request.partnership,
        as_of=as_of,
        since=form.cleaned_data["since"] or default_since(request.partnership, as_of),
        user=request.user,
        prepared_by_name=(
            f"{request.user.get_full_name() or request.user.get_username()}, "
            f"{request.membership.get_role_display()}"
        ),
        submission_id=form.cleaned_data["submission_id"],
    )
    if created:
        transaction.on_commit(lambda: build_board_pack.enqueue(pack.pk))
    return redirect("actions:pack", slug=request.partnership.slug, pk=pack.pk)


@partnership_view
def pack_detail(request: PartnershipRequest, pk: int) -> HttpResponse:
    """A pack's progress (polled with HTMX until it is ready) and its download link."""
    pack = get_object_or_404(BoardPack.objects.filter(partnership=request.partnership), pk=pk)
    if request.htmx:
        return render_block(request, "actions/pack_detail.html#pack-status", {"pack": pack})
    return render(request, "actions/pack_detail.html", {"pack": pack})


@partnership_view
def pack_download(request: PartnershipRequest, pk: int) -> FileResponse:
    """The finished pack's PDF (plain GET), streamed from storage."""
    pack = get_object_or_404(
        BoardPack.objects.filter(partnership=request.partnership, status=BoardPack.Status.DONE),
        pk=pk,
    )
    return FileResponse(
        pack.file.open("rb"),
        as_attachment=True,
        filename=pack.filename,
        content_type="application/pdf",
    )


@partnership_view
def readiness_letter_pdf(request: PartnershipRequest, pk: int) -> HttpResponse:
    """A draft self-evaluation in the monitoring letter's form, as a PDF.

    Rendered once for the day and the person it is prepared by, and kept in the shared
    cache until anything of the partnership's changes (`cached_read`)."""
    inspection = get_object_or_404(
        Inspection.objects.for_partnership(request.partnership).select_related("partnership"),
        pk=pk,
    )
    today = timezone.localdate()
    name = request.user.get_full_name() or request.user.get_username()
    prepared_by = f"{name}, {request.membership.get_role_display()}"

    def render() -> bytes:
        letter = readiness_letter(inspection, today, prepared_by)
        return render_pdf("pdf/letter.html", {"letter": letter})

    try:
        pdf = cached_read(request.partnership, render, "readiness-letter", pk, today, prepared_by)
    except LetterError as error:
        raise Http404(str(error)) from error
    return pdf_response(pdf, f"{request.partnership.slug}-readiness-letter-{today:%Y-%m-%d}.pdf")
