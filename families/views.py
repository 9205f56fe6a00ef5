"""Drafting and approving the families page, for the partnership's members.

Everyone in the partnership reads the items and their history; officers and above draft,
send for approval and withdraw; only the parent carer forum representative approves or
returns; a partnership admin switches the public page on or off and sets the target
reading age. The public page itself is in `families.public_views`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from families import services
from families.forms import ItemForm, PageSettingsForm, ReturnForm, VersionForm, WithdrawForm
from families.models import DEFAULT_READING_AGE, FamilyItem, FamilyPage
from families.public import SECTIONS
from families.readability import Readability, assess
from families.snapshot import figures_for
from inspections.tenancy import (
    PartnershipRequest,
    admin_required,
    forum_required,
    officer_required,
    partnership_view,
)
from send_tracker.audit import StaleEdit
from send_tracker.templating import render_block

ITEM_FORM = "families/item_form.html"
STALE = "Not saved: someone changed this item after you opened it. Read it again, then try again."


def _page_of(request: PartnershipRequest) -> FamilyPage:
    """The partnership's page settings (unsaved defaults until an admin saves them): 1 query."""
    page = FamilyPage.objects.filter(partnership=request.partnership).first()
    return page or FamilyPage(partnership=request.partnership)


def _item_or_404(request: PartnershipRequest, pk: int) -> FamilyItem:
    return get_object_or_404(
        FamilyItem.objects.for_partnership(request.partnership).select_related(
            "finding", "measure", "approval"
        ),
        pk=pk,
    )


def _allowed_words(request: PartnershipRequest) -> frozenset[str]:
    """The partnership's own names, which are not a person's."""
    return frozenset(" ".join(request.partnership.area_names).split())


def _help(request: PartnershipRequest, text: str, target_age: int) -> Readability:
    return assess(text, target_age=target_age, allowed=_allowed_words(request))


@partnership_view
@require_GET
def item_list(request: PartnershipRequest) -> HttpResponse:
    """Every item with its status, in the public page's order. 3 queries with the
    membership's."""
    order = {kind: n for n, (kind, _) in enumerate(SECTIONS)}
    items = sorted(
        FamilyItem.objects.for_partnership(request.partnership).for_listing(),
        key=lambda i: (order[i.kind], i.position, i.pk),
    )
    awaiting = [i for i in items if i.status == FamilyItem.Status.AWAITING]
    return render(
        request,
        "families/item_list.html",
        {"items": items, "awaiting": awaiting, "page": _page_of(request)},
    )


def _form_page(
    request: PartnershipRequest, form: ItemForm, item: FamilyItem | None, *, status: int = 200
) -> HttpResponse:
    page = _page_of(request)
    context: dict[str, Any] = {
        "form": form,
        "item": item,
        "help": _help(request, form.text(), page.target_reading_age),
    }
    if request.htmx and "check" in request.POST:
        return render_block(request, f"{ITEM_FORM}#plain-english", context)
    return render(request, ITEM_FORM, context, status=status)


@partnership_view
@officer_required
@require_http_methods(["GET", "POST"])
def item_add(request: PartnershipRequest) -> HttpResponse:
    """Draft a new item. "Check plain English" (or typing, with JavaScript) shows the help
    without saving."""
    data = request.POST if request.method == "POST" else None
    form = ItemForm(data, partnership=request.partnership)
    if data is None or "check" in data:
        return _form_page(request, form, None)
    if not form.is_valid():
        return _form_page(request, form, None, status=400)
    item = services.family_item_create(
        partnership=request.partnership,
        by=request.user,
        kind=form.cleaned_data["kind"],
        title=form.cleaned_data["title"],
        said=form.cleaned_data["said"],
        body=form.cleaned_data["body"],
        finding=form.cleaned_data["finding"],
        measure=form.cleaned_data["measure"],
    )
    messages.success(request, "Draft saved. Send it to the forum when it is ready.")
    return redirect("families:item", slug=request.partnership.slug, pk=item.pk)


