"""Drafting, approving and withdrawing items of the families page, and its settings.

Every write is one transaction that also records the step (`FamilyItemEvent`) and bumps the
partnership's generation, which retires the cached public page (`families.public`). A write
checks the version the user's form was shown with, so the forum never approves words it
has not seen: an edit saved meanwhile makes the approval a StaleEdit, and nothing changes.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from actions.models import Measure
from families.models import FamilyApproval, FamilyItem, FamilyItemEvent, FamilyPage
from families.snapshot import figures_for
from inspections.models import Finding, Partnership
from send_tracker.audit import StaleEdit

Status = FamilyItem.Status
Step = FamilyItemEvent.Step


class NotNow(Exception):
    """The item is not in a state that allows this step; nothing was written."""


def _name(user: User) -> str:
    return user.get_full_name() or user.get_username()


def _locked(item: FamilyItem, expected_version: int | None) -> FamilyItem:
    """The item's row, locked until the transaction ends; StaleEdit if it changed since
    the form was shown."""
    current = FamilyItem.objects.select_for_update().get(pk=item.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleEdit(current.version)
    return current


def _record(item: FamilyItem, step: str, by: User, comment: str = "") -> None:
    FamilyItemEvent.objects.create(
        item=item,
        step=step,
        by=by,
        by_name=_name(by),
        at=timezone.now(),
        title=item.title,
        said=item.said,
        body=item.body,
        comment=comment,
    )


def _changed(item: FamilyItem) -> None:
    Partnership.objects.filter(pk=item.partnership_id).mark_changed()


def _save(item: FamilyItem, fields: list[str]) -> None:
    item.version += 1
    item.save(update_fields=[*fields, "version", "updated_at"])


@transaction.atomic
def family_page_save(
    *, partnership: Partnership, is_public: bool, target_reading_age: int
) -> FamilyPage:
    """Switch the public page on or off and set the target reading age."""
    page, _ = FamilyPage.objects.select_for_update().get_or_create(partnership=partnership)
    page.is_public = is_public
    page.target_reading_age = target_reading_age
    page.save()
    Partnership.objects.filter(pk=partnership.pk).mark_changed()
    return page


@transaction.atomic
def family_item_create(
    *,
    partnership: Partnership,
    by: User,
    kind: str,
    title: str,
    body: str,
    said: str = "",
    finding: Finding | None = None,
    measure: Measure | None = None,
    is_illustrative: bool = False,
    position: int = 0,
) -> FamilyItem:
    """A new draft, not public until the forum approves it."""
    item = FamilyItem.objects.create(
        partnership=partnership,
        kind=kind,
        title=title,
        said=said,
        body=body,
        finding=finding,
        measure=measure,
        is_illustrative=is_illustrative,
        position=position,
    )
    _record(item, Step.DRAFTED, by)
    return item


@transaction.atomic
def family_item_edit(
    *,
    item: FamilyItem,
    by: User,
    expected_version: int,
    title: str,
    body: str,
    said: str = "",
    finding: Finding | None = None,
    measure: Measure | None = None,
) -> FamilyItem:
    """Change the words: the item goes back to draft, and off the public page at once if it
    was approved (the forum approves the new words before they are public)."""
    current = _locked(item, expected_version)
    was_public = current.is_public
    current.title, current.body, current.said = title, body, said
    current.finding, current.measure = finding, measure
    current.status, current.approval = Status.DRAFT, None
    _save(current, ["title", "body", "said", "finding", "measure", "status", "approval"])
    _record(current, Step.EDITED, by)
    if was_public:
        _changed(current)
    return current


@transaction.atomic
def family_item_submit(*, item: FamilyItem, by: User, expected_version: int) -> FamilyItem:
    """Send a draft (or a returned item) to the parent carer forum for approval."""
    current = _locked(item, expected_version)
    if current.status not in (Status.DRAFT, Status.RETURNED, Status.WITHDRAWN):
        raise NotNow("Only a draft or a returned item can be sent for approval.")
    current.status = Status.AWAITING
    _save(current, ["status"])
    _record(current, Step.SUBMITTED, by)
    return current


@transaction.atomic
def family_item_return(
    *, item: FamilyItem, by: User, expected_version: int, comment: str
) -> FamilyItem:
    """The forum sends an item back with a comment saying what to change."""
    current = _locked(item, expected_version)
    if current.status != Status.AWAITING:
        raise NotNow("Only an item awaiting approval can be returned.")
    current.status = Status.RETURNED
    _save(current, ["status"])
    _record(current, Step.RETURNED, by, comment=comment)
    return current


@transaction.atomic
def family_item_approve(*, item: FamilyItem, by: User, expected_version: int) -> FamilyApproval:
    """The forum approves the words it was shown: they, and the item's figures as they are
    now, are frozen in an approval, which the public page shows from the next request."""
    current = _locked(item, expected_version)
    if current.status != Status.AWAITING:
        raise NotNow("Only an item awaiting approval can be approved.")
    now = timezone.now()
    figures = figures_for(current)
    approval = FamilyApproval.objects.create(
        item=current,
        partnership_id=current.partnership_id,
        approved_by=by,
        approved_by_name=_name(by),
        approved_at=now,
        kind=current.kind,
        title=current.title,
        said=current.said,
        body=current.body,
        figures=figures,
        is_illustrative=current.is_illustrative or bool(figures.get("illustrative")),
        position=current.position,
    )
    current.status, current.approval = Status.APPROVED, approval
    _save(current, ["status", "approval"])
    _record(current, Step.APPROVED, by)
    _changed(current)
    return approval


@transaction.atomic
def family_item_withdraw(*, item: FamilyItem, by: User, comment: str = "") -> FamilyItem:
    """Take the item off the public page at once (or out of the forum's queue)."""
    current = _locked(item, None)
    if current.status == Status.WITHDRAWN:
        raise NotNow("This item is already withdrawn.")
    was_public = current.is_public
    current.status, current.approval = Status.WITHDRAWN, None
    _save(current, ["status", "approval"])
    _record(current, Step.WITHDRAWN, by, comment=comment)
    if was_public:
        _changed(current)
    return current
