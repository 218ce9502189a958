"""Data-quality findings on used rows: suspicious but usable values, rows kept.

The frames passed here carry three bookkeeping columns next to the canonical ones: ``_file``
(source path), ``_row`` (source row number) and ``_export_time`` (of the row's extract).
"""

from __future__ import annotations

import pandas as pd

from kpi.columns import COMPLETED_STATUSES, DEADLINE_COLUMNS, TABLES, TERMINAL_STATUSES
from kpi.ingest import messages
from kpi.ingest.fileload import ISSUE_COLUMNS
from kpi.vector import is_in


def _issues(
    frame: pd.DataFrame, table: str, mask: pd.Series, column: str, reason: str | pd.Series
) -> pd.DataFrame:
    rows = frame.loc[mask.to_numpy(), ["_file", "_row", column]]
    values = rows[column]
    if pd.api.types.is_datetime64_any_dtype(values):
        text = values.dt.strftime("%Y-%m-%d %H:%M:%S")
    else:
        text = values.astype("str")
    return pd.DataFrame(
        {
            "table": table,
            "file": rows["_file"].astype("str"),
            "row": rows["_row"].astype("Int64"),
            "column": column,
            "value": text.fillna(""),
            "reason": reason.reindex(rows.index) if isinstance(reason, pd.Series) else reason,
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
