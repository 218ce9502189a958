"""Small hand-made canonical tables for rule tests: give only the columns that matter."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpi.columns import TABLES

_PROCEDURE_DEFAULTS = {
    "status": "published",
    "unit": "CNTY",
    "online_level": "none",
    "processing_time_unit": "working_day",
    **{flag: True for flag in ("has_name", "has_steps", "has_methods",
                               "has_dossier_components", "has_time_limit", "has_subjects",
                               "has_agency")},
}  # fmt: skip
_DOSSIER_DEFAULTS = {"unit": "CNTY", "status": "processing", "procedure_code": "1.000001"}


def table(name: str, rows: list[dict]) -> pd.DataFrame:
    """A canonical table with the given rows; absent columns get their default or null."""
    defaults = {"procedures": _PROCEDURE_DEFAULTS, "dossiers": _DOSSIER_DEFAULTS}.get(name, {})
    frame = pd.DataFrame([{**defaults, **row} for row in rows])
    columns = {}
    for column in TABLES[name]:
        values = frame[column.name] if column.name in frame else pd.Series([None] * len(frame))
        if column.kind == "datetime":
            columns[column.name] = pd.to_datetime(values).astype("datetime64[us]")
        elif column.kind == "bool":
            columns[column.name] = values.fillna(False).astype(bool)
        elif column.kind == "int":
            default = column.default if column.default is not None else 0
            columns[column.name] = values.fillna(default).astype(np.int64)
        elif column.kind == "Int8":
            columns[column.name] = values.astype("Int8")
        elif column.kind == "float":
            columns[column.name] = values.astype("float64")
        else:
            columns[column.name] = values.astype("str").where(values.notna())
    result = pd.DataFrame(columns)
    if name == "procedures":  # data model: default 1 when online_level is not none, else 0
        given = frame["online_services"] if "online_services" in frame else pd.Series(np.nan)
        online = result["online_level"].ne("none").astype(np.int64)
        result["online_services"] = given.reindex(result.index).fillna(online).astype(np.int64)
    for column in TABLES[name]:
        if column.kind in ("str", "choice"):
            result[column.name] = result[column.name].astype("str")
    return result


def tables(**rows: list[dict]) -> dict[str, pd.DataFrame]:
    """Canonical tables from rows per table; procedures and dossiers default to empty."""
    rows = {"procedures": [], "dossiers": [], **rows}
    return {name: table(name, table_rows) for name, table_rows in rows.items()}
