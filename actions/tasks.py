"""Background tasks (Django 6 tasks; a database-backed backend runs them in production)."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.base import ContentFile
from django.tasks import task
from django.utils import timezone
from pypdf import PdfReader

from actions.models import BoardPack
from actions.packs import pack_data, render_pack


def _progress(pack: BoardPack, percent: int, message: str, **fields: Any) -> None:
    BoardPack.objects.filter(pk=pack.pk).update(progress=percent, message=message, **fields)


@task()
def build_board_pack(pack_id: int) -> None:
    """Gather the figures, render the PDF and store it, reporting progress on the pack.

    Safe to run twice, or on two workers at once: only the run that moves the pack from
    queued to running builds it; any other returns at once.
    """
    claimed = BoardPack.objects.filter(pk=pack_id, status=BoardPack.Status.QUEUED).update(
        status=BoardPack.Status.RUNNING, progress=10, message="Gathering figures"
    )
    if not claimed:
        return
    pack = BoardPack.objects.select_related("partnership").get(pk=pack_id)
    try:
        data = pack_data(
            pack.partnership, as_of=pack.as_of, since=pack.since, prepared_by=pack.prepared_by_name
        )
        _progress(pack, 40, "Laying out pages")
        pdf = render_pack(data)
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        pack.file.save(pack.filename, ContentFile(pdf), save=False)  # through the storage API
        _progress(
            pack,
            100,
            "Ready",
            status=BoardPack.Status.DONE,
            file=pack.file.name,
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
