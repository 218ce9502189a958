"""The header and value mapping of ``params/mapping.yaml``, and the text-matching key.

``kpi.params.MappingParams`` knows only the header part (``tables``); this module validates the
whole file (headers, choice-value spellings, boolean spellings, text flags) with its own model.
Every match goes through :func:`match_key`, which ignores case, accents, spacing and punctuation.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from kpi import paths
from kpi.columns import TABLES
from kpi.ingest import messages
from kpi.params import validate_yaml

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
MANIFEST_KEYS = ("source_system", "export_time", "period", "agency")


def match_key(text: object) -> str:
    """The key two spellings share when they mean the same thing.

    Lower case, accents and the Vietnamese ``đ`` folded, every character that is not a letter or
    digit removed (spaces, dashes, en dashes, punctuation).

    Examples
    --------
    >>> match_key("Ngày  Tiếp-nhận") == match_key("NgayTiepNhan")
    True
    >>> match_key("Phòng Kế hoạch – Tài chính")
    'phongkehoachtaichinh'
    """
    text = str(text).replace("đ", "d").replace("Đ", "D")
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(char for char in folded if not unicodedata.combining(char))
    return _NOT_ALNUM.sub("", folded.lower())


class QualityLimits(BaseModel):
    """When a load is worth a warning (``quality`` in ``params/mapping.yaml``).

    Attributes
    ----------
    max_quarantined_pct
        A table with more than this share of its rows quarantined makes ``score``, ``check``
        (and ``audit``) warn; ``--strict`` makes it exit 2.
    earliest_date
        Dates before this day are data errors: the row is quarantined, naming the column.
    max_days_after_export
        Dates (deadlines included) more than this many days after the export time are data
        errors (quarantined); an event date after the export time but within the window stays
        a finding.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    max_quarantined_pct: float = Field(2.0, ge=0, le=100)
    earliest_date: dt.date = dt.date(2018, 1, 1)
    max_days_after_export: int = Field(366, ge=0)


