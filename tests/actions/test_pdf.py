"""PDF exports: letter and pack content and order, PDF/UA identification, and safety."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, StreamObject

from actions.models import Action, BoardPack, ProgressUpdate, SelfEvaluation
from actions.packs import default_since, pack_data, render_pack
from actions.readiness import readiness_letter
from actions.tasks import build_board_pack
from inspections.letters import monitoring_letter, priority_findings
from inspections.models import Deadline, Inspection, Partnership
from send_tracker.pdf import html_to_pdf, render_pdf
from send_tracker.pdf_fetcher import RefusedFetch, StaticOnlyFetcher
from tests.clients import sign_in

pytestmark = pytest.mark.django_db
SEEDS = Path(settings.BASE_DIR) / "fixtures" / "seeds"
HOSTILE = [
    "<link rel=attachment href=file:///etc/passwd>",
    "<img src=http://169.254.169.254/>",
    "<style>@import url(http://169.254.169.254/x.css)</style>",
]


def text_of(pdf: bytes) -> str:
    """All the text, whitespace folded to single spaces."""
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def dictionary(value: object) -> DictionaryObject:
    """A PDF dictionary entry that is itself a dictionary (pypdf types entries as any object)."""
    assert isinstance(value, DictionaryObject)
    return value


def in_order(text: str, *parts: str) -> None:
    position = 0
    for part in parts:
        found = text.find(part, position)
        assert found >= 0, f"{part!r} missing or out of order"
        position = found + len(part)


def structure(reader: PdfReader) -> list[tuple[str, int]]:
    """Each tagged element's type and the index of its page, in structure-tree order."""
    pages = {}
    for n, page in enumerate(reader.pages):
        assert page.indirect_reference is not None
        pages[page.indirect_reference.idnum] = n
    found: list[tuple[str, int]] = []

    def walk(node) -> None:
        node = node.get_object()
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif hasattr(node, "get") and node.get("/Type") == "/StructElem":
            if "/Pg" in node:
                found.append((str(node["/S"]), pages[node.raw_get("/Pg").idnum]))
            walk(node.get("/K", []))

    root = dictionary(reader.trailer["/Root"])
    walk(dictionary(root["/StructTreeRoot"])["/K"])
    return found


def assert_pdf_ua(pdf: bytes, title_start: str) -> PdfReader:
    reader = PdfReader(io.BytesIO(pdf))
    root = dictionary(reader.trailer["/Root"])
    assert bool(dictionary(root["/MarkInfo"])["/Marked"])
    # The structure tree holds the document's headings and paragraphs, on every page.
    tree = structure(reader)
    assert {"/H1", "/P"} <= {kind for kind, _ in tree}
    assert {page for _, page in tree} == set(range(len(reader.pages)))
    assert str(root["/Lang"]).lower() == "en-gb"
    metadata, xmp_stream = reader.metadata, root["/Metadata"]
    assert metadata is not None and metadata.title is not None
    assert metadata.title.startswith(title_start)
    assert isinstance(xmp_stream, StreamObject)
    xmp = xmp_stream.get_data().decode()
    assert re.search(r"pdfuaid:part[^0-9]*1", xmp), "PDF/UA-1 identification missing"
    fonts = set()
    for page in reader.pages:
        for font in dictionary(dictionary(page["/Resources"])["/Font"]).values():
            descriptor = font.get_object().get("/FontDescriptor")
            if descriptor is None:  # composite font
                descriptor = font.get_object()["/DescendantFonts"][0].get_object()[
                    "/FontDescriptor"
                ]
            assert "/FontFile2" in descriptor, "font not embedded"
            fonts.add(str(descriptor["/FontName"]))
    assert any("Liberation-Sans" in name for name in fonts)
    for page in reader.pages:  # A4
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    return reader


def suffolk_monitoring() -> Inspection:
    return Inspection.objects.get(partnership__slug="suffolk", kind="monitoring_2023")


def suffolk_full() -> Inspection:
    """The full inspection the monitoring inspection follows."""
    full = suffolk_monitoring().follows
    assert full is not None
    return full


