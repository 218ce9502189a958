"""Text columns read as given / missing only (``load_extract(presence_only=True)``).

No rule reads the text of the columns in ``kpi.columns.PRESENCE_ONLY``, only whether a value is
given. When scoring alone, they become a categorical with the single category :data:`GIVEN`
(missing where the text is missing or blank, exactly as parsing would make it NA). From
Parquet they are read one row group at a time, so their text is never held whole: at 10M
dossiers a result code and a file URL are ~0.8 GB. Text never fails validation, so the
quarantine is unchanged.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from kpi.ingest.parse import chunk_is_trimmed, chunked_placeholders

GIVEN = "✓"
PRESENCE = pd.CategoricalDtype([GIVEN])


def given(values: pd.Series) -> pd.Series:
    """Parsed values (blank already NA) as :data:`PRESENCE`: :data:`GIVEN` or missing."""
    if values.dtype == PRESENCE:
        return values
    codes = np.where(values.notna().to_numpy(), 0, -1).astype(np.int8)
    return pd.Series(pd.Categorical.from_codes(codes, dtype=PRESENCE), index=values.index)


def _given_in_batch(
    values: pa.ChunkedArray | pa.Array, placeholders: frozenset[str] = frozenset()
) -> np.ndarray:
    if isinstance(values, pa.Array):
        values = pa.chunked_array([values])
    if pa.types.is_dictionary(values.type):
        values = values.cast(values.type.value_type)
    present = values.is_valid().to_numpy()
    if not (pa.types.is_string(values.type) or pa.types.is_large_string(values.type)):
        return present  # numbers: given when present
    if placeholders:
        present &= ~chunked_placeholders(values, placeholders)
    if all(chunk_is_trimmed(chunk) for chunk in values.chunks if len(chunk)):
        return present  # the usual case: no value to trim, none blank
    blank = pc.equal(pc.utf8_length(pc.utf8_trim_whitespace(values)), 0)
    return present & ~pc.fill_null(blank, True).to_numpy()


def given_in_parquet(
    parquet: pq.ParquetFile,
    names: dict[str, str],
    index: pd.Index,
    placeholders: dict[str, frozenset[str]] | None = None,
) -> dict[str, pd.Series]:
    """Whether each value of the Parquet columns ``names`` (file name → canonical name) is
    given (not null, not blank after trimming, not a placeholder of ``placeholders``, canonical
    name → keys), as :data:`PRESENCE` keyed by canonical name; read one row group at a time."""
    placeholders = placeholders or {}
    parts: dict[str, list[np.ndarray]] = {name: [] for name in names.values()}
    for group in range(parquet.metadata.num_row_groups):
        table = parquet.read_row_group(group, columns=list(names))
        for position, name in enumerate(names.values()):
            keys = placeholders.get(name, frozenset())
            parts[name].append(_given_in_batch(table.column(position), keys))
    flags = {}
    for name, arrays in parts.items():
        present = np.concatenate(arrays) if arrays else np.zeros(0, dtype=bool)
        codes = np.where(present, 0, -1).astype(np.int8)
        flags[name] = pd.Series(pd.Categorical.from_codes(codes, dtype=PRESENCE), index=index)
    return flags
