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
import pyarrow as pa
import pyarrow.compute as pc

from kpi.ingest.distinct import arrow_values, is_categorical, map_distinct
from kpi.ingest.mapping import match_key, placeholder_key

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
    inside = ((numbers >= low) & (numbers < high)).to_numpy(bool)
    # Whole seconds (half to even, as Timedelta.round), counted in seconds: a fractional day
    # as a nanosecond Timedelta overflows after the year 2192.
    seconds = np.round(np.where(inside, numbers.to_numpy("float64", na_value=np.nan), 0) * 86_400)
    stamps = EXCEL_EPOCH.to_datetime64().astype("datetime64[s]") + seconds.astype("timedelta64[s]")
    return pd.Series(stamps, index=numbers.index).astype("datetime64[us]").where(inside)


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


def _whole_flag(text: str) -> bool | None:
    """``1.0`` → True, ``0.00`` → False (a number a pandas or SQL export wrote), else None."""
    try:
        number = float(text)
    except ValueError:
        return None
    return {1.0: True, 0.0: False}.get(number)


def _bool_lookup(text: pd.Series, lookup: dict[str, bool]) -> pd.Series:
    """``lookup[match_key(v)]`` per distinct value, with whole numbers 1 and 0 in any spelling
    (``1.0``); None where neither."""
    codes, uniques = pd.factorize(text)
    flags = [lookup.get(match_key(u), _whole_flag(u)) for u in uniques]
    mapped = np.array([*flags, None], dtype=object)
    return pd.Series(mapped[codes], index=text.index, dtype=object)


def parse_bool(values: pd.Series, lookup: dict[str, bool], *, text_flag: bool = False) -> Parsed:
    """Booleans as 1/0 (also ``1.0``/``0.0``), có/không, x/blank, true/false (spellings in
    ``lookup``).

    Blank is False. With ``text_flag`` any other non-empty text is True (an export that gives
    a component's text instead of a flag).

    Examples
    --------
    >>> lookup = {"co": True, "khong": False, "x": True, "1": True, "0": False}
    >>> values, bad = parse_bool(pd.Series(["Có", "", "X", "0.0", "maybe", "2.0"]), lookup)
    >>> values.tolist(), bad.tolist()
    ([True, False, True, False, False, False], [False, False, False, False, True, True])
    """
    if pd.api.types.is_bool_dtype(values) and not values.hasnans:
        return values.astype(bool), _no_bad(values)
    if pd.api.types.is_numeric_dtype(values):
        ok = values.isna() | values.isin([0, 1])
        return values.fillna(0).eq(1) & ok, ~ok
    blank = blank_mask(values)
    mapped = _bool_lookup(values.astype("str").str.strip(), lookup)
    unknown = ~blank & mapped.isna()
    if text_flag:
        mapped[unknown] = True
        unknown = _no_bad(values)
    result = mapped.where(~(blank | mapped.isna()), False).astype(bool)
    return result, unknown


# Placeholders ("N/A", "-", "không có"...) are looked for only among short values whose first
# byte could begin one (a gather on the Arrow buffers): ids, codes and URLs are skipped at the
# cost of two array reads.
_PLACEHOLDER_MAX_BYTES = 64
_SPACE_BYTES = list(b"\t\n\x0b\x0c\r ")


def _first_bytes(keys: frozenset[str]) -> np.ndarray:
    """Bytes a value may begin with to be one of ``keys`` after trimming and lower-casing."""
    starts = np.zeros(256, dtype=bool)
    starts[_SPACE_BYTES] = True
    for key in keys:
        for form in (key, key.upper(), key.title()):
            starts[form.encode("utf-8")[0]] = True
    starts[0x80:] |= any(not key.isascii() for key in keys)  # a non-ASCII first letter
    return starts


def _chunk_placeholders(chunk: pa.Array, keys: pa.Array, starts: np.ndarray) -> np.ndarray:
    mask = np.zeros(len(chunk), dtype=bool)
    if len(chunk) == chunk.null_count:
        return mask
    _, offsets_buffer, data_buffer = chunk.buffers()
    width = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
    offsets: np.ndarray = np.frombuffer(offsets_buffer, dtype=width)[
        chunk.offset : chunk.offset + len(chunk) + 1
    ]
    lengths = np.diff(offsets)
    data = np.frombuffer(data_buffer, dtype=np.uint8) if data_buffer is not None else None
    if data is None or len(data) == 0:
        return mask
    first = data[np.minimum(offsets[:-1], len(data) - 1)]
    candidate = (lengths > 0) & (lengths <= _PLACEHOLDER_MAX_BYTES) & starts[first]
    if chunk.null_count:
        candidate &= chunk.is_valid().to_numpy(zero_copy_only=False)
    where = np.flatnonzero(candidate)
    if len(where) == 0:
        return mask
    texts = chunk.take(pa.array(where))
    folded = pc.utf8_lower(pc.utf8_trim_whitespace(pc.utf8_normalize(texts, "NFC")))
    mask[where] = pc.is_in(folded, value_set=keys).to_numpy(zero_copy_only=False)
    return mask


