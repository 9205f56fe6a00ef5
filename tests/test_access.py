"""Access control across every URL the project has.

The walk below visits every URL pattern (GET and POST) as anonymous, as a member of another
partnership, and in every role. A URL added without an entry in ROUTES fails
`test_every_url_is_covered`, so nothing new escapes these checks.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from actions.models import Action, BoardPack, Measure, Plan, SelfEvaluation, SheetImport
from families.models import FamilyItem
from inspections.models import (
    Deadline,
    Finding,
    FocusPoint,
    Inspection,
    Invitation,
    Judgement,
    Membership,
    Partnership,
)
from inspections.models.invitation import new_token, token_hash
from tests.clients import sign_in
from tests.factories import make_member

pytestmark = pytest.mark.django_db

# Who may POST (change data) at each partnership URL: None means nobody (read-only page).
LEADER, OFFICER, ADMIN, FORUM = "leader", "officer", "admin", "forum"
# The parent carer forum representative reads like a board member; FORUM steps (approving
# the families page) are theirs alone, whatever another role's rank.
ROLE_RANK = {"board": 0, "forum": 0, "officer": 1, "leader": 2, "admin": 3}


def may(role: str, needed: str) -> bool:
    """Whether `role` may do what needs `needed`."""
    if needed == FORUM or role == FORUM:
        return role == needed
    return ROLE_RANK[role] >= ROLE_RANK[needed]


def suffolk_action() -> int:
    return Action.objects.filter(plan__partnership__slug="suffolk").earliest("pk").pk


def suffolk_finding() -> int:
    return Finding.objects.filter(inspection__partnership__slug="suffolk").earliest("pk").pk


def suffolk_priority_area() -> int:
    """An area for priority action: only these have a self-evaluation (and its history)."""
    area = Finding.objects.filter(
        inspection__partnership__slug="suffolk", kind=Finding.Kind.PRIORITY_ACTION
    ).earliest("pk")
    SelfEvaluation.objects.get_or_create(
        finding=area, defaults={"assessment": "not_assessed", "assessed_on": dt.date(2026, 11, 1)}
    )
    return area.pk


def suffolk_inspection(kind: str = "monitoring_2023") -> int:
    return Inspection.objects.get(partnership__slug="suffolk", kind=kind).pk


def suffolk_deadline() -> int:
    return Deadline.objects.filter(partnership__slug="suffolk").earliest("pk").pk


def suffolk_pack() -> int:
    partnership = Partnership.objects.get(slug="suffolk")
    pack = BoardPack.objects.filter(partnership=partnership).first()
    if pack is None:
        pack = BoardPack.objects.create(
            partnership=partnership,
            as_of=dt.date(2026, 11, 1),
            since=dt.date(2026, 8, 1),
            prepared_by_name="x",
            status="done",
        )
        pack.file.save(pack.filename, ContentFile(b"%PDF-1.7 test"))
    return pack.pk


def suffolk_measure() -> int:
    return Measure.objects.filter(partnership__slug="suffolk").earliest("pk").pk


def suffolk_plan() -> int:
    return Plan.objects.filter(partnership__slug="suffolk").earliest("pk").pk


def suffolk_focus_point() -> int:
    return (
        FocusPoint.objects.filter(finding__inspection__partnership__slug="suffolk")
        .earliest("pk")
        .pk
    )


def suffolk_judgement() -> int:
    return (
        Judgement.objects.filter(finding__inspection__partnership__slug="suffolk").earliest("pk").pk
    )


def suffolk_member() -> int:
    return Membership.objects.get(user__username="suffolk-board").pk


def suffolk_family_item() -> int:
    """An item of Suffolk's families page awaiting the forum (the same one each time)."""
    partnership = Partnership.objects.get(slug="suffolk")
    item = FamilyItem.objects.for_partnership(partnership).filter(status="awaiting").first()
    if item is None:
        item = FamilyItem.objects.create(
            partnership=partnership, kind="doing", title="An item", body="Words.", status="awaiting"
        )
    return item.pk


def suffolk_invitation() -> int:
    """A pending invitation of Suffolk's (the same one each time it is asked for)."""
    partnership = Partnership.objects.get(slug="suffolk")
    pending = Invitation.objects.for_partnership(partnership).pending().first()
    if pending is None:
        pending = Invitation.objects.create(
            partnership=partnership,
            email="invited@example.org",
            full_name="Invited Person",
            role=Membership.Role.OFFICER,
            token_hash=token_hash(new_token()),
            expires_at=timezone.now() + dt.timedelta(days=14),
        )
    return pending.pk


