"""Withdrawing a whole inspection recorded by mistake, and restoring it: after a wrong report
is imported and withdrawn, every page, PDF and count is exactly as before, and the right
report can be imported."""

from __future__ import annotations

import difflib
import io
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from inspections.importer.save import report_import
from inspections.inspection_withdrawal import inspection_withdraw, withdrawal_plan
from inspections.models import (
    Addressee,
    Deadline,
    Finding,
    Inspection,
    InspectionTeamMember,
    Judgement,
    Membership,
    Organisation,
    Partnership,
)
from tests.clients import sign_in
from tests.factories import (
    make_deadline,
    make_finding,
    make_inspection,
    make_judgement,
    make_member,
    make_organisation,
    make_partnership,
)
from tests.inspections.importer_support import read_report, row_counts

pytestmark = pytest.mark.django_db
REASON = "Hertfordshire's report, imported into Suffolk by mistake"


def suffolk() -> Partnership:
    return Partnership.objects.get(slug="suffolk")


def inspection_of(kind: str) -> Inspection:
    """Suffolk's own (its November 2023 full inspection is later than Hertfordshire's)."""
    inspections = Inspection.objects.filter(partnership__slug="suffolk", kind=kind)
    found = inspections.order_by("-start_date").first()
    assert found is not None
    return found


def url(name: str, **kwargs) -> str:
    return reverse(name, kwargs={"slug": "suffolk", **kwargs})


def import_hertfordshire() -> Inspection:
    """The wrong report, saved into Suffolk: the importer refuses another area's report, so
    here someone has recorded "Hertfordshire" as another name of Suffolk's area by mistake."""
    _, parsed = read_report("hertfordshire")
    Partnership.objects.filter(slug="suffolk").update(local_areas="Hertfordshire")
    wrong = report_import(partnership=suffolk(), parsed=parsed).inspection
    assert wrong is not None
    return wrong


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def everything(client: Client) -> dict[str, str]:
    """What the partnership's pages (their main content, CSRF tokens left out: they differ
    on each render) and PDFs show, and its counts."""
    pages = {
        name: url(name)
        for name in (
            "inspections:partnership",
            "actions:dashboard",
            "inspections:deadlines",
            "actions:list",
            "actions:measures",
            "actions:plans",
        )
    }
    full, monitoring = inspection_of("full_2023"), inspection_of("monitoring_2023")
    pages["full"] = url("inspections:inspection", pk=full.pk)
    pages["monitoring"] = url("inspections:inspection", pk=monitoring.pk)
    for finding in Finding.objects.filter(inspection=full):
        pages[finding.title] = url("actions:finding", pk=finding.pk)
    seen = {}
    for name, address in pages.items():
        response = client.get(address)
        assert response.status_code == 200, name
        main = re.search(r"<main.*</main>", response.content.decode(), re.S)
        assert main is not None, name
        seen[name] = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", main.group())
    seen["letter"] = pdf_text(client.get(url("inspections:letter", pk=monitoring.pk)).content)
    seen["readiness"] = pdf_text(client.get(url("actions:readiness", pk=full.pk)).content)
    seen["counts"] = repr(current_counts())
    return seen


def current_counts() -> dict[str, int]:
    """Current rows of each model; the team and addressees (never withdrawn themselves)
    counted through a current inspection."""
    counts = row_counts()
    for model in (InspectionTeamMember, Addressee):
        rows = model.objects.filter(inspection__withdrawn_at__isnull=True)
        counts[model.__name__] = rows.count()
    return counts


def assert_same(after: dict[str, str], before: dict[str, str]) -> None:
    """Each page as before, or the lines that differ."""
    assert after.keys() == before.keys()
    for name, text in after.items():
        diff = difflib.unified_diff(before[name].splitlines(), text.splitlines(), lineterm="")
        assert text == before[name], f"{name} changed:\n" + "\n".join(list(diff)[:40])