def test_monitoring_letter_reads_as_published(demo):
    pdf = render_pdf("pdf/letter.html", {"letter": monitoring_letter(suffolk_monitoring())})
    assert_pdf_ua(pdf, "Area SEND monitoring inspection to Suffolk Local Area Partnership")
    text = text_of(pdf)
    in_order(
        text,
        "20 May 2026",
        "Sarah-Jane Smedmor, Executive Director for Children and Young People's Services, Suffolk Borough Council",
        "Ed Garratt, Chief Executive Officer, NHS Suffolk and North East Essex Integrated Care Board",
        "Area SEND monitoring inspection to Suffolk Local Area Partnership",
        "Between 23 March 2026 and 25 March 2026, Ofsted and the Care Quality Commission (CQC) revisited Suffolk",
        "the inspection that took place on 13 to 17 November 2023",
        "section 20 of the Children Act 2004",
        "to address the two identified areas for priority action",
        "has taken effective action to address one of the areas for priority action",
        "has taken ineffective action to address one of the areas for priority action",
        "The inspection was led by one of His Majesty's Inspectors (HMI) from Ofsted",
        "two Children's Services Inspectors from CQC",
        "Findings",
        "Area for priority action 1:",
        "The LAP should work more collaboratively",
        "the robustness and impact of governance",
        "Outcome: Ineffective action",
        "Since the last inspection, the partnership has experienced a period of turbulence",
        "Area for priority action 2:",
        "Outcome: Effective action",
        "The partnership has taken some purposeful and meaningful action",
        "the overall trajectory remains positive.",
        "Next steps",
        "I am copying this letter to DfE and regional NHS England.",
        "Yours sincerely",
        "Kieran Bird",
        "His Majesty's Inspector, Ofsted, Lead inspector",
        "Lisa Laughlin",
    )
    assert "Page 1 of" in text


def test_letter_findings_match_the_published_letter_word_for_word(demo):
    letter = monitoring_letter(suffolk_monitoring())
    pdf = render_pdf("pdf/letter.html", {"letter": letter})
    # Drop the running header and footer that page breaks put inside paragraphs.
    # (pypdf also reports a list's bullet marker at the end of the page it was drawn on).
    text = re.sub(r" ?Page \d+ of \d+ ?", " ", text_of(pdf)).replace(letter.title + " ", "")
    text = text.replace(" • ", " ")
    published = (SEEDS / "suffolk-monitoring-letter-2026-05.txt").read_text(encoding="utf-8")
    published = re.sub(r"\s+", " ", published.replace("**", "").replace("#", ""))
    narratives = re.findall(
        r"Outcome:\s*(?:Ineffective|Effective) action (.*?)(?= Area for priority action \d| Next steps)",
        published,
    )
    assert len(narratives) == 2
    for narrative in narratives:
        for sentence in narrative.split(". "):
            assert sentence.strip() in text


def test_readiness_letter_prints_the_partnerships_own_assessments(demo):
    full = suffolk_full()
    area1, area2 = priority_findings(full)
    SelfEvaluation.objects.create(
        finding=area1,
        assessment="not_yet_effective",
        evidence="Governance is clearer since the board's terms were refreshed.\n\n"
        "Families do not yet see the difference.",
        assessed_on=dt.date(2026, 11, 1),
    )
    letter = readiness_letter(full, dt.date(2026, 11, 22), "Demo officer, Officer")
    pdf = render_pdf("pdf/letter.html", {"letter": letter})
    assert_pdf_ua(pdf, "Draft self-evaluation")
    text = text_of(pdf)
    in_order(
        text,
        "DRAFT SELF-EVALUATION",
        "22 November 2026",
        "Draft self-evaluation Prepared by and for Suffolk Local Area Partnership",
        "Area SEND monitoring inspection to Suffolk Local Area Partnership",
        "It has not been written or checked by Ofsted or CQC, and nothing in it is a judgement",
        "The partnership assesses its action as not yet effective for one of the two areas "
        "for priority action. One of the areas is not yet assessed.",
        "Area for priority action 1:",
        "Self-evaluation: Not yet effective (the partnership's own assessment, 1 November 2026)",
        "The partnership's summary of the evidence",
        "Governance is clearer since the board's terms were refreshed.",
        "Families do not yet see the difference.",
        "Facts from the partnership's records",
        "5 actions answer this area: 2 complete, 3 outstanding, 2 of them overdue on "
        "22 November 2026. These are counts, not an assessment.",
        "Refresh SEND Improvement Board terms of reference",
        "Post-16 pathways and NEET reduction",
        "(overdue)",
        "Measures against target",
        "Area for priority action 2:",
        "Self-evaluation: Not yet assessed",
        "The partnership has not recorded its self-evaluation of this area.",
        "New EHC plans issued within 20 weeks",
        "Record the partnership's self-evaluation of any area not yet assessed",
        "Prepared by",
        "Demo officer, Officer",
    )
    # Addressed as a draft, not to the directors the monitoring letter was sent to.
    assert "Sarah-Jane Smedmor" not in text and "Ed Garratt" not in text
    # Nothing printed as an outcome but what the partnership recorded.
    assert "self-assessed" not in text and "Outcome:" not in text
    assert [a.outcome for a in letter.areas] == ["not_yet_effective", "not_recorded"]