@partnership_view
@officer_required
@require_http_methods(["GET", "POST"])
def item_edit(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Change an item's words. It goes back to draft; an approved item leaves the public
    page at once."""
    item = _item_or_404(request, pk)
    data = request.POST if request.method == "POST" else None
    form = ItemForm(data, partnership=request.partnership, item=item)
    version = VersionForm(data, initial={"version": item.version})
    if data is None or "check" in data:
        return _form_page(request, form, item)
    if not (form.is_valid() and version.is_valid()):
        return _form_page(request, form, item, status=400)
    was_public = item.is_public
    try:
        services.family_item_edit(
            item=item,
            by=request.user,
            expected_version=version.cleaned_data["version"],
            title=form.cleaned_data["title"],
            said=form.cleaned_data["said"],
            body=form.cleaned_data["body"],
            finding=form.cleaned_data["finding"],
            measure=form.cleaned_data["measure"],
        )
    except StaleEdit:
        messages.error(request, STALE)
        return _form_page(request, form, _item_or_404(request, pk), status=409)
    messages.success(
        request,
        "Saved as a draft. It is off the public page until the forum approves it again."
        if was_public
        else "Saved as a draft.",
    )
    return redirect("families:item", slug=request.partnership.slug, pk=item.pk)


def _item_page(
    request: PartnershipRequest,
    item: FamilyItem,
    *,
    return_form: ReturnForm | None = None,
    status: int = 200,
) -> HttpResponse:
    page = _page_of(request)
    waiting = item.status == FamilyItem.Status.AWAITING
    context = {
        "item": item,
        "events": list(item.events.order_by("-at", "-pk")),
        "help": _help(
            request, "\n\n".join([item.title, item.said, item.body]), page.target_reading_age
        ),
        # What the forum would freeze if it approved now (the public page never reads it).
        "figures_now": figures_for(item) if waiting else {},
        "return_form": return_form or ReturnForm(initial={"version": item.version}),
        "withdraw_form": WithdrawForm(),
        "page": page,
    }
    return render(request, "families/item_detail.html", context, status=status)


@partnership_view
@require_GET
def item_detail(request: PartnershipRequest, pk: int) -> HttpResponse:
    """The item, what is public of it, the steps open to the reader's role, and its
    history (who did what, when, with which words)."""
    return _item_page(request, _item_or_404(request, pk))


def _step_done(request: PartnershipRequest, item: FamilyItem, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("families:item", slug=request.partnership.slug, pk=item.pk)


def _step_refused(request: PartnershipRequest, item: FamilyItem, message: str) -> HttpResponse:
    messages.error(request, message)
    return redirect("families:item", slug=request.partnership.slug, pk=item.pk)


def _version_step(
    request: PartnershipRequest, pk: int, step: Callable[..., object], done: str
) -> HttpResponse:
    """A step that needs only the version the person was shown (send, approve): refused
    with a message, nothing changed, when the item moved on since."""
    item = _item_or_404(request, pk)
    form = VersionForm(request.POST)
    if not form.is_valid():
        return _step_refused(request, item, STALE)
    try:
        step(item=item, by=request.user, expected_version=form.cleaned_data["version"])
    except StaleEdit:
        return _step_refused(request, item, STALE)
    except services.NotNow as refused:
        return _step_refused(request, item, str(refused))
    return _step_done(request, item, done)


@partnership_view
@officer_required
@require_POST
def item_submit(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Send the item to the parent carer forum for approval."""
    return _version_step(
        request, pk, services.family_item_submit, "Sent to the parent carer forum for approval."
    )


@partnership_view
@forum_required
@require_POST
def item_approve(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Approve the words (and figures) shown: public from the next request."""
    return _version_step(
        request, pk, services.family_item_approve, "Approved: it is on the public page."
    )


@partnership_view
@forum_required
@require_POST
def item_return(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Send the item back to the officers with a comment."""
    item = _item_or_404(request, pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _item_page(request, item, return_form=form, status=400)
    try:
        services.family_item_return(
            item=item,
            by=request.user,
            expected_version=form.cleaned_data["version"],
            comment=form.cleaned_data["comment"],
        )
    except StaleEdit:
        return _step_refused(request, item, STALE)
    except services.NotNow as refused:
        return _step_refused(request, item, str(refused))
    return _step_done(request, item, "Returned to the officers with your comment.")


@partnership_view
@officer_required
@require_POST
def item_withdraw(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Take the item off the public page at once."""
    item = _item_or_404(request, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return _step_refused(request, item, "Keep the reason under 1,000 characters.")
    try:
        services.family_item_withdraw(
            item=item, by=request.user, comment=form.cleaned_data["comment"]
        )
    except services.NotNow as refused:
        return _step_refused(request, item, str(refused))
    return _step_done(request, item, "Withdrawn: it is not on the public page.")


@partnership_view
@admin_required
@require_http_methods(["GET", "POST"])
def page_settings(request: PartnershipRequest) -> HttpResponse:
    """Switch the public page on or off; set the reading age drafts are checked against."""
    page = _page_of(request)
    if page.pk is None:
        page.target_reading_age = DEFAULT_READING_AGE
    form = PageSettingsForm(request.POST or None, instance=page)
    if request.method == "POST" and form.is_valid():
        services.family_page_save(
            partnership=request.partnership,
            is_public=form.cleaned_data["is_public"],
            target_reading_age=form.cleaned_data["target_reading_age"],
        )
        messages.success(
            request,
            "The families page is public."
            if form.cleaned_data["is_public"]
            else "The families page is switched off: its address answers “Page not found”.",
        )
        return redirect("families:items", slug=request.partnership.slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "families/settings.html", {"form": form}, status=status)