def test_a_wrong_report_withdrawn_leaves_everything_as_before(demo):
    officer = sign_in("suffolk-officer")
    before = everything(officer)
    wrong = import_hertfordshire()
    during = everything(officer)
    assert during["inspections:partnership"] != before["inspections:partnership"]
    assert during["counts"] != before["counts"]
    page = officer.get(url("inspections:inspection-withdraw", pk=wrong.pk)).content.decode()
    assert "with its 7 findings" in page
    assert "Hertfordshire County Council" in page  # an organisation nothing else uses

    response = officer.post(url("inspections:inspection-withdraw", pk=wrong.pk), {"reason": REASON})
    assert response.status_code == 302
    officer.get(response["Location"])  # the page that shows the success message
    assert_same(everything(officer), before)

    # Who withdrew it, when and why: on its page, in its history and in the activity log.
    page = officer.get(url("inspections:inspection", pk=wrong.pk)).content.decode()
    assert "withdrawn" in page and REASON.replace("'", "&#39;") in page
    assert "suffolk-officer" in page or "Officer" in page
    latest = Inspection.all_objects.get(pk=wrong.pk).history.latest()
    assert (latest.history_user.username, latest.withdrawal_reason) == ("suffolk-officer", REASON)
    assert "withdrawn" in officer.get(url("inspections:activity")).content.decode()
    withdrawn = Finding.all_objects.filter(inspection=wrong)
    assert withdrawn.count() == 7 and not withdrawn.filter(withdrawn_at__isnull=True).exists()
    assert Deadline.all_objects.filter(inspection=wrong, withdrawal_reason=REASON).count() == 2
    herts = Organisation.all_objects.filter(partnership=suffolk(), name__icontains="Hertford")
    assert herts.count() == 2 and not herts.filter(withdrawn_at__isnull=True).exists()


def test_the_right_report_can_be_imported_after_the_wrong_one_is_withdrawn(demo):
    officer = sign_in("suffolk-officer")
    wrong = import_hertfordshire()
    officer.post(url("inspections:inspection-withdraw", pk=wrong.pk), {"reason": REASON})
    again = import_hertfordshire()  # the same inspection again: nothing current stops it
    assert again.pk != wrong.pk
    assert Finding.objects.filter(inspection=again).count() == 7
    herts = Organisation.objects.filter(partnership=suffolk(), name__icontains="Hertford")
    assert herts.count() == 2  # created afresh, not the withdrawn ones
    assert Deadline.objects.filter(inspection=again).count() == 2

    # Restoring the withdrawn one now conflicts with the current one: nothing changes.
    counts = row_counts()
    response = officer.post(url("inspections:inspection-restore", pk=wrong.pk))
    assert response.status_code == 409
    html = response.content.decode()
    assert "Not restored" in html and "is recorded again" in html
    assert row_counts() == counts


def test_restoring_brings_back_exactly_what_was_withdrawn(demo):
    officer = sign_in("suffolk-officer")
    wrong = import_hertfordshire()
    after_import = row_counts()
    # Withdrawn earlier on its own: stays withdrawn when the inspection is restored.
    single = Finding.objects.get(inspection=wrong, kind="improvement", number=1)
    officer.post(url("inspections:finding-withdraw", pk=single.pk), {"reason": "Duplicate"})
    after_single = row_counts()
    officer.post(url("inspections:inspection-withdraw", pk=wrong.pk), {"reason": REASON})
    assert row_counts() != after_single
    board = sign_in("suffolk-board")
    page = board.get(url("inspections:inspection", pk=wrong.pk)).content.decode()
    assert "withdrawn" in page and "Restore" not in page
    assert board.post(url("inspections:inspection-restore", pk=wrong.pk)).status_code == 403
    assert "Restore" in officer.get(url("inspections:inspection", pk=wrong.pk)).content.decode()
    response = officer.post(url("inspections:inspection-restore", pk=wrong.pk))
    assert response.status_code == 302
    assert row_counts() == after_single != after_import
    assert not Finding.objects.filter(pk=single.pk).exists()
    restored = Inspection.objects.get(pk=wrong.pk)
    assert restored.withdrawal_reason == ""
    page = officer.get(url("inspections:inspection", pk=wrong.pk)).content.decode()
    assert "10 to 14 July 2023" in page and "Restore" not in page
    # A current inspection cannot be "restored".
    assert officer.post(url("inspections:inspection-restore", pk=wrong.pk)).status_code == 404


