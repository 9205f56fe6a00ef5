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
from send_tracker.steady import steadily


def _progress(pack_id: int, percent: int, message: str, **fields: Any) -> None:
    BoardPack.objects.filter(pk=pack_id).update(progress=percent, message=message, **fields)


def _claim(pack_id: int) -> bool:
    """Move the pack from queued to running: True for the one run that does."""
    return bool(
        BoardPack.objects.filter(pk=pack_id, status=BoardPack.Status.QUEUED).update(
            status=BoardPack.Status.RUNNING, progress=10, message="Gathering figures"
        )
    )


def _build(pack_id: int) -> None:
    pack = BoardPack.objects.select_related("partnership").get(pk=pack_id)
    data = pack_data(
        pack.partnership, as_of=pack.as_of, since=pack.since, prepared_by=pack.prepared_by_name
    )
    _progress(pack_id, 40, "Laying out pages")
    pdf = render_pack(data)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    pack.file.save(pack.filename, ContentFile(pdf), save=False)  # through the storage API
    _progress(
        pack_id,
        100,
        "Ready",
        status=BoardPack.Status.DONE,
        file=pack.file.name,
        pages=pages,
        finished_at=timezone.now(),
    )


@task()
def build_board_pack(pack_id: int) -> None:
    """Gather the figures, render the PDF and store it, reporting progress on the pack.

    Safe to run twice, or on two workers at once: only the run that moves the pack from
    queued to running builds it; any other returns at once. A database error (SQLite
    busy past its timeout, a dropped connection) is retried (`steadily`) rather than
    leaving the pack queued or running; only an error that persists marks it failed.
    """
    if not steadily(lambda: _claim(pack_id), what=f"Claiming pack {pack_id}"):
        return
    try:
        steadily(lambda: _build(pack_id), what=f"Building pack {pack_id}")
    except Exception as error:
        message = (
            f"The pack could not be built ({type(error).__name__}). Try again, or contact support."
        )
        steadily(
            lambda: _progress(
                pack_id,
                100,
                message,
                status=BoardPack.Status.FAILED,
                finished_at=timezone.now(),
            ),
            what=f"Recording that pack {pack_id} failed",
        )
        raise
