"""Text columns read as given / missing only (``load_extract(presence_only=True)``).

No rule reads the text of the columns in ``kpi.columns.PRESENCE_ONLY``, only whether a value is
given. When scoring alone, they become a categorical with the single category :data:`GIVEN`
(missing where the text is missing or blank, exactly as parsing would make it NA). From Parquet
they are read one batch at a time, so their text is never held whole: at 10M dossiers a result
code and a file URL are ~0.8 GB. Text never fails validation, so the quarantine is unchanged.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

GIVEN = "✓"
PRESENCE = pd.CategoricalDtype([GIVEN])
_BATCH_ROWS = 1 << 20


def given(values: pd.Series) -> pd.Series:
    """Parsed values (blank already NA) as :data:`PRESENCE`: :data:`GIVEN` or missing."""
    if values.dtype == PRESENCE:
        return values
    codes = np.where(values.notna().to_numpy(), 0, -1).astype(np.int8)
    return pd.Series(pd.Categorical.from_codes(codes, dtype=PRESENCE), index=values.index)


def _given_in_batch(values: pa.Array) -> np.ndarray:
    if pa.types.is_dictionary(values.type):
        values = values.dictionary_decode()
    if not (pa.types.is_string(values.type) or pa.types.is_large_string(values.type)):
        return values.is_valid().to_numpy(zero_copy_only=False)  # numbers: given when present
    blank = pc.equal(pc.utf8_length(pc.utf8_trim_whitespace(values)), 0)
    return pc.fill_null(pc.invert(blank), False).to_numpy(zero_copy_only=False)


def given_in_parquet(parquet: pq.ParquetFile, column: str, index: pd.Index) -> pd.Series:
    """Whether each value of the Parquet ``column`` is given (not null, not blank after
    trimming), as :data:`PRESENCE`, read ``_BATCH_ROWS`` rows at a time."""
    parts = [
        _given_in_batch(batch.column(0))
        for batch in parquet.iter_batches(batch_size=_BATCH_ROWS, columns=[column])
    ]
    present = np.concatenate(parts) if parts else np.zeros(0, dtype=bool)
    codes = np.where(present, 0, -1).astype(np.int8)
    return pd.Series(pd.Categorical.from_codes(codes, dtype=PRESENCE), index=index)
