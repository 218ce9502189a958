"""Write DataFrames to an ``.xlsx`` workbook, safely and byte-for-byte reproducibly.

One sheet per frame, bold filled header row, frozen panes, auto-filter, column widths from the
content. Text from the data can never become a formula: a value starting with ``= + - @``, a tab
or a carriage return (or their full-width forms, which some spreadsheet locales also evaluate) is
prefixed with ``'`` and stored as a string (OWASP "CSV injection"); characters that XML forbids
are removed. The same file is produced for the same frames: workbook times are fixed and every zip
entry is written once, with a fixed timestamp. The workbook is written in constant memory: openpyxl's
write-only mode streams each sheet to a temporary file, which is copied into the archive in chunks.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from kpi import labels
from kpi.labels import thousands

EXCEL_MAX_ROWS = 1_048_576
MAX_DATA_ROWS = EXCEL_MAX_ROWS - 1  # one row is the header
MAX_COLUMNS = 16_384
MAX_TEXT = 32_767
MAX_WIDTH = 60
DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
FIXED_TIME = datetime(2000, 1, 1)
ZIP_TIME = (2000, 1, 1, 0, 0, 0)
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
DATE_FORMAT = "dd/mm/yyyy"
FLOAT_FORMAT = "#,##0.00"

YES, NO = labels.COUNTED_YES, labels.COUNTED_NO
NOTES_SHEET = labels.NOTES_SHEET
NOTES_HEADER = (labels.ITEM, labels.CONTENT)
TITLE_LABEL = labels.TITLE
PAGE_FOOTER = labels.PAGE_FOOTER
TRUNCATED = labels.SHEET_TRUNCATED
CAPPED = labels.SHEET_CAPPED

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_HEADER_ALIGNMENT = Alignment(vertical="top", wrap_text=True)
_NOTE_FONT = Font(italic=True, color="C00000")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f]")


def neutralise(value: Any) -> Any:
    """``value`` with a ``'`` prefix when it is text a spreadsheet could run as a formula.

    Only strings starting with ``= + - @``, tab, carriage return (or full-width ``＝＋－＠``) are
    changed; numbers (negative ones too) and every other value are returned unchanged. Use it on
    every text cell of a CSV export.

    Examples
    --------
    >>> neutralise("=1+1"), neutralise("-2+3"), neutralise(-5), neutralise("Hà Nội")
    ("'=1+1", "'-2+3", -5, 'Hà Nội')
    """
    if isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Every text column of ``frame`` passed through :func:`neutralise`, vectorised.

    Only string and object columns are touched; numbers, dates and booleans are kept as they
    are. For CSV exports of millions of rows.

    Examples
    --------
    >>> neutralise_frame(pd.DataFrame({"a": ["=cmd", "ok", "-"], "n": [-1, 2, 3]}))["a"].tolist()
    ["'=cmd", 'ok', "'-"]
    """
    result = {}
    for name, column in frame.items():
        if column.dtype == object or pd.api.types.is_string_dtype(column.dtype):
            text = column.astype("str")
            risky = text.str.startswith(DANGEROUS_PREFIXES).fillna(False) & column.notna()
            column = column.where(~risky.to_numpy(bool), "'" + text)
        result[name] = column
    return pd.DataFrame(result, index=frame.index)


def clean_text(value: str) -> str:
    """Text safe for a cell: XML-illegal characters removed, neutralised, at most 32,767 chars."""
    return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))[:MAX_TEXT]


