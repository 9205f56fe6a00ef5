"""Every page a person can open, from the URL-walk list (tests/test_access.py), and a browser
walk that checks each one fits the window and passes axe.

Shared by the test_every_page_fits_*.py modules, which are split so pytest-xdist
(`--dist loadfile`) spreads the walks over its workers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from inspections.models import Invitation, Membership, Partnership
from inspections.models.invitation import new_token, token_hash
from tests.browser.conftest import assert_accessible, sign_in
from tests.test_access import (
    GET_NEEDS_ROLE,
    INFORMATION,
    PERSONAL,
    PERSONAL_FORMS,
    POST_ONLY,
    ROLE_RANK,
    ROUTES,
    STAFF,
    suffolk_invitation,
    url_for,
)

# Files, not pages: the browser downloads them.
DOWNLOADS = (".pdf", ".xlsx", ".csv")
# GET-able pages outside any partnership for a signed-in person, beyond the walk's lists.
SIGNED_IN_EXTRA = ("home", "password_change", "password_change_done")
# What the browser reports as wider than the window, and the widest elements that cause it
# (deepest first), so a failure names the culprit rather than just the page.
OVERFLOW_SCRIPT = """() => {
  const width = document.documentElement.clientWidth;
  const culprits = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) continue;
    // Inside a scroll region the overflow is meant (and reachable by keyboard).
    if (el.closest('.app-table-container, .app-table-scroll') &&
        !el.matches('.app-table-container, .app-table-scroll')) continue;
    if ([...el.children].some(child => child.getBoundingClientRect().right > width + 1)) continue;
    const id = el.id ? '#' + el.id : '';
    const cls = typeof el.className === 'string' && el.className ?
      '.' + el.className.trim().split(/\\s+/).join('.') : '';
    culprits.push(`${el.tagName.toLowerCase()}${id}${cls} (right edge ${Math.round(box.right)})`);
    if (culprits.length >= 5) break;
  }
  return {scrollWidth: document.documentElement.scrollWidth, culprits};
}"""


@dataclass(frozen=True)
class Page:
    name: str
    url: str


def demo_user(role: str, slug: str = "suffolk"):
    """The first demo account with `role` in the partnership: a role added later is walked as
    soon as the demo data has an account for it."""
    membership = (
        Membership.objects.filter(partnership__slug=slug, role=role)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    assert membership is not None, f"The demo data has no {role} in {slug}: add one"
    return membership.user


def pages_for(user) -> list[Page]:
    """Every HTML page `user` may GET: the partnership's (ROUTES, by role), the personal and
    information pages, the staff pages for staff, and the account pages."""
    role = Membership.objects.get(user=user, partnership__slug="suffolk").role
    suffolk_invitation()  # so that the members page shows its second table
    pages: list[Page] = []
    for name in ROUTES:
        needed = GET_NEEDS_ROLE.get(name)
        if name in POST_ONLY or (needed and ROLE_RANK[role] < ROLE_RANK[needed]):
            continue
        pages.append(Page(name, url_for(name)))
    for name in sorted(PERSONAL | INFORMATION | PERSONAL_FORMS) + list(SIGNED_IN_EXTRA):
        pages.append(Page(name, reverse(name)))
    if user.is_staff:
        # The other staff pages take only POST, or the token of an upload.
        pages += [Page(name, reverse(name)) for name in sorted(STAFF) if name == "benchmarks:home"]
    pages = [page for page in pages if not page.url.endswith(DOWNLOADS)]
    # reminders:calendar-reset takes only POST.
    return [page for page in pages if page.name != "reminders:calendar-reset"]


def anonymous_pages() -> list[Page]:
    """The pages for someone not signed in: sign-in, password reset (with a link that does not
    work), a pending invitation of Suffolk's, and the information pages."""
    names = ["login", "password_reset", "password_reset_done", "password_reset_complete"]
    pages = [Page(name, reverse(name)) for name in names + sorted(INFORMATION)]
    reset = {"uidb64": "MQ", "token": "set-password"}
    pages.append(Page("password_reset_confirm", reverse("password_reset_confirm", kwargs=reset)))
    token = new_token()
    Invitation.objects.create(
        partnership=Partnership.objects.get(slug="suffolk"),
        email="invited@example.org",
        full_name="Invited Person",
        role=Membership.Role.OFFICER,
        token_hash=token_hash(token),
        expires_at=timezone.now() + dt.timedelta(days=14),
    )
    invitation = reverse("inspections:invitation-accept", kwargs={"token": token})
    pages.append(Page("inspections:invitation-accept", invitation))
    return pages


def widest_admin(username: str = "suffolk-admin"):
    """The partnership admin with the most in the header and navigation: staff (National
    statistics) and a member of a second partnership (Change partnership)."""
    user = get_user_model().objects.get(username=username)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    Membership.objects.create(
        user=user, partnership=Partnership.objects.get(slug="bexley"), role=Membership.Role.BOARD
    )
    return user


def walk(browser, base_url: str, user, width: int, *, axe: bool) -> None:
    """Visit every page `user` (None: someone not signed in) may open at `width` px, in one
    browser context signed in once; fail once, listing every page wider than the window (with
    the elements that stick out) and every axe report."""
    context = browser.new_context(viewport={"width": width, "height": 800}, base_url=base_url)
    who = user.get_username() if user else "someone not signed in"
    try:
        page = context.new_page()
        if user:
            sign_in(page, user.get_username())
        problems: list[str] = []
        for target in pages_for(user) if user else anonymous_pages():
            response = page.goto(target.url)
            if response is None or response.status != 200:
                problems.append(f"{target.name}: HTTP {response and response.status}")
                continue
            found = page.evaluate(OVERFLOW_SCRIPT)
            if found["scrollWidth"] > width:
                problems.append(
                    f"{target.name} ({target.url}) is {found['scrollWidth']} px wide at "
                    f"{width} px: {', '.join(found['culprits'])}"
                )
            if axe:
                try:
                    assert_accessible(page)
                except AssertionError as report:
                    problems.append(f"{target.name} ({target.url}) axe:\n{report}")
        assert not problems, f"As {who} at {width} px:\n" + "\n".join(problems)
    finally:
        context.close()