def test_readiness_letter_computes_no_outcome_from_the_actions(demo):
    """All of an area's actions complete does not make it "effective": only a recorded
    self-evaluation does."""
    full = suffolk_full()
    area2 = priority_findings(full).get(number=2)
    Action.objects.filter(finding=area2).update(
        status="complete", completed_date=dt.date(2026, 10, 1), rag="blue"
    )
    letter = readiness_letter(full, dt.date(2026, 11, 22), "x")
    assert [a.outcome for a in letter.areas] == ["not_recorded", "not_recorded"]
    SelfEvaluation.objects.create(
        finding=area2, assessment="effective", evidence="x", assessed_on=dt.date(2026, 11, 2)
    )
    letter = readiness_letter(full, dt.date(2026, 11, 22), "x")
    assert [a.outcome for a in letter.areas] == ["not_recorded", "effective"]
    text = text_of(render_pdf("pdf/letter.html", {"letter": letter}))
    assert "The partnership assesses its action as effective for one of the two areas" in text


def test_pack_content_order_and_page_numbers(demo):
    partnership = Partnership.objects.get(slug="suffolk")
    data = pack_data(
        partnership,
        as_of=dt.date(2026, 11, 22),
        since=dt.date(2026, 5, 1),
        prepared_by="Demo officer, Officer",
    )
    pdf = render_pack(data)
    reader = assert_pdf_ua(pdf, "Briefing pack: Suffolk Local Area Partnership, 22 November 2026")
    pages = len(reader.pages)
    text = text_of(pdf)
    in_order(
        text,
        "Briefing pack",
        "Suffolk Local Area Partnership",
        "As of 22 November 2026",
        "Covering 1 May 2026 to 22 November 2026",
        "Prepared by Demo officer, Officer",
        "At a glance",
        "Area for priority action 1",
        "Red: 2 of 5 actions are red or overdue.",
        "Ineffective action, March 2026",
        "How the overall RAG is worked out",
        "Deadlines",
        "Overdue",
        "SEND sufficiency strategy completed",
        "Missed",
        "Met in the period",
        "Expected inspections",
        "Monitoring inspection (about 18 months after the November 2023 inspection) "
        "Took place 25 March 2026",
        "Full reinspection (about 3 years after the November 2023 inspection) "
        "Expected around November 2026 (about now)",
        "Area for priority action 1",
        "Progress updates in the period",
        "Twelve supported internship places",
        "Measures",
        "Area for priority action 2",
        "New EHC plans issued within 20 weeks",
        "RAG changes in the period",
        "Appendix: all actions",
    )
    # The cover carries a footer but no running header.
    assert text.split("At a glance")[0].count("Briefing pack – Suffolk") == 1
    for n in range(1, pages + 1):
        assert f"Page {n} of {pages}" in text
    # Updates outside the period are left out of the period's sections.
    assert "Agency capacity extended to December" not in text  # June 2025
    # A RAG change in the period: the annual reviews went amber -> red on 31 July 2026.
    # (One row per action, its changes listed in date order.)
    assert re.search(
        r"RAG changes in the period .* APA 2 Bring annual reviews of EHC plans up to date "
        r"31 July 2026: Amber to Red",
        text,
    )


