"""Work on text columns once per distinct value, never per row.

A text column is either pandas ``str`` or ``category`` (Parquet string columns read as
dictionaries). The helpers here take both: for a categorical they work on its categories and
recode the integer codes; for text they factorize first and build the result with one Arrow
``take``. They are the fast path behind value mapping (:mod:`kpi.ingest.parse`), unit
normalisation and the categorical columns of the returned tables (:mod:`kpi.ingest.finalize`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa

TEXT = pd.StringDtype("pyarrow", na_value=np.nan)  # the pandas 3 ``str`` dtype


def is_categorical(values: pd.Series) -> bool:
    """True for a pandas ``category`` column."""
    return isinstance(values.dtype, pd.CategoricalDtype)


def arrow_values(values: pd.Series) -> pa.ChunkedArray:
    """The Arrow data behind ``values``: no copy for Arrow-backed text, converted otherwise."""
    if isinstance(values.array, pd.arrays.ArrowStringArray):
        return values.array.__arrow_array__()
    return pa.chunked_array([pa.array(values, from_pandas=True)])


def text_from_codes(codes: np.ndarray, texts: Sequence[str | None], index: pd.Index) -> pd.Series:
    """``texts[code]`` for each code (NA where the code is -1 or the text None), ``str`` dtype."""
    dictionary = pa.array(texts, type=pa.large_string())
    taken = dictionary.take(pa.array(codes, mask=codes < 0))
    return pd.Series(pd.arrays.ArrowStringArray(taken, dtype=TEXT), index=index)


def recode(values: pd.Series, texts: list[str | None]) -> pd.Series:
    """A categorical whose category ``i`` becomes ``texts[i]`` (None → NA; equal texts merge)."""
    new_codes, categories = pd.factorize(pd.array(texts, dtype=TEXT))
    remap = np.append(new_codes, -1)
    codes = remap[values.cat.codes.to_numpy()]
    categorical = pd.Categorical.from_codes(
        codes, categories=pd.Index(categories, dtype=TEXT), validate=False
    )
    return pd.Series(categorical, index=values.index)


def map_distinct(values: pd.Series, function: Callable[[str], str | None]) -> pd.Series:
    """``function`` applied to each distinct non-missing value (None → NA).

    A categorical comes back categorical (categories mapped and merged), anything else as
    ``str``. Text that ``function`` leaves unchanged is returned as it is, without a copy.
    """
    if is_categorical(values):
        return recode(values, [function(text) for text in values.cat.categories])
    codes, uniques = pd.factorize(values)
    originals = [str(text) for text in uniques]
    results = [function(text) for text in originals]
    if results == originals and values.dtype == TEXT:
        return values
    return text_from_codes(codes, results, values.index)


def as_text(values: pd.Series) -> pd.Series:
    """``values`` as ``str`` dtype (a categorical through one Arrow ``take``)."""
    if is_categorical(values):
        texts = [str(text) for text in values.cat.categories]
        return text_from_codes(values.cat.codes.to_numpy(), texts, values.index)
    return values.astype(TEXT)


def as_category(values: pd.Series) -> pd.Series:
    """``values`` as a categorical with exactly the values present as categories, sorted.

    Same result as ``values.astype("category")`` on the text, without hashing every row when
    ``values`` is already categorical (unused categories dropped, the rest sorted).
    """
    if not is_categorical(values):
        return values.astype(TEXT).astype("category")
    codes = values.cat.codes.to_numpy()
    categories = values.cat.categories.astype(TEXT)
    used = np.bincount(codes[codes >= 0], minlength=len(categories)) > 0
    kept = categories[used].sort_values()
    if used.all() and kept.equals(categories):
        return values
    remap = np.append(kept.get_indexer(categories), -1)
    categorical = pd.Categorical.from_codes(remap[codes], categories=kept, validate=False)
    return pd.Series(categorical, index=values.index)


def union_categories(frames: list[pd.DataFrame], columns: list[str]) -> list[pd.DataFrame]:
    """Give the categorical ``columns`` of ``frames`` the same categories, so that ``concat``
    keeps them categorical."""
    for name in columns:
        series = [frame[name] for frame in frames if name in frame.columns]
        if not series or not all(is_categorical(s) for s in series):
            continue
        union = pd.Index([], dtype=TEXT)
        for s in series:
            union = union.union(s.cat.categories.astype(TEXT), sort=False)
        union = union.sort_values()
        frames = [
            frame.assign(**{name: frame[name].cat.set_categories(union)})
            if name in frame.columns
            else frame
            for frame in frames
        ]
    return frames
