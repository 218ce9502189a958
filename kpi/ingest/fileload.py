"""Load one table file: read, match headers, parse, validate, quarantine, finalise."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from kpi.columns import PRESENCE_ONLY, TABLES
from kpi.errors import ExtractError
from kpi.ingest import messages
from kpi.ingest.absent import absent_findings
from kpi.ingest.convert import convert_table, problems_frame
from kpi.ingest.distinct import arrow_values, is_categorical
from kpi.ingest.finalize import CATEGORICAL, UNIT_TABLES, finalize, normalise_units
from kpi.ingest.mapping import IngestMapping
from kpi.ingest.presence import given
from kpi.ingest.readers import RawTable, read_table
from kpi.ingest.schemas import validate

# Keys of a record: within one file a repeated key is quarantined; across extracts the latest
# export wins.
KEYS: dict[str, tuple[str, ...]] = {
    "procedures": ("procedure_code",),
    "announcements": ("decision_id", "procedure_code"),
    "dossiers": ("dossier_id",),
    "feedback": ("feedback_id",),
    "national_counts": ("period", "unit"),
}
# Columns that rules of this package read whatever the caller asked for.
_ALWAYS: dict[str, tuple[str, ...]] = {
    "dossiers": ("received_at", "finished_at", "status", "procedure_code"),
    "procedures": ("online_level",),
}
ISSUE_COLUMNS = ("table", "file", "row", "column", "value", "reason")
# Tables whose dates may not precede quality.earliest_date (the records the index counts).
EARLIEST_DATE_TABLES = ("dossiers", "feedback")


@dataclass
class FileResult:
    """One file loaded: used rows (indexed by source row), quarantine, header findings."""

    table: str
    path: Path
    used: pd.DataFrame
    quarantine: pd.DataFrame
    findings: pd.DataFrame
    rows_read: int
    sheet: str | None = None
    header_row: int = 1


def selected_columns(table: str, wanted: list[str] | None) -> list[str]:
    """Canonical columns to load: ``wanted`` plus required, key and rule columns, in order."""
    if wanted is None:
        return [col.name for col in TABLES[table]]
    keep = set(wanted) | set(KEYS[table]) | set(_ALWAYS.get(table, ()))
    keep |= {col.name for col in TABLES[table] if col.required}
    return [col.name for col in TABLES[table] if col.name in keep]


def issues_frame(table: str, path: Path, problems: pd.DataFrame, values: pd.Series) -> pd.DataFrame:
    """Problems (row, column, reason) with their values → rows of the issue-table shape."""
    return pd.DataFrame(
        {
            "table": pd.Series(table, index=problems.index, dtype="str"),
            "file": pd.Series(str(path), index=problems.index, dtype="str"),
            "row": problems["row"].astype("Int64"),
            "column": problems["column"].astype("str"),
            "value": values.astype("str").fillna("").to_numpy(),
            "reason": problems["reason"].astype("str"),
        },
        columns=list(ISSUE_COLUMNS),
    )


def _raw_values(raw: pd.DataFrame, problems: pd.DataFrame) -> pd.Series:
    values = pd.Series("", index=problems.index, dtype=object)
    for name, group in problems.groupby("column", sort=False):
        if name in raw.columns:
            cells = raw[name].reindex(group["row"].to_numpy())
            values[group.index] = [
                "" if pd.isna(cell) else str(cell) for cell in cells.to_numpy(dtype=object)
            ]
    return values


_DISTINCT_BLOCK = 1 << 20  # sorted values compared a block at a time: bounded scratch memory


def _all_distinct(values: pd.Series) -> bool:
    """True when the non-missing ``values`` are all different (sort-based: no hash table)."""
    if is_categorical(values):
        codes = values.cat.codes.to_numpy()
        codes = codes[codes >= 0]
        return bool(np.bincount(codes, minlength=1).max(initial=0) <= 1)
    array = arrow_values(values)
    present = len(array) - array.null_count
    order = pc.sort_indices(array).slice(0, present)  # missing values sort last
    for start in range(0, present - 1, _DISTINCT_BLOCK):
        # One extra value overlaps the next block, so neighbours across blocks are compared.
        ordered = array.take(order.slice(start, _DISTINCT_BLOCK + 1))
        if pc.any(pc.equal(ordered.slice(0, len(ordered) - 1), ordered.slice(1))).as_py():
            return False
    return True


def _duplicates(parsed: pd.DataFrame, table: str) -> pd.DataFrame:
    key = list(KEYS[table])
    none = problems_frame(pd.Index([], dtype="int64"), key[0], "")
    if len(key) == 1 and _all_distinct(parsed[key[0]]):
        return none
    complete = parsed[key].notna().all(axis=1)
    keyed = parsed.loc[complete, key]
    repeated = keyed.duplicated(keep="first")
    if not repeated.any():
        return none
    rows = pd.Series(keyed.index, index=keyed.index)
    first = keyed.assign(_row=rows).groupby(key, sort=False)["_row"].transform("first")
    later = first[repeated]
    reasons = [messages.DUPLICATE_ID.format(first=number) for number in later.to_numpy()]
    frame = problems_frame(later.index, key[0], "")
    frame["reason"] = reasons
    return frame


_MONTH_FIRST = r"^(\d{1,2})[/.-](\d{1,2})[/.-]\d{4}\b"


def month_first_notes(raw: RawTable, problems: pd.DataFrame) -> list[tuple[int, str, str, str]]:
    """A finding per date column holding unreadable dates that read month first (``06/13/2024``):
    the column was likely exported month first, so its dates with a day up to 12 were read as
    the wrong day without an error. On the header row, with the first such value."""
    notes = []
    bad = problems[problems["reason"] == messages.BAD_DATE]
    for column, group in bad.groupby("column", sort=True):
        if column not in raw.frame.columns:
            continue
        text = raw.frame.loc[group["row"].to_numpy(), column].astype("str").str.strip()
        parts = text.str.extract(_MONTH_FIRST).astype("float64")
        month_first = (parts[0] <= 12) & (parts[1] > 12) & (parts[1] <= 31)
        if month_first.any():
            example = str(text[month_first.to_numpy()].iloc[0])
            reason = messages.MONTH_FIRST.format(count=int(month_first.sum()))
            notes.append((raw.header_row, str(column), example, reason))
    return notes


def _header_findings(raw: RawTable, table: str, selected: list[str]) -> pd.DataFrame:
    absent = absent_findings(table, set(raw.frame.columns), selected, raw.header_row)
    rows = [(raw.header_row, header, "", messages.UNKNOWN_COLUMN) for header in raw.headers.unknown]
    rows += [
        (raw.header_row, header, "", messages.REPEATED_COLUMN.format(first=name))
        for header, name in raw.headers.repeated
    ]
    rows += raw.notes
    frame = pd.DataFrame(rows, columns=["row", "column", "value", "reason"])
    return pd.concat([frame, absent], ignore_index=True) if len(absent) else frame


_SHOWN_HEADERS = 20


def _header_text(raw: RawTable) -> str:
    """``; dòng tiêu đề 3 có các cột: 'MaHoSo', 'MaTTHC', …`` (at most 20 cells)."""
    cells = ["" if cell is None else str(cell).strip() for cell in raw.header_cells]
    while cells and not cells[-1]:
        cells.pop()
    if not cells:
        return ""
    shown = ", ".join(f"'{cell}'" for cell in cells[:_SHOWN_HEADERS])
    shown += ", …" if len(cells) > _SHOWN_HEADERS else ""
    return messages.HEADER_FOUND.format(row=raw.header_row, headers=shown)


def _require(raw: RawTable, table: str, path: Path) -> None:
    required = [col.name for col in TABLES[table] if col.required]
    missing = [name for name in required if name not in raw.frame.columns]
    if missing:
        where = (
            messages.SHEET_SUFFIX.format(sheet=raw.sheet, row=raw.header_row) if raw.sheet else ""
        )
        where += _header_text(raw)
        names = messages.missing_columns(table, missing)
        raise ExtractError(messages.MISSING_COLUMNS.format(path=path, columns=names, where=where))


def implausible_dates(
    parsed: pd.DataFrame,
    table: str,
    earliest: pd.Timestamp,
    export_time: pd.Timestamp,
    days: int,
) -> pd.DataFrame:
    """Problems (row, column, reason) for dates before ``earliest`` (records of
    ``EARLIEST_DATE_TABLES`` only) or more than ``days`` days after ``export_time``, in every
    datetime column of ``parsed`` (deadlines included).

    A decision or a legal basis announcing a TTHC may be older than the index: the lower bound
    is for dossiers and PAKN. The reason names the column (label and canonical name) and the
    bound crossed.
    """
    latest = export_time + pd.Timedelta(days=days)
    if table not in EARLIEST_DATE_TABLES:
        earliest = pd.Timestamp.min
    found = []
    for col in TABLES[table]:
        if col.kind != "datetime" or col.name not in parsed.columns:
            continue
        values = parsed[col.name]
        early = (values < earliest).to_numpy(bool)
        late = (values > latest).to_numpy(bool)
        if early.any():
            reason = messages.DATE_TOO_EARLY.format(
                label=col.label, column=col.name, earliest=f"{earliest:%d/%m/%Y}"
            )
            found.append(problems_frame(parsed.index[early], col.name, reason))
        if late.any():
            reason = messages.DATE_TOO_LATE.format(
                label=col.label,
                column=col.name,
                latest=f"{latest:%d/%m/%Y}",
                days=days,
                export=f"{export_time:%d/%m/%Y %H:%M}",
            )
            found.append(problems_frame(parsed.index[late], col.name, reason))
    if not found:
        return problems_frame(pd.Index([], dtype="int64"), "", "").iloc[0:0]
    return pd.concat(found, ignore_index=True)


def load_file(
    path: Path,
    table: str,
    *,
    mapping: IngestMapping,
    unit_codes: dict[str, str],
    wanted: list[str] | None = None,
    presence_only: bool = False,
    export_time: pd.Timestamp | None = None,
) -> FileResult:
    """Load ``path`` as ``table``; with ``presence_only`` the table's ``PRESENCE_ONLY`` text
    columns come back as given / missing (:mod:`kpi.ingest.presence`). With ``export_time``
    (of the file's extract), dates outside the plausible window of ``mapping.quality`` are
    quarantined (:func:`implausible_dates`).

    Raises
    ------
    ExtractError
        Empty or unreadable file, or a required column missing (the message names them).
    """
    selected = selected_columns(table, wanted)
    required = {col.name for col in TABLES[table] if col.required}
    dictionary = {col.name for col in TABLES[table] if col.kind == "choice"}
    dictionary |= set(CATEGORICAL.get(table, ()))
    presence = set(PRESENCE_ONLY.get(table, ())) if presence_only else set()
    placeholders = {name: mapping.placeholder_keys(table, name) for name in presence}
    raw = read_table(
        path,
        mapping.header_lookup(table),
        required,
        set(selected),
        dictionary,
        presence,
        placeholders,
        mapping.sheets.get(table),
    )
    _require(raw, table, path)
    parsed, parse_problems = convert_table(raw.frame, table, mapping)
    if export_time is not None:
        limits = mapping.quality
        dates = implausible_dates(
            parsed,
            table,
            pd.Timestamp(limits.earliest_date),
            export_time,
            limits.max_days_after_export,
        )
        parse_problems = pd.concat([parse_problems, dates], ignore_index=True)
    if table in UNIT_TABLES and "unit" in parsed.columns:
        parsed["unit"] = normalise_units(parsed["unit"], unit_codes)  # before keys: a key part
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="kpi-keys") as background:
        # Repeated keys (a sort of the ids, Arrow work outside the GIL) on a second thread, on
        # their own frame, while the values are checked.
        repeated = background.submit(_duplicates, parsed[list(KEYS[table])], table)
        for name in presence & set(parsed.columns):
            parsed[name] = given(parsed[name])
        invalid = validate(parsed, table)
    read_problems = pd.DataFrame(raw.problems, columns=["row", "column", "reason"])
    problems = pd.concat(
        [read_problems, parse_problems, repeated.result(), invalid], ignore_index=True
    )
    problems = problems.drop_duplicates(["row", "column"], keep="first").sort_values(
        ["row", "column"], kind="stable", ignore_index=True
    )
    quarantine = issues_frame(table, path, problems, _raw_values(raw.frame, problems))
    if len(problems):
        parsed = parsed.drop(index=problems["row"].unique())
    used = finalize(parsed, table, selected)
    raw.notes = [*raw.notes, *month_first_notes(raw, parse_problems)]
    header = _header_findings(raw, table, selected)
    findings = issues_frame(table, path, header, header["value"])
    return FileResult(
        table, path, used, quarantine, findings, len(raw.frame), raw.sheet, raw.header_row
    )
