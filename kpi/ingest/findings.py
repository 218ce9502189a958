"""Data-quality findings on used rows: suspicious but usable values, rows kept.

The frames passed here carry three bookkeeping columns next to the canonical ones: ``_file``
(source path), ``_row`` (source row number) and ``_export_time`` (of the row's extract).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpi.columns import COMPLETED_STATUSES, DEADLINE_COLUMNS, TABLES, TERMINAL_STATUSES
from kpi.ingest import messages
from kpi.ingest.fileload import ISSUE_COLUMNS
from kpi.vector import is_in


def _constant(value: str, n: int) -> pd.Categorical:
    """``value`` repeated ``n`` times, as a one-category categorical (no string per row)."""
    return pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), categories=[value])


def _text(values: pd.Series) -> pd.Categorical:
    """The values as text ("" where missing), converted once per distinct value."""
    if pd.api.types.is_datetime64_any_dtype(values):
        codes, uniques = pd.factorize(values)
        texts = pd.Index(uniques).strftime("%Y-%m-%d %H:%M:%S")
    elif isinstance(values.dtype, pd.CategoricalDtype):
        codes, texts = values.cat.codes.to_numpy(), values.cat.categories.astype("str")
    else:
        codes, uniques = pd.factorize(values)
        texts = pd.Index(uniques).astype("str")
    # distinct values may share a text (1 and "1"): categories must be unique
    text_codes, categories = pd.factorize(pd.Index([*texts, ""]))
    codes = np.where(codes >= 0, text_codes[np.maximum(codes, 0)], text_codes[-1])
    return pd.Categorical.from_codes(codes, categories=categories)


def _issues(
    frame: pd.DataFrame, table: str, mask: pd.Series, column: str, reason: str | pd.Series
) -> pd.DataFrame:
    """One issue per masked row. Text columns are categorical: a million findings of one
    cause cost a million codes, not a million strings."""
    rows = frame.loc[mask.to_numpy(), ["_file", "_row", column]]
    n = len(rows)
    files = rows["_file"]
    return pd.DataFrame(
        {
            "table": _constant(table, n),
            "file": _text(files),
            "row": rows["_row"].astype("Int64").to_numpy(),
            "column": _constant(column, n),
            "value": _text(rows[column]),
            "reason": (
                _text(reason.reindex(rows.index))
                if isinstance(reason, pd.Series)
                else _constant(reason, n)
            ),
        },
        columns=list(ISSUE_COLUMNS),
    )


def after_export(frame: pd.DataFrame, table: str) -> list[pd.DataFrame]:
    """Event datetimes later than the export time of their extract.

    Deadlines (``kpi.columns.DEADLINE_COLUMNS``: due dates, legal effective dates) may lie in
    the future and are not checked.
    """
    found = []
    stamp = frame["_export_time"]
    reason = messages.AFTER_EXPORT.format(export_time="{}")
    for col in TABLES[table]:
        if (
            col.kind == "datetime"
            and col.name in frame.columns
            and col.name not in DEADLINE_COLUMNS
        ):
            mask = frame[col.name] > stamp
            if mask.any():
                stamps = stamp[mask]
                texts = {  # one text per extract, not per row
                    time: reason.format(time.strftime("%Y-%m-%d %H:%M:%S"))
                    for time in stamps.unique()
                }
                found.append(_issues(frame, table, mask, col.name, stamps.map(texts)))
    return found


def unknown_units(frame: pd.DataFrame, table: str, codes: set[str]) -> list[pd.DataFrame]:
    """Unit values that matched no unit of ``params/units.yaml`` (kept as they are)."""
    if "unit" not in frame.columns:
        return []
    mask = frame["unit"].notna() & ~is_in(frame["unit"], codes)
    return [_issues(frame, table, mask, "unit", messages.UNKNOWN_UNIT)] if mask.any() else []


def _check(
    frame: pd.DataFrame, table: str, mask: pd.Series, column: str, reason: str
) -> list[pd.DataFrame]:
    mask = mask.fillna(False).astype(bool)
    return [_issues(frame, table, mask, column, reason)] if mask.any() else []


def dossier_findings(dossiers: pd.DataFrame, procedure_codes: pd.Series) -> list[pd.DataFrame]:
    """Dossiers of a TTHC outside the catalogue; terminal status without ``finished_at``; due
    date before receipt; a result (done/returned) for a dossier never received."""
    found = []
    if {"due_at", "received_at"} <= set(dossiers.columns):
        early = dossiers["due_at"] < dossiers["received_at"]
        found += _check(dossiers, "dossiers", early, "due_at", messages.DUE_BEFORE_RECEIVED)
        never = dossiers["received_at"].isna() & is_in(dossiers["status"], COMPLETED_STATUSES)
        found += _check(
            dossiers, "dossiers", never, "received_at", messages.FINISHED_NEVER_RECEIVED
        )
    unknown = pd.Series(~is_in(dossiers["procedure_code"], procedure_codes), index=dossiers.index)
    if unknown.any():
        found.append(
            _issues(dossiers, "dossiers", unknown, "procedure_code", messages.UNKNOWN_PROCEDURE)
        )
    open_end = dossiers["finished_at"].isna() & is_in(dossiers["status"], TERMINAL_STATUSES)
    if open_end.any():
        found.append(
            _issues(dossiers, "dossiers", open_end, "finished_at", messages.TERMINAL_WITHOUT_FINISH)
        )
    return found


def table_findings(
    frame: pd.DataFrame, table: str, unit_codes: set[str], procedure_codes: pd.Series | None
) -> list[pd.DataFrame]:
    """Every finding on the used rows of ``table``."""
    found = after_export(frame, table) + unknown_units(frame, table, unit_codes)
    if table == "dossiers" and procedure_codes is not None:
        found += dossier_findings(frame, procedure_codes)
    if table == "feedback" and {"published_at", "answered_at"} <= set(frame.columns):
        early = frame["published_at"] < frame["answered_at"]
        found += _check(frame, table, early, "published_at", messages.PUBLISHED_BEFORE_ANSWERED)
    return found
