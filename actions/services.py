"""Writes that touch several objects: progress on actions."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from actions.models import Action, ProgressUpdate


@transaction.atomic
def action_update_status(*, action: Action, status: str, rag: str) -> Action:
    """Set status and RAG; completing stamps today's date, reopening clears it."""
    action.status = status
    action.rag = rag
    if status == Action.Status.COMPLETE:
        action.completed_date = action.completed_date or max(
            timezone.localdate(), action.start_date or dt.date.min
        )
    else:
        action.completed_date = None
    action.save(update_fields=["status", "rag", "completed_date", "updated_at"])
    return action


@transaction.atomic
def action_record_progress(
    *, action: Action, author: AbstractBaseUser, date: dt.date, narrative: str, rag: str
) -> ProgressUpdate:
    """Add a progress update; the newest update's RAG becomes the action's RAG."""
    update = ProgressUpdate.objects.create(
        action=action, author=author, date=date, narrative=narrative, rag=rag
    )
    newest = action.updates.order_by("-date", "-pk").values_list("pk", flat=True).first()
    if newest == update.pk and action.rag != rag:
        action.rag = rag
        action.save(update_fields=["rag", "updated_at"])
    return update
