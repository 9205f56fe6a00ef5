"""Board briefing packs requested from the pages and built in the background."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from inspections.models import Partnership
from send_tracker.withdrawal import max_length_check

MAX_PREPARED_BY = 150
MAX_MESSAGE = 300
MAX_FILE_NAME = 100


def pack_file_path(pack: BoardPack, filename: str) -> str:
    """packs/<partnership id>/<pack id>-<file name>: no two packs share a name."""
    return f"packs/{pack.partnership_id}/{pack.pk}-{filename}"


class BoardPack(models.Model):
    """A board briefing pack requested from the pages, built by a background task."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Being built"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="board_packs"
    )
    as_of = models.DateField()
    since = models.DateField()
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    prepared_by_name = models.CharField(max_length=MAX_PREPARED_BY)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=MAX_MESSAGE, blank=True)
    # The built PDF, kept through Django's storage API (MEDIA_ROOT, or whatever storage is
    # configured), so every web and task process on every machine sees the same file.
    file = models.FileField(
        upload_to=pack_file_path, max_length=MAX_FILE_NAME, blank=True, editable=False
    )
    pages = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    submission_id = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(since__lte=F("as_of")), name="pack_period_not_inverted"
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="pack_progress_max_100"),
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "done", "failed"]),
                name="pack_status_valid",
            ),
            max_length_check("pack_prepared_by_name", "prepared_by_name", MAX_PREPARED_BY),
            max_length_check("pack_message", "message", MAX_MESSAGE),
            max_length_check("pack_file", "file", MAX_FILE_NAME),
        ]

    def __str__(self) -> str:
        return f"Briefing pack, {self.partnership.name}, {self.as_of}"

    @property
    def filename(self) -> str:
        return f"{self.partnership.slug}-briefing-pack-{self.as_of:%Y-%m-%d}.pdf"
