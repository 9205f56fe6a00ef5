"""Writes of a spreadsheet import: starting one from an upload, choosing its mapping, and
saving it. Saving checks every row again inside one transaction and applies nothing
unless all are valid; each row goes through the services the pages use
(`actions.lifecycle`, `actions.services`), so an imported change is checked, versioned
and recorded in the history (with who made it) exactly as the same change on a page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from actions import lifecycle, services
from actions.models import Action, MeasureValue, Plan, SheetImport, SheetKind, SheetMapping
from actions.sheets.action_rows import Checked, RowPlan, check_action_rows
from actions.sheets.lookups import records_for
from actions.sheets.mapping import guess_mapping
from actions.sheets.measure_rows import CheckedValues, check_value_rows
from actions.sheets.read import Table
from inspections.models import Membership, Partnership
from send_tracker.audit import StaleEdit

KEEP_UNSAVED = 5  # a person's latest unsaved uploads kept per partnership


class ImportRefused(Exception):
    """Nothing was saved; `problems` says why, in words."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems[0] if problems else "Nothing was saved.")
        self.problems = problems


def sheet_import_start(
    *,
    partnership: Partnership,
    kind: str,
    by: User,
    filename: str,
    table: Table,
    plan: Plan | None,
) -> SheetImport:
    """Keep what was read from an upload, with a first mapping (the one last used, where
    its headings are there again); older unsaved uploads of the same person go."""
    remembered = SheetMapping.objects.filter(partnership=partnership, kind=kind).first()
    mapping = guess_mapping(kind, table.headers, remembered.as_dict() if remembered else {})
    with transaction.atomic():
        upload = SheetImport.objects.create(
            partnership=partnership,
            kind=kind,
            uploaded_by=by,
            filename=filename[:255],
            sheet_name=table.sheet_name[:100],
            plan=plan,
            headers=table.headers,
            rows=[[number, cells] for number, cells in table.rows],
            notes=table.notes,
            mapping=mapping,
        )
        older = (
            SheetImport.objects.for_partnership(partnership)
            .unsaved()
            .filter(uploaded_by=by)
            .order_by("-uploaded_at", "-pk")
            .values_list("pk", flat=True)[KEEP_UNSAVED:]
        )
        SheetImport.objects.filter(pk__in=list(older)).delete()
    return upload


def sheet_import_map(*, upload: SheetImport, mapping: dict[str, int]) -> SheetImport:
    """Use `mapping` (tracker field -> column) for this upload, and remember it, by
    heading, for the partnership's next upload of the same kind."""
    with transaction.atomic():
        upload.mapping = mapping
        upload.save(update_fields=["mapping"])
        SheetMapping.objects.update_or_create(
            partnership_id=upload.partnership_id,
            kind=upload.kind,
            defaults={"headers": {name: upload.headers[i] for name, i in mapping.items()}},
        )
    return upload


def sheet_import_check(
    *, upload: SheetImport, today: dt.date, editor: Membership
) -> Checked | CheckedValues:
    """Every row of the upload checked against the partnership's records as they are now,
    as changes made by `editor` (the member previewing or saving it)."""
    rows = [(number, cells) for number, cells in upload.rows]
    if upload.kind == SheetKind.ACTIONS:
        return check_action_rows(
            rows=rows,
            mapping=upload.column_mapping,
            records=records_for(upload.partnership),
            plan=upload.plan,
            today=today,
            editor=editor,
        )
    return check_value_rows(
        rows=rows, mapping=upload.column_mapping, partnership=upload.partnership, today=today
    )


def sheet_import_save(
    *, upload: SheetImport, today: dt.date, by: User, editor: Membership
) -> Checked | CheckedValues:
    """Check every row again and, only if all are valid, apply them all, in one
    transaction, as `by` (whose membership of the partnership is `editor`); ImportRefused
    (nothing saved) otherwise."""
    with transaction.atomic():
        locked = SheetImport.objects.select_for_update().get(pk=upload.pk)
        if locked.saved_at is not None:
            raise ImportRefused(["This spreadsheet was saved already."])
        locked.partnership = upload.partnership
        checked = sheet_import_check(upload=locked, today=today, editor=editor)
        if not checked.ok:
            raise ImportRefused(checked.conflicts + checked.problems)
        try:
            if isinstance(checked, Checked):
                _save_actions(checked, locked, by)
            else:
                services.measure_record_values(
                    values=[
                        MeasureValue(measure=v.measure, date=v.date, value=v.value, note=v.note)
                        for v in checked.plans
                    ],
                    by=by,
                    partnership=upload.partnership,
                )
        except (StaleEdit, lifecycle.ActionRefused, IntegrityError) as error:
            raise ImportRefused(
                [f"The tracker changed while this was being saved ({error}). Check it again."]
            ) from None
        locked.saved_at = timezone.now()
        locked.save(update_fields=["saved_at"])
    return checked


def _save_actions(checked: Checked, upload: SheetImport, by: User) -> None:
    """New actions created as they stand in the spreadsheet; the others changed, each by
    the rules of the page that makes the change (the checks in `action_rows`), in bulk."""
    new = [(p.details, _progress(p)) for p in checked.plans if p.action is None]
    if new:
        assert upload.plan is not None  # checked: a new row needs the upload's plan
        lifecycle.action_create_many(plan=upload.plan, rows=new, by=by)
    changes = [
        (p.action, {**p.details, **(_progress(p) if p.changes_progress else {})})
        for p in checked.plans
        if p.action is not None and (p.details or p.changes_progress)
    ]
    services.action_update_many(changes=changes, by=by, partnership=upload.partnership)


def _progress(plan: RowPlan) -> dict[str, Any]:
    """Status and RAG, and the completion a complete action records (an open one none),
    as closing, reopening and the status form leave them."""
    complete = plan.status == Action.Status.COMPLETE
    return {
        "status": plan.status,
        "rag": plan.rag,
        "completed_date": plan.completed_date if complete else None,
        "closing_note": plan.closing_note if complete else "",
    }
