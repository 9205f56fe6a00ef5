"""Printing the pages a board reads: content only, every column, RAG in words, no addresses.

Chromium's print emulation at about the width of A4 paper (794 px at 96 dpi), as a
Suffolk partnership admin (who sees every button and link there is to hide).
"""

from __future__ import annotations

import pytest

from demo.loader import load_demo
from inspections.models import Finding
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

A4 = {"width": 794, "height": 1123}
RAG_WORDS = {"Red", "Amber", "Green", "Complete"}

# Everything that is page furniture or a control, found by element and role as well as by
# class, so a change of header markup cannot bring it back onto paper unnoticed.
NOT_PRINTED = (
    ".govuk-skip-link, header, [role=banner], nav, footer, [role=contentinfo], "
    "form, button, .govuk-button, input, select, .govuk-back-link, .govuk-pagination"
)

# What the page looks like in print, measured in the page itself (one round trip).
MEASURE = """(notPrinted) => {
  const shown = (el) => el.checkVisibility();
  const main = document.querySelector("main");
  const furniture = [...document.querySelectorAll(notPrinted)].filter(shown);
  const tags = [...main.querySelectorAll(".govuk-tag")].filter(shown).map((el) => {
    const style = getComputedStyle(el);
    return {
      text: el.innerText.trim(),
      border: parseFloat(style.borderTopWidth),
      exact: style.printColorAdjust,
    };
  });
  const tables = [...main.querySelectorAll("table")].filter(shown).map((table) => {
    const box = table.getBoundingClientRect();
    return {
      caption: table.caption ? table.caption.innerText.trim() : "",
      scroll: table.scrollWidth,
      room: table.parentElement.clientWidth,
      right: box.right,
      headers: [...table.querySelectorAll("thead th")].map((th) => {
        const r = th.getBoundingClientRect();
        return { text: th.innerText.trim(), right: r.right, width: r.width, shown: shown(th) };
      }),
    };
  });
  const linkAfters = [...document.querySelectorAll("a[href]")].map(
    (a) => getComputedStyle(a, "::after").content
  );
  return {
    width: document.documentElement.scrollWidth,
    viewport: document.documentElement.clientWidth,
    furniture: furniture.map((el) => el.outerHTML.slice(0, 80)),
    tags,
    tables,
    linkAfters,
    mainText: main.innerText,
    banner: document.querySelector(".app-demo-banner")?.innerText ?? "",
    bannerShown: !!document.querySelector(".app-demo-banner")?.checkVisibility(),
  };
}"""


def measure(page, url: str) -> dict:
    page.goto(url)
    page.wait_for_load_state()
    return page.evaluate(MEASURE, NOT_PRINTED)


def assert_prints_well(found: dict, url: str) -> None:
    # Nothing of the screen's furniture or controls.
    assert found["furniture"] == [], f"{url} prints {found['furniture']}"
    # Demo data stays labelled on paper: the banner's words, as text.
    assert found["bannerShown"] and found["banner"].startswith("Demo partnership.")
    # Every column: nothing wider than the paper, no table wider than its room.
    assert found["width"] <= found["viewport"] == A4["width"], url
    for table in found["tables"]:
        assert table["scroll"] <= table["room"], f"{url}: {table['caption']} is clipped"
        assert table["right"] <= found["viewport"], f"{url}: {table['caption']} runs off"
        for th in table["headers"]:
            assert th["shown"] and th["width"] > 0 and th["right"] <= found["viewport"], (
                f"{url}: column {th['text']!r} of {table['caption']} is cut off"
            )
    # Tags print their words, boxed (a black-and-white printer drops their colour), and in
    # colour where the printer has it.
    assert found["tags"], url
    for tag in found["tags"]:
        assert tag["text"], url
        assert tag["border"] > 0 and tag["exact"] == "exact", f"{url}: tag {tag['text']!r}"
    # No link prints its address after its words.
    assert found["linkAfters"], url
    assert set(found["linkAfters"]) <= {"none", "normal"}, f"{url}: {set(found['linkAfters'])}"
    assert "(/p/" not in found["mainText"]


def test_the_board_pages_print_their_content_in_full(browser, live_server):
    load_demo()
    apa1 = Finding.objects.get(
        inspection__partnership__slug="suffolk", kind="priority_action", number=1
    )
    context = browser.new_context(viewport=A4, base_url=live_server.url)
    page = context.new_page()
    sign_in(page, "suffolk-admin")

    # On screen the same page has its header, navigation and buttons: the print rules,
    # not the page, take them away.
    on_screen = measure(page, "/p/suffolk/dashboard/")
    assert any(f.startswith("<header") for f in on_screen["furniture"])
    assert any("govuk-button" in f for f in on_screen["furniture"])

    page.emulate_media(media="print")
    pages = {
        "/p/suffolk/dashboard/": ["Findings", "Next due", "Measures of impact"],
        f"/p/suffolk/findings/{apa1.pk}/": ["Area for priority action 1", "Actions"],
        "/p/suffolk/actions/": ["Actions", "11 actions match these filters."],
        "/p/suffolk/measures/": ["Measures of impact", "Milestones: target and actual"],
    }
    for url, words in pages.items():
        found = measure(page, url)
        assert_prints_well(found, url)
        for word in words:
            assert word in found["mainText"], f"{url} lacks {word!r}"
        assert RAG_WORDS & {t["text"] for t in found["tags"]}, f"{url}: no RAG word"

    # The dashboard's findings table prints "Next due" whole, with each finding's date.
    dashboard = measure(page, "/p/suffolk/dashboard/")
    findings = next(t for t in dashboard["tables"] if "Each finding" in t["caption"])
    assert [th["text"] for th in findings["headers"]][-1] == "Next due"
    assert "Red" in {t["text"] for t in dashboard["tags"]}
    # Details (how the overall RAG is worked out) open on paper.
    assert "Complete: every action answering the finding is complete." in dashboard["mainText"]
    context.close()
