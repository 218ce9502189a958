"""Pandera schemas of the parsed tables, built from ``kpi.columns``, and their failure reasons.

The schemas run on parsed values (after :mod:`kpi.ingest.convert`), lazily, on a frame indexed
by source row number, so every failure case names its row. Dtypes are not checked here (the
parsers produce them); the schemas check presence (``nullable``), allowed values, signs and the
cross-column rule of dossiers (finished before received).
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from kpi.columns import TABLES, Column
from kpi.ingest import messages

FINISHED_BEFORE_RECEIVED = "finished_before_received"


def _checks(col: Column) -> list[pa.Check]:
    if col.kind == "choice":
        return [pa.Check.isin(list(col.values))]
    if col.kind in ("int", "Int8") and col.values:
        return [pa.Check.isin([int(value) for value in col.values])]
    if col.kind in ("int", "float"):
        return [pa.Check.ge(0)]
    return []


def _finished_not_before_received(frame: pd.DataFrame) -> pd.Series:
    return ~(frame["finished_at"] < frame["received_at"])


def table_schema(table: str, present: list[str]) -> pa.DataFrameSchema:
    """The schema of ``table`` restricted to the ``present`` columns."""
    columns = {
        col.name: pa.Column(checks=_checks(col), nullable=col.nullable, required=True)
        for col in TABLES[table]
        if col.name in present
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
    schema = table_schema(table, list(frame.columns))
    try:
        schema.validate(frame, lazy=True)
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
