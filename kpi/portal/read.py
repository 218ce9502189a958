"""Read the national portal's JSON responses into one table of published figures.

The portal (Cổng Dịch vụ công quốc gia, page "Đánh giá chất lượng phục vụ") answers six
endpoints in two shapes (``tests/fixtures/portal/README.md``):

- shape A (``transparency``, ``dossier-digitized``, ``handling-satisfaction``):
  ``data.overview`` (the province) and ``data.evaluation`` (one entry per department or
  commune), each with ``metrics`` ``{code, numerator, denominator, ratio, score, maxScore}``;
- shape B (``dvc-progress-tree``, ``provide-online-tree``, ``formality-online-payment-tree``):
  ``data.parent`` (the province) and ``data.children`` with plain count fields.

How a file is read:

- **Endpoint** from the content only: the metric codes of shape A, the count field names of
  shape B; never from the file or folder name.
- **Period type** from the content (``periodType``) when present; the real captures carry none,
  so it falls back to the first word of the file name (``month-all.json`` → ``month``), else
  None.
- **Scope** ``formality`` when the content carries a non-null ``formalityId`` or the file name
  has the word ``formality``; else ``all``. The real captures carry no ``formalityId``: the
  filtered and unfiltered responses have the same shape, so the file name decides.
- **Rows**, one per (file, entity, indicator). Shape A: one row per scored metric, indicator
  from the metric code (:data:`METRIC_INDICATORS`); metrics with ``maxScore`` 0 (the unscored
  ``PETITION_CLASSIFICATION_*``) are skipped. ``dvc-progress-tree``: indicator 5, numerator
  ``totalOnTime``, denominator ``totalReceived``. ``provide-online-tree``: one ``III.1`` row per
  entity (the group score, max 12); on the parent also #6 (``partialCount + fullCount`` /
  ``authorityCount``), #7 (``onlineDossierCount / onlineServiceTotal``) and #8
  (``channelOnlineSum / channelTotalSum``), derived from its counts, with no score (the portal
  publishes none per indicator); the children carry no counts. ``formality-online-payment-tree``:
  #9, #10, #11 from the counts (:data:`PAYMENT_COUNTS`, for parent and children), with no
  score, and the ``III.2`` group row. A row's ``max_points`` is the published maximum: None on
  the derived #6-#11 rows.
- **Entity type**: shape A's ``departmentType``; shape B's parent is ``PROVINCE``, a child's
  ``level`` maps ``PROVINCE`` → ``PROVINCIAL_DEPARTMENT`` and ``COMMUNE`` →
  ``COMMUNE_PEOPLE_COMMITTEE`` (the same ids carry these types in shape A in every capture); an
  unknown level is kept as it is.
- **Unknown metric codes**: one that carries points (``maxScore`` > 0) refuses the file (a
  new indicator must not be dropped silently); one without points is skipped.
- **Entity code**: ``departmentCode`` where the file gives it; :func:`read_folder` fills the
  missing ones from the other files of the folder by ``departmentId``.
- Numbers are floats (pandas ``Float64``), ``null`` stays missing (never 0); a number written
  as a string (``"12"``) is read as a number.

Besides :data:`ROW_COLUMNS`, the row table has ``scope``, ``is_parent`` (the province's
overview or parent) and ``path`` (the file): without them the ``all`` and ``formality``
captures of one period could not be told apart.

A broken or hostile file raises :class:`PortalError` naming the file (and the JSON path of the
bad value); nothing of the folder is returned then.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from kpi.errors import KpiError
from kpi.portal import messages

ENDPOINTS: tuple[str, ...] = (
    "transparency",
    "dvc-progress-tree",
    "provide-online-tree",
    "formality-online-payment-tree",
    "dossier-digitized",
    "handling-satisfaction",
)

ROW_COLUMNS: list[str] = [
    "entity_id",
    "entity_code",
    "entity_name",
    "entity_type",
    "endpoint",
    "period_type",
    "indicator",
    "numerator",
    "denominator",
    "ratio_pct",
    "score",
    "max_points",
]
ROW_EXTRAS: list[str] = ["scope", "is_parent", "path"]
COUNT_COLUMNS: list[str] = [
    "entity_id",
    "entity_code",
    "endpoint",
    "period_type",
    "scope",
    "field",
    "value",
    "is_parent",
    "path",
]
TOTAL_COLUMNS: list[str] = [
    "entity_id",
    "entity_code",
    "entity_name",
    "entity_type",
    "endpoint",
    "period_type",
    "scope",
    "group",
    "score",
    "max_points",
    "ratio_pct",
    "is_parent",
    "path",
]
_NUMBER_COLUMNS = ("numerator", "denominator", "ratio_pct", "score", "max_points")

MAX_FILE_BYTES = 50 * 1024 * 1024  # a real response is under 300 KB

METRIC_INDICATORS: dict[str, int] = {
    "PUBLISH_ON_TIME": 1,
    "PUBLIC_UPDATE_ON_TIME": 2,
    "PUBLIC_CONTENT_FULL": 3,
    "DOSSIER_SYNC": 4,
    "ORIGINAL_RESULT_AVAILABLE": 12,
    "SO_HOA_GIAY_TO_GIAI_QUYET": 13,
    "REUSED_DIGITIZED_DATA": 14,
    "ELECTRONIC_CERTIFIED_COPY": 15,
    "SYNCED_WITH_DVCQG_PERSONAL_STORAGE": 16,
    "CITIZEN_DATA_CONNECTED_FORMALITY": 17,
    "CITIZEN_DATA_CONNECTED_DOSSIER": 18,
    "PETITION_PROCESSING_ON_TIME": 19,
    "PETITION_HANDLING_SATISFACTION": 20,
    "DOSSIER_RECEIVING_SATISFACTION": 21,
}
UNSCORED_METRICS: tuple[str, ...] = (
    "PETITION_CLASSIFICATION_TTHC",
    "PETITION_CLASSIFICATION_STAFF",
)
_SHAPE_A_ENDPOINTS = {
    "transparency": range(1, 5),
    "dossier-digitized": range(12, 19),
    "handling-satisfaction": range(19, 22),
}
METRIC_ENDPOINTS: dict[str, str] = {
    **{
        code: endpoint
        for code, number in METRIC_INDICATORS.items()
        for endpoint, numbers in _SHAPE_A_ENDPOINTS.items()
        if number in numbers
    },
    **dict.fromkeys(UNSCORED_METRICS, "handling-satisfaction"),
}

# The additive count fields of each shape-B endpoint (what ``counts`` keeps). Not additive, so
# left out: ``avgProcessingDays``, ``ratio``, the scores.
COUNT_FIELDS: dict[str, tuple[str, ...]] = {
    "dvc-progress-tree": ("totalReceived", "totalOnTime", "totalCompleted", "totalOverdue"),
    "provide-online-tree": (
        "authorityCount",
        "partialCount",
        "fullCount",
        "onlineDossierCount",
        "onlineServiceTotal",
        "channelOnlineSum",
        "channelDirectSum",
        "channelPostalSum",
        "channelTotalSum",
        "onlineOnTimeSum",
        "onlineOverdueSum",
    ),
    "formality-online-payment-tree": (
        "totalDossierOnlineFormalityPaymentSuccess",
        "totalFeeDossierFormalityDistinct",
        "totalFeeDossierFormality",
        "totalFeeFormality",
        "totalDossierOnlinePaymentSuccess",
        "totalDossierFinancialObligation",
    ),
}
# Indicator → (numerator fields summed, denominator field), from the shape-B counts.
PAYMENT_COUNTS: dict[int, tuple[tuple[str, ...], str]] = {
    9: (("totalDossierOnlineFormalityPaymentSuccess",), "totalFeeDossierFormalityDistinct"),
    10: (("totalFeeDossierFormality",), "totalFeeFormality"),
    11: (("totalDossierOnlinePaymentSuccess",), "totalDossierFinancialObligation"),
}
ONLINE_COUNTS: dict[int, tuple[tuple[str, ...], str]] = {
    6: (("partialCount", "fullCount"), "authorityCount"),
    7: (("onlineDossierCount",), "onlineServiceTotal"),
    8: (("channelOnlineSum",), "channelTotalSum"),
}
# The portal group of each endpoint (kpi.registry.PORTAL_GROUPS codes).
ENDPOINT_GROUPS: dict[str, str] = {
    "transparency": "I",
    "dvc-progress-tree": "II",
    "provide-online-tree": "III.1",
    "formality-online-payment-tree": "III.2",
    "dossier-digitized": "IV",
    "handling-satisfaction": "V",
}
CHILD_TYPES: dict[str, str] = {
    "PROVINCE": "PROVINCIAL_DEPARTMENT",
    "COMMUNE": "COMMUNE_PEOPLE_COMMITTEE",
}
PROVINCE = "PROVINCE"
PERIOD_TYPES: tuple[str, ...] = ("day", "week", "month", "quarter", "half", "year")
FORMALITY, ALL = "formality", "all"


class PortalError(KpiError):
    """A portal response that cannot be read: Vietnamese message naming the file."""

    exit_code = 2


@dataclass(frozen=True)
class PortalFile:
    """One response file: where it is, its SHA-256, and what the content says it is.

    ``path`` is relative to the folder given to :func:`read_folder` (POSIX separators), or the
    path as given to :func:`read_file`.
    """

    path: str
    sha256: str
    endpoint: str
    period_type: str | None
    scope: str


@dataclass
class PortalCapture:
    """Every file of a folder of portal responses, read into tables.

    Attributes
    ----------
    files : list of PortalFile
        In the order read (sorted by relative path).
    rows : DataFrame
        :data:`ROW_COLUMNS` then ``scope``, ``is_parent``, ``path``; one row per (file, entity,
        indicator). ``indicator`` is a string, ``"1"``-``"21"``, ``"III.1"`` or ``"III.2"``.
    counts : DataFrame
        :data:`COUNT_COLUMNS`: the raw additive count fields of the shape-B endpoints, one row
        per (file, entity, field); ``value`` missing where the file has ``null``.
    totals : DataFrame
        :data:`TOTAL_COLUMNS`: each entity's published group total (``totalScore``,
        ``totalMaxScore`` and ``ratio``; for ``dvc-progress-tree`` children ``score`` and
        ``maxScore``), one row per (file, entity).
    """

    files: list[PortalFile]
    rows: pd.DataFrame
    counts: pd.DataFrame
    totals: pd.DataFrame = field(default_factory=lambda: _frame([], TOTAL_COLUMNS))


def _frame(records: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(records, columns=columns)
    for name in (*_NUMBER_COLUMNS, "value"):
        if name in frame:
            frame[name] = pd.array(frame[name].tolist(), dtype="Float64")
    if "is_parent" in frame:
        frame["is_parent"] = frame["is_parent"].astype(bool)
    return frame


class _Reader:
    """Checks and converts the values of one decoded response; errors name file and JSON path."""

    def __init__(self, shown: str) -> None:
        self.shown = shown

    def fail(self, template: str, **values: Any) -> PortalError:
        return PortalError(template.format(path=self.shown, **values))

    def wrong_type(self, where: str, expected: str, value: Any) -> PortalError:
        kind = messages.KINDS.get(type(value).__name__, type(value).__name__)
        return self.fail(messages.WRONG_TYPE, where=where, expected=expected, kind=kind)

    def object(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.wrong_type(where, messages.OBJECT, value)
        return value

    def list(self, value: Any, where: str) -> list[Any]:
        if not isinstance(value, list):
            raise self.wrong_type(where, messages.LIST, value)
        return value

    def key(self, mapping: dict[str, Any], name: str, where: str) -> Any:
        if name not in mapping:
            raise self.fail(messages.MISSING_KEY, where=f"{where}.{name}" if where else name)
        return mapping[name]

    def text(self, mapping: dict[str, Any], name: str, where: str) -> str | None:
        value = mapping.get(name)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.wrong_type(f"{where}.{name}", messages.TEXT, value)
        return value

    def number(self, mapping: dict[str, Any], name: str, where: str) -> float | None:
        """A number of the file: int/float, or a string that parses as one; null → None."""
        value = mapping.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise self.wrong_type(f"{where}.{name}", messages.NUMBER, value)
        try:
            number = float(value.strip()) if isinstance(value, str) else float(value)
        except (ValueError, OverflowError):
            number = math.nan
        if not math.isfinite(number):
            raise self.fail(messages.NOT_NUMBER, where=f"{where}.{name}", value=repr(value)[:60])
        return number

    def entity_id(self, entity: dict[str, Any], where: str) -> str:
        value = self.key(entity, "departmentId", where)
        if not isinstance(value, str | int) or isinstance(value, bool):
            raise self.wrong_type(f"{where}.departmentId", messages.TEXT, value)
        if not str(value).strip():
            raise self.fail(messages.EMPTY_ID, where=f"{where}.departmentId")
        return str(value).strip()


def _decode(raw: bytes, shown: str) -> Any:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PortalError(messages.NOT_UTF8.format(path=shown, position=error.start)) from None

    def refuse_constant(name: str) -> Any:
        raise PortalError(messages.NOT_FINITE.format(path=shown, value=name))

    try:
        return json.loads(text, parse_constant=refuse_constant)
    except json.JSONDecodeError as error:
        raise PortalError(
            messages.BAD_JSON.format(path=shown, line=error.lineno, column=error.colno)
        ) from None
    except RecursionError:
        raise PortalError(messages.TOO_DEEP.format(path=shown)) from None


def _read_bytes(path: Path, shown: str) -> bytes:
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise PortalError(messages.NOT_REGULAR.format(path=shown))
        if info.st_size > MAX_FILE_BYTES:
            raise PortalError(
                messages.TOO_BIG.format(path=shown, size=info.st_size, limit=MAX_FILE_BYTES)
            )
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise PortalError(messages.NO_FILE.format(path=shown)) from None
    except OSError as error:
        detail = error.strerror or type(error).__name__
        raise PortalError(messages.UNREADABLE.format(path=shown, detail=detail)) from None
    if len(raw) > MAX_FILE_BYTES:  # grew after the stat
        raise PortalError(messages.TOO_BIG.format(path=shown, size=len(raw), limit=MAX_FILE_BYTES))
    return raw


_WORDS = re.compile(r"[A-Za-z]+")


def _name_period_type(path: Path) -> str | None:
    words = _WORDS.findall(path.stem.lower())
    return words[0] if words and words[0] in PERIOD_TYPES else None


def _name_scope(path: Path) -> str:
    return FORMALITY if FORMALITY in _WORDS.findall(path.stem.lower()) else ALL


def _content_period_type(document: dict[str, Any], data: dict[str, Any]) -> str | None:
    for holder in (data, document):
        value = holder.get("periodType")
        if isinstance(value, str) and value.strip():
            return value.strip().lower()
    return None


def _content_scope(document: dict[str, Any], data: dict[str, Any]) -> str | None:
    for holder in (data, document):
        if holder.get("formalityId") not in (None, ""):
            return FORMALITY
    return None


@dataclass
class _Content:
    file: PortalFile
    rows: list[dict[str, Any]]
    counts: list[dict[str, Any]]
    totals: list[dict[str, Any]]


def _metrics(
    reader: _Reader, entity: dict[str, Any], where: str
) -> Iterator[tuple[str, dict, str]]:
    """(code, metric, JSON path) of each metric of a shape-A entity; checks code and type."""
    metrics = reader.list(reader.key(entity, "metrics", where), f"{where}.metrics")
    for position, metric in enumerate(metrics):
        place = f"{where}.metrics[{position}]"
        reader.object(metric, place)
        code = reader.key(metric, "code", place)
        if not isinstance(code, str) or not code.strip():
            raise reader.wrong_type(f"{place}.code", messages.TEXT, code)
        yield code.strip(), metric, place


def _entities(
    reader: _Reader, data: dict[str, Any], head: str, members: str
) -> list[tuple[dict, str, bool]]:
    """(entity, JSON path, is the province) of a response: its ``head`` object (the province:
    ``overview`` in shape A, ``parent`` in shape B), then each of its ``members`` list
    (``evaluation`` / ``children``)."""
    province = reader.object(reader.key(data, head, "data"), f"data.{head}")
    listed = reader.list(reader.key(data, members, "data"), f"data.{members}")
    entities = [(province, f"data.{head}", True)]
    for position, entity in enumerate(listed):
        where = f"data.{members}[{position}]"
        entities.append((reader.object(entity, where), where, False))
    return entities


def _shape_a_endpoint(reader: _Reader, entities: list[tuple[dict, str, bool]]) -> str:
    found: set[str] = set()
    for entity, where, _ in entities:
        for code, metric, place in _metrics(reader, entity, where):
            if code in METRIC_ENDPOINTS:
                found.add(METRIC_ENDPOINTS[code])
                continue
            max_points = reader.number(metric, "maxScore", place)
            if max_points:  # an unknown metric that carries points: refuse rather than drop
                raise reader.fail(
                    messages.UNKNOWN_METRIC, where=place, code=code, max=f"{max_points:g}"
                )
    return _one_endpoint(reader, found)


def _shape_b_endpoint(reader: _Reader, entities: list[tuple[dict, str, bool]]) -> str:
    keys = {key for entity, _, _ in entities for key in entity}
    found = {endpoint for endpoint, names in COUNT_FIELDS.items() if keys & set(names)}
    return _one_endpoint(reader, found)


def _one_endpoint(reader: _Reader, found: set[str]) -> str:
    if not found:
        raise reader.fail(messages.UNKNOWN_ENDPOINT)
    if len(found) > 1:
        names = ", ".join(sorted(found))
        raise reader.fail(messages.MIXED_ENDPOINTS, names=names)
    return found.pop()


def _entity_fields(
    reader: _Reader, entity: dict[str, Any], where: str, is_parent: bool, shape_b: bool
) -> dict[str, Any]:
    code = reader.text(entity, "departmentCode", where)
    if shape_b:
        level = reader.text(entity, "level", where)
        kind = PROVINCE if is_parent else CHILD_TYPES.get(level or "", level)
    else:
        kind = reader.text(entity, "departmentType", where)
    return {
        "entity_id": reader.entity_id(entity, where),
        "entity_code": code.strip() if code and code.strip() else None,
        "entity_name": reader.text(entity, "departmentName", where),
        "entity_type": kind,
        "is_parent": is_parent,
    }


def _either(reader: _Reader, entity: dict[str, Any], names: tuple[str, str], where: str):
    """The first of two alternative keys present (``score`` on children, ``totalScore`` on
    the parent of ``dvc-progress-tree``)."""
    for name in names:
        if name in entity:
            return reader.number(entity, name, where)
    return None


def _derived(
    reader: _Reader, entity: dict[str, Any], where: str, parts: tuple[str, ...], base: str
) -> tuple[float | None, float | None] | None:
    """(numerator, denominator) summed from count fields; None when a field is absent."""
    if any(name not in entity for name in (*parts, base)):
        return None
    values = [reader.number(entity, name, where) for name in parts]
    present = [value for value in values if value is not None]
    numerator = float(sum(present)) if len(present) == len(values) else None
    return numerator, reader.number(entity, base, where)


_Figures = tuple[str, float | None, float | None, float | None, float | None, float | None]


def _envelope(reader: _Reader, document: Any) -> dict[str, Any]:
    """``document["data"]`` once the envelope is checked: an object with ``code`` "OK"."""
    if not isinstance(document, dict):
        raise reader.wrong_type(messages.ROOT, messages.OBJECT, document)
    code = reader.key(document, "code", "")
    if code != "OK":
        message = document.get("message")
        detail = messages.NOT_OK_DETAIL.format(message=message) if message else ""
        raise reader.fail(messages.NOT_OK, code=str(code)[:60], detail=str(detail)[:200])
    return reader.object(reader.key(document, "data", ""), "data")


def _recognise(reader: _Reader, data: dict[str, Any]) -> tuple[list, bool, str]:
    """(entities, is shape B, endpoint) of a response, from its content only."""
    if "overview" in data or "evaluation" in data:
        entities = _entities(reader, data, "overview", "evaluation")
        return entities, False, _shape_a_endpoint(reader, entities)
    if "parent" in data or "children" in data:
        entities = _entities(reader, data, "parent", "children")
        return entities, True, _shape_b_endpoint(reader, entities)
    raise reader.fail(messages.UNKNOWN_SHAPE)


def _shape_a_figures(reader: _Reader, entity: dict[str, Any], where: str) -> list[_Figures]:
    figures: list[_Figures] = []
    for code, metric, place in _metrics(reader, entity, where):
        metric_max = reader.number(metric, "maxScore", place)
        if code not in METRIC_INDICATORS or metric_max == 0:
            continue  # unscored (maxScore 0), e.g. PETITION_CLASSIFICATION_*
        numerator, denominator, ratio, score = (
            reader.number(metric, name, place)
            for name in ("numerator", "denominator", "ratio", "score")
        )
        figures.append(
            (str(METRIC_INDICATORS[code]), numerator, denominator, ratio, score, metric_max)
        )
    return figures


def _shape_b_figures(
    reader: _Reader,
    endpoint: str,
    entity: dict[str, Any],
    where: str,
    is_parent: bool,
    total: tuple[float | None, float | None, float | None],
) -> list[_Figures]:
    ratio, score, max_points = total
    if endpoint == "dvc-progress-tree":
        numerator = reader.number(entity, "totalOnTime", where)
        denominator = reader.number(entity, "totalReceived", where)
        return [("5", numerator, denominator, ratio, score, max_points)]
    derivations = PAYMENT_COUNTS if endpoint == "formality-online-payment-tree" else {}
    if endpoint == "provide-online-tree" and is_parent:
        derivations = ONLINE_COUNTS
    figures: list[_Figures] = []
    for indicator, (parts, base) in derivations.items():
        derived = _derived(reader, entity, where, parts, base)
        if derived is not None:
            figures.append((str(indicator), *derived, None, None, None))
    figures.append((ENDPOINT_GROUPS[endpoint], None, None, ratio, score, max_points))
    return figures


def _parse(document: Any, source: Path, shown: str, digest: str) -> _Content:
    reader = _Reader(shown)
    data = _envelope(reader, document)
    entities, shape_b, endpoint = _recognise(reader, data)
    period_type = _content_period_type(document, data) or _name_period_type(source)
    scope = _content_scope(document, data) or _name_scope(source)
    content = _Content(PortalFile(shown, digest, endpoint, period_type, scope), [], [], [])
    common = {"endpoint": endpoint, "period_type": period_type, "scope": scope, "path": shown}
    seen: set[str] = set()
    for entity, where, is_parent in entities:
        who = _entity_fields(reader, entity, where, is_parent, shape_b)
        if who["entity_id"] in seen:
            raise reader.fail(messages.DUPLICATE_ID, entity=who["entity_id"], where=where)
        seen.add(who["entity_id"])
        ratio = reader.number(entity, "ratio", where)
        score = _either(reader, entity, ("totalScore", "score"), where)
        max_points = _either(reader, entity, ("totalMaxScore", "maxScore"), where)
        content.totals.append(
            {
                **who,
                **common,
                "group": ENDPOINT_GROUPS[endpoint],
                "score": score,
                "max_points": max_points,
                "ratio_pct": ratio,
            }
        )
        if shape_b:
            content.counts += [
                {
                    "entity_id": who["entity_id"],
                    "entity_code": who["entity_code"],
                    **common,
                    "field": name,
                    "value": reader.number(entity, name, where),
                    "is_parent": is_parent,
                }
                for name in COUNT_FIELDS[endpoint]
                if name in entity
            ]
            total = (ratio, score, max_points)
            figures = _shape_b_figures(reader, endpoint, entity, where, is_parent, total)
        else:
            figures = _shape_a_figures(reader, entity, where)
        content.rows += [
            {**who, **common, **dict(zip(_FIGURE_KEYS, figure, strict=True))} for figure in figures
        ]
    return content


_FIGURE_KEYS = ("indicator", "numerator", "denominator", "ratio_pct", "score", "max_points")


def _read(path: Path, shown: str) -> _Content:
    raw = _read_bytes(path, shown)
    document = _decode(raw, shown)
    return _parse(document, path, shown, hashlib.sha256(raw).hexdigest())


def read_file(path: Path | str) -> tuple[PortalFile, pd.DataFrame, pd.DataFrame]:
    """Read one portal response.

    Parameters
    ----------
    path : Path or str
        A JSON file saved from one of the six endpoints.

    Returns
    -------
    (PortalFile, DataFrame, DataFrame)
        The file's description, its rows (:data:`ROW_COLUMNS` + ``scope``, ``is_parent``,
        ``path``) and its counts (:data:`COUNT_COLUMNS`; empty for shape A). Entity codes are
        only those the file gives.

    Raises
    ------
    PortalError
        Missing, unreadable, too large, not UTF-8, not JSON, too deeply nested, code not
        "OK", missing ``data``, wrong shapes or value types, unknown endpoint (Vietnamese
        message naming the file and the JSON path).
    """
    path = Path(path)
    content = _read(path, path.as_posix())
    return (
        content.file,
        _frame(content.rows, ROW_COLUMNS + ROW_EXTRAS),
        _frame(content.counts, COUNT_COLUMNS),
    )


def _json_files(folder: Path, root: Path) -> list[Path]:
    """Every ``*.json`` under ``folder`` (hidden entries skipped), sorted by relative path.

    Symbolic links are not followed into directories; any link resolving outside ``folder``
    refuses the whole folder.
    """
    found: list[Path] = []
    for current, directories, files in os.walk(folder, followlinks=False):
        here = Path(current)
        directories[:] = sorted(name for name in directories if not name.startswith("."))
        for name in [*directories, *files]:
            entry = here / name
            if entry.is_symlink() and not entry.resolve().is_relative_to(root):
                raise PortalError(messages.OUTSIDE.format(path=entry, folder=folder))
        found += [
            here / name
            for name in files
            if not name.startswith(".") and name.lower().endswith(".json")
        ]
    return sorted(found, key=lambda item: item.relative_to(folder).as_posix())


def read_folder(folder: Path | str) -> PortalCapture:
    """Read every ``*.json`` under ``folder``, recursively, sorted by relative path.

    Entity codes missing from a file (shape A's ``transparency`` and ``handling-satisfaction``
    give none) are filled by ``departmentId`` from the other files of the folder.

    Raises
    ------
    PortalError
        The folder is missing or holds no JSON file, a symbolic link points outside it, or
        any file is broken (see :func:`read_file`).
    """
    folder = Path(folder)
    if not folder.exists():
        raise PortalError(messages.NO_FOLDER.format(folder=folder))
    if not folder.is_dir():
        raise PortalError(messages.NOT_A_FOLDER.format(folder=folder))
    paths = _json_files(folder, folder.resolve())
    if not paths:
        raise PortalError(messages.NO_JSON.format(folder=folder))
    contents = [_read_named(path, folder) for path in paths]
    rows = _frame([r for c in contents for r in c.rows], ROW_COLUMNS + ROW_EXTRAS)
    counts = _frame([r for c in contents for r in c.counts], COUNT_COLUMNS)
    totals = _frame([r for c in contents for r in c.totals], TOTAL_COLUMNS)
    codes = _entity_codes([rows, counts, totals])
    for frame in (rows, counts, totals):
        frame["entity_code"] = frame["entity_code"].fillna(frame["entity_id"].map(codes))
    return PortalCapture([c.file for c in contents], rows, counts, totals)


def _read_named(path: Path, folder: Path) -> _Content:
    content = _read(path, (folder / path.relative_to(folder)).as_posix())
    relative = path.relative_to(folder).as_posix()
    file = content.file
    content.file = PortalFile(relative, file.sha256, file.endpoint, file.period_type, file.scope)
    for record in (*content.rows, *content.counts, *content.totals):
        record["path"] = relative
    return content


def _entity_codes(frames: list[pd.DataFrame]) -> dict[str, str]:
    """departmentId → the first departmentCode any file gives for it."""
    codes: dict[str, str] = {}
    for frame in frames:
        given = frame.dropna(subset=["entity_code"])
        for entity, code in zip(given["entity_id"], given["entity_code"], strict=True):
            codes.setdefault(entity, code)
    return codes
