"""Read ``manifest.yaml`` of an extract folder and find the table files.

Safety: the loader reads only ``manifest.yaml`` and the table files found by name in the
folder; no key of the manifest names a path, and unknown keys are ignored (never followed).
Every file read must resolve inside the (resolved) extract folder: a symbolic link pointing
outside is refused, while the folder itself may be a link. The manifest is parsed with YAML's
safe loader (a ``!!python/...`` tag is refused, never executed), is at most
``MAX_MANIFEST_BYTES``, and its values must be plain scalars."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from kpi.columns import REQUIRED_TABLES, TABLES
from kpi.errors import ExtractError
from kpi.ingest import messages
from kpi.ingest.limits import MAX_MANIFEST_BYTES
from kpi.ingest.mapping import MANIFEST_KEYS, IngestMapping, load_ingest_mapping, match_key
from kpi.ingest.parse import LOCAL_TZ, parse_datetime
from kpi.ingest.readers import SUFFIXES

MANIFEST = "manifest.yaml"
# Spreadsheet formats a table file may come in that are not read: named, not skipped silently.
UNSUPPORTED_SUFFIXES = (".xls", ".xlsb", ".ods", ".xlsm", ".htm", ".html")


@dataclass(frozen=True)
class Manifest:
    """What ``manifest.yaml`` says about an extract.

    ``export_time`` is naive local time (a time-zone aware value is converted to
    Asia/Ho_Chi_Minh); ``period`` is text such as ``2024-06``.
    """

    path: Path
    source_system: str
    export_time: pd.Timestamp
    period: str
    agency: str | None = None


def _bad(path: Path, problem: str) -> ExtractError:
    return ExtractError(messages.BAD_MANIFEST.format(path=path, problem=problem))


def _canonical_keys(content: dict, mapping: IngestMapping) -> dict:
    """``content`` with its keys renamed through ``manifest`` of ``params/mapping.yaml``
    (``source``, ``exported_at``, ``Thời điểm trích xuất``...); unknown keys are kept as they
    are (and ignored). The first key found for a canonical name wins."""
    lookup = {match_key(key): key for key in MANIFEST_KEYS}
    for key, spellings in mapping.manifest.items():
        for spelling in spellings:
            lookup.setdefault(match_key(spelling), key)
    renamed: dict = {}
    for key, value in content.items():
        renamed.setdefault(lookup.get(match_key(key), str(key)), value)
    return renamed


def parse_export_time(value: object) -> pd.Timestamp | None:
    """An export time as the data's dates are read (:func:`kpi.ingest.parse.parse_datetime`:
    day first, ``05/07/2024 07:00`` is 5 July; ISO 8601 with or without an offset), naive local
    time; None when it is no date-time.

    Examples
    --------
    >>> parse_export_time("05/07/2024 07:00"), parse_export_time("2024-07-05T00:00:00Z")
    (Timestamp('2024-07-05 07:00:00'), Timestamp('2024-07-05 07:00:00'))
    """
    if isinstance(value, dt.datetime | dt.date):
        stamp = pd.Timestamp(value)
        if stamp.tzinfo is not None:
            stamp = stamp.tz_convert(LOCAL_TZ).tz_localize(None)
        return stamp
    if not isinstance(value, str) or not value.strip():
        return None
    parsed, bad = parse_datetime(pd.Series([value.strip()], dtype="str"))
    return None if bad.iloc[0] or pd.isna(parsed.iloc[0]) else pd.Timestamp(parsed.iloc[0])


def read_manifest(
    folder: Path,
    mapping: IngestMapping | None = None,
    export_time: pd.Timestamp | None = None,
) -> Manifest:
    """Read and check ``folder/manifest.yaml``; keys may be spelled as ``manifest`` of
    ``params/mapping.yaml`` allows, the export time is read day first.

    ``export_time`` (given on the command line) replaces the manifest's; with it, a folder
    without a manifest is read too (source unknown, period = the folder's name).

    Raises
    ------
    ExtractError
        Missing file (without ``export_time``), bad YAML, a missing key or an export time that
        is not a date-time.
    """
    path = folder / MANIFEST
    if path.is_symlink() or path.exists():
        ensure_inside(path, folder)
    if not path.is_file() and export_time is not None:
        return Manifest(path, messages.UNKNOWN_SOURCE, export_time, folder.name)
    if not path.is_file():
        raise ExtractError(messages.MISSING_MANIFEST.format(folder=folder))
    size = path.stat().st_size
    if size > MAX_MANIFEST_BYTES:
        raise ExtractError(
            messages.MANIFEST_TOO_BIG.format(path=path, size=size, limit=MAX_MANIFEST_BYTES)
        )
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.constructor.ConstructorError as error:
        tag = error.problem.split("'")[1] if error.problem and "'" in error.problem else "?"
        raise _bad(path, messages.MANIFEST_TAG.format(tag=tag)) from None
    except (yaml.YAMLError, UnicodeError) as error:
        detail = " ".join(str(error).split())
        raise _bad(path, messages.MANIFEST_BAD_YAML.format(detail=detail)) from None
    if not isinstance(content, dict):
        raise _bad(path, messages.MANIFEST_NOT_MAPPING)
    content = _canonical_keys(content, mapping or load_ingest_mapping())
    if export_time is not None:
        content["export_time"] = export_time
    for key in ("source_system", "export_time", "period"):
        if content.get(key) in (None, ""):
            raise _bad(path, messages.MANIFEST_MISSING_KEY.format(key=key))
    for key in ("source_system", "export_time", "period", "agency"):
        if not isinstance(content.get(key), str | int | float | dt.date | None):
            raise _bad(path, messages.MANIFEST_NOT_SCALAR.format(key=key))
    raw_time = content["export_time"]
    export_time = parse_export_time(raw_time)
    if export_time is None:
        raise _bad(path, messages.MANIFEST_BAD_TIME.format(value=raw_time))
    agency = content.get("agency")
    return Manifest(
        path,
        str(content["source_system"]),
        export_time,
        str(content["period"]),
        None if agency is None else str(agency),
    )


def ensure_inside(path: Path, folder: Path) -> None:
    """Refuse ``path`` unless it resolves inside ``folder`` (both resolved: links followed).

    Raises
    ------
    ExtractError
        ``path`` is (or goes through) a symbolic link to somewhere outside ``folder``.
    """
    if not path.resolve().is_relative_to(folder.resolve()):
        raise ExtractError(messages.OUTSIDE_FOLDER.format(path=path, folder=folder))


def table_files(folder: Path) -> dict[str, Path]:
    """Table name → its file in ``folder`` (name matched case-insensitively).

    Raises
    ------
    ExtractError
        A required table without a file, a table with several files, a table file in a format
        not read (``.xls``, ``.ods``...), or a table file that is a symbolic link to outside
        ``folder``.
    """
    found: dict[str, list[Path]] = {}
    for path in sorted(folder.iterdir()):
        name = path.stem.lower()
        if name in TABLES and path.suffix.lower() in UNSUPPORTED_SUFFIXES:
            raise ExtractError(messages.UNSUPPORTED_FORMAT.format(path=path, suffix=path.suffix))
        if name not in TABLES or path.suffix.lower() not in SUFFIXES:
            continue
        ensure_inside(path, folder)
        if path.is_file():
            found.setdefault(name, []).append(path)
    for table, paths in found.items():
        if len(paths) > 1:
            files = ", ".join(path.name for path in paths)
            raise ExtractError(
                messages.SEVERAL_FILES.format(folder=folder, table=table, files=files)
            )
    for table in REQUIRED_TABLES:
        if table not in found:
            raise ExtractError(messages.MISSING_TABLE.format(table=table, folder=folder))
    return {table: found[table][0] for table in TABLES if table in found}