def sheet_title(name: object, taken: Iterable[str] = ()) -> str:
    """A legal, unique sheet name for ``name``.

    Excel forbids ``[]:*?/\\``, names longer than 31 characters, a leading or trailing ``'``, an
    empty name and ``History``; names compare case-insensitively. A leading formula character is
    neutralised with ``_`` (``'`` is not allowed there). Duplicates get `` (2)``, `` (3)``, ….

    Examples
    --------
    >>> sheet_title("Chỉ số [1/2]: *điểm*?"), sheet_title("Điểm", ["điểm"])
    ('Chỉ số _1_2__ _điểm__', 'Điểm (2)')
    """
    text = _SHEET_FORBIDDEN.sub("_", ILLEGAL_CHARACTERS_RE.sub("", str(name))).strip().strip("'")
    if text.startswith(DANGEROUS_PREFIXES):
        text = "_" + text
    if not text or text.casefold() == "history":
        text = f"{text or 'Sheet'}_"
    text = text[:31]
    used = {title.casefold() for title in taken}
    candidate, n = text, 2
    while candidate.casefold() in used:
        suffix = f" ({n})"
        candidate, n = text[: 31 - len(suffix)] + suffix, n + 1
    return candidate


def _column_name(column: object) -> str:
    if isinstance(column, tuple):
        return " / ".join(str(part) for part in column if str(part))
    return str(column)


def _convert(value: Any) -> tuple[Any, str | None]:
    """(cell value, number format) of one value; blanks for None/NaN/NaT/NA."""
    if value is None or value is pd.NaT or value is pd.NA:
        return None, None
    if isinstance(value, bool | np.bool_):
        return (YES if value else NO), None
    if isinstance(value, int | np.integer):
        return int(value), None
    if isinstance(value, float | np.floating | Decimal):
        number = float(value)
        if math.isnan(number):
            return None, None
        if math.isinf(number):
            return ("∞" if number > 0 else "−∞"), None  # U+2212: text that no formula parser reads
        return number, FLOAT_FORMAT
    if isinstance(value, datetime | np.datetime64):
        stamp = pd.Timestamp(value)
        if stamp.tzinfo is not None:  # Excel has no time zones: keep the local wall time
            stamp = stamp.tz_localize(None)
        return stamp.to_pydatetime(), DATETIME_FORMAT
    if isinstance(value, date):
        return value, DATE_FORMAT
    if isinstance(value, time):
        return value.replace(tzinfo=None), "hh:mm"
    if isinstance(value, timedelta):
        return clean_text(str(value)), None
    return clean_text(value if isinstance(value, str) else str(value)), None


def _cell(sheet: Any, value: Any) -> Any:
    """A plain value, or a ``WriteOnlyCell`` when it needs a format or a forced string type."""
    value, number_format = _convert(value)
    if number_format is not None:
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = number_format
        return cell
    if isinstance(value, str) and value in ERROR_CODES:  # "#N/A" from the data stays text
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def _widths(frame: pd.DataFrame, headers: list[str]) -> list[float]:
    """Column widths in characters: longest header or rendered value + 2, capped at 60."""
    widths: list[float] = []
    for position, header in enumerate(headers):
        column = frame.iloc[:, position]
        lengths = column.astype(str).str.len()
        longest = int(lengths.max()) if len(column) and lengths.notna().any() else 0
        widths.append(min(max(len(header), longest, 6) + 2, MAX_WIDTH))
    return widths


