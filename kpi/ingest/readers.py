"""Read one table file (CSV, Excel, Parquet) into a frame of canonical columns, unparsed.

Row numbers
-----------
The frame's index is the row number a person sees in the file: for CSV and Excel the
spreadsheet line number, title and header lines included (the first data row under a one-line
header is row 2; a CSV record spanning several lines is numbered by its first line); for
Parquet the 1-based record number + 1, as if the file had one header line. Rows whose cells are
all blank, and rows repeating the header row, are not records: they are skipped and not
counted (a repeated header is listed as a finding).

Nothing is guessed silently: the header row is the best-matching of the first 30 lines (CSV)
or rows (Excel); the Excel sheet is chosen by :func:`_choose_sheet` (named in the mapping, or
the only visible one that matches); a CSV record spanning several lines, a formula without a
cached value, an .xls or an HTML page named .xlsx are reported (``RawTable.notes`` /
``problems``) or refused.

Values stay as text (``str`` dtype) for CSV and Excel; Parquet columns keep their types (a
typed datetime or bool column is taken as is by :mod:`kpi.ingest.parse`).

Hostile files are refused before they are parsed (limits in :mod:`kpi.ingest.limits`): a CSV
line longer than ``MAX_CSV_LINE_BYTES``, text in no accepted encoding
(:mod:`kpi.ingest.textfile`), an .xlsx whose zip directory declares more than
``MAX_XLSX_UNCOMPRESSED_BYTES`` or ``MAX_XLSX_MEMBERS``.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import os
import re
import zipfile
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from kpi.errors import ExtractError
from kpi.ingest import messages
from kpi.ingest.headers import HeaderMatch, match_headers
from kpi.ingest.limits import MAX_CSV_LINE_BYTES, MAX_XLSX_MEMBERS, MAX_XLSX_UNCOMPRESSED_BYTES
from kpi.ingest.mapping import match_key
from kpi.ingest.presence import given_in_parquet
from kpi.ingest.textfile import UndecodableText, decode_text, long_line

__all__ = ["RawTable", "cell_text", "decode_text", "prefer_jemalloc", "read_table"]

SUFFIXES = (".csv", ".xlsx", ".parquet")
HEADER_SEARCH_ROWS = 30  # title rows of report templates tried before the header row
_READ_ERRORS = (OSError, ValueError, UnicodeError, zipfile.BadZipFile, pa.ArrowException, KeyError)


def prefer_jemalloc() -> str:
    """Make Arrow's jemalloc pool the default, unless ``ARROW_DEFAULT_MEMORY_POOL`` is set or
    the build has none; returns the pool in use.

    Measured here (``benchmarks/bench.py``): reading 10M dossiers costs about twice the system
    time with Arrow's default mimalloc pool (4.5 s against 2.4 s wall); no slower at 1M.
    """
    if "ARROW_DEFAULT_MEMORY_POOL" not in os.environ:
        # A pyarrow build without jemalloc (e.g. Windows) keeps its default.
        with contextlib.suppress(NotImplementedError):
            pa.set_memory_pool(pa.jemalloc_memory_pool())
    return pa.default_memory_pool().backend_name


@dataclass
class RawTable:
    """One file read, before parsing.

    Attributes
    ----------
    frame
        Canonical columns found in the file (limited to the requested ones), text or typed,
        indexed by source row number.
    headers
        How the file's headers matched (unknown and repeated headers become findings).
    header_row
        Row number of the header line (1 unless title rows precede it).
    sheet
        Excel sheet used, else None.
    header_cells
        The cells of the header row as found (shown when a required column is missing).
    notes
        Findings about the file itself ``(row, column, value, reason)``, e.g. CSV records
        spanning several lines.
    problems
        Cells to quarantine ``(row, column, reason)`` found while reading (an Excel formula
        without a cached value); the cell holds the formula text.
    """

    frame: pd.DataFrame
    headers: HeaderMatch
    header_row: int = 1
    sheet: str | None = None
    header_cells: Sequence[object] = field(default_factory=list)
    notes: list[tuple[int, str, str, str]] = field(default_factory=list)
    problems: list[tuple[int, str, str]] = field(default_factory=list)


def read_table(
    path: Path,
    lookup: dict[str, str],
    required: set[str],
    wanted: set[str] | None = None,
    dictionary: set[str] | None = None,
    presence: set[str] | None = None,
    placeholders: dict[str, frozenset[str]] | None = None,
    sheet: str | None = None,
) -> RawTable:
    """Read ``path`` by its suffix.

    Parameters
    ----------
    path
        A ``.csv``, ``.xlsx`` or ``.parquet`` file.
    lookup
        Header match key → canonical column (:meth:`IngestMapping.header_lookup`).
    required
        Canonical columns an Excel sheet's header row must hold to be chosen.
    wanted
        Canonical columns to keep (None: all matched).
    dictionary
        Canonical columns of few distinct values: a Parquet string column among them is read
        as a dictionary and comes back as ``category`` (the values are the same).
    presence
        Canonical text columns wanted as given / missing only: from Parquet they come back as
        :data:`kpi.ingest.presence.PRESENCE`, read a batch at a time (other formats: as text,
        reduced after parsing).
    placeholders
        Canonical column → placeholder keys that mean missing (used for the ``presence``
        columns of Parquet, which are not parsed afterwards).
    sheet
        Name of the Excel sheet to read (``sheets`` of ``params/mapping.yaml``); None: the only
        visible sheet whose header matches.

    Raises
    ------
    ExtractError
        Empty (0-byte) or unreadable file.
    """
    if path.stat().st_size == 0:
        raise ExtractError(messages.EMPTY_FILE.format(path=path))
    suffix = path.suffix.lower()
    try:
        if suffix == ".parquet":
            return _read_parquet(
                path, lookup, wanted, dictionary or set(), presence or set(), placeholders or {}
            )
        if suffix == ".csv":
            return _read_csv(path, lookup, required, wanted)
        _not_a_workbook(path)
        return _read_xlsx(path, lookup, required, wanted, sheet)
    except ExtractError:
        raise
    except _READ_ERRORS as error:
        detail = f"{type(error).__name__}: {error}".strip().rstrip(":")
        raise ExtractError(messages.UNREADABLE.format(path=path, detail=detail)) from None


def _sniff_delimiter(first_line: str) -> str:
    return max((",", ";", "\t"), key=first_line.count)


def _keep(match: HeaderMatch, wanted: set[str] | None) -> dict[int, str]:
    return {pos: name for pos, name in match.columns.items() if wanted is None or name in wanted}


def _drop_repeated_headers(
    frame: pd.DataFrame, keep: dict[int, str], headers: Sequence[object]
) -> tuple[pd.DataFrame, list[tuple[int, str, str, str]]]:
    """Rows that repeat the header row (a report printed with the header on every page) are
    no records: dropped, each listed as a finding."""
    if frame.empty or not keep:
        return frame, []
    repeated = pd.Series(True, index=frame.index)
    for pos, name in keep.items():
        header = "" if pos >= len(headers) or headers[pos] is None else str(headers[pos]).strip()
        repeated &= frame[name].astype("str").str.strip().eq(header).fillna(False)
    if not repeated.any():
        return frame, []
    rows = frame.index[repeated.to_numpy(bool)]
    notes = [(int(row), "", "", messages.REPEATED_HEADER) for row in rows]
    return frame.loc[~repeated.to_numpy(bool)], notes


def _drop_blank_rows(frame: pd.DataFrame) -> pd.DataFrame:
    if frame.empty:
        return frame
    text = frame.astype("str")
    blank = (text.isna() | text.apply(lambda col: col.str.strip() == "")).all(axis=1)
    return frame.loc[~blank] if blank.any() else frame


def _header_line(
    lines: list[str], lookup: dict[str, str]
) -> tuple[int, str, list[str], HeaderMatch]:
    """The line among the first ``HEADER_SEARCH_ROWS`` whose cells match most canonical
    columns (the first one on a tie; line 0 when none matches): index, delimiter, cells, match.
    Title rows of a report template above the header are thus skipped, as in workbooks."""
    best: tuple[int, str, list[str], HeaderMatch] | None = None
    for number, line in enumerate(lines[:HEADER_SEARCH_ROWS]):
        line = line.rstrip("\r")
        sep = _sniff_delimiter(line)
        try:
            cells = next(csv.reader([line], delimiter=sep), [])
        except csv.Error:
            continue
        match = match_headers(list(cells), lookup)
        if best is None or len(match.columns) > len(best[3].columns):
            best = (number, sep, cells, match)
    if best is None or not best[3].columns:
        first = lines[0].rstrip("\r") if lines else ""
        sep = _sniff_delimiter(first)
        try:
            cells = next(csv.reader([first], delimiter=sep), [])
        except csv.Error:
            cells = first.split(sep)
        return 0, sep, cells, match_headers(list(cells), lookup)
    return best


def _unclosed_quote_line(text: str) -> int:
    """The line (1-based) where the quote that is never closed opened: the line after the last
    line end reached with an even number of quotes before it."""
    data = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
    ends = np.flatnonzero(data == 0x0A)
    quotes = np.flatnonzero(data == 0x22)
    even = np.flatnonzero(np.searchsorted(quotes, ends) % 2 == 0)
    return int(even[-1]) + 2 if len(even) else 1


def _physical_lines(text: str) -> int:
    """Lines of ``text`` (a final line end does not start another line)."""
    if not text:
        return 0
    return text.count("\n") + (0 if text.endswith("\n") else 1)


def _record_lines(
    text: str, options: dict[str, object], first_line: int, n_lines: int, headers: list[str]
) -> tuple[pd.Index, list[tuple[int, str, str, str]]]:
    """Start line of every record when some record spans several physical lines (a quoted
    cell holding line ends, or a stray quote that swallowed the lines after it), and one
    finding per such record naming the line where the quote opened and the cell's column."""
    frame = pd.read_csv(io.StringIO(text), **options)
    breaks = pd.DataFrame(
        {name: frame[name].str.count("\n").fillna(0).astype("int64") for name in frame.columns}
    )
    spans = 1 + breaks.sum(axis=1).to_numpy()
    starts = first_line + np.cumsum(spans) - spans
    findings = []
    merged = np.flatnonzero(spans > 1)
    if len(merged):
        opened = breaks.iloc[merged].to_numpy().argmax(axis=1)  # first column holding a break
        names = [headers[i] if i < len(headers) else str(i + 1) for i in range(breaks.shape[1])]
        records = len(frame)
        for row, column in zip(merged, opened, strict=True):  # one per merged record, few
            start = int(starts[row])
            findings.append(
                (
                    start,
                    names[int(frame.columns[column])],
                    "",
                    messages.CSV_MERGED_LINES.format(
                        start=start,
                        end=start + int(spans[row]) - 1,
                        span=int(spans[row]),
                        lines=n_lines,
                        records=records,
                    ),
                )
            )
    if int(spans.sum()) != n_lines:
        findings.append(
            (
                first_line - 1,
                "",
                "",
                messages.CSV_COUNT_MISMATCH.format(lines=n_lines, records=len(frame)),
            )
        )
    return pd.Index(starts, dtype="int64"), findings