def suffolk_sheet_import() -> int:
    """An uploaded spreadsheet of Suffolk's, not saved (the same one each time)."""
    partnership = Partnership.objects.get(slug="suffolk")
    upload = SheetImport.objects.for_partnership(partnership).first()
    if upload is None:
        upload = SheetImport.objects.create(
            partnership=partnership,
            kind="actions",
            uploaded_by=Membership.objects.get(user__username="suffolk-officer").user,
            filename="tracker.csv",
            headers=["Title"],
            rows=[[2, ["An action"]]],
            mapping={"title": 0},
        )
    return upload.pk


# name -> (pk factory or None, role needed to POST or None for read-only pages)
ROUTES: dict[str, tuple[Callable[[], int] | None, str | None]] = {
    "inspections:partnership": (None, None),
    "inspections:inspection": (suffolk_inspection, None),
    "inspections:letter": (suffolk_inspection, None),
    "actions:readiness": (suffolk_inspection, None),
    "inspections:deadlines": (None, None),
    "inspections:deadline-outcome": (suffolk_deadline, LEADER),
    "inspections:deadline-history": (suffolk_deadline, None),
    "inspections:deadline-add": (None, OFFICER),
    "inspections:deadline-edit": (suffolk_deadline, OFFICER),
    "inspections:activity": (None, None),
    "inspections:members": (None, ADMIN),
    "inspections:member-invite": (None, ADMIN),
    "inspections:invitation-cancel": (suffolk_invitation, ADMIN),
    "inspections:invitation-resend": (suffolk_invitation, ADMIN),
    "inspections:member-role": (suffolk_member, ADMIN),
    "actions:member-remove": (suffolk_member, ADMIN),
    "inspections:import": (None, OFFICER),
    "inspections:import-save": (None, OFFICER),
    "inspections:finding-add": (lambda: suffolk_inspection("full_2023"), OFFICER),
    "inspections:finding-correct": (suffolk_finding, OFFICER),
    "inspections:finding-withdraw": (suffolk_finding, OFFICER),
    "inspections:focus-point-add": (suffolk_finding, OFFICER),
    "inspections:focus-point-correct": (suffolk_focus_point, OFFICER),
    "inspections:focus-point-withdraw": (suffolk_focus_point, OFFICER),
    "inspections:judgement-add": (suffolk_finding, OFFICER),
    "inspections:judgement-correct": (suffolk_judgement, OFFICER),
    "inspections:judgement-withdraw": (suffolk_judgement, OFFICER),
    "inspections:inspection-withdraw": (suffolk_inspection, OFFICER),
    "inspections:inspection-restore": (suffolk_inspection, OFFICER),
    "actions:dashboard": (None, None),
    "actions:finding": (suffolk_finding, None),
    "actions:finding-history": (suffolk_finding, None),
    "actions:self-evaluation": (suffolk_priority_area, OFFICER),
    "actions:self-evaluation-history": (suffolk_priority_area, None),
    "actions:list": (None, None),
    "actions:action": (suffolk_action, None),
    "actions:action-history": (suffolk_action, None),
    # Also the action's owner, whatever their role: test_an_owner_changes_progress_whatever_their_role
    "actions:update-status": (suffolk_action, LEADER),
    "actions:add-update": (suffolk_action, LEADER),
    "actions:edit": (suffolk_action, OFFICER),
    "actions:create": (None, OFFICER),
    "actions:close": (suffolk_action, LEADER),
    "actions:reopen": (suffolk_action, LEADER),
    "actions:withdraw": (suffolk_action, OFFICER),
    "actions:restore": (suffolk_action, OFFICER),
    "actions:measures": (None, None),
    "actions:measure-add-value": (suffolk_measure, OFFICER),
    "actions:measure-add": (None, OFFICER),
    "actions:measure-edit": (suffolk_measure, OFFICER),
    # Also the measure's owner, whatever their role: tests/actions/test_impact.py
    "actions:measure-commentary": (suffolk_measure, OFFICER),
    "actions:plans": (None, None),
    "actions:plan-add": (None, OFFICER),
    "actions:plan-edit": (suffolk_plan, OFFICER),
    "actions:packs": (None, None),
    "actions:spreadsheets": (None, None),
    "actions:export-xlsx": (None, None),
    "actions:export-csv": (None, None),
    "actions:import-actions": (None, OFFICER),
    "actions:import-values": (None, OFFICER),
    "actions:import-check": (suffolk_sheet_import, OFFICER),
    "actions:import-save": (suffolk_sheet_import, OFFICER),
    "actions:pack-create": (None, OFFICER),
    "actions:pack": (suffolk_pack, None),
    "actions:pack-download": (suffolk_pack, None),
    "families:items": (None, None),
    "families:item": (suffolk_family_item, None),
    "families:item-add": (None, OFFICER),
    "families:item-edit": (suffolk_family_item, OFFICER),
    "families:item-submit": (suffolk_family_item, OFFICER),
    "families:item-withdraw": (suffolk_family_item, OFFICER),
    "families:item-approve": (suffolk_family_item, FORUM),
    "families:item-return": (suffolk_family_item, FORUM),
    "families:settings": (None, ADMIN),
}
# Outside any partnership, for every signed-in person (it shows only their own records):
# walked by `test_personal_pages_need_only_a_sign_in`.
PERSONAL = {"actions:my-actions"}
# For everyone, signed in or not, and the same for all (they show no records): linked from
# every page's footer; walked by `test_information_pages_are_open_to_everyone`.
INFORMATION = {"glossary", "accessibility", "privacy"}
# Outside any partnership, for every signed-in person, with forms that change only their
# own choices: walked by `test_personal_forms_need_only_a_sign_in` (and
# tests/reminders/test_preferences.py).
PERSONAL_FORMS = {"reminders:preferences", "reminders:calendar-reset"}
# Open to anyone holding the link, signed in or not: tests/test_public_pages.py (the
# invitation) and tests/reminders/test_calendar.py (the calendar feed, by its secret token).
# And the families page (tests/families/test_public_page.py), 404 until switched on.
PUBLIC = {"inspections:invitation-accept", "reminders:calendar-feed", "families:public"}
# National statistics, the installation's and not a partnership's: its staff only, walked
# by `test_staff_pages_are_for_staff_only` (and tests/benchmarks/test_pages.py).
STAFF = {"benchmarks:home", "benchmarks:upload", "benchmarks:review", "benchmarks:neighbours"}
# Outside any partnership: sign-in, the partnership chooser, and Django's staff-only admin.
EXEMPT_PREFIXES = ("admin:",)
EXEMPT = {
    "home",
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}
# Read-only pages where GET needs a role (the members page shows nothing to non-admins).
GET_NEEDS_ROLE = {
    "inspections:members": ADMIN,
    "actions:member-remove": ADMIN,
    "inspections:deadline-outcome": LEADER,
    "inspections:import": OFFICER,
    "actions:edit": OFFICER,
    "actions:create": OFFICER,
    "actions:close": LEADER,
    "actions:withdraw": OFFICER,
    "inspections:deadline-add": OFFICER,
    "inspections:deadline-edit": OFFICER,
    "actions:measure-add": OFFICER,
    "actions:measure-edit": OFFICER,
    "actions:plan-add": OFFICER,
    "actions:plan-edit": OFFICER,
    "inspections:finding-add": OFFICER,
    "inspections:finding-correct": OFFICER,
    "inspections:finding-withdraw": OFFICER,
    "inspections:focus-point-add": OFFICER,
    "inspections:focus-point-correct": OFFICER,
    "inspections:focus-point-withdraw": OFFICER,
    "inspections:judgement-add": OFFICER,
    "inspections:judgement-correct": OFFICER,
    "inspections:judgement-withdraw": OFFICER,
    "inspections:inspection-withdraw": OFFICER,
    "actions:self-evaluation": OFFICER,
    "actions:import-actions": OFFICER,
    "actions:import-values": OFFICER,
    "actions:import-check": OFFICER,
    "families:item-add": OFFICER,
    "families:item-edit": OFFICER,
    "families:settings": ADMIN,
}
GET_ONLY = {
    "actions:self-evaluation-history",
    "actions:action-history",
    "actions:finding-history",
    "inspections:deadline-history",
    "inspections:activity",
    "actions:spreadsheets",
    "actions:export-xlsx",
    "actions:export-csv",
    "families:item",
}
# Endpoints that only take POST: a GET is refused (403 for the wrong role, else 405).
POST_ONLY = {
    name for name, (_, role) in ROUTES.items() if role is not None and name not in GET_NEEDS_ROLE
}


