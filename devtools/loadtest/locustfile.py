"""Load test: partnership leaders updating, board members reading, officers building packs.

Run it with `make loadtest` (devtools/loadtest/run.sh), which generates the data, gives a
few users a password, starts gunicorn and the task worker, and sets:

  LOADTEST_SLUGS       partnerships whose leader-1, board-1 and officer-1 can sign in
  LOADTEST_PACK_SLUGS  the small partnerships whose officers build briefing packs
  LOADTEST_PASSWORD    their password

Forms are read from each page as a browser would submit them (hidden fields included), so
new hidden fields such as a version or a submission id need no change here. Each leader has
a partnership of their own, so two simulated leaders never edit the same action: any
answer other than the expected one is an error.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import random
import re
import time
from collections.abc import Callable
from html.parser import HTMLParser

from locust import HttpUser, between, task

SLUGS = [s for s in os.environ.get("LOADTEST_SLUGS", "").split(",") if s]
PACK_SLUGS = [s for s in os.environ.get("LOADTEST_PACK_SLUGS", "").split(",") if s]
PASSWORD = os.environ.get("LOADTEST_PASSWORD", "")
HX = {"HX-Request": "true"}
PACK_POLLS = 90  # at most three minutes of polling, every 2 seconds, as the page does
NARRATIVES = [
    "Backlog of overdue assessments reduced again this month; recruitment continues.",
    "Workshop held with the parent carer forum; actions agreed and shared with schools.",
    "Audit of new plans completed; feedback given to health and care advice writers.",
    "Risk: staffing below establishment. Mitigation agreed at the improvement board.",
]

_next_slug: dict[str, itertools.cycle] = {}


def next_slug(role: str, slugs: list[str]) -> str:
    """Hand out partnerships in turn, per role, so leaders do not share one."""
    if role not in _next_slug:
        _next_slug[role] = itertools.cycle(slugs)
    return next(_next_slug[role])


class FormReader(HTMLParser):
    """The fields the first matching form would submit: inputs (hidden ones too), checked
    boxes, selected options (or the first), and textareas."""

    def __init__(self, matches: Callable[[dict[str, str | None]], bool]) -> None:
        super().__init__()
        self.matches = matches
        self.fields: dict[str, str] = {}
        self.action: str | None = None
        self.inside = self.found = False
        self.select: str | None = None
        self.first_option: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            if not self.found and self.matches(a):
                self.inside = self.found = True
                self.action = a.get("action")
            return
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button") or (
                kind in ("checkbox", "radio") and "checked" not in a
            ):
                return
            self.fields[name] = a.get("value") or ""
        elif tag == "select" and name:
            self.select, self.first_option = name, None
        elif tag == "option" and self.select:
            value = a.get("value") or ""
            if self.first_option is None:
                self.first_option = value
            if "selected" in a:
                self.fields[self.select] = value
        elif tag == "textarea" and name:
            self.textarea = name
            self.fields[name] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select:
            self.fields.setdefault(self.select, self.first_option or "")
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data: str) -> None:
        if self.inside and self.textarea:
            self.fields[self.textarea] += data


def read_form(html: str, **attrs: str) -> tuple[str, dict[str, str]]:
    """(action, fields) of the first form whose attributes include `attrs`."""
    reader = FormReader(lambda a: all(a.get(k) == v for k, v in attrs.items()))
    reader.feed(html)
    if not reader.found:
        raise LookupError(f"No form with {attrs}")
    return reader.action or "", reader.fields


class Member(HttpUser):
    """A signed-in member of one generated partnership."""

    abstract = True
    role = ""
    slugs = SLUGS
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        if not self.slugs or not PASSWORD:
            raise RuntimeError(
                "Set LOADTEST_SLUGS and LOADTEST_PASSWORD (see devtools/loadtest/run.sh)."
            )
        self.slug = next_slug(self.role, self.slugs)
        self.base = f"/p/{self.slug}"
        page = self.client.get("/accounts/login/", name="/accounts/login/")
        action, fields = read_form(page.text, action="/accounts/login/")
        fields.update(username=f"{self.slug}-{self.role}-1", password=PASSWORD)
        with self.client.post(
            action, data=fields, name="/accounts/login/ (sign in)", catch_response=True
        ) as response:
            if "/accounts/login/" in response.url or response.status_code != 200:
                response.failure(f"Sign-in failed for {fields['username']}")
        self.findings = self.ids(self.get("/dashboard/").text, "findings")
        self.actions = self.ids(self.get("/actions/").text, "actions")

    def ids(self, html: str, kind: str) -> list[str]:
        return sorted(set(re.findall(rf"{re.escape(self.base)}/{kind}/(\d+)/", html)))

    def get(self, path: str, name: str | None = None, **kwargs):
        """GET a partnership page, grouped in the statistics by its pattern."""
        label = name or "/p/[slug]" + re.sub(r"/\d+/", "/[id]/", path.split("?")[0])
        with self.client.get(self.base + path, name=label, catch_response=True, **kwargs) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code} for {path}")
            return r


class BoardMember(Member):
    """Reads: the dashboard, findings, the action list with filters, deadlines."""

    role = "board"
    weight = 6

    @task(3)
    def dashboard(self) -> None:
        self.get("/dashboard/")

    @task(2)
    def finding(self) -> None:
        if self.findings:
            self.get(f"/findings/{random.choice(self.findings)}/")

    @task(3)
    def action_list(self) -> None:
        query = random.choice(
            [
                "",
                "?rag=red",
                "?status=in_progress&rag=amber",
                "?overdue=on&sort=-due",
                f"?finding={random.choice(self.findings)}" if self.findings else "?sort=-due",
            ]
        )
        # Changing a filter in the browser asks for the results only (HTMX).
        headers = HX if query and random.random() < 0.5 else {}
        name = "/p/[slug]/actions/?filters" + (" (HTMX)" if headers else "")
        self.get(f"/actions/{query}", name=name, headers=headers)

    @task(2)
    def action(self) -> None:
        if self.actions:
            self.get(f"/actions/{random.choice(self.actions)}/")

    @task(1)
    def deadlines(self) -> None:
        self.get("/deadlines/")

    @task(1)
    def overview(self) -> None:
        self.get("/", name="/p/[slug]/")


class Leader(Member):
    """Opens an action, changes its status and RAG, adds a progress update (as HTMX does)."""

    role = "leader"
    weight = 3

    @task(3)
    def update_an_action(self) -> None:
        if not self.actions:
            return
        page = self.get(f"/actions/{random.choice(self.actions)}/")
        action, fields = read_form(page.text, id="status-form")
        fields["status-status"] = random.choice(["in_progress", "on_hold"])
        fields["status-rag"] = random.choice(["red", "amber", "green"])
        with self.client.post(
            action,
            data=fields,
            headers=HX,
            name="/p/[slug]/actions/[id]/status/",
            catch_response=True,
        ) as r:
            if r.status_code != 200 or 'id="action-status"' not in r.text or "Not saved" in r.text:
                r.failure(f"Status change not saved ({r.status_code})")
        action, fields = read_form(page.text, id="update-form")
        fields["update-narrative"] = random.choice(NARRATIVES)
        fields["update-rag"] = random.choice(["red", "amber", "green"])
        fields.setdefault("update-date", dt.date.today().isoformat())
        with self.client.post(
            action,
            data=fields,
            headers=HX,
            name="/p/[slug]/actions/[id]/updates/",
            catch_response=True,
        ) as r:
            if r.status_code != 200 or "Progress update added." not in r.text:
                r.failure(f"Progress update not added ({r.status_code})")

    @task(1)
    def read(self) -> None:
        self.get(random.choice(["/dashboard/", "/actions/?overdue=on"]), name=None)


class Officer(Member):
    """Now and then builds a board briefing pack and downloads it when it is ready."""

    role = "officer"
    weight = 1
    slugs = PACK_SLUGS or SLUGS
    wait_time = between(20, 40)

    @task
    def build_and_download_a_pack(self) -> None:
        page = self.get("/packs/")
        action, fields = read_form(page.text, action=f"{self.base}/packs/new/")
        with self.client.post(
            action,
            data=fields,
            name="/p/[slug]/packs/new/",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code != 302:
                r.failure(f"Pack not queued ({r.status_code})")
                return
            pack = r.headers["Location"].split(self.base, 1)[-1]
        for attempt in range(1, PACK_POLLS + 1):
            with self.client.get(
                self.base + pack,
                headers=HX,
                name="/p/[slug]/packs/[id]/ (poll, HTMX)",
                catch_response=True,
            ) as r:
                ready = "download.pdf" in r.text
                if r.status_code != 200 or "could not be built" in r.text:
                    r.failure(f"Pack failed ({r.status_code})")
                    return
                if not ready and attempt == PACK_POLLS:
                    r.failure("Pack not ready after three minutes")
                    return
            if ready:
                break
            time.sleep(2)
        with self.client.get(
            f"{self.base}{pack}download.pdf",
            name="/p/[slug]/packs/[id]/download.pdf",
            catch_response=True,
        ) as pdf:
            if pdf.status_code != 200 or not pdf.content.startswith(b"%PDF"):
                pdf.failure(f"No PDF ({pdf.status_code})")