def _read_csv(
    path: Path, lookup: dict[str, str], required: set[str], wanted: set[str] | None
) -> RawTable:
    """Read a CSV export: header line found among the first lines, CR-only line ends read,
    and physical lines counted against the records parsed (see :func:`_record_lines`)."""
    data = path.read_bytes()
    cr_only = b"\n" not in data and b"\r" in data  # old Mac line ends
    too_long = long_line(data.replace(b"\r", b"\n") if cr_only else data)
    if too_long:
        line, length = too_long
        raise ExtractError(
            messages.LINE_TOO_LONG.format(
                path=path, line=line, length=length, limit=MAX_CSV_LINE_BYTES
            )
        )
    try:
        text = decode_text(data)
    except UndecodableText as error:
        raise ExtractError(messages.NOT_TEXT.format(path=path, detail=error)) from None
    del data
    if cr_only:
        text = text.replace("\r", "\n")
    head = text.split("\n", HEADER_SEARCH_ROWS)[:HEADER_SEARCH_ROWS]
    header_index, sep, headers, match = _header_line(head, lookup)
    keep = _keep(match, wanted)
    positions = sorted(keep)
    options: dict[str, object] = {
        "sep": sep, "header": None, "skiprows": header_index + 1,
        "names": list(range(len(headers))), "dtype": "str", "keep_default_na": False,
        "skip_blank_lines": False, "index_col": False,
    }  # fmt: skip
    try:
        frame = pd.read_csv(io.StringIO(text), usecols=positions, **options)
    except pd.errors.ParserError as error:
        if "EOF inside string" not in str(error):
            raise
        line = _unclosed_quote_line(text)
        raise ExtractError(messages.CSV_UNCLOSED_QUOTE.format(path=path, line=line)) from None
    frame = frame[positions].rename(columns=keep)
    first_line = header_index + 2
    n_lines = _physical_lines(text) - header_index - 1
    notes: list[tuple[int, str, str, str]] = []
    if len(frame) == n_lines:
        frame.index = pd.RangeIndex(first_line, first_line + len(frame))
    else:
        frame.index, notes = _record_lines(text, options, first_line, n_lines, headers)
    frame, repeated = _drop_repeated_headers(frame, keep, headers)
    raw = RawTable(
        _drop_blank_rows(frame), match, header_index + 1, None, headers, notes + repeated
    )
    return raw