def placeholder_mask(values: pd.Series, keys: frozenset[str]) -> np.ndarray:
    """True where a text value is a placeholder: one of ``keys`` (spellings already passed
    through :func:`kpi.ingest.mapping.placeholder_key`) after trimming and lower-casing.

    Typed (numeric, datetime, bool) values are never placeholders.

    Examples
    --------
    >>> keys = frozenset({"n/a", "-", "không có"})
    >>> placeholder_mask(pd.Series(["N/A ", "-", "KHÔNG CÓ", "--", "Nam", None]), keys).tolist()
    [True, True, True, False, False, False]
    """
    if not keys or len(values) == 0:
        return np.zeros(len(values), dtype=bool)
    if is_categorical(values):
        found = [placeholder_key(text) in keys for text in values.cat.categories]
        return np.append(np.array(found, dtype=bool), False)[values.cat.codes.to_numpy()]
    if not (values.dtype == "str" or values.dtype == object):
        return np.zeros(len(values), dtype=bool)
    if values.dtype == object:
        values = values.astype("str")
    return chunked_placeholders(arrow_values(values), keys)


def chunked_placeholders(array: pa.ChunkedArray, keys: frozenset[str]) -> np.ndarray:
    """:func:`placeholder_mask` of Arrow text (False everywhere for another type)."""
    if not keys or not (pa.types.is_string(array.type) or pa.types.is_large_string(array.type)):
        return np.zeros(len(array), dtype=bool)
    value_set = pa.array(sorted(keys), type=array.type)
    starts = _first_bytes(keys)
    parts = [_chunk_placeholders(chunk, value_set, starts) for chunk in array.chunks]
    return np.concatenate(parts) if parts else np.zeros(len(array), dtype=bool)


# A whole number with its thousands grouped (Vietnamese "1.053", English "1,053", "1 053").
_THOUSANDS = r"\d{1,3}(?:\.\d{3})+|\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0]\d{3})+"
_SEPARATORS = r"[., \u00a0]"


def parse_number(values: pd.Series, *, integer: bool = False) -> Parsed:
    """Numbers (``float64``); with ``integer`` the result is ``Int64`` (a NumPy integer input
    stays as it is) and fractions are bad.

    Text with groups of three digits (``1.053``, ``1,053``, ``1 053``) is a whole number with
    its thousands separated, as Vietnamese exports write amounts and counts: 1053, never
    1.053. Blank is NA; the caller fills the column default.

    Examples
    --------
    >>> numbers, bad = parse_number(pd.Series(["1.053", "50.000", "1,5", "2.5", "12.34.5"]))
    >>> numbers.tolist()[:2], numbers.tolist()[3], bad.tolist()
    ([1053.0, 50000.0], 2.5, [False, False, True, False, True])
    """
    if pd.api.types.is_bool_dtype(values):
        values = values.astype("Int64")
    if integer and pd.api.types.is_integer_dtype(values):
        # A NumPy integer column (Parquet int64) has no blanks: kept as it is, without a copy.
        numpy_int = isinstance(values.dtype, np.dtype)
        return (values if numpy_int else values.astype("Int64")), _no_bad(values)
    if pd.api.types.is_numeric_dtype(values):
        numbers = values.astype("float64")
        bad = _no_bad(values)
    else:
        text = values.astype("str").str.strip()
        blank = text.isna() | (text == "")
        grouped = text.str.fullmatch(_THOUSANDS, na=False)
        if grouped.any():  # 1.053 / 1,053 / 1 053: thousands, as Vietnamese exports write them
            text = text.where(~grouped, text.str.replace(_SEPARATORS, "", regex=True))
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


# Bytes that can begin or end a string that ``str.strip`` would change: ASCII whitespace
# (with the separators \x1c-\x1f that Python also strips) and every non-ASCII byte (a
# multi-byte character may be a Unicode space; the full strip then decides).
_EDGE_BYTES = np.zeros(256, dtype=bool)
_EDGE_BYTES[list(b"\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f ")] = True
_EDGE_BYTES[0x80:] = True


def chunk_is_trimmed(chunk: pa.Array) -> bool:
    """True when no present string of ``chunk`` is empty or may begin or end with a space.

    Reads the Arrow offsets and bytes in place: two gathers, no string copied.
    """
    _, offsets_buffer, data_buffer = chunk.buffers()
    width = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
    offsets = np.frombuffer(offsets_buffer, dtype=width)[
        chunk.offset : chunk.offset + len(chunk) + 1
    ]
    starts, ends = offsets[:-1], offsets[1:]
    if chunk.null_count:  # a missing value has no bytes: look at the present ones only
        present = chunk.is_valid().to_numpy(zero_copy_only=False)
        starts, ends = starts[present], ends[present]
    if len(starts) == 0:
        return True
    if not np.all(np.greater(ends, starts)):
        return False
    data = np.frombuffer(data_buffer, dtype=np.uint8)
    return not (_EDGE_BYTES[data[starts]].any() or _EDGE_BYTES[data[ends - 1]].any())


def is_trimmed_text(values: pd.Series) -> bool:
    """True when ``values`` is Arrow-backed text with nothing to strip and no empty string.

    A superset test: False means "maybe not" (e.g. any value with a non-ASCII first or last
    character), never a wrong True.
    """
    if not isinstance(values.array, pd.arrays.ArrowStringArray):
        return False
    return all(chunk_is_trimmed(chunk) for chunk in arrow_values(values).chunks if len(chunk))


def parse_text(values: pd.Series) -> pd.Series:
    """Trimmed text, blank as NA; ``str`` dtype, or ``category`` for a categorical input.

    Clean Arrow-backed text (the usual Parquet column of ids or URLs) is returned as it is,
    without a copy.
    """
    if is_categorical(values):
        return map_distinct(values, _stripped)
    if values.dtype == "str" and is_trimmed_text(values):
        return values
    text = values.astype("str").str.strip()
    empty = (text == "").to_numpy(bool)
    return text.where(~empty) if empty.any() else text
