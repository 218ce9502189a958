"""Decode a text export safely: encoding detection that refuses rather than guesses.

Accepted, in this order:

1. UTF-8 with a BOM, UTF-16 with a BOM: decoded strictly.
2. UTF-16 without a BOM, recognised by NUL bytes in most odd (or even) positions of the first
   200 bytes; accepted only if the result holds no control characters.
3. UTF-8 (strict).
4. Windows-1258 (cp1258, old Vietnamese Windows exports). cp1258 decodes almost any byte
   string, so it is accepted only if the text looks like Vietnamese: after NFC normalisation
   every non-ASCII character is a Vietnamese letter, a Vietnamese tone mark left uncomposed,
   ``₫`` or common typographic punctuation, and no control character occurs. Text in another
   Windows code page (``ñ``, ``ß``, ``Ø``...), UTF-8 with a broken byte (whose bytes read as
   cp1258 give ``Ã¡``, ``á»``, ``Æ°``...) and binary files are refused.

A refusal raises :class:`UndecodableText` with a Vietnamese detail (line numbers are 1-based);
the reader turns it into an ``ExtractError`` naming the file. The line-length limit of
:mod:`kpi.ingest.limits` is checked on the bytes, before decoding.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

import numpy as np

from kpi.ingest import messages
from kpi.ingest.limits import MAX_CSV_LINE_BYTES

_VOWELS = "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # huyền sắc hỏi ngã nặng
VIETNAMESE = frozenset(
    {unicodedata.normalize("NFC", vowel + tone) for vowel in _VOWELS for tone in _TONES}
    | set("đĐ")
    | set(_TONES[1:])
)
_PUNCTUATION = frozenset("₫–—‘’“”…•°\u00a0")
_ALLOWED = VIETNAMESE | _PUNCTUATION
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f]")
_CHUNK = 64 * 1024 * 1024


class UndecodableText(ValueError):
    """The bytes are not text in an accepted encoding; ``str(error)`` is Vietnamese."""


def _line_of(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def _no_control(text: str) -> None:
    found = _CONTROL.search(text)
    if found:
        code, line = ord(found.group()), _line_of(text, found.start())
        raise UndecodableText(messages.CONTROL_CHARACTER.format(code=code, line=line))


def _looks_utf16(head: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when NULs fill most odd (even) bytes of ``head``, else None.

    Text of Latin letters in UTF-16 has a NUL high byte in every ASCII character; Vietnamese
    letters (U+1Exx) and tone marks (U+03xx) do not, hence "most", not "all".
    """
    even, odd = head[0::2].count(0), head[1::2].count(0)
    half = len(head) // 2
    if len(head) < 4 or max(even, odd) < half / 2:
        return None
    if odd > 4 * even:
        return "utf-16-le"
    return "utf-16-be" if even > 4 * odd else None


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise UndecodableText(messages.BAD_UTF.format(encoding=name, line=line)) from None


def decode_text(data: bytes) -> str:
    """Decode a text export (see the module docstring); the result is NFC-normalised.

    Raises
    ------
    UndecodableText
        The bytes are in no accepted encoding.

    Examples
    --------
    >>> decode_text("Mã hồ sơ".encode("utf-8")) == decode_text("Mã hồ sơ".encode("utf-16"))
    True
    >>> decode_text("Niño".encode("cp1252"))
    Traceback (most recent call last):
    ...
    kpi.ingest.textfile.UndecodableText: không phải UTF-8 (byte không hợp lệ ở dòng 1) và cũng \
không phải văn bản tiếng Việt mã Windows-1258 ('ñ' ở dòng 1)
    """
    if data.startswith(codecs.BOM_UTF8):
        text = _strict(data[len(codecs.BOM_UTF8) :], "utf-8", "UTF-8")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _strict(data, "utf-16", "UTF-16")
    elif encoding := _looks_utf16(data[:200]):
        text = _strict(data, encoding, "UTF-16")
        _no_control(text)
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            return _cp1258(data, data.count(b"\n", 0, error.start) + 1)
    return unicodedata.normalize("NFC", text)


def _cp1258(data: bytes, utf8_line: int) -> str:
    try:
        text = unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError as error:
        char = f"byte 0x{data[error.start]:02X}"
        char_line = data.count(b"\n", 0, error.start) + 1
    else:
        _no_control(text)
        odd = next(
            (i for i, char in enumerate(text) if char >= "\x80" and char not in _ALLOWED), -1
        )
        if odd < 0:
            return text
        char, char_line = f"'{text[odd]}'", _line_of(text, odd)
    raise UndecodableText(
        messages.NOT_UTF8_NOR_CP1258.format(line=utf8_line, char=char, char_line=char_line)
    )


def long_line(data: bytes, limit: int = MAX_CSV_LINE_BYTES) -> tuple[int, int] | None:
    """``(line number, length in bytes)`` of the first line longer than ``limit``, else None.

    Scans the bytes with numpy, 64 MiB at a time (no copy of the data, no decoding).

    Examples
    --------
    >>> long_line(b"a,b\\n" + b"x" * 10 + b"\\nc", limit=5)
    (2, 10)
    """
    if len(data) <= limit:
        return None
    view = np.frombuffer(data, dtype=np.uint8)
    start, lines = 0, 0  # start of the current line; newlines before it
    for offset in range(0, len(view), _CHUNK):
        ends = np.flatnonzero(view[offset : offset + _CHUNK] == 10) + offset
        starts = np.concatenate(([start], ends[:-1] + 1))
        over = np.flatnonzero(ends - starts > limit)
        if len(over):
            first = int(over[0])
            return lines + first + 1, int(ends[first] - starts[first])
        if len(ends):
            start, lines = int(ends[-1]) + 1, lines + len(ends)
    return (lines + 1, len(view) - start) if len(view) - start > limit else None