def cell_text(value: object) -> str:
    """The text of one Excel cell as an export would have written it.

    Examples
    --------
    >>> cell_text(45447.0), cell_text(dt.datetime(2024, 6, 3, 8, 5)), cell_text(None)
    ('45447', '2024-06-03 08:05:00', '')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _best_header(rows: list[tuple], lookup: dict[str, str]) -> tuple[int, HeaderMatch]:
    best = (0, HeaderMatch())
    for number, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        match = match_headers(list(row), lookup)
        if len(match.columns) > len(best[1].columns):
            best = (number, match)
    return best


def _quoted(names: Iterable[str]) -> str:
    return ", ".join(f"'{name}'" for name in names)


def _choose_sheet(
    path: Path, sheets: list, lookup: dict[str, str], required: set[str], sheet_name: str | None
) -> tuple[Any, int, HeaderMatch]:
    """The sheet to read, deterministically: the one named ``sheet_name`` (``sheets`` of
    ``params/mapping.yaml``) if given, else the only visible sheet whose header row holds every
    required column. Several such sheets, or a named sheet that does not exist, or only a
    hidden sheet that matches, are fatal; when no sheet matches, the best-matching visible
    sheet is returned (the missing-column error then names it)."""
    from itertools import islice

    heads = []
    for sheet in sheets:
        head = list(islice(sheet.iter_rows(values_only=True), HEADER_SEARCH_ROWS))
        heads.append((sheet, *_best_header(head, lookup)))
    titles = [sheet.title for sheet in sheets]
    if sheet_name is not None:
        named = [h for h in heads if match_key(h[0].title) == match_key(sheet_name)]
        if not named:
            raise ExtractError(
                messages.SHEET_NOT_FOUND.format(path=path, sheet=sheet_name, sheets=_quoted(titles))
            )
        return named[0]
    complete = [h for h in heads if h[2].columns and required <= h[2].canonical]
    visible = [h for h in complete if h[0].sheet_state == "visible"]
    if len(visible) > 1:
        raise ExtractError(
            messages.SEVERAL_SHEETS.format(path=path, sheets=_quoted(h[0].title for h in visible))
        )
    if visible:
        return visible[0]
    if complete:
        raise ExtractError(
            messages.HIDDEN_SHEET.format(path=path, sheets=_quoted(h[0].title for h in complete))
        )
    shown = [h for h in heads if h[0].sheet_state == "visible"] or heads
    return max(shown, key=lambda h: len(h[2].columns))  # the first on a tie


_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[ >/]")


def _uncached_formulas(
    path: Path, title: str, member: str, keep: dict[int, str], first_row: int
) -> pd.DataFrame:
    """Formula cells without a cached value in the kept columns of sheet ``title``: columns
    ``row, column, formula``. Empty, without a second read, when the sheet has no formula."""
    import openpyxl

    none = pd.DataFrame({"row": pd.Series(dtype="int64"), "column": [], "formula": []})
    with zipfile.ZipFile(path) as archive:
        if not _FORMULA_TAG.search(archive.read(member)):
            return none
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        rows = list(workbook[title].iter_rows(values_only=True))
    finally:
        workbook.close()
    found = []
    for pos, name in keep.items():
        cells = pd.Series([row[pos] if pos < len(row) else None for row in rows], dtype=object)
        formula = cells.map(lambda cell: isinstance(cell, str) and cell.startswith("="))
        where = np.flatnonzero(formula.to_numpy(bool))
        found.append(
            pd.DataFrame(
                {
                    "row": where + 1,
                    "column": name,
                    "formula": cells.iloc[where].astype("str").to_numpy(),
                }
            )
        )
    found = pd.concat(found, ignore_index=True) if found else none
    return found[found["row"] >= first_row].reset_index(drop=True)


def _read_xlsx(
    path: Path,
    lookup: dict[str, str],
    required: set[str],
    wanted: set[str] | None,
    sheet_name: str | None = None,
) -> RawTable:
    """The sheet chosen by :func:`_choose_sheet`; a formula without a cached value (a
    workbook written by a program, never opened in Excel) is quarantined, never blank."""
    import openpyxl

    _check_archive(path)
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheet, header_index, match = _choose_sheet(
            path, list(workbook), lookup, required, sheet_name
        )
        title, member = sheet.title, sheet._worksheet_path
        rows = list(sheet.iter_rows(values_only=True))
    finally:
        workbook.close()
    keep = _keep(match, wanted)
    data = rows[header_index + 1 :]
    first_row = header_index + 2
    frame = pd.DataFrame(
        {
            name: _column_text(row[pos] if pos < len(row) else None for row in data)
            for pos, name in keep.items()
        },
    )
    index = pd.RangeIndex(first_row, first_row + len(data))
    frame = frame.set_axis(index) if keep else pd.DataFrame(index=index)
    problems: list[tuple[int, str, str]] = []
    formulas = _uncached_formulas(path, title, member, keep, first_row)
    if len(formulas):
        cells = frame.reindex(index=formulas["row"].to_numpy())
        empty = [
            cells.at[row, name] == ""
            for row, name in zip(formulas["row"], formulas["column"], strict=True)
        ]
        formulas = formulas[np.array(empty, dtype=bool)]
        for name, group in formulas.groupby("column", sort=False):
            frame.loc[group["row"].to_numpy(), name] = group["formula"].to_numpy()
        problems = [
            (int(row), str(name), messages.FORMULA_NO_VALUE)
            for row, name in zip(formulas["row"], formulas["column"], strict=True)
        ]
    header_cells = list(rows[header_index]) if rows else []
    frame, repeated = _drop_repeated_headers(frame, keep, header_cells)
    return RawTable(
        _drop_blank_rows(frame),
        match,
        header_index + 1,
        title,
        header_cells,
        notes=repeated,
        problems=problems,
    )


def _not_a_workbook(path: Path) -> None:
    """Refuse, naming the real format, a file named .xlsx that is no Excel 2007+ workbook: an
    Excel 97-2003 file (or one protected by a password: both are OLE2 containers), an HTML
    page or plain text (web exports saved as .xlsx)."""
    with open(path, "rb") as handle:
        head = handle.read(2048)
    if head.startswith(b"PK"):
        return
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise ExtractError(messages.XLS_CONTENT.format(path=path))
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<") and (b"<html" in text or b"<table" in text or b"<!doctype" in text):
        raise ExtractError(messages.HTML_CONTENT.format(path=path))
    raise ExtractError(messages.NOT_XLSX_CONTENT.format(path=path))


def _check_archive(path: Path) -> None:
    """Refuse an .xlsx whose zip directory declares too many members or too many bytes.

    Runs before openpyxl opens the file; a file that is no zip raises ``BadZipFile`` (reported
    as unreadable by :func:`read_table`).
    """
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
    if len(members) > MAX_XLSX_MEMBERS:
        raise ExtractError(
            messages.ZIP_TOO_MANY.format(path=path, count=len(members), limit=MAX_XLSX_MEMBERS)
        )
    size = sum(member.file_size for member in members)
    if size > MAX_XLSX_UNCOMPRESSED_BYTES:
        mib = 1024 * 1024
        raise ExtractError(
            messages.ZIP_TOO_BIG.format(
                path=path, size=size // mib, limit=MAX_XLSX_UNCOMPRESSED_BYTES // mib
            )
        )


def _column_text(values: Iterable[object]) -> pd.Series:
    return pd.Series([cell_text(value) for value in values], dtype="str")


def _read_parquet(
    path: Path,
    lookup: dict[str, str],
    wanted: set[str] | None,
    dictionary: set[str],
    presence: set[str],
    placeholders: dict[str, frozenset[str]],
) -> RawTable:
    schema = pq.read_schema(path)
    names = schema.names
    match = match_headers(list(names), lookup)
    keep = _keep(match, wanted)
    text = (pa.string(), pa.large_string())
    encoded = [
        names[pos]
        for pos, name in keep.items()
        if name in dictionary and schema.field(pos).type in text
    ]
    flags = {pos: name for pos, name in keep.items() if name in presence}
    # ParquetFile, not pq.read_table: the latter loads pyarrow.dataset (about 0.25 s, once).
    parquet = pq.ParquetFile(path, memory_map=True, read_dictionary=encoded or None)
    index = pd.RangeIndex(2, 2 + parquet.metadata.num_rows)
    flag_names = {names[pos]: name for pos, name in flags.items()}

    def presence_flags() -> dict[str, pd.Series]:
        with pq.ParquetFile(path, memory_map=True) as flags_file:
            return given_in_parquet(flags_file, flag_names, index, placeholders)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="kpi-presence") as background:
        # Presence flags (Arrow and NumPy work, outside the GIL) on a second thread while the
        # other columns are read and converted to pandas.
        given = background.submit(presence_flags) if flags else None
        table = parquet.read(columns=[names[pos] for pos in sorted(keep) if pos not in flags])
        frame = table.to_pandas(split_blocks=True, self_destruct=True)
        del table
        frame = frame.rename(columns={names[pos]: name for pos, name in keep.items()})
        frame.index = index
        if given is not None:
            frame = frame.assign(**given.result())
    return RawTable(frame, match, header_cells=list(names))
