"""Pandera schemas of the parsed tables, built from ``kpi.columns``, and their failure reasons.

The schemas run on parsed values (after :mod:`kpi.ingest.convert`), lazily, on a frame indexed
by source row number, so every failure case names its row. Dtypes are not checked here (the
parsers produce them); the schemas check presence (``nullable``), allowed values, signs and the
cross-column rule of dossiers (finished before received).

Speed: every check is row-wise, so :func:`validate` first marks, with plain vectorised
comparisons from the same column specifications (:func:`suspects`), the rows that could fail
one, and runs pandera on those rows only; a clean table never reaches pandera, which is also
imported only then (its import and first use cost about 0.5 s).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from kpi.columns import TABLES, Column
from kpi.ingest import messages
from kpi.vector import is_in

if TYPE_CHECKING:
    import pandera.pandas as pa

FINISHED_BEFORE_RECEIVED = "finished_before_received"


def _allowed(col: Column) -> list[object] | None:
    """Allowed values of ``col`` (None: any)."""
    if col.kind == "choice":
        return list(col.values)
    if col.kind in ("int", "Int8") and col.values:
        return [int(value) for value in col.values]
    return None


def _non_negative(col: Column) -> bool:
    return col.kind in ("int", "float") and not col.values


def _checks(col: Column) -> list[pa.Check]:
    import pandera.pandas as pa

    allowed = _allowed(col)
    if allowed is not None:
        return [pa.Check.isin(allowed)]
    return [pa.Check.ge(0)] if _non_negative(col) else []


def _has_checks(col: Column) -> bool:
    return _allowed(col) is not None or _non_negative(col)


def _finished_not_before_received(frame: pd.DataFrame) -> pd.Series:
    return ~(frame["finished_at"] < frame["received_at"])


def suspects(frame: pd.DataFrame, table: str) -> np.ndarray:
    """Rows of ``frame`` that some check of the schema of ``table`` could fail.

    The same conditions as the schema (a superset is enough: pandera decides), vectorised.
    """
    rows = np.zeros(len(frame), dtype=bool)
    for col in TABLES[table]:
        if col.name not in frame.columns:
            continue
        values = frame[col.name]
        present = values.notna().to_numpy(bool)
        if not col.nullable:
            rows |= ~present
        allowed = _allowed(col)
        if allowed is not None and col.kind == "choice":
            rows |= present & ~is_in(values, allowed)
        elif allowed is not None:  # a few integers: comparisons beat a hash-based isin
            numbers = values.to_numpy("float64", na_value=np.nan)
            rows |= present & ~np.logical_or.reduce([numbers == value for value in allowed])
        elif _non_negative(col):
            rows |= (values < 0).fillna(False).to_numpy(bool)
    if table == "dossiers" and {"finished_at", "received_at"} <= set(frame.columns):
        rows |= ~_finished_not_before_received(frame).to_numpy(bool)
    return rows


def table_schema(table: str, present: list[str]) -> pa.DataFrameSchema:
    """The schema of ``table`` restricted to the ``present`` columns.

    A nullable column without value checks can fail nothing: it is left out, so that pandera
    does not walk it.
    """
    import pandera.pandas as pa

    columns = {
        col.name: pa.Column(checks=_checks(col), nullable=col.nullable, required=True)
        for col in TABLES[table]
        if col.name in present and (_has_checks(col) or not col.nullable)
    }
    checks = []
    if table == "dossiers" and {"finished_at", "received_at"} <= set(present):
        checks.append(pa.Check(_finished_not_before_received, name=FINISHED_BEFORE_RECEIVED))
    return pa.DataFrameSchema(columns, checks=checks, name=table)


def reason(table: str, column: str, check: str) -> str:
    """Vietnamese reason of one failure case."""
    if check == FINISHED_BEFORE_RECEIVED:
        return messages.FINISHED_BEFORE_RECEIVED
    if check == "not_nullable":
        is_id = column.endswith("_id") or column in ("procedure_code", "period")
        return messages.MISSING_ID if is_id else messages.MISSING_VALUE
    if column == "channel":
        return messages.BAD_CHANNEL
    if column == "status":
        return messages.BAD_STATUS
    if check.startswith("isin"):
        values = next(col.values for col in TABLES[table] if col.name == column)
        return messages.BAD_CHOICE.format(values=", ".join(values))
    if check.startswith("greater_than"):
        return messages.NEGATIVE
    return check


def validate(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """Problems (row, column, reason) found by the schema of ``table`` in ``frame``.

    ``frame`` must be indexed by unique source row numbers. A failure of the table-level
    check is reported once per row, on ``finished_at``.
    """
    candidates = suspects(frame, table)
    if candidates.any():
        return _pandera_problems(frame.loc[candidates], table)
    return pd.DataFrame({"row": pd.Series(dtype="int64"), "column": [], "reason": []})


def _pandera_problems(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """Problems found by the pandera schema of ``table`` in ``frame`` (all rows checked)."""
    from pandera.errors import SchemaErrors

    schema = table_schema(table, list(frame.columns))
    try:
        schema.validate(frame, lazy=True, inplace=True)  # no coercion: nothing is written
    except SchemaErrors as errors:
        cases = errors.failure_cases
        cases = cases[cases["index"].notna()]
        table_level = cases["check"] == FINISHED_BEFORE_RECEIVED
        cases.loc[table_level, "column"] = "finished_at"
        cases = cases.drop_duplicates(["index", "column", "check"])
        pairs = cases[["column", "check"]].drop_duplicates()
        reasons = {
            (column, check): reason(table, column, check)
            for column, check in zip(pairs["column"], pairs["check"], strict=True)
        }
        keys = pd.Series(list(zip(cases["column"], cases["check"], strict=True)), dtype=object)
        return pd.DataFrame(
            {
                "row": cases["index"].astype("int64").to_numpy(),
                "column": cases["column"].astype("str").to_numpy(),
                "reason": keys.map(reasons).astype("str").to_numpy(),
            }
        )
    return pd.DataFrame({"row": pd.Series(dtype="int64"), "column": [], "reason": []})