def all_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace: str = "") -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(
                    pattern.url_patterns,
                    f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace,
                )
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns)
    return names


def url_for(name: str, slug: str = "suffolk") -> str:
    factory, _ = ROUTES[name]
    kwargs: dict[str, str | int] = {"slug": slug}
    if factory is not None:
        kwargs["pk"] = factory()
    return reverse(name, kwargs=kwargs)


def client_for(username: str) -> Client:
    return sign_in(username)


def test_every_url_is_covered():
    uncovered = {
        name
        for name in all_url_names()
        if name not in ROUTES
        and name not in PERSONAL
        and name not in PERSONAL_FORMS
        and name not in PUBLIC
        and name not in INFORMATION
        and name not in STAFF
        and name not in EXEMPT
        and not name.startswith(EXEMPT_PREFIXES)
    }
    assert not uncovered, f"Add these URLs to ROUTES in {__file__}: {sorted(uncovered)}"


def staff_url(name: str) -> str:
    return reverse(name, kwargs={"token": "0" * 32} if name == "benchmarks:review" else {})


@pytest.mark.parametrize(
    "username", ["suffolk-board", "suffolk-officer", "suffolk-leader", "suffolk-admin"]
)
def test_staff_pages_are_for_staff_only(demo, username):
    """Anonymous: sign in. Any partnership role: 403. Staff: the page (GET) or its answer."""
    member = client_for(username)
    staff_user = make_member(Partnership.objects.get(slug="bexley"), role="board")
    staff_user.is_staff = True  # staff of the installation, whatever partnership they are in
    staff_user.save()
    staff = Client()
    staff.force_login(staff_user)
    for name in STAFF:
        target = staff_url(name)
        for method in (Client().get, Client().post):
            response = method(target)
            assert response.status_code == 302, name
            assert response["Location"].startswith("/accounts/login/"), name
        for headers in ({}, {"HX-Request": "true"}):
            assert member.get(target, headers=headers).status_code == 403, name
            assert member.post(target, {"x": "1"}, headers=headers).status_code == 403, name
        expected = 200 if name == "benchmarks:home" else (404 if name.endswith("review") else 405)
        assert staff.get(target).status_code == expected, name