def test_an_inspection_with_actions_or_a_follow_up_is_not_withdrawn(demo):
    officer = sign_in("suffolk-officer")
    full = inspection_of("full_2023")
    page = url("inspections:inspection-withdraw", pk=full.pk)
    html = officer.get(page).content.decode()
    assert "Area for priority action 1 has" in html and "withdraw or move them first" in html
    assert "follows it up: withdraw that first" in html
    counts = row_counts()
    assert officer.post(page, {"reason": "No"}).status_code == 409
    assert row_counts() == counts and Inspection.objects.filter(pk=full.pk).exists()


def test_withdrawing_a_monitoring_inspection_reopens_the_monitoring_it_met(demo):
    officer = sign_in("suffolk-officer")
    monitoring, full = inspection_of("monitoring_2023"), inspection_of("full_2023")
    expected = Deadline.objects.get(inspection=full, title__startswith="Monitoring inspection")
    assert expected.status == "met"
    judgements = set(Judgement.objects.filter(inspection=monitoring).values_list("pk", flat=True))
    page = url("inspections:inspection-withdraw", pk=monitoring.pk)
    assert officer.post(page, {"reason": "Wrong letter"}).status_code == 302
    expected.refresh_from_db()
    assert (expected.status, expected.met_date, expected.evidence) == ("open", None, "")
    assert not Judgement.objects.filter(pk__in=judgements).exists()
    assert officer.get(url("inspections:letter", pk=monitoring.pk)).status_code == 404
    # Restored: its judgements and the monitoring it met come back.
    assert officer.post(url("inspections:inspection-restore", pk=monitoring.pk)).status_code == 302
    assert set(Judgement.objects.filter(inspection=monitoring).values_list("pk", flat=True)) == (
        judgements
    )
    expected.refresh_from_db()
    assert expected.status == "met" and expected.met_date == monitoring.end_date


def test_an_organisation_someone_belongs_to_is_kept(demo):
    officer = sign_in("suffolk-officer")
    wrong = import_hertfordshire()
    council = Organisation.objects.get(partnership=suffolk(), name="Hertfordshire County Council")
    Membership.objects.filter(user__username="suffolk-board").update(organisation=council)
    officer.post(url("inspections:inspection-withdraw", pk=wrong.pk), {"reason": REASON})
    assert Organisation.objects.filter(pk=council.pk).exists()
    assert Organisation.objects.filter(name__icontains="Hertford").count() == 1


def test_only_organisations_the_import_added_are_withdrawn_and_restored(demo):
    """The wrong report names a body Suffolk recorded before (here Hertfordshire's council,
    say as a neighbour it works with) and one it did not: withdrawing the report takes only
    the one its import added, and restoring brings that one back."""
    officer = sign_in("suffolk-officer")
    before = make_organisation(suffolk(), name="Hertfordshire County Council")
    wrong = import_hertfordshire()
    added = list(Organisation.objects.filter(partnership=suffolk(), added_by_inspection=wrong))
    assert [org.name for org in added] == ["NHS Hertfordshire and West Essex Integrated Care Board"]
    assert before.findings_responsible_for.filter(inspection=wrong).exists()  # named by it
    officer.post(url("inspections:inspection-withdraw", pk=wrong.pk), {"reason": REASON})
    assert Organisation.objects.filter(pk=before.pk).exists()
    assert not Organisation.objects.filter(pk=added[0].pk).exists()
    assert officer.post(url("inspections:inspection-restore", pk=wrong.pk)).status_code == 302
    assert Organisation.objects.filter(pk__in=[before.pk, added[0].pk]).count() == 2


def test_a_founding_body_is_not_taken_with_an_inspection_that_names_it(demo):
    """Bexley's full 2023 inspection names South East London ICB, one of the bodies the
    partnership was set up with: withdrawing the inspection would leave it."""
    full = Inspection.objects.get(partnership__slug="bexley", kind="full_2023")
    named = Organisation.objects.filter(findings_responsible_for__inspection=full).distinct()
    assert "South East London ICB" in {org.name for org in named}
    assert withdrawal_plan(full).organisations == []


def test_the_withdrawal_form_refuses_a_missing_or_long_reason(demo):
    officer = sign_in("suffolk-officer")
    wrong = import_hertfordshire()
    page = url("inspections:inspection-withdraw", pk=wrong.pk)
    for reason, message in [("", "Enter why"), ("x" * 1001, "1000 characters or fewer")]:
        html = officer.post(page, {"reason": reason}).content.decode()
        assert "govuk-error-summary" in html and message in html
    assert Inspection.objects.filter(pk=wrong.pk).exists()
    assert Finding.objects.filter(inspection=wrong).count() == 7


