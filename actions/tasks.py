"""Background tasks (Django 6 tasks; a database-backed backend runs them in production)."""

from __future__ import annotations

import io

from django.db import transaction
from django.tasks import task
from django.utils import timezone
from pypdf import PdfReader

from actions.models import BoardPack
from actions.packs import pack_data, render_pack


def _progress(pack: BoardPack, percent: int, message: str, **fields) -> None:
    BoardPack.objects.filter(pk=pack.pk).update(progress=percent, message=message, **fields)


@task()
def build_board_pack(pack_id: int) -> None:
    """Gather the figures, render the PDF and store it on the BoardPack, reporting progress."""
    pack = BoardPack.objects.select_related("partnership").get(pk=pack_id)
    _progress(pack, 10, "Gathering figures", status=BoardPack.Status.RUNNING)
    try:
        data = pack_data(
            pack.partnership, as_of=pack.as_of, since=pack.since, prepared_by=pack.prepared_by_name
        )
        _progress(pack, 40, "Laying out pages")
        pdf = render_pack(data)
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        with transaction.atomic():
            _progress(
                pack,
                100,
                "Ready",
                status=BoardPack.Status.DONE,
                pdf=pdf,
                pages=pages,
                finished_at=timezone.now(),
            )
    except Exception as error:
        _progress(
            pack,
            100,
            f"The pack could not be built ({type(error).__name__}). Try again, or contact support.",
            status=BoardPack.Status.FAILED,
            finished_at=timezone.now(),
        )
        raise