def test_anonymous_users_are_sent_to_sign_in_everywhere(demo):
    client = Client()
    for name in ROUTES:
        target = url_for(name)
        for method in (client.get, client.post):
            response = method(target)
            assert response.status_code == 302, (name, method.__name__)
            assert response["Location"].startswith("/accounts/login/"), name


def test_another_partnerships_member_gets_404_for_every_url(demo):
    """bexley-leader, by Suffolk's slug and by Bexley's slug with Suffolk's ids."""
    client = client_for("bexley-leader")
    for name, (factory, _) in ROUTES.items():
        for method in (client.get, client.post):
            assert method(url_for(name)).status_code == 404, (name, method.__name__, "suffolk slug")
        if factory is None:
            continue
        # With its own slug and Suffolk's ids: 404 for the methods the endpoint takes; a method
        # it refuses is refused before any lookup, the same as for an id that does not exist.
        for method, refused in ((client.get, POST_ONLY), (client.post, GET_ONLY)):
            response = method(url_for(name, slug="bexley"))
            missing = method(reverse(name, kwargs={"slug": "bexley", "pk": 999999}))
            assert response.status_code == missing.status_code, (name, method.__name__)
            needed = ROUTES[name][1]
            allowed = needed is None or may("leader", needed)
            # A role check comes first and does not look at the id.
            expected = 403 if not allowed else (405 if name in refused else 404)
            assert response.status_code == expected, (name, method.__name__)


@pytest.mark.parametrize(
    "username",
    ["suffolk-board", "suffolk-forum", "suffolk-officer", "suffolk-leader", "suffolk-admin"],
)
def test_roles_read_everything_and_change_only_what_they_may(demo, username):
    client = client_for(username)
    role = Membership.objects.get(user__username=username).role
    for name, (_, needed) in ROUTES.items():
        target = url_for(name)
        get_role = GET_NEEDS_ROLE.get(name)
        response = client.get(target)
        if get_role and not may(role, get_role):
            assert response.status_code == 403, (name, "GET")
        elif name in POST_ONLY:
            assert response.status_code in (403, 405), (name, "GET", response.status_code)
        else:
            assert response.status_code == 200, (name, "GET", response.status_code)
        if needed is not None and not may(role, needed):
            for headers in ({}, {"HX-Request": "true"}):
                response = client.post(target, {"x": "1"}, headers=headers)
                assert response.status_code == 403, (name, "POST")


