"""The export streams: CSV with a BOM in chunks, XLSX written row by row, dates as UTC."""

import csv
import io
from collections.abc import AsyncIterator
from datetime import datetime, timedelta, timezone

import openpyxl

from shared.exports import Row, csv_bytes, xlsx_bytes
from shared.printing import council_title, tanggal

WIB = timezone(timedelta(hours=7))


async def _rows(count: int) -> AsyncIterator[Row]:
    for i in range(count):
        yield [i, f"Sékar {i}", None, datetime(2021, 3, 23, 9, tzinfo=WIB)]


async def test_csv_comes_in_chunks_and_reads_back() -> None:
    chunks = [c async for c in csv_bytes(("no", "name", "note", "at"), _rows(5000))]
    assert len(chunks) > 2 and chunks[0].startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(b"".join(chunks).decode("utf-8-sig"))))
    assert rows[0] == ["no", "name", "note", "at"] and len(rows) == 5001
    assert rows[1] == ["0", "Sékar 0", "", "2021-03-23T09:00:00+07:00"]


async def test_xlsx_sheets_read_back_with_utc_times() -> None:
    sheets = [("Anggota", ("no", "name", "note", "at"), _rows(3)), ("Kosong", ("x",), _rows(0))]
    content = b"".join([c async for c in xlsx_bytes(sheets)])
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    assert book.sheetnames == ["Anggota", "Kosong"]
    rows = list(book["Anggota"].iter_rows(values_only=True))
    assert rows[1] == (0, "Sékar 0", None, datetime(2021, 3, 23, 2))


def test_indonesian_dates_and_council_names() -> None:
    assert tanggal(datetime(2021, 3, 23).date()) == "23 Maret 2021"
    assert council_title("17") == "Dekranasda Provinsi Bengkulu"
    assert council_title("33.75") == "Dekranasda Kota Pekalongan"


async def test_text_that_looks_like_a_formula_stays_text() -> None:
    async def rows() -> AsyncIterator[Row]:
        yield ['=HYPERLINK("http://x")', "+62 812 1111 2222"]

    content = b"".join([c async for c in csv_bytes(("name", "phone"), rows())])
    assert (
        content.decode("utf-8-sig").splitlines()[1]
        == '"\'=HYPERLINK(""http://x"")",+62 812 1111 2222'
    )
    book = b"".join([c async for c in xlsx_bytes([("A", ("name", "phone"), rows())])])
    sheet = openpyxl.load_workbook(io.BytesIO(book)).active
    assert sheet is not None
    assert sheet["A2"].data_type == "s" and sheet["A2"].value == '=HYPERLINK("http://x")'