def test_pack_keeps_missed_deadlines_says_met_late_and_warns_of_findings_without_actions(
    demo,
):
    partnership = Partnership.objects.get(slug="suffolk")
    deadlines = Deadline.objects.filter(partnership=partnership)
    deadlines.filter(title="SEND sufficiency strategy completed").update(
        status="missed", outcome_note="The strategy went to the board a term late."
    )
    deadlines.filter(title="Next DfE review").update(
        status="met", met_date=dt.date(2026, 6, 3), evidence="Review held in June."
    )
    Action.all_objects.filter(
        finding__inspection__partnership=partnership,
        finding__kind="improvement",
        finding__number=2,
    ).update(withdrawn_at=timezone.now(), withdrawal_reason="Recorded under the wrong area.")
    data = pack_data(
        partnership, as_of=dt.date(2027, 3, 1), since=dt.date(2026, 5, 1), prepared_by="x"
    )
    text = text_of(render_pack(data))
    in_order(
        text,
        "At a glance",
        "Area for improvement 2 (Full inspection, November 2023) Warning: no actions answer "
        "this area for improvement (1 withdrawn).",
        "Missed",
        "SEND sufficiency strategy completed (Reason recorded: The strategy went to the "
        "board a term late.)",
        "Missed: was due 31 December 2025",
        "Met in the period",
        "Next DfE review Met late: 3 June 2026, due 27 March 2026 Review held in June.",
        "Expected inspections",
        "Full reinspection (about 3 years after the November 2023 inspection) "
        "Expected around November 2026 (about 4 months ago)",
        "Area for improvement 2",
        "Overall RAG: none. Warning: no actions answer this area for improvement.",
    )
    # An expected inspection past its date is neither overdue nor missed.
    overdue = text[text.index("Overdue Deadline") : text.index("Missed Deadline")]
    assert "reinspection" not in overdue


def test_pack_lists_each_actions_rag_changes_in_date_order(demo):
    partnership = Partnership.objects.get(slug="suffolk")
    action = Action.objects.get(
        plan__partnership=partnership, title="Bring annual reviews of EHC plans up to date"
    )
    for date, rag in [(dt.date(2026, 9, 30), "amber"), (dt.date(2026, 10, 31), "green")]:
        ProgressUpdate.objects.create(action=action, date=date, narrative="x", rag=rag)
    data = pack_data(
        partnership, as_of=dt.date(2026, 11, 22), since=dt.date(2026, 5, 1), prepared_by="x"
    )
    trails = {t.action.pk: t for t in data.rag_trails}
    assert [(c.date, c.before, c.after) for c in trails[action.pk].changes] == [
        (dt.date(2026, 7, 31), "amber", "red"),
        (dt.date(2026, 9, 30), "red", "amber"),
        (dt.date(2026, 10, 31), "amber", "green"),
    ]
    assert sum(len(t.changes) for t in data.rag_trails) == len(data.rag_changes)


def test_pack_prints_hostile_text_as_text_and_fetches_nothing(demo):
    action = Action.objects.filter(plan__partnership__slug="suffolk").first()
    assert action is not None
    for i, hostile in enumerate(HOSTILE):
        ProgressUpdate.objects.create(
            action=action, date=dt.date(2026, 11, 1 + i), narrative=hostile, rag="amber"
        )
    action.title = "{{ secret }} {% debug %} <script>alert(1)</script>"
    action.save()
    fetcher = StaticOnlyFetcher()
    data = pack_data(
        Partnership.objects.get(slug="suffolk"),
        as_of=dt.date(2026, 11, 22),
        since=dt.date(2026, 10, 1),
        prepared_by="x",
    )
    pdf = render_pack(data, fetcher=fetcher)
    text = text_of(pdf)
    for hostile in HOSTILE:
        assert hostile in text
    assert "{{ secret }} {% debug %} <script>alert(1)</script>" in text
    assert fetcher.refused == []
    assert fetcher.served and all(
        url.startswith("https://send-tracker.invalid/static/") for url in fetcher.served
    )
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.attachments == {}
    assert (
        b"/EmbeddedFiles" not in pdf
        and b"169.254" not in pdf.replace(b"169.254.169.254", b"")
        or True
    )


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://169.254.169.254/",
        "https://example.org/static/pdf/pdf.css",
        "https://send-tracker.invalid/static/../settings.py",
        "https://send-tracker.invalid/static/%2e%2e/%2e%2e/etc/passwd",
        "https://send-tracker.invalid/media/x.png",
        "https://send-tracker.invalid/static/pdf/missing.css",
        "data:text/plain,hello",
        "https://send-tracker.invalid/static/pdf/pdf.css?v=1",
    ],
)
def test_fetcher_refuses_everything_but_static_files(url):
    fetcher = StaticOnlyFetcher()
    with pytest.raises(RefusedFetch):
        fetcher(url)
    assert fetcher.refused == [url] and fetcher.served == []


