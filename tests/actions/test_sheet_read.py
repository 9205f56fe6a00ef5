"""Reading an upload: every kind of bad input gets a clear message, within limits."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook

from actions.sheets import read
from actions.sheets.read import SheetReadError, read_table
from tests.actions.sheet_files import add_member, csv_file, rewrite_member, xlsx

HEADERS = ["Reference", "Title", "Due date"]


def refused(data: bytes) -> str:
    with pytest.raises(SheetReadError) as caught:
        read_table(data)
    return caught.value.message


def test_a_csv_with_a_byte_order_mark_blank_rows_and_a_title_above_the_headings():
    table = read_table(
        csv_file(
            [
                ["SEND PAP Action Tracker and Risk Register"],
                [],
                HEADERS,
                ["1.1", "Refresh the board", "31/03/2026"],
                ["", "", ""],
                ["1.2", "Clear the backlog", "2026-04-30"],
            ]
        )
    )
    assert table.headers == HEADERS
    assert [number for number, _ in table.rows] == [4, 6]  # the file's own row numbers
    assert table.rows[0][1] == ["1.1", "Refresh the board", "31/03/2026"]
    assert any("above the headings" in note for note in table.notes)


def test_a_csv_in_windows_1252_and_with_semicolons():
    data = "Reference;Title\n1;Café provision\n".encode("cp1252")
    table = read_table(data)
    assert table.headers == ["Reference", "Title"]
    assert table.rows[0][1] == ["1", "Café provision"]


def test_a_workbook_keeps_dates_and_numbers_and_reads_the_named_sheet():
    import datetime as dt

    data = xlsx(
        [["Notes"], ["Not this one"]],
        title="Cover",
        Actions=[
            HEADERS,
            ["1.1", "Refresh", dt.datetime(2026, 3, 31)],
            [None, None, None],
            ["1.2", "Clear", 46112],
        ],
    )
    table = read_table(data, prefer_sheet="Actions")
    assert table.sheet_name == "Actions"
    assert table.rows[0] == (2, ["1.1", "Refresh", {"date": "2026-03-31"}])
    assert table.rows[1] == (4, ["1.2", "Clear", {"number": "46112"}])  # a blank row skipped
    assert any("2 sheets" in note and "Cover" in note for note in table.notes)


def test_the_first_sheet_is_read_when_none_has_the_name():
    table = read_table(xlsx([HEADERS, ["1", "A", "1/1/2026"]], title="Tracker", Risks=[["x", "y"]]))
    assert table.sheet_name == "Tracker"


def test_blank_headings_are_named_by_their_column_and_repeats_are_numbered():
    table = read_table(csv_file([["Title", "", "Title"], ["a", "b", "c"]]))
    assert table.headers == ["Title", "Column B (no heading)", "Title (2)"]


def test_merged_heading_cells_are_refused_with_where_they_are():
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.append(["Reference", "Dates", None, "Title"])
    sheet.append(["1", "1/1/2026", "1/3/2026", "A"])
    sheet.merge_cells("B1:C1")
    out = io.BytesIO()
    workbook.save(out)
    message = refused(out.getvalue())
    assert "merged cells (B1:C1)" in message and "Unmerge" in message


def test_cells_merged_down_a_column_are_read_in_every_row():
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.append(["Finding", "Title"])
    sheet.append(["APA 1", "A"])
    sheet.append([None, "B"])
    sheet.merge_cells("A2:A3")
    out = io.BytesIO()
    workbook.save(out)
    table = read_table(out.getvalue())
    assert [cells for _, cells in table.rows] == [["APA 1", "A"], ["APA 1", "B"]]


def test_formulas_give_their_saved_values_or_say_there_is_none():
    data = xlsx([["Title", "Value"], ["A", "=1+1"], ["B", "=2+2"]])
    # As Excel saves it: the formula and its last value. openpyxl saves no value at all.
    data = rewrite_member(
        data,
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b"<f>1+1</f><v />", b"<f>1+1</f><v>2</v>"),
    )
    table = read_table(data)
    assert table.rows[0][1] == ["A", {"number": "2"}]
    assert table.rows[1][1] == ["B", {"formula": "=2+2"}]
    assert any("no saved value" in note for note in table.notes)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"%PDF-1.7\n1 0 obj<<>>endobj", "not a spreadsheet"),
        (bytes(range(256)) * 4, "not a spreadsheet"),
        (b"", "empty"),
        (read.OLE_SIGNATURE + b"\x00" * 512 + read.ENCRYPTED_PACKAGE, "password"),
        (read.OLE_SIGNATURE + b"\x00" * 512, "old Excel file"),
        (b"PK\x03\x04" + b"\x00" * 100, "damaged"),
    ],
)
def test_what_is_not_a_readable_spreadsheet(data, words):
    assert words in refused(data)


def test_a_truncated_workbook_is_damaged():
    data = xlsx([HEADERS, ["1", "A", "1/1/2026"]])
    assert "damaged" in refused(data[: len(data) // 2])


def test_a_zip_that_is_not_a_workbook():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hello")
    assert "not a spreadsheet" in refused(out.getvalue())


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    # 100 MB of zeros compress to about 100 KB: the declared size gives it away.
    data = add_member(xlsx([HEADERS]), "xl/media/image1.bin", b"\x00" * (100 * 1024 * 1024))
    assert len(data) < 1024 * 1024
    assert "unpacks to more than" in refused(data)


def test_xml_with_a_document_type_is_refused():
    data = rewrite_member(
        xlsx([HEADERS]),
        "xl/worksheets/sheet1.xml",
        lambda xml: b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + xml,
    )
    assert "damaged" in refused(data)


def test_over_ten_megabytes_is_refused_unread():
    assert "bigger than 10 MB" in refused(b"a,b\n" * (10 * 1024 * 1024 // 4 + 1))


def test_over_twenty_thousand_rows_is_refused():
    rows = [HEADERS] + [[str(n), "Action", "1/1/2026"] for n in range(read.MAX_ROWS + 1)]
    assert "more than 20,000 rows" in refused(csv_file(rows))
    assert len(read_table(csv_file(rows[:-1])).rows) == read.MAX_ROWS


def test_a_sheet_with_no_rows():
    assert "no rows" in refused(xlsx([]))
