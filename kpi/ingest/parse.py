"""Vectorised parsing of export values into canonical types, flagging what does not parse.

Every parser takes a Series (text, or already typed from Parquet) and returns
``(values, bad)``: the parsed values (NA where blank or bad) and a boolean mask of non-blank
values that could not be read. Nothing unreadable is coerced silently to NA: the caller
quarantines ``bad``. Text mappings (booleans, choice spellings) are computed once per distinct
value (``pd.factorize``), never per row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpi.ingest.distinct import is_categorical, map_distinct
from kpi.ingest.mapping import match_key

LOCAL_TZ = "Asia/Ho_Chi_Minh"
DATE_FORMATS = (
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y",
    "ISO8601",
)
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
EXCEL_SERIAL_RANGE = (1.0, 2958466.0)  # 1900-01-01 .. 9999-12-31
_OFFSET = r"(?:Z|[+-]\d{2}:?\d{2})$"
_SERIAL = r"^\d{1,7}(?:\.\d+)?$"

Parsed = tuple[pd.Series, pd.Series]


def blank_mask(values: pd.Series) -> pd.Series:
    """True where a cell is missing or only spaces."""
    if is_categorical(values):
        blank = [str(text).strip() == "" for text in values.cat.categories]
        codes = values.cat.codes.to_numpy()
        return pd.Series(np.append(blank, True)[codes], index=values.index)
    if values.dtype == "str" or values.dtype == object:
        return values.isna() | (values.astype("str").str.strip() == "")
    return values.isna()


def _no_bad(values: pd.Series) -> pd.Series:
    return pd.Series(False, index=values.index)


def _naive_local(values: pd.Series) -> pd.Series:
    if getattr(values.dt, "tz", None) is not None:
        values = values.dt.tz_convert(LOCAL_TZ).dt.tz_localize(None)
    return values.astype("datetime64[us]")


def _from_serial(numbers: pd.Series) -> pd.Series:
    low, high = EXCEL_SERIAL_RANGE
    numbers = numbers.where((numbers >= low) & (numbers < high))
    days = pd.to_timedelta(numbers, unit="D").dt.round("s")
    return (EXCEL_EPOCH + days).astype("datetime64[us]")


def parse_datetime(values: pd.Series) -> Parsed:
    """Dates as ``dd/mm/yyyy[ HH:MM[:SS]]`` (or ``-``), ISO 8601, or Excel serial numbers.

    Typed datetime columns are taken as they are (time-zone aware ones converted to local time,
    Asia/Ho_Chi_Minh, then made naive); numeric columns are Excel serial days. A date without a
    time is midnight. Day first always: ``03/06/2024`` is 3 June.

    Examples
    --------
    >>> text = pd.Series(["03/06/2024", "2024-06-03 08:00", "45446.5", "", "31/02/2024"])
    >>> values, bad = parse_datetime(text)
    >>> [str(v) for v in values], bad.tolist()
    (['2024-06-03 00:00:00', '2024-06-03 08:00:00', '2024-06-03 12:00:00', 'NaT', 'NaT'], \
[False, False, False, False, True])
    """
    if pd.api.types.is_datetime64_any_dtype(values):
        return _naive_local(values), _no_bad(values)
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        parsed = _from_serial(values.astype("float64"))
        return parsed, values.notna() & parsed.isna()
    text = values.astype("str").str.strip()
    blank = text.isna() | (text == "")
    result = pd.Series(pd.NaT, index=values.index, dtype="datetime64[us]")
    offset = ~blank & text.str.contains(_OFFSET, regex=True, na=False)
    if offset.any():
        aware = pd.to_datetime(text[offset], format="ISO8601", errors="coerce", utc=True)
        result[offset] = _naive_local(aware)
    serial = ~blank & text.str.fullmatch(_SERIAL, na=False)
    if serial.any():
        result[serial] = _from_serial(pd.to_numeric(text[serial], errors="coerce"))
    for date_format in DATE_FORMATS:
        todo = ~blank & ~offset & ~serial & result.isna()
        if not todo.any():
            break
        parsed = pd.to_datetime(text[todo], format=date_format, errors="coerce")
        result[todo] = parsed.astype("datetime64[us]")
    return result, ~blank & result.isna()


def _map_distinct(text: pd.Series, lookup: dict[str, object]) -> pd.Series:
    """``lookup[match_key(v)]`` for each value (NA where absent), computed per distinct value."""
    codes, uniques = pd.factorize(text)
    mapped = np.array([lookup.get(match_key(u)) for u in uniques] + [None], dtype=object)
    return pd.Series(mapped[codes], index=text.index, dtype=object)


def parse_bool(values: pd.Series, lookup: dict[str, bool], *, text_flag: bool = False) -> Parsed:
    """Booleans as 1/0, có/không, x/blank, true/false (spellings in ``lookup``).

    Blank is False. With ``text_flag`` any other non-empty text is True (an export that gives
    a component's text instead of a flag).

    Examples
    --------
    >>> lookup = {"co": True, "khong": False, "x": True, "1": True, "0": False}
    >>> values, bad = parse_bool(pd.Series(["Có", "", "X", "0", "maybe"]), lookup)
    >>> values.tolist(), bad.tolist()
    ([True, False, True, False, False], [False, False, False, False, True])
    """
    if pd.api.types.is_bool_dtype(values) and not values.hasnans:
        return values.astype(bool), _no_bad(values)
    if pd.api.types.is_numeric_dtype(values):
        ok = values.isna() | values.isin([0, 1])
        return values.fillna(0).eq(1) & ok, ~ok
    blank = blank_mask(values)
    mapped = _map_distinct(values.astype("str").str.strip(), lookup)
    unknown = ~blank & mapped.isna()
    if text_flag:
        mapped[unknown] = True
        unknown = _no_bad(values)
    result = mapped.where(~(blank | mapped.isna()), False).astype(bool)
    return result, unknown


def parse_number(values: pd.Series, *, integer: bool = False) -> Parsed:
    """Numbers (``float64``); with ``integer`` the result is ``Int64`` and fractions are bad.

    Blank is NA; the caller fills the column default.
    """
    if pd.api.types.is_bool_dtype(values):
        values = values.astype("Int64")
    if integer and pd.api.types.is_integer_dtype(values):
        return values.astype("Int64"), _no_bad(values)
    if pd.api.types.is_numeric_dtype(values):
        numbers = values.astype("float64")
        bad = _no_bad(values)
    else:
        text = values.astype("str").str.strip()
        blank = text.isna() | (text == "")
        numbers = pd.to_numeric(text.where(~blank), errors="coerce").astype("float64")
        bad = ~blank & numbers.isna()
    if integer:
        fraction = numbers.notna() & (numbers != np.floor(numbers))
        bad = bad | fraction
        return numbers.where(~fraction).astype("Int64"), bad
    return numbers, bad


def _stripped(text: str) -> str | None:
    return text.strip() or None


def map_choice(values: pd.Series, lookup: dict[str, str]) -> pd.Series:
    """Spellings replaced by canonical values; unknown text kept as is (the schema rejects it).

    Blank becomes NA. Returns ``str`` dtype, or ``category`` for a categorical input. Computed
    once per distinct value.

    Examples
    --------
    >>> map_choice(pd.Series(["Đã trả kết quả", "lạ", " "]), {"datraketqua": "returned"}).tolist()
    ['returned', 'lạ', nan]
    """

    def canonical(text: str) -> str | None:
        stripped = text.strip()
        return lookup.get(match_key(stripped), stripped) if stripped else None

    return map_distinct(values, canonical if lookup else _stripped)


def parse_text(values: pd.Series) -> pd.Series:
    """Trimmed text, blank as NA; ``str`` dtype, or ``category`` for a categorical input."""
    if is_categorical(values):
        return map_distinct(values, _stripped)
    text = values.astype("str").str.strip()
    empty = (text == "").to_numpy(bool)
    return text.where(~empty) if empty.any() else text