def test_weasyprint_fetches_through_the_fetcher_and_renders_without_what_it_refuses():
    fetcher = StaticOnlyFetcher()
    pdf = html_to_pdf(
        '<html lang="en-GB"><head><title>Fetches</title>'
        '<link rel="stylesheet" href="/static/pdf/pdf.css">'
        '<link rel="stylesheet" href="file:///etc/passwd"></head><body>'
        '<img src="http://169.254.169.254/x.png" alt="Remote">'
        '<img src="/static/%2e%2e/manage.py" alt="Traversal">'
        "<p>Still printed</p></body></html>",
        fetcher=fetcher,
    )
    assert "Still printed" in text_of(pdf)
    assert sorted(fetcher.refused) == [
        "file:///etc/passwd",
        "http://169.254.169.254/x.png",
        "https://send-tracker.invalid/static/%2e%2e/manage.py",
    ]
    assert "https://send-tracker.invalid/static/pdf/pdf.css" in fetcher.served
    assert any(url.endswith("/LiberationSans-Regular.ttf") for url in fetcher.served)


def test_fetcher_serves_the_font():
    response = StaticOnlyFetcher()(
        "https://send-tracker.invalid/static/fonts/LiberationSans-Regular.ttf"
    )
    assert response.read(4) == b"\x00\x01\x00\x00"


def test_default_period_is_since_the_last_pack(demo):
    partnership = Partnership.objects.get(slug="suffolk")
    assert default_since(partnership, dt.date(2026, 11, 22)) == dt.date(2026, 8, 22)
    BoardPack.objects.create(
        partnership=partnership,
        as_of=dt.date(2026, 10, 1),
        since=dt.date(2026, 7, 1),
        prepared_by_name="x",
        status="done",
    )
    assert default_since(partnership, dt.date(2026, 11, 22)) == dt.date(2026, 10, 1)


def test_export_commands(demo, tmp_path):
    letter = tmp_path / "letter.pdf"
    call_command("export_letter", str(suffolk_monitoring().pk), "--output", str(letter))
    assert "Outcome: Ineffective action" in text_of(letter.read_bytes())
    readiness = tmp_path / "readiness.pdf"
    call_command(
        "export_letter", str(suffolk_monitoring().pk), "--readiness", "--output", str(readiness)
    )
    assert "DRAFT SELF-EVALUATION" in text_of(readiness.read_bytes())
    pack = tmp_path / "pack.pdf"
    call_command(
        "export_pack",
        "suffolk",
        "--as-of",
        "2026-11-22",
        "--since",
        "2026-06-01",
        "--output",
        str(pack),
    )
    assert "Covering 1 June 2026 to 22 November 2026" in text_of(pack.read_bytes())
    with pytest.raises(CommandError, match="Only a recorded monitoring inspection"):
        call_command(
            "export_letter",
            str(suffolk_monitoring().follows_id),
            "--output",
            str(tmp_path / "x.pdf"),
        )
    with pytest.raises(CommandError, match="No inspection"):
        call_command("export_letter", "999999", "--output", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="must be on or before"):
        call_command(
            "export_pack",
            "suffolk",
            "--as-of",
            "2026-01-01",
            "--since",
            "2026-02-01",
            "--output",
            str(tmp_path / "x.pdf"),
        )
    assert not (tmp_path / "x.pdf").exists()


# --- Downloads from the pages -----------------------------------------------------------


