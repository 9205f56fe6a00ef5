"""The PDF engine's changes to WeasyPrint's defaults print the same documents, faster."""

from __future__ import annotations

import datetime as dt
import gc
import io
import threading

import pydyf
import pytest
import weasyprint
from django.template.loader import render_to_string
from pypdf import PdfReader
from weasyprint.html import UA, UA_STYLESHEET

from actions.packs import pack_data
from inspections.letters import monitoring_letter
from inspections.models import Inspection, Partnership
from send_tracker import pdf as engine


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def structure(pdf: bytes) -> list[tuple[str, int | None]]:
    """Each tagged element's type and page, in structure-tree order."""
    reader = PdfReader(io.BytesIO(pdf))
    pages = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)}
    found: list[tuple[str, int | None]] = []

    def walk(node) -> None:
        node = node.get_object()
        if isinstance(node, list):
            for child in node:
                walk(child)
            return
        if not hasattr(node, "get") or "/S" not in node:
            return
        page = node.get("/Pg")
        found.append((str(node["/S"]), pages.get(page.idnum) if page is not None else None))
        if "/K" in node:
            walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"]["/K"])
    return found


def stock_pdf(html: str) -> bytes:
    """The same HTML through WeasyPrint's own HTML class and page references."""
    return weasyprint.HTML(
        string=html, base_url=engine.PDF_BASE_URL, url_fetcher=engine.StaticOnlyFetcher()
    ).write_pdf(pdf_variant="pdf/ua-1", attachments=[])


@pytest.mark.django_db
def test_letters_and_packs_print_exactly_what_stock_weasyprint_prints(demo, monkeypatch):
    suffolk = Partnership.objects.get(slug="suffolk")
    monitoring = Inspection.objects.get(partnership=suffolk, kind="monitoring_2023")
    letter = monitoring_letter(monitoring)
    pack = pack_data(
        suffolk, as_of=dt.date(2026, 11, 22), since=dt.date(2026, 5, 1), prepared_by="x"
    )
    documents = [
        render_to_string("pdf/letter.html", {"letter": letter}),
        render_to_string("pdf/pack.html", {"pack": pack}),
    ]
    ours = [engine.write_pdf(html) for html in documents]
    # Stock WeasyPrint: pydyf's own property, the whole user-agent sheet.
    monkeypatch.setattr(pydyf.PDF, "page_references", property(original_page_references()))
    stock = [stock_pdf(html) for html in documents]
    for mine, theirs in zip(ours, stock, strict=True):
        assert page_texts(mine) == page_texts(theirs)
        # The same structure tree: the same elements, on the same pages.
        assert structure(mine) == structure(theirs)
        assert len(structure(mine)) > 100


def original_page_references():
    engine.html_class()  # installs the remembered property
    return pydyf.PDF.page_references.fget.original


def test_page_references_are_remembered_per_page_count_and_stay_right():
    build = original_page_references()
    assert pydyf.PDF.page_references.fget.remembers
    pdf = pydyf.PDF()
    for _ in range(3):
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    first = pdf.page_references
    assert first == build(pdf) and len(first) == 3
    assert pdf.page_references is first  # not rebuilt for the same pages
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    assert pdf.page_references == build(pdf) and len(pdf.page_references) == 4
    engine.remember_page_references(pydyf.PDF)  # a second call changes nothing
    assert pydyf.PDF.page_references.fget.original is build


def test_the_user_agent_sheet_leaves_out_only_footnote_and_note_rules():
    removed = engine.UNUSED_UA_RULES.findall(UA)
    # If WeasyPrint changes its sheet this fails, and the engine keeps the sheet whole.
    assert [rule.split(" {")[0] for rule in removed] == [
        "::footnote-call",
        "::footnote-marker",
        "::note-call",
        "::note-marker",
        "::note-callback",
    ]
    document = engine.html_class()(string="<p>x</p>")
    (sheet,) = document._ua_stylesheets()
    assert sheet is not UA_STYLESHEET
    # Lists keep their markers.
    text = page_texts(engine.write_pdf('<html lang="en-GB"><ul><li>One</li></ul></html>'))[0]
    assert "•" in text and "One" in text


def test_the_collector_pauses_while_rendering_and_resumes_after():
    assert gc.isenabled()
    seen = []
    with engine.collector_paused():
        seen.append(gc.isenabled())
        with engine.collector_paused():  # an overlapping render (another thread)
            seen.append(gc.isenabled())
        seen.append(gc.isenabled())  # the first render is still going
    assert seen == [False, False, False]
    assert gc.isenabled()
    with pytest.raises(RuntimeError), engine.collector_paused():
        raise RuntimeError("render failed")
    assert gc.isenabled()


def test_the_collector_stays_off_if_it_was_off():
    gc.disable()
    try:
        with engine.collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_renders_in_two_threads_leave_the_collector_on():
    barrier = threading.Barrier(2)
    errors = []

    def render() -> None:
        try:
            barrier.wait()
            engine.write_pdf('<html lang="en-GB"><p>Concurrent</p></html>')
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=render) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert gc.isenabled()