class IngestMapping(BaseModel):
    """The whole of ``params/mapping.yaml``.

    Attributes
    ----------
    tables
        Table → canonical column → header spellings.
    values
        Table → column → canonical value → spellings.
    booleans
        ``"true"``/``"false"`` → spellings.
    text_flags
        Table → bool columns where any other non-empty text means true.
    placeholders
        Spellings that stand for "no value" in any column (``N/A``, ``NULL``, ``-``...),
        matched after trimming, case-insensitively (:func:`placeholder_key`).
    quality
        Thresholds of the load's warnings and the plausible date window (:class:`QualityLimits`).
    sheets
        Table → name of the Excel sheet to read (else the only visible sheet that matches).
    manifest
        Key of ``manifest.yaml`` (``source_system``, ``export_time``, ``period``, ``agency``)
        → other spellings users write (``source``, ``exported_at``, Vietnamese keys).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    tables: dict[str, dict[str, list[str]]]
    values: dict[str, dict[str, dict[str, list[str]]]] = {}
    booleans: dict[str, list[str]] = {}
    text_flags: dict[str, list[str]] = {}
    placeholders: list[str] = []
    quality: QualityLimits = QualityLimits()
    manifest: dict[str, list[str]] = {}
    sheets: dict[str, str] = {}

    @model_validator(mode="after")
    def _known_names(self) -> IngestMapping:
        for section in (self.tables, self.values, self.text_flags):
            for table, columns in section.items():
                if table not in TABLES:
                    raise ValueError(messages.MAPPING_UNKNOWN_TABLE.format(table=table))
                known = {col.name for col in TABLES[table]}
                unknown = sorted(set(columns) - known)
                if unknown:
                    raise ValueError(
                        messages.MAPPING_UNKNOWN_COLUMNS.format(table=table, columns=unknown)
                    )
        unknown_tables = sorted(set(self.sheets) - set(TABLES))
        if unknown_tables:
            raise ValueError(messages.MAPPING_SHEETS_UNKNOWN_TABLES.format(tables=unknown_tables))
        unknown_keys = sorted(set(self.manifest) - set(MANIFEST_KEYS))
        if unknown_keys:
            raise ValueError(messages.MAPPING_MANIFEST_UNKNOWN_KEYS.format(keys=unknown_keys))
        if set(self.booleans) - {"true", "false"}:
            raise ValueError(messages.MAPPING_BOOLEANS_KEYS)
        for table, columns in self.tables.items():
            seen: dict[str, str] = {}
            for name, spellings in columns.items():
                for spelling in [name, *spellings]:
                    key = match_key(spelling)
                    if seen.setdefault(key, name) != name:
                        raise ValueError(
                            messages.MAPPING_SPELLING_TWICE.format(
                                table=table, spelling=spelling, first=seen[key], second=name
                            )
                        )
        return self

    def header_lookup(self, table: str) -> dict[str, str]:
        """Match key of a header → canonical column, for ``table``.

        The canonical name and the ``params`` spellings always match; the Vietnamese label of
        ``kpi.columns`` matches too unless it is shared by two columns of the table (``Tên
        TTHC``, ``Thời hạn giải quyết``) or already taken.
        """
        lookup: dict[str, str] = {}
        for name, spellings in self.tables.get(table, {}).items():
            for spelling in spellings:
                lookup[match_key(spelling)] = name
        for col in TABLES[table]:
            lookup[match_key(col.name)] = col.name
        labels = [match_key(col.label) for col in TABLES[table] if col.label]
        for col in TABLES[table]:
            key = match_key(col.label)
            if col.label and labels.count(key) == 1:
                lookup.setdefault(key, col.name)
        return lookup

    def value_lookup(self, table: str, column: str) -> dict[str, str]:
        """Match key of a spelling → canonical value of ``table.column`` (empty if none)."""
        lookup: dict[str, str] = {}
        for value, spellings in self.values.get(table, {}).get(column, {}).items():
            for spelling in spellings:
                lookup[match_key(spelling)] = value
        for value in TABLES[table][_position(table, column)].values:
            lookup[match_key(value)] = value
        return lookup

    def boolean_lookup(self) -> dict[str, bool]:
        """Match key of a spelling → True/False (``true``/``false``, ``1``/``0`` always)."""
        lookup = {"true": True, "1": True, "false": False, "0": False}
        for flag, spellings in self.booleans.items():
            for spelling in spellings:
                lookup[match_key(spelling)] = flag == "true"
        return lookup

    def placeholder_keys(self, table: str, column: str) -> frozenset[str]:
        """Placeholder spellings (as :func:`placeholder_key`) that mean "missing" in
        ``table.column``: every placeholder except one that the column's value spellings use
        (``Không có`` is ``none`` for ``procedures.online_level``)."""
        values = self.value_lookup(table, column) if _has_column(table, column) else {}
        return frozenset(
            placeholder_key(spelling)
            for spelling in self.placeholders
            if placeholder_key(spelling) and match_key(spelling) not in values
        )


def placeholder_key(text: object) -> str:
    """How a placeholder is compared: trimmed, Unicode NFC, lower case.

    Unlike :func:`match_key`, punctuation counts (``-`` is not ``--``, ``N/A`` is not ``NA``).

    Examples
    --------
    >>> placeholder_key("  Không Có "), placeholder_key("#N/A")
    ('không có', '#n/a')
    """
    return unicodedata.normalize("NFC", str(text)).strip().lower()


def _has_column(table: str, column: str) -> bool:
    return any(col.name == column for col in TABLES.get(table, ()))


def _position(table: str, column: str) -> int:
    return next(i for i, col in enumerate(TABLES[table]) if col.name == column)


@lru_cache(maxsize=4)
def load_ingest_mapping(path: Path | str | None = None) -> IngestMapping:
    """Load and validate ``params/mapping.yaml`` (or ``path``).

    Raises
    ------
    KpiError
        Missing file, bad YAML or an invalid key; the Vietnamese message names file and key.
    """
    return validate_yaml(IngestMapping, Path(path) if path else paths.MAPPING_FILE)