def test_withdrawn_pages_answer_404_to_another_partnership(demo):
    officer = sign_in("suffolk-officer")
    wrong = import_hertfordshire()
    officer.post(url("inspections:inspection-withdraw", pk=wrong.pk), {"reason": REASON})
    bexley = sign_in("bexley-leader")
    for slug in ("suffolk", "bexley"):
        address = reverse("inspections:inspection", kwargs={"slug": slug, "pk": wrong.pk})
        assert bexley.get(address).status_code == 404
        restore = reverse("inspections:inspection-restore", kwargs={"slug": slug, "pk": wrong.pk})
        assert bexley.post(restore).status_code == 404
    assert Client().get(url("inspections:inspection", pk=wrong.pk)).status_code == 302


# --- Query budgets --------------------------------------------------------------------------


def build_withdrawn(size: int) -> tuple[Client, str, str, str]:
    """A partnership with a full inspection of `size` findings (with focus points, bodies
    and judgements), and another withdrawn: its officer, and the withdraw, withdrawn and
    correct pages."""
    partnership = make_partnership()
    user = make_member(partnership, role="officer")
    full = make_inspection(partnership)
    monitoring = make_inspection(partnership, kind="monitoring_2023", follows=full)
    withdrawn = make_inspection(partnership)
    for n in range(1, size + 1):
        finding = make_finding(full, number=n, focus_points=3)
        finding.responsible_bodies.add(make_organisation(partnership))
        make_judgement(finding, monitoring)
        make_deadline(partnership, inspection=full, owner=make_organisation(partnership))
        make_finding(withdrawn, number=n, focus_points=2)
    inspection_withdraw(inspection=withdrawn, by=user, reason="Wrong")
    client = Client()
    client.force_login(user)

    def address(name: str, pk: int) -> str:
        return reverse(name, kwargs={"slug": partnership.slug, "pk": pk})

    return (
        client,
        address("inspections:inspection-withdraw", full.pk),
        address("inspections:inspection", withdrawn.pk),
        address("inspections:finding-correct", full.findings.earliest("pk").pk),
    )


# Session, user, membership, then the page's own reads.
QUERY_BUDGET = {
    "withdraw": 3 + 1 + 9,  # the inspection; the withdrawal plan
    # the page cache (nothing), the current inspection (none), the withdrawn one, what went
    # with it
    "withdrawn": 3 + 1 + 1 + 1 + 5,
    "correct": 3 + 1 + 3,  # the finding; its bodies; the partnership's organisations
}


@pytest.mark.parametrize("page", list(QUERY_BUDGET))
def test_query_count_does_not_grow_with_the_data(page):
    counts = []
    for size in (2, 12):
        client, withdraw, withdrawn, correct = build_withdrawn(size)
        address = {"withdraw": withdraw, "withdrawn": withdrawn, "correct": correct}[page]
        client.get(address)  # the inspection page's cache lookups settle
        with CaptureQueriesContext(connection) as queries:
            assert client.get(address).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= QUERY_BUDGET[page], counts


def test_the_history_of_a_withdrawn_finding_and_deadline_says_who_and_why(demo):
    """Withdrawn records leave the pages but not their history: the finding's and the
    deadline's history pages still open, with the withdrawal and its reason."""
    wrong = import_hertfordshire()
    finding = wrong.findings.earliest("pk")
    deadline = Deadline.objects.filter(inspection=wrong).earliest("pk")
    officer = Membership.objects.get(user__username="suffolk-officer").user
    inspection_withdraw(inspection=wrong, by=officer, reason=REASON)
    client = sign_in("suffolk-board")
    assert client.get(url("actions:finding", pk=finding.pk)).status_code == 404
    for name, pk in (
        ("actions:finding-history", finding.pk),
        ("inspections:deadline-history", deadline.pk),
    ):
        page = client.get(url(name, pk=pk))
        assert page.status_code == 200, name
        assert "imported into Suffolk by mistake" in page.content.decode(), name
