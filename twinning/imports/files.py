"""Opening an uploaded file safely: what it is (from its bytes, not its name), whether it is a
trap (zip bomb, macros, hidden sheets, formulas), and its rows, streamed with bounded memory."""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import zipfile
from collections.abc import Iterator
from pathlib import PurePath

from django.conf import settings
from django.template.defaultfilters import filesizeformat

XLSX, CSV = "xlsx", "csv"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, or an encrypted .xlsx
ALLOWED_SUFFIXES = {".xlsx", ".csv", ".xlsm", ".txt"}
MAX_ZIP_MEMBERS = 2000
# A worksheet's XML compresses about 10 to 50 times; a zip bomb, hundreds or thousands of times.
MAX_COMPRESSION_RATIO = 300


class Refusal(Exception):
    """The file as a whole is refused; `code` and `params` name the reason (see messages.py)."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params

    def as_dict(self) -> dict:
        return {"code": self.code, "params": self.params}


def size_text(size: int) -> str:
    return str(filesizeformat(size))


def inspect(fileobj, name: str, size: int) -> str:
    """Return the file's format ("xlsx" or "csv") judged from its content; raise Refusal if the
    file is too large, not a spreadsheet, or a trap. Reads only the zip's central directory and
    the workbook's sheet list, never the sheets themselves."""
    suffix = PurePath(name or "").suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise Refusal("wrong_extension")
    if size > settings.IMPORT_MAX_BYTES:
        raise Refusal("too_large", size=size_text(size), limit=size_text(settings.IMPORT_MAX_BYTES))
    if size == 0:
        raise Refusal("empty_file")
    fileobj.seek(0)
    head = fileobj.read(8192)
    fileobj.seek(0)
    if head.startswith(OLE_MAGIC):
        raise Refusal("old_excel")
    if head.startswith(ZIP_MAGIC):
        if suffix == ".xlsm":
            raise Refusal("macros")
        _inspect_workbook(fileobj)
        return XLSX
    if suffix in {".xlsx", ".xlsm"} or not _looks_like_text(head):
        raise Refusal("not_spreadsheet")
    return CSV


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
    except UnicodeDecodeError:
        # Not UTF-8; a legacy code page is still text: let the CSV reader say what to do.
        return all(byte >= 0x09 for byte in head[:512])
    return True


def _inspect_workbook(fileobj) -> None:
    try:
        archive = zipfile.ZipFile(fileobj)
        members = archive.infolist()  # the central directory only: nothing is unpacked here
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Refusal("not_spreadsheet") from None
    names = {info.filename for info in members}
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        raise Refusal("not_spreadsheet")
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise Refusal("macros")
    limit = settings.IMPORT_MAX_UNCOMPRESSED_BYTES
    total = 0
    for info in members:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if (
            len(members) > MAX_ZIP_MEMBERS
            or total > limit
            or (info.file_size > 1_000_000 and ratio > MAX_COMPRESSION_RATIO)
        ):
            raise Refusal("zip_bomb", limit=size_text(limit))
    try:
        content_types = archive.read("[Content_Types].xml")
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        raise Refusal("damaged") from None
    if b"macroEnabled" in content_types:
        raise Refusal("macros")
    workbook = _open_workbook(fileobj)
    try:
        for sheet in workbook.worksheets:
            if sheet.sheet_state != "visible":
                raise Refusal("hidden_sheet", sheet=sheet.title)
    finally:
        workbook.close()


def _open_workbook(fileobj):
    import openpyxl

    fileobj.seek(0)
    try:
        return openpyxl.load_workbook(fileobj, read_only=True, data_only=False, keep_links=False)
    except Refusal:
        raise
    except Exception:  # openpyxl raises many kinds on a damaged file; none may crash the page
        raise Refusal("damaged") from None


def open_rows(fileobj, file_format: str) -> tuple[int, Iterator[tuple[int, list]]]:
    """Return (the number of rows the file announces, an iterator of (row number, cell values)
    over the first sheet, streaming). Values are str, int, float, datetime or None; the iterator
    raises Refusal on a formula."""
    if file_format == XLSX:
        workbook = _open_workbook(fileobj)
        sheet = workbook.worksheets[0]
        try:
            announced = sheet.max_row or 0  # from the sheet's <dimension>: nothing is parsed
        except Exception:
            announced = 0
        return announced, _xlsx_rows(workbook, sheet)
    fileobj.seek(0)
    lines = 0
    while chunk := fileobj.read(1 << 20):
        lines += chunk.count(b"\n")
    return lines, _csv_rows(fileobj)


def _xlsx_rows(workbook, sheet) -> Iterator[tuple[int, list]]:
    from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

    formulas = (ArrayFormula, DataTableFormula)
    try:
        # Values only (no cell objects: half the reading time). The workbook is opened with
        # data_only=False, so a formula comes back as its text, "=...", or as an array or data
        # table formula object, never as a cached result.
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            index = _formula_at(row, formulas)
            if index is not None:
                raise Refusal("formula", row=number, column=_column_letter(index))
            yield number, list(row)
    except Refusal:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, TypeError, EOFError):
        raise Refusal("damaged") from None
    finally:
        workbook.close()


def _formula_at(row, formulas) -> int | None:
    """Return the index of the row's first formula, or None. Text, most cells, is told by its
    exact type first: one isinstance call fewer per cell."""
    for index, value in enumerate(row):
        if type(value) is str or isinstance(value, str):
            if value.startswith("="):
                return index
        elif isinstance(value, formulas):
            return index
    return None


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _csv_rows(fileobj) -> Iterator[tuple[int, list]]:
    fileobj.seek(0)
    text = io.TextIOWrapper(fileobj, encoding="utf-8-sig", newline="")
    try:
        first = text.readline()
        delimiter = max([",", ";", "\t"], key=first.count)
        text.seek(0)
        reader = csv.reader(text, delimiter=delimiter)
        for number, row in enumerate(reader, start=1):
            for index, value in enumerate(row):
                if value.startswith("="):
                    raise Refusal("formula", row=number, column=_column_letter(index))
            yield number, row
    except UnicodeDecodeError:
        raise Refusal("not_utf8") from None
    except csv.Error:
        raise Refusal("damaged") from None
    finally:
        text.detach()


def is_blank(values: list) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def as_text(value) -> str:
    """Return a cell as the text the user sees (whole floats without ".0")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()
