"""Write extract folders byte-deterministically: manifest, CSV or Parquet tables.

CSV: UTF-8, canonical headers, ``\\n`` line ends, ISO datetimes ``YYYY-MM-DD HH:MM:SS``,
booleans 1/0, blanks for null, integral floats without decimals. Parquet: typed columns as in
:mod:`kpi.columns` (timestamp[us], bool, int64, int8 for ``channel``, float64, string), no
pandas or time-varying metadata.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from kpi.columns import TABLES
from kpi.params import load_units
from kpi.synth import design

ARROW_TYPES = {"str": pa.string(), "choice": pa.string(), "datetime": pa.timestamp("us"),
               "bool": pa.bool_(), "int": pa.int64(), "Int8": pa.int8(), "float": pa.float64()}  # fmt: skip
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"


def arrow_schema(table: str) -> pa.Schema:
    """The Parquet schema of a canonical table."""
    return pa.schema([pa.field(c.name, ARROW_TYPES[c.kind]) for c in TABLES[table]])


def _float_text(values: pd.Series) -> pd.Series:
    finite = values.dropna()
    if (finite == np.round(finite)).all():
        return values.astype("Int64").astype("str").fillna("")
    return values.map(lambda v: "" if pd.isna(v) else format(v, ".15g")).astype("str")


def to_text(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """Every column of a canonical frame as its CSV text (blank for null)."""
    out = {}
    for col in TABLES[table]:
        values = frame[col.name]
        if col.kind == "datetime":
            text = pd.Series(values).dt.strftime(DATE_FORMAT)
        elif col.kind == "bool":
            text = values.astype(np.int8).astype("str")
        elif col.kind == "float":
            text = _float_text(values)
        else:
            text = values.astype("str")
        out[col.name] = text.fillna("")
    return pd.DataFrame(out, index=frame.index)


def to_arrow(frame: pd.DataFrame, table: str) -> pa.Table:
    """A canonical frame as an Arrow table with the canonical types and no metadata."""
    arrays = []
    for col in TABLES[table]:
        values = frame[col.name]
        if col.kind == "datetime":
            values = values.astype("datetime64[us]")
        arrays.append(pa.array(values, type=ARROW_TYPES[col.kind], from_pandas=True))
    return pa.Table.from_arrays(arrays, schema=arrow_schema(table))


def write_table(frame: pd.DataFrame, folder: Path, table: str, fmt: str) -> Path:
    """Write one table of an extract as ``folder/<table>.<fmt>``; returns the path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{table}.{fmt}"
    if fmt == "csv":
        to_text(frame, table).to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
    else:
        pq.write_table(to_arrow(frame, table), path, compression="zstd")
    return path


class ParquetAppender:
    """Append canonical frames to one Parquet file, one row group per call."""

    def __init__(self, path: Path, table: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.table = table
        self.writer = pq.ParquetWriter(path, arrow_schema(table), compression="zstd")

    def append(self, frame: pd.DataFrame) -> None:
        """Write ``frame`` as a row group."""
        self.writer.write_table(to_arrow(frame, self.table))

    def close(self) -> None:
        """Finish the file."""
        self.writer.close()


class CsvAppender:
    """Append canonical frames to one CSV file (header written once)."""

    def __init__(self, path: Path, table: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.table, self.path, self.first = table, path, True

    def append(self, frame: pd.DataFrame) -> None:
        """Append the rows of ``frame``."""
        to_text(frame, table=self.table).to_csv(
            self.path,
            index=False,
            lineterminator="\n",
            mode="w" if self.first else "a",
            header=self.first,
            encoding="utf-8",
        )
        self.first = False

    def close(self) -> None:
        """Nothing to flush."""


def write_manifest(folder: Path, period: str, at: np.datetime64) -> Path:
    """``manifest.yaml`` of an extract: source system, export time, period, agency."""
    folder.mkdir(parents=True, exist_ok=True)
    manifest = {
        "source_system": design.SOURCE_SYSTEM,
        "export_time": str(at.astype("datetime64[s]")),
        "period": period,
        "agency": load_units().agency,
    }
    path = folder / "manifest.yaml"
    text = yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path