@pytest.mark.parametrize(
    "username",
    ["suffolk-board", "suffolk-officer", "suffolk-leader", "suffolk-admin", "bexley-leader"],
)
def test_personal_pages_need_only_a_sign_in(demo, username):
    """Any member may read them (they are read-only); anonymous users are sent to sign in."""
    for name in PERSONAL:
        target = reverse(name)
        for method in (Client().get, Client().post):
            response = method(target)
            assert response.status_code == 302, name
            assert response["Location"].startswith("/accounts/login/"), name
        client = client_for(username)
        assert client.get(target).status_code == 200, (name, username)
        assert client.post(target, {"x": "1"}).status_code == 405, (name, username)


@pytest.mark.parametrize("username", [None, "suffolk-board", "bexley-leader"])
def test_information_pages_are_open_to_everyone(demo, username):
    """The same page for anyone; GET only."""
    client = Client() if username is None else client_for(username)
    for name in INFORMATION:
        response = client.get(reverse(name))
        assert response.status_code == 200, (name, username)
        page = response.content.decode()
        # Nobody learns another partnership's organisations (the glossary lists one's own).
        assert "Suffolk" not in page or username == "suffolk-board", (name, username)
        assert client.post(reverse(name)).status_code == 405, name


@pytest.mark.parametrize("username", ["suffolk-board", "suffolk-admin", "bexley-leader"])
def test_personal_forms_need_only_a_sign_in(demo, username):
    """Anonymous users are sent to sign in, for GET and POST; any member reads them (the
    reset is POST only)."""
    for name in PERSONAL_FORMS:
        target = reverse(name)
        for method in (Client().get, Client().post):
            response = method(target)
            assert response.status_code == 302, name
            assert response["Location"].startswith("/accounts/login/"), name
        expected = 405 if name == "reminders:calendar-reset" else 200
        assert client_for(username).get(target).status_code == expected, (name, username)


def test_an_owner_changes_progress_whatever_their_role(demo):
    """The exception to ROUTES' roles: the owner of an action may change its status and
    add updates to it even as a board member; other board members may not."""
    # An open action: a complete one is reopened, not given a status.
    action = (
        Action.objects.filter(plan__partnership__slug="suffolk")
        .exclude(status="complete")
        .earliest("pk")
    )
    board = Membership.objects.get(user__username="suffolk-board")
    Action.objects.filter(pk=action.pk).update(owner=board.user)
    status = reverse("actions:update-status", kwargs={"slug": "suffolk", "pk": action.pk})
    update = reverse("actions:add-update", kwargs={"slug": "suffolk", "pk": action.pk})
    other_board = make_member(board.partnership, role=Membership.Role.BOARD)
    other = Client()
    other.force_login(other_board)
    for headers in ({}, {"HX-Request": "true"}):
        assert other.post(status, {"x": "1"}, headers=headers).status_code == 403
        assert other.post(update, {"x": "1"}, headers=headers).status_code == 403
    owner = client_for("suffolk-board")
    response = owner.post(
        status,
        {"status-version": action.version, "status-status": "on_hold", "status-rag": "red"},
    )
    assert response.status_code == 302
    response = owner.post(
        update,
        {
            "update-date": timezone.localdate().isoformat(),
            "update-narrative": "Owner's note.",
            "update-rag": "amber",
            "update-submission_id": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.rag) == ("on_hold", "amber")
    assert action.updates.get(narrative="Owner's note.").author == board.user
    # Owning one action gives nothing on another: 403, as for any board member.
    another = reverse("actions:update-status", kwargs={"slug": "suffolk", "pk": action.pk + 1})
    assert owner.post(another, {"x": "1"}).status_code == 403
    # Nor the leaders' other controls on the action owned.
    assert (
        owner.get(reverse("actions:edit", kwargs={"slug": "suffolk", "pk": action.pk})).status_code
        == 403
    )


def test_django_admin_is_for_staff_only(demo):
    client = client_for("suffolk-admin")
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
