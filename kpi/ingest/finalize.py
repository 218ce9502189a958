"""Bring used rows to the dtypes of the ``kpi.columns`` contract; normalise unit names."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpi.columns import TABLES, Column
from kpi.ingest.distinct import TEXT, as_category, as_text, map_distinct
from kpi.ingest.mapping import match_key
from kpi.ingest.presence import PRESENCE
from kpi.params import UnitsParams

UNIT_TABLES = ("procedures", "dossiers", "feedback", "national_counts")
# Low-cardinality key columns returned as pandas ``category`` (categories: the values present,
# sorted): the rules group and join on their integer codes. Other text columns stay ``str``.
CATEGORICAL: dict[str, tuple[str, ...]] = {
    "dossiers": ("procedure_code", "unit", "status"),
    "feedback": ("unit",),
}


def unit_lookup(units: UnitsParams) -> dict[str, str]:
    """Match key of a unit's code, name or alias → unit code."""
    lookup: dict[str, str] = {}
    for unit in units.units:
        for spelling in (unit.code, unit.name, *unit.aliases):
            lookup[match_key(spelling)] = unit.code
    return lookup


def normalise_units(values: pd.Series, lookup: dict[str, str]) -> pd.Series:
    """Unit texts replaced by their unit code when they match; other texts kept as they are.

    Examples
    --------
    >>> normalise_units(pd.Series(["phòng KH-TC", "Lạ", None]), {"phongkhtc": "KHTC"}).tolist()
    ['KHTC', 'Lạ', nan]
    """
    return map_distinct(values, lambda text: lookup.get(match_key(text), text))


def _empty(col: Column, index: pd.Index) -> pd.Series:
    if col.kind == "bool":
        return pd.Series(bool(col.default), index=index, dtype=bool)
    if col.kind == "int":
        return pd.Series(pd.NA, index=index, dtype="Int64")
    if col.kind == "Int8":
        return pd.Series(pd.NA, index=index, dtype="Int8")
    if col.kind == "float":
        return pd.Series(np.nan, index=index, dtype="float64")
    if col.kind == "datetime":
        return pd.Series(pd.NaT, index=index, dtype="datetime64[us]")
    return pd.Series(np.nan, index=index, dtype=TEXT)


def _cast(values: pd.Series, col: Column, categorical: bool) -> pd.Series:
    if values.dtype == PRESENCE:  # given / missing only (kpi.ingest.presence): kept as it is
        return values
    if col.kind == "bool":
        return values.astype(bool)
    if col.kind == "int":
        return values.fillna(col.default if col.default is not None else 0).astype("int64")
    if col.kind == "Int8":
        return values.astype("Int8")
    if col.kind == "float":
        return values.astype("float64")
    if col.kind == "datetime":
        return values.astype("datetime64[us]")
    if categorical:
        return as_category(values)
    values = as_text(values)
    if col.kind == "choice" and col.default is not None:
        values = values.fillna(col.default)
    return values


def finalize(frame: pd.DataFrame, table: str, selected: list[str]) -> pd.DataFrame:
    """The ``selected`` canonical columns of ``table``, in contract order and dtypes.

    Columns absent from the file get their default (bool/int) or NA. ``online_services``
    blank means 1 when ``online_level`` is not ``none``, else 0. The index is kept. The
    ``CATEGORICAL`` columns of ``table`` are ``category``, the other text columns ``str``.
    """
    columns: dict[str, pd.Series] = {}
    for col in TABLES[table]:
        if col.name not in selected:
            continue
        values = frame[col.name] if col.name in frame.columns else _empty(col, frame.index)
        if col.name == "online_services":
            level = columns.get("online_level", frame.get("online_level"))
            online = (level.fillna("none") != "none").astype("int64") if level is not None else 0
            values = values.astype("Int64").fillna(online)
        columns[col.name] = _cast(values, col, col.name in CATEGORICAL.get(table, ()))
    return pd.DataFrame(columns, index=frame.index, copy=False)