def _print_setup(sheet: Any, heading: str | None) -> None:
    """A4 landscape, fitted to the page width, the header row repeated on every page, the
    workbook title in the page header and "Trang n / N" in the footer."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = "9"  # A4 (Worksheet.PAPERSIZE_A4; write-only sheets lack it)
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as needed
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.print_options.gridLines = True
    if heading:
        sheet.oddHeader.center.text = clean_text(heading).replace("&", "&&")
        sheet.oddHeader.center.size = 9
    sheet.oddFooter.left.text = "&A"  # the sheet's name
    sheet.oddFooter.right.text = PAGE_FOOTER
    sheet.oddFooter.left.size = sheet.oddFooter.right.size = 8


def _colour_scale(sheet: Any, frame: pd.DataFrame) -> None:
    """Red (0) – yellow (50) – green (100) on the numeric columns of a table of percentages."""
    numeric = [i for i in range(frame.shape[1]) if pd.api.types.is_numeric_dtype(frame.iloc[:, i])]
    if not numeric or frame.empty:
        return
    first, last = get_column_letter(numeric[0] + 1), get_column_letter(numeric[-1] + 1)
    rule = ColorScaleRule(
        start_type="num",
        start_value=0,
        start_color="F8696B",
        mid_type="num",
        mid_value=50,
        mid_color="FFEB84",
        end_type="num",
        end_value=100,
        end_color="63BE7B",
    )
    sheet.conditional_formatting.add(f"{first}2:{last}{len(frame) + 1}", rule)


def _write_sheet(
    workbook: Workbook,
    title: str,
    frame: pd.DataFrame,
    limit: int,
    heading: str | None = None,
    heat: bool = False,
    full: tuple[int, str] | None = None,
) -> str | None:
    """Write one frame; return the truncation note when rows were left out.

    ``full``: (rows of the whole table, where it is in full) when ``frame`` is already only
    the first rows of a longer table; the note then gives that total and that place.
    """
    if frame.shape[1] > MAX_COLUMNS:
        raise ValueError(f"sheet {title!r}: {frame.shape[1]} columns > Excel's {MAX_COLUMNS}")
    sheet = workbook.create_sheet(title)
    _print_setup(sheet, heading)
    if frame.shape[1]:  # print the table only, not the empty grid beside it
        sheet.print_area = f"A1:{get_column_letter(frame.shape[1])}{min(len(frame), limit) + 1}"
    if heat:
        _colour_scale(sheet, frame.iloc[:limit])
    shown = frame.iloc[:limit]
    headers = [clean_text(_column_name(column)) for column in frame.columns]
    for position, width in enumerate(_widths(shown, headers), start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width
    if headers:
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(shown) + 1}"
    note = None
    total = max(len(frame), full[0]) if full is not None else len(frame)
    if total > len(shown):
        note = (
            TRUNCATED.format(shown=thousands(len(shown)), total=thousands(total))
            if full is None
            else CAPPED.format(shown=thousands(len(shown)), total=thousands(total), where=full[1])
        )
    header_row = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font, cell.fill, cell.alignment = _HEADER_FONT, _HEADER_FILL, _HEADER_ALIGNMENT
        header_row.append(cell)
    if note is not None:  # beside the header, outside the filtered range
        cell = WriteOnlyCell(sheet, value=note)
        cell.font = _NOTE_FONT
        header_row += [None, cell]
    sheet.append(header_row)
    for values in zip(*(shown.iloc[:, i].tolist() for i in range(shown.shape[1])), strict=True):
        sheet.append([_cell(sheet, value) for value in values])
    return note


def _prepare(frame: pd.DataFrame) -> pd.DataFrame:
    """A named index becomes leading columns; an unnamed one (row numbers) is left out."""
    if any(name is not None for name in frame.index.names):
        return frame.reset_index()
    return frame


_ZIP64_ABOVE = 1 << 30  # bytes of a sheet file beyond which its entry is written as zip64


class _FixedTimeZip(zipfile.ZipFile):
    """A zip archive whose every entry gets :data:`ZIP_TIME`, mode 0600 and deflate, so that
    equal content gives equal bytes; files are copied in chunks (constant memory)."""

    def _entry(self, name: str) -> zipfile.ZipInfo:
        entry = zipfile.ZipInfo(name, date_time=ZIP_TIME)
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.external_attr = 0o600 << 16
        return entry

    def writestr(
        self, zinfo_or_arcname: Any, data: Any, compress_type: Any = None, compresslevel: Any = None
    ) -> None:
        name = getattr(zinfo_or_arcname, "filename", zinfo_or_arcname)
        super().writestr(self._entry(name), data)

    def write(
        self,
        filename: Any,
        arcname: Any = None,
        compress_type: Any = None,
        compresslevel: Any = None,
    ) -> None:
        entry = self._entry(str(arcname if arcname is not None else filename))
        large = os.path.getsize(filename) > _ZIP64_ABOVE  # zip64 headers only when needed
        with open(filename, "rb") as source, self.open(entry, "w", force_zip64=large) as target:
            shutil.copyfileobj(source, target, 1 << 20)


def write_workbook(
    path: str | os.PathLike[str],
    sheets: dict[str, pd.DataFrame],
    *,
    title: str | None = None,
    notes: dict[str, str] | None = None,
    max_rows: int = 100_000,
    heat: Iterable[str] = (),
    totals: Mapping[str, tuple[int, str]] | None = None,
) -> Path:
    """Write ``sheets`` (sheet name → frame) to the workbook ``path`` and return it.

    Parameters
    ----------
    path : path
        The ``.xlsx`` file; replaced atomically, its folder must exist.
    sheets : dict of str to DataFrame
        One sheet per item, in order. Names are made legal and unique (see :func:`sheet_title`).
        A named index is written as leading columns; an unnamed index is not written.
    title : str, optional
        Workbook title (document properties) and first line of the notes sheet.
    notes : dict of str to str, optional
        Lines (label → text) of a final ``Ghi chú`` sheet.
    max_rows : int, default 100_000
        Data rows written per sheet, for speed; never more than Excel's 1,048,575. When a frame
        is longer, a note beside its header and a line in ``Ghi chú`` say that the full table is
        in the CSV/Parquet next to the workbook (writing that file is the caller's job).
    heat : names of sheets, optional
        Sheets of percentages whose numeric columns get a red (0) – yellow (50) – green (100)
        colour scale (e.g. units × indicators).
    totals : dict of str to (int, str), optional
        Sheets whose frame is already only the first rows of a longer table: sheet name →
        (rows of the whole table, where it is in full). The note beside the header and the line
        in ``Ghi chú`` give that total and that place (:data:`CAPPED`).

    Notes
    -----
    Cell values: floats with 2 decimals (``#,##0.00``), datetimes ``dd/mm/yyyy hh:mm`` (time zone
    dropped, wall time kept), dates ``dd/mm/yyyy``, booleans ``Có``/``Không``, None/NaN/NaT
    blank, ±inf as ``∞``/``−∞`` text; integers stay integers and negative numbers stay numbers.
    Text, header names and sheet names pass through :func:`neutralise` / :func:`sheet_title`.
    Every sheet prints on A4 landscape pages, fitted to the width, with the header row repeated,
    ``title`` in the page header and the sheet name and "Trang n / N" in the footer.
    """
    if max_rows < 0:
        raise ValueError("max_rows must be >= 0")
    if not sheets and not notes and title is None:
        raise ValueError("nothing to write: no sheet, no title, no notes")
    limit = min(max_rows, MAX_DATA_ROWS)
    path = Path(path)
    workbook = Workbook(write_only=True)
    titles: list[str] = []
    note_rows = [(TITLE_LABEL, title)] if title is not None else []
    note_rows += list((notes or {}).items())
    for name, frame in sheets.items():
        titles.append(sheet_title(name, titles))
        truncated = _write_sheet(
            workbook,
            titles[-1],
            _prepare(frame),
            limit,
            title,
            heat=name in set(heat),
            full=(totals or {}).get(name),
        )
        if truncated is not None:
            note_rows.append((titles[-1], truncated))
    if note_rows:
        frame = pd.DataFrame([(str(k), str(v)) for k, v in note_rows], columns=list(NOTES_HEADER))
        _write_sheet(workbook, sheet_title(NOTES_SHEET, titles), frame, MAX_DATA_ROWS, title)
    properties = workbook.properties
    properties.creator = properties.lastModifiedBy = "kpi766"
    properties.created = FIXED_TIME
    properties.title = clean_text(title) if title is not None else None
    handle, raw = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".xlsx", dir=path.parent)
    os.close(handle)
    try:
        _save(workbook, Path(raw))
        os.replace(raw, path)
    finally:
        Path(raw).unlink(missing_ok=True)
    return path


def _save(workbook: Workbook, target: Path) -> None:
    """Save with a fixed ``modified`` time (``save_workbook`` would stamp the wall clock) and
    fixed entry timestamps, in one pass."""
    with _FixedTimeZip(target, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        workbook.properties.modified = FIXED_TIME
        ExcelWriter(workbook, archive).save()