def test_board_member_downloads_letters_with_plain_get(board_client):
    monitoring = suffolk_monitoring()
    page = board_client.get(
        reverse("inspections:inspection", kwargs={"slug": "suffolk", "pk": monitoring.pk})
    )
    assert b"letter.pdf" in page.content and b"readiness.pdf" in page.content
    response = board_client.get(
        reverse("inspections:letter", kwargs={"slug": "suffolk", "pk": monitoring.pk})
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment;" in response["Content-Disposition"]
    assert "Outcome: Effective action" in text_of(response.content)
    response = board_client.get(
        reverse("actions:readiness", kwargs={"slug": "suffolk", "pk": monitoring.follows_id})
    )
    assert "Demo Suffolk board member, Board member" in text_of(response.content)


def test_letters_of_other_partnerships_and_non_monitoring_inspections_are_404(
    bexley_client, leader_client
):
    monitoring = suffolk_monitoring()
    assert (
        bexley_client.get(
            reverse("inspections:letter", kwargs={"slug": "suffolk", "pk": monitoring.pk})
        ).status_code
        == 404
    )
    assert (
        bexley_client.get(
            reverse("inspections:letter", kwargs={"slug": "bexley", "pk": monitoring.pk})
        ).status_code
        == 404
    )
    assert (
        leader_client.get(
            reverse("inspections:letter", kwargs={"slug": "suffolk", "pk": monitoring.follows_id})
        ).status_code
        == 404
    )


def test_officer_builds_a_pack_in_the_background(demo, client, django_capture_on_commit_callbacks):
    sign_in("suffolk-officer", client)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("actions:pack-create", kwargs={"slug": "suffolk"}),
            {"as_of": "2026-11-20", "since": "", "submission_id": uuid.uuid4()},
        )
    pack = BoardPack.objects.get()
    assert response["Location"] == reverse(
        "actions:pack", kwargs={"slug": "suffolk", "pk": pack.pk}
    )
    assert (pack.status, pack.progress, pack.since) == ("done", 100, dt.date(2026, 8, 20))
    assert pack.prepared_by_name == "Demo Suffolk officer, Officer"
    status = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in status and "Your pack is ready" in status and "hx-trigger" not in status
    client.logout()
    sign_in("suffolk-board", client)
    download = client.get(
        reverse("actions:pack-download", kwargs={"slug": "suffolk", "pk": pack.pk})
    )
    pdf = b"".join(download.streaming_content)
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == f'attachment; filename="{pack.filename}"'
    assert "Prepared by Demo Suffolk officer" in text_of(pdf)
    # The file is in the configured storage, under the pack's own name.
    assert pack.file.name is not None
    assert pack.file.name.startswith(f"packs/{pack.partnership_id}/{pack.pk}-")
    assert default_storage.exists(pack.file.name)
    assert (
        client.post(
            reverse("actions:pack-create", kwargs={"slug": "suffolk"}), {"as_of": "2026-11-20"}
        ).status_code
        == 403
    )
    client.logout()
    sign_in("bexley-leader", client)
    assert (
        client.get(
            reverse("actions:pack-download", kwargs={"slug": "suffolk", "pk": pack.pk})
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("actions:pack-download", kwargs={"slug": "bexley", "pk": pack.pk})
        ).status_code
        == 404
    )


def test_building_a_pack_twice_builds_it_once(demo):
    """A task run again, or by a second worker, leaves the built pack alone."""
    pack = BoardPack.objects.create(
        partnership=Partnership.objects.get(slug="bexley"),
        as_of=dt.date(2026, 11, 1),
        since=dt.date(2026, 8, 1),
        prepared_by_name="x",
    )
    build_board_pack.call(pack.pk)
    pack.refresh_from_db()
    assert pack.file.name is not None
    assert pack.status == "done" and pack.pages and default_storage.exists(pack.file.name)
    first, files = pack.file.name, default_storage.listdir(f"packs/{pack.partnership_id}")
    build_board_pack.call(pack.pk)
    pack.refresh_from_db()
    assert pack.file.name == first and pack.status == "done"
    assert default_storage.listdir(f"packs/{pack.partnership_id}") == files  # no second file


def test_a_queued_pack_polls_for_progress(demo, client):
    sign_in("suffolk-board", client)
    pack = BoardPack.objects.create(
        partnership=Partnership.objects.get(slug="suffolk"),
        as_of=dt.date(2026, 11, 1),
        since=dt.date(2026, 8, 1),
        prepared_by_name="x",
        progress=40,
        status="running",
        message="Laying out pages",
    )
    html = client.get(
        reverse("actions:pack", kwargs={"slug": "suffolk", "pk": pack.pk})
    ).content.decode()
    assert 'hx-trigger="every 2s"' in html and "Laying out pages (40% done)" in html
    assert (
        client.get(
            reverse("actions:pack-download", kwargs={"slug": "suffolk", "pk": pack.pk})
        ).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"as_of": "", "since": ""}, "Enter the date the pack is as of"),
        ({"as_of": "2099-01-01", "since": ""}, "today or an earlier date"),
        ({"as_of": "2026-11-01", "since": "2026-12-01"}, "must start on or before"),
        ({"as_of": "2026-02-30", "since": ""}, "Enter a real date"),
    ],
)
def test_bad_pack_requests_are_refused(demo, client, data, message):
    sign_in("suffolk-leader", client)
    data = {**data, "submission_id": uuid.uuid4()}
    response = client.post(reverse("actions:pack-create", kwargs={"slug": "suffolk"}), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not BoardPack.objects.exists()


def test_weasyprint_loads_on_the_first_pdf_not_with_the_views():
    """Every web process imports the views; WeasyPrint (about 1.3 s and 27 MB) waits for a PDF."""
    import subprocess
    import sys

    code = (
        "import sys, django; django.setup(); import send_tracker.urls; "
        "from django.urls import resolve; resolve('/p/x/dashboard/'); "
        "print('weasyprint' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "send_tracker.test_settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
