"""Parse every column of one raw table into canonical types, collecting what does not parse."""

from __future__ import annotations

import pandas as pd

from kpi.columns import TABLES, Column
from kpi.ingest import messages
from kpi.ingest.mapping import IngestMapping
from kpi.ingest.parse import (
    map_choice,
    parse_bool,
    parse_datetime,
    parse_number,
    parse_text,
    placeholder_mask,
)

PROBLEM_COLUMNS = ("row", "column", "reason")
# Excel's error values, as a workbook or a CSV saved from it shows a formula that failed. Never
# a value: the cell is quarantined (``#N/A`` is a placeholder of params/mapping.yaml instead).
EXCEL_ERRORS = frozenset(
    {
        "#null!",
        "#div/0!",
        "#value!",
        "#ref!",
        "#name?",
        "#num!",
        "#getting_data",
        "#spill!",
        "#calc!",
        "#field!",
        "#blocked!",
        "#unknown!",
        "#busy!",
        "#connect!",
        "#python!",
    }
)


def problems_frame(rows: pd.Index | pd.Series, column: str, reason: str) -> pd.DataFrame:
    """Problems (row, column, reason) for the given source rows."""
    return pd.DataFrame(
        {"row": pd.Series(rows, dtype="int64"), "column": column, "reason": reason},
        columns=list(PROBLEM_COLUMNS),
    )


def _bad_reason(col: Column) -> str:
    if col.kind == "datetime":
        return messages.BAD_DATE
    if col.kind == "bool":
        return messages.BAD_BOOL
    if col.name == "channel":
        return messages.BAD_CHANNEL
    return messages.BAD_INT if col.kind in ("int", "Int8") else messages.BAD_NUMBER


def without_placeholders(raw: pd.Series, keys: frozenset[str]) -> pd.Series:
    """``raw`` with its placeholder values (:func:`kpi.ingest.parse.placeholder_mask`) made
    missing; returned as it is when there are none."""
    missing = placeholder_mask(raw, keys)
    if not missing.any():
        return raw
    return raw.mask(pd.Series(missing, index=raw.index))


def convert_column(
    raw: pd.Series, table: str, col: Column, mapping: IngestMapping
) -> tuple[pd.Series, pd.Series]:
    """Parse one column; returns ``(values, bad)``.

    Placeholders of ``params/mapping.yaml`` (``N/A``, ``-``...) are blank first, in every kind
    of column: missing, never a value and never unreadable by themselves. Integer columns come
    back as ``Int64`` with blanks as NA (the default is filled after validation); choice
    columns as text with unknown spellings kept for the schema to reject.
    """
    raw = without_placeholders(raw, mapping.placeholder_keys(table, col.name))
    lookup = mapping.value_lookup(table, col.name)
    if col.kind == "datetime":
        return parse_datetime(raw)
    if col.kind == "bool":
        flags = mapping.text_flags.get(table, [])
        return parse_bool(raw, mapping.boolean_lookup(), text_flag=col.name in flags)
    if col.kind in ("int", "Int8"):
        if not pd.api.types.is_numeric_dtype(raw) and lookup:
            raw = map_choice(raw, lookup)
        return parse_number(raw, integer=True)
    if col.kind == "float":
        return parse_number(raw)
    if col.kind == "choice":
        values = map_choice(raw, lookup)
        return values, pd.Series(False, index=raw.index)
    return parse_text(raw), pd.Series(False, index=raw.index)


def convert_table(
    raw: pd.DataFrame, table: str, mapping: IngestMapping
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Parse every canonical column present in ``raw``.

    Returns
    -------
    parsed
        Same index and columns as ``raw``; values typed, NA where blank or unreadable.
    problems
        One row per unreadable value: ``row`` (source row number), ``column``, ``reason``.
    """
    parsed: dict[str, pd.Series] = {}
    problems = []
    for col in TABLES[table]:
        if col.name not in raw.columns:
            continue
        column = raw[col.name]
        errors = placeholder_mask(column, EXCEL_ERRORS - mapping.placeholder_keys(table, col.name))
        if errors.any():  # reported as such, not as an unreadable value
            problems.append(problems_frame(raw.index[errors], col.name, messages.EXCEL_ERROR))
            column = column.mask(pd.Series(errors, index=column.index))
        values, bad = convert_column(column, table, col, mapping)
        parsed[col.name] = values
        if bad.any():
            problems.append(problems_frame(raw.index[bad.to_numpy()], col.name, _bad_reason(col)))
    frame = pd.DataFrame(parsed, index=raw.index, copy=False)
    return frame, _concat_problems(problems)


def _concat_problems(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [frame for frame in frames if len(frame)]
    if not frames:
        return problems_frame(pd.Index([], dtype="int64"), "", "").iloc[0:0]
    return pd.concat(frames, ignore_index=True)
