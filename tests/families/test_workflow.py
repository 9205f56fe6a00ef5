"""Drafting, approving, returning and withdrawing items: who may do what, what each step
stores, and the pages for every role and for another partnership."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from families import services
from families.models import FamilyApproval, FamilyItem, FamilyItemEvent
from send_tracker.audit import StaleEdit

Status = FamilyItem.Status
ROLES = ("board", "forum", "officer", "leader", "admin")
DRAFTERS = {"officer", "leader", "admin"}


def url(world, name: str, **kwargs) -> str:
    return reverse(f"families:{name}", kwargs={"slug": world.partnership.slug, **kwargs})


def test_the_whole_journey_through_the_pages(world):
    officer, forum = world.client("officer"), world.client("forum")
    response = officer.post(
        url(world, "item-add"),
        {
            "kind": "you_said",
            "title": "Hearing back",
            "said": "Nobody told us.",
            "body": "We ring you.",
        },
    )
    item = FamilyItem.objects.get(title="Hearing back")
    assert response.status_code == 302 and item.status == Status.DRAFT
    officer.post(url(world, "item-submit", pk=item.pk), {"version": item.version})
    item.refresh_from_db()
    assert item.status == Status.AWAITING
    # The forum returns it: a comment is required.
    assert (
        forum.post(url(world, "item-return", pk=item.pk), {"version": item.version}).status_code
        == 400
    )
    forum.post(
        url(world, "item-return", pk=item.pk), {"version": item.version, "comment": "Say when."}
    )
    item.refresh_from_db()
    assert item.status == Status.RETURNED
    officer.post(
        url(world, "item-edit", pk=item.pk),
        {
            "version": item.version,
            "title": "Hearing back",
            "said": "Nobody told us.",
            "body": "We ring you every four weeks.",
        },
    )
    item.refresh_from_db()
    officer.post(url(world, "item-submit", pk=item.pk), {"version": item.version})
    item.refresh_from_db()
    forum.post(url(world, "item-approve", pk=item.pk), {"version": item.version})
    item.refresh_from_db()
    assert item.status == Status.APPROVED
    assert item.approval is not None
    assert item.approval.body == "We ring you every four weeks."
    assert item.approval.approved_by == world.users["forum"]
    steps = list(item.events.order_by("pk").values_list("step", "by__last_name", "body", "comment"))
    assert steps == [
        ("drafted", "Officer", "We ring you.", ""),
        ("submitted", "Officer", "We ring you.", ""),
        ("returned", "Forum", "We ring you.", "Say when."),
        ("edited", "Officer", "We ring you every four weeks.", ""),
        ("submitted", "Officer", "We ring you every four weeks.", ""),
        ("approved", "Forum", "We ring you every four weeks.", ""),
    ]
    # The item page shows the whole history to anyone in the partnership.
    page = world.client("board").get(url(world, "item", pk=item.pk)).content.decode()
    assert "Say when." in page and "Approved by the forum" in page and "Pat Forum" in page


def test_the_forum_approves_only_the_words_it_was_shown(world):
    item = world.awaiting()
    shown = item.version
    services.family_item_edit(
        item=item,
        by=world.users["officer"],
        expected_version=shown,
        title="Changed",
        body="New words.",
    )
    with pytest.raises(StaleEdit):
        services.family_item_approve(item=item, by=world.users["forum"], expected_version=shown)
    item.refresh_from_db()
    assert item.status == Status.DRAFT and not FamilyApproval.objects.exists()
    response = world.client("forum").post(
        url(world, "item-approve", pk=item.pk), {"version": shown}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == Status.DRAFT


def test_steps_out_of_order_are_refused_and_change_nothing(world):
    item = world.draft()
    with pytest.raises(services.NotNow):
        services.family_item_approve(
            item=item, by=world.users["forum"], expected_version=item.version
        )
    response = world.client("forum").post(
        url(world, "item-approve", pk=item.pk), {"version": item.version}
    )
    assert response.status_code == 302
    assert FamilyItem.objects.get(pk=item.pk).status == Status.DRAFT
    assert not FamilyApproval.objects.exists()


def test_editing_an_approved_item_takes_it_back_to_draft_and_withdrawing_unpublishes(world):
    item = world.awaiting()
    services.family_item_approve(item=item, by=world.users["forum"], expected_version=item.version)
    item.refresh_from_db()
    item = services.family_item_edit(
        item=item, by=world.users["officer"], expected_version=item.version, title="T", body="B"
    )
    assert (item.status, item.approval) == (Status.DRAFT, None)
    item = services.family_item_submit(
        item=item, by=world.users["officer"], expected_version=item.version
    )
    services.family_item_approve(item=item, by=world.users["forum"], expected_version=item.version)
    item.refresh_from_db()
    item = services.family_item_withdraw(
        item=item, by=world.users["officer"], comment="Out of date"
    )
    assert (item.status, item.approval) == (Status.WITHDRAWN, None)
    # Approvals stay as the record of what was public, and when.
    assert FamilyApproval.objects.filter(item=item).count() == 2
    assert item.events.filter(step="withdrawn", comment="Out of date").exists()


def test_the_database_keeps_the_rules(world):
    item = world.draft()
    with transaction.atomic(), pytest.raises(IntegrityError):
        FamilyItem.objects.filter(pk=item.pk).update(status="approved")  # no approval to show
    with transaction.atomic(), pytest.raises(IntegrityError):
        FamilyItem.objects.filter(pk=item.pk).update(kind="measure")  # a measure item needs one
    with transaction.atomic(), pytest.raises(IntegrityError):
        FamilyItem.objects.filter(pk=item.pk).update(status="published")
    with transaction.atomic(), pytest.raises(IntegrityError):
        FamilyItemEvent.objects.create(
            item=item, step="returned", by_name="x", at=item.created_at, title="t", body="b"
        )


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_the_pages_and_does_only_its_own_steps(world, role):
    client = world.client(role)
    item = world.awaiting()
    assert client.get(url(world, "items")).status_code == 200
    page = client.get(url(world, "item", pk=item.pk)).content.decode()
    assert item.title in page
    assert ("Approve for the public page" in page) == (role == "forum")
    assert ("Send to the forum" in page or "Change the words" in page) == (role in DRAFTERS)
    assert (client.get(url(world, "item-add")).status_code == 200) == (role in DRAFTERS)
    assert (client.get(url(world, "settings")).status_code == 200) == (role == "admin")
    for name in ("item-approve", "item-return"):
        response = client.post(
            url(world, name, pk=item.pk), {"version": item.version, "comment": "c"}
        )
        assert (response.status_code == 302) == (role == "forum"), name
        assert response.status_code in (302, 403)
        item.refresh_from_db()
        if role == "forum":
            break  # approved: nothing left to return
    if role != "forum":
        assert FamilyItem.objects.get(pk=item.pk).status == Status.AWAITING
    response = client.post(url(world, "item-withdraw", pk=item.pk), {})
    assert (response.status_code == 302) == (role in DRAFTERS)
    response = client.post(url(world, "item-add"), {"kind": "doing", "title": "A", "body": "B"})
    assert (response.status_code == 302) == (role in DRAFTERS)
    assert FamilyItem.objects.filter(title="A").exists() == (role in DRAFTERS)


def test_another_partnership_sees_nothing(world):
    item = world.awaiting()
    stranger = world.client("stranger")
    for name, kwargs in (("items", {}), ("item", {"pk": item.pk}), ("item-add", {})):
        assert stranger.get(url(world, name, **kwargs)).status_code == 404
    # With its own slug and this partnership's item: 404 too.
    own = reverse("families:item", kwargs={"slug": world.other.slug, "pk": item.pk})
    assert stranger.get(own).status_code == 404
    edit = reverse("families:item-edit", kwargs={"slug": world.other.slug, "pk": item.pk})
    assert stranger.get(edit).status_code == 404
    assert stranger.post(edit, {"version": 1, "title": "x", "body": "y"}).status_code == 404
    assert FamilyItem.objects.get(pk=item.pk).title == "More staff to write plans"


def test_drafts_refuse_titled_names_and_keep_the_rules_of_each_kind(world):
    officer = world.client("officer")
    bad = [
        (
            {"kind": "doing", "title": "Help for Mrs Jones", "body": "Words."},
            "never names a person",
        ),
        ({"kind": "you_said", "title": "T", "body": "We did."}, "Enter what families said"),
        ({"kind": "measure", "title": "T", "body": "B"}, "Choose the measure"),
        ({"kind": "doing", "title": "T", "said": "x", "body": "B"}, "Leave “You said” empty"),
    ]
    for data, message in bad:
        response = officer.post(url(world, "item-add"), data)
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not FamilyItem.objects.exists()


def test_the_plain_english_check_shows_without_saving_with_or_without_htmx(world):
    officer = world.client("officer")
    data = {
        "kind": "doing",
        "title": "Plans",
        "body": "We are hiring more staff so that SEND support teams across the county can "
        "respond to every request for an assessment within twenty weeks, which is the legal "
        "limit that the Department for Education sets for councils.",
        "check": "1",
    }
    full = officer.post(url(world, "item-add"), data).content.decode()
    partial = officer.post(
        url(world, "item-add"), data, headers={"HX-Request": "true"}
    ).content.decode()
    assert "<html" in full and "<html" not in partial
    for html in (full, partial):
        assert "Long sentences" in html and "SEND" in html and "target 11" in html
    assert not FamilyItem.objects.exists()


def test_the_admin_switches_the_page_and_sets_the_reading_age(world):
    admin = world.client("admin")
    bad = admin.post(url(world, "settings"), {"is_public": "on", "target_reading_age": "40"})
    assert bad.status_code == 400
    assert (
        world.client("board")
        .get(reverse("families:public", kwargs={"slug": world.partnership.slug}))
        .status_code
        == 404
    )
    admin.post(url(world, "settings"), {"is_public": "on", "target_reading_age": "9"})
    public = reverse("families:public", kwargs={"slug": world.partnership.slug})
    from django.test import Client

    assert Client().get(public).status_code == 200
    page = world.client("officer").post(
        url(world, "item-add"), {"kind": "doing", "title": "T", "body": "B", "check": "1"}
    )
    assert "target 9" in page.content.decode()
    admin.post(url(world, "settings"), {"target_reading_age": "9"})
    assert Client().get(public).status_code == 404
