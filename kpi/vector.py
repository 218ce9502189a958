"""Vectorised membership tests shared by ingest and the rules.

``Series.isin`` hashes every row; on the categorical and small-integer columns of the dossier
table a lookup per category, or a few comparisons, give the same answer several times faster
(10M dossiers: 0.10 s → 0.03 s for a status test).
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

_FEW = 8  # up to this many allowed numbers, comparisons beat a hash table


def is_in(values: pd.Series, allowed: Collection[object]) -> np.ndarray:
    """``values.isin(allowed)`` as a boolean array (a missing value is in only when ``allowed``
    holds a missing value, as with pandas).

    Examples
    --------
    >>> is_in(pd.Series(["done", None, "lạ"], dtype="category"), ["done"]).tolist()
    [True, False, False]
    >>> is_in(pd.Series([0, 1, 2]), [1, 2]).tolist()
    [False, True, True]
    """
    allowed = list(allowed)
    if any(pd.isna(value) for value in allowed):  # rare: pandas' own matching of missing values
        return values.isin(allowed).to_numpy(bool)
    if isinstance(values.dtype, pd.CategoricalDtype):
        hit = np.append(values.cat.categories.isin(allowed), False)  # code -1 (missing): False
        return hit[values.cat.codes.to_numpy()]
    numeric = all(
        isinstance(value, int | float) and not isinstance(value, bool) for value in allowed
    )
    few = numeric and len(allowed) <= _FEW
    if few and isinstance(values.dtype, np.dtype) and values.dtype.kind in "iuf":
        array = values.to_numpy()
        found = np.zeros(len(array), dtype=bool)
        for value in allowed:
            found |= array == value
        return found
    return values.isin(allowed).to_numpy(bool)


def categories_where(values: pd.Series, mask: np.ndarray) -> pd.Index:
    """The categories of categorical ``values`` that occur where ``mask`` is True."""
    codes = values.cat.codes.to_numpy()[mask]
    counts = np.bincount(codes[codes >= 0], minlength=len(values.cat.categories))
    return values.cat.categories[counts > 0]


def text_rank(values: pd.Series) -> np.ndarray:
    """Dense rank (from 0) of ``values`` compared as text, in Python's ``str`` order.

    Arrow compares UTF-8 bytes, which orders strings as their code points do, like Python;
    ranking in Arrow avoids a Python string per row (1M record ids: 0.1 s instead of 0.6-1.2 s
    for a sorted ``factorize``). Missing values rank last.

    Examples
    --------
    >>> text_rank(pd.Series(["b", "a", "ă", "b", "10", "9"])).tolist()
    [3, 2, 4, 3, 0, 1]
    """
    text = pa.array(values.astype("str").array)  # pandas 3's "str" is Arrow-backed: no copy
    ranks = pc.rank(text, sort_keys="ascending", tiebreaker="dense")
    return ranks.to_numpy().astype(np.int64) - 1
