"""Check the portal's own arithmetic: scores from counts, group totals, province sums.

Three checks, each a table with a Vietnamese ``note``:

- :func:`check_capture`, every published indicator score that has a numerator and a
  denominator is recomputed with :func:`kpi.scoring.points` and rounded half-up to 2 decimals,
  then compared to the cent (``|published - recomputed| < 0.005``). "No score" (null) compares
  equal to "no score" (the zero-denominator policy ``no_score``). A row without numerator or
  denominator (#15, which the portal awards flat) is not recomputable: ``recomputed`` and
  ``matches`` stay null and the note says whether the published score is the maximum. A
  numerator above its denominator (or a negative count) is not an error of reading: the row
  gets ``matches`` False and a note. The #6-#11 rows derived from counts have no published
  score: they are recomputed (``matches`` null) and feed the ``III.1``/``III.2`` group rows,
  whose published total is compared to the sum of the rounded recomputed indicator scores.
  Each published percentage is also compared with ``n / d × 100`` rounded half-up to 2
  decimals (``ratio_matches``).
- :func:`group_checks`, each entity's published group total (``totalScore``) against the sum
  of its indicators' rounded scores (published ones on shape A, where "no score" adds 0;
  recomputed ones for ``III.1``/``III.2``), its maximum and its percentage. Group II
  (``dvc-progress-tree``) has a single indicator whose score is the group total: nothing to tie.
- :func:`sum_checks`, the province's additive counts against the sum over its departments and
  communes: shape-B count fields present on both parent and children, and shape-A numerators
  and denominators except #1-#3 (the province's own figures, repeated on every row).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from kpi.params import ScoringRules
from kpi.portal import messages
from kpi.portal.read import ROW_COLUMNS, PortalCapture, PortalFile
from kpi.registry import INDICATORS
from kpi.scoring import points, round_half_up

TOLERANCE = 0.005  # to the cent: the portal shows 2 decimals
GROUP_ROWS = ("III.1", "III.2")
# Shape-B endpoints whose indicator rows are derived from counts, without a published score.
COMPONENT_ENDPOINTS = {"provide-online-tree": "III.1", "formality-online-payment-tree": "III.2"}
SHAPE_A = ("transparency", "dossier-digitized", "handling-satisfaction")
NOT_ADDITIVE = ("1", "2", "3")  # the province's figures, repeated on every row
GROUP_MEMBERS: dict[str, tuple[str, ...]] = {
    group: tuple(str(i.code) for i in INDICATORS if i.portal_group == group) for group in GROUP_ROWS
}
_KEYS = ["path", "entity_id"]


def _rows_of(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """``frame.to_dict("records")``, several times faster on Arrow-backed string columns."""
    columns = list(frame.columns)
    values = [frame[name].tolist() for name in columns]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


def _value(value: Any) -> float | None:
    return None if pd.isna(value) else float(value)


def _cents(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def _same(published: float | None, recomputed: float | None) -> bool:
    if published is None or recomputed is None:
        return published is None and recomputed is None
    return abs(published - recomputed) < TOLERANCE


def _compare(published: float | None, recomputed: float | None) -> tuple[bool, str]:
    if _same(published, recomputed):
        return True, ""
    if published is None:
        return False, messages.NOTE_NULL_VS_VALUE.format(recomputed=_cents(recomputed or 0))
    if recomputed is None:
        return False, messages.NOTE_VALUE_VS_NULL.format(published=_cents(published))
    return False, messages.NOTE_MISMATCH.format(
        published=_cents(published),
        recomputed=_cents(recomputed),
        difference=_cents(abs(published - recomputed)),
    )


def _indicator_row(row: dict[str, Any], rules: ScoringRules) -> tuple[float | None, Any, str]:
    """(recomputed, matches, note) of one numbered indicator row."""
    code = int(row["indicator"])
    numerator, denominator = _value(row["numerator"]), _value(row["denominator"])
    published, max_points = _value(row["score"]), _value(row["max_points"])
    if numerator is None or denominator is None:
        if published is not None and max_points is not None and _same(published, max_points):
            return None, None, messages.NOTE_FLAT_MAX.format(max=f"{max_points:g}")
        return None, None, messages.NOTE_NO_COUNTS
    try:
        unrounded = points(code, numerator, denominator, rules=rules)
    except ValueError as error:
        return None, False, messages.NOTE_BAD_COUNTS.format(problem=error)
    recomputed = None if unrounded is None else float(round_half_up(unrounded, 2))
    group = COMPONENT_ENDPOINTS.get(row["endpoint"])
    if group is not None:
        note = messages.NOTE_PART_OF_GROUP.format(group=group)
        derived = messages.DERIVED_NOTES.get(row["indicator"]) if group == "III.1" else None
        return recomputed, None, f"{note} {derived}" if derived else note
    matches, note = _compare(published, recomputed)
    if matches and denominator == 0:
        policy = rules.rule(code).zero_denominator
        note = (
            messages.NOTE_NO_SCORE
            if recomputed is None
            else messages.NOTE_ZERO_DENOMINATOR.format(policy=messages.POLICY_NAMES[policy])
        )
    return recomputed, matches, note


def _group_row(row: dict[str, Any], parts: dict[str, tuple[Any, Any]]) -> tuple[Any, Any, str]:
    """(recomputed, matches, note) of a III.1/III.2 row from its parts' (recomputed, matches)."""
    members = GROUP_MEMBERS[row["indicator"]]
    if not all(member in parts for member in members):
        return None, None, messages.NOTE_GROUP_NO_PARTS
    failed = [member for member in members if parts[member][1] is False]
    if failed:
        return None, None, messages.NOTE_GROUP_BAD_PART.format(parts=", ".join(failed))
    total = float(sum(round_half_up(parts[m][0]) for m in members if parts[m][0] is not None))
    total = float(round_half_up(total, 2))  # float sums of cents: 1.46 + 0.95 + 6
    matches, note = _compare(_value(row["score"]), total)
    parts_text = ", ".join(f"#{member}" for member in members)
    return total, matches, note or messages.NOTE_GROUP_FROM_PARTS.format(parts=parts_text)


def check_capture(capture: PortalCapture, rules: ScoringRules) -> pd.DataFrame:
    """Every row of ``capture.rows`` with its score recomputed from numerator and denominator.

    Parameters
    ----------
    capture : PortalCapture
        From :func:`kpi.portal.read.read_folder`.
    rules : ScoringRules
        Maxima, targets, zero-denominator policies and ratio rounding (#9-#11 round the
        percentage to 2 decimals first).

    Returns
    -------
    DataFrame
        ``capture.rows`` plus ``recomputed`` (Float64, rounded half-up to 2 decimals; missing
        where nothing can be recomputed), ``matches`` (nullable boolean: missing where nothing
        is compared), ``ratio_matches`` (the published percentage against ``n / d × 100``
        rounded half-up to 2 decimals; missing without counts or with a zero denominator) and
        ``note`` (Vietnamese, empty for a plain match).
    """
    records = _rows_of(capture.rows)
    results: list[tuple[Any, Any, str]] = [(None, None, "")] * len(records)
    parts: dict[tuple[str, str], dict[str, tuple[Any, Any]]] = {}
    for position, row in enumerate(records):
        if row["indicator"] in GROUP_ROWS:
            continue
        results[position] = _indicator_row(row, rules)
        if row["endpoint"] in COMPONENT_ENDPOINTS:
            key = (row["path"], row["entity_id"])
            parts.setdefault(key, {})[row["indicator"]] = results[position][:2]
    for position, row in enumerate(records):
        if row["indicator"] in GROUP_ROWS:
            results[position] = _group_row(row, parts.get((row["path"], row["entity_id"]), {}))
    checked = capture.rows.copy()
    checked["recomputed"] = pd.array([r[0] for r in results], dtype="Float64")
    checked["matches"] = pd.array([r[1] for r in results], dtype="boolean")
    ratios = [_ratio_check(row) for row in records]
    checked["ratio_matches"] = pd.array([r[0] for r in ratios], dtype="boolean")
    checked["note"] = [
        " ".join(filter(None, (r[2], q[1]))) for r, q in zip(results, ratios, strict=True)
    ]
    return checked


def _ratio_check(row: dict[str, Any]) -> tuple[bool | None, str]:
    """The published percentage against ``n / d × 100`` rounded half-up to 2 decimals."""
    numerator, denominator = _value(row["numerator"]), _value(row["denominator"])
    published = _value(row["ratio_pct"])
    if numerator is None or not denominator or published is None:
        return None, ""
    expected = float(round_half_up(numerator / denominator * 100, 2))
    if _same(published, expected):
        return True, ""
    return False, messages.NOTE_RATIO.format(published=_cents(published), expected=_cents(expected))


GROUP_COLUMNS = [
    "path", "endpoint", "period_type", "scope", "entity_id", "entity_code", "entity_name",
    "is_parent", "group", "published_total", "computed_total", "published_max", "computed_max",
    "published_ratio", "total_matches", "max_matches", "ratio_matches", "basis", "note",
]  # fmt: skip


def group_checks(capture: PortalCapture, rules: ScoringRules) -> pd.DataFrame:
    """Each entity's published group total against its indicators, per file and entity.

    Shape A: ``totalScore`` against the sum of the metrics' published scores rounded to
    2 decimals ("no score" adds 0), ``totalMaxScore`` against the sum of their ``maxScore``.
    ``III.1``/``III.2``: the published total against the sum of the rounded recomputed #6-#8 /
    #9-#11 scores, where the counts allow (``III.1`` on the province only), and the maximum
    against ``rules``. Everywhere: the published ``ratio`` against total / maximum × 100
    rounded to 2 decimals.

    Returns
    -------
    DataFrame
        :data:`GROUP_COLUMNS`; ``basis`` is ``published`` or ``recomputed``; a comparison that
        cannot be made is missing (nullable boolean).
    """
    totals = capture.totals[capture.totals["endpoint"] != "dvc-progress-tree"]
    rows = capture.rows
    published = rows[rows["endpoint"].isin(SHAPE_A)]
    sums = published.assign(rounded=round_half_up(published["score"].astype(float)).fillna(0))
    by_entity = sums.groupby(_KEYS)[["rounded", "max_points"]].sum()
    entity_sums = dict(zip(by_entity.index, by_entity["rounded"].tolist(), strict=True))
    entity_maxima = dict(zip(by_entity.index, by_entity["max_points"].tolist(), strict=True))
    components = rows[rows["endpoint"].isin(list(COMPONENT_ENDPOINTS))]
    recomputed: dict[tuple[str, str], Any] = {}
    if not components.empty:
        checked = check_capture(PortalCapture([], components, capture.counts), rules)
        groups = checked[checked["indicator"].isin(GROUP_ROWS)]
        recomputed = dict(
            zip(
                zip(groups["path"], groups["entity_id"], strict=True),
                groups["recomputed"],
                strict=True,
            )
        )
    records = []
    for row in _rows_of(totals):
        key = (row["path"], row["entity_id"])
        if row["endpoint"] in SHAPE_A:
            found = key in entity_sums
            total = float(round_half_up(entity_sums[key])) if found else None
            maximum = float(entity_maxima[key]) if found else None
            basis = "published"
        else:
            total = _value(recomputed.get(key))
            maximum = float(rules.group_max(row["group"]))
            basis = "recomputed"
        published_total, published_max = _value(row["score"]), _value(row["max_points"])
        total_ok = None if total is None else _same(published_total, total)
        max_ok = None if maximum is None else _same(published_max, maximum)
        ratio = _value(row["ratio_pct"])
        ratio_ok = None
        if ratio is not None and published_total is not None and published_max:
            ratio_ok = _same(ratio, float(round_half_up(published_total / published_max * 100)))
        notes = [
            text
            for ok, text in (
                (total_ok, messages.NOTE_GROUP_TOTAL),
                (max_ok, messages.NOTE_GROUP_MAX),
                (ratio_ok, messages.NOTE_GROUP_RATIO),
            )
            if ok is False
        ]
        records.append(
            {
                **{name: row[name] for name in GROUP_COLUMNS if name in row},
                "published_total": published_total,
                "computed_total": total,
                "published_max": published_max,
                "computed_max": maximum,
                "published_ratio": ratio,
                "total_matches": total_ok,
                "max_matches": max_ok,
                "ratio_matches": ratio_ok,
                "basis": basis,
                "note": " ".join(notes),
            }
        )
    frame = pd.DataFrame.from_records(records, columns=GROUP_COLUMNS)
    for name in (
        "published_total",
        "computed_total",
        "published_max",
        "computed_max",
        "published_ratio",
    ):
        frame[name] = pd.array(frame[name].tolist(), dtype="Float64")
    for name in ("total_matches", "max_matches", "ratio_matches"):
        frame[name] = pd.array(frame[name].tolist(), dtype="boolean")
    return frame


SUM_COLUMNS = [
    "path", "endpoint", "period_type", "scope", "indicator", "field", "province",
    "children_sum", "children", "missing", "difference", "ties", "note",
]  # fmt: skip


def sum_checks(capture: PortalCapture) -> pd.DataFrame:
    """The province's additive counts against the sum over its departments and communes.

    Shape B: every count field (:data:`kpi.portal.read.COUNT_FIELDS`) the parent and at least
    one child carry (``totalCompleted`` is on the parent only, ``totalOverdue`` on the children
    only: neither is compared). Shape A: the overview's numerator and denominator of each
    indicator except #1-#3, where the overview gives them.

    Returns
    -------
    DataFrame
        :data:`SUM_COLUMNS`, one row per (file, field) or (file, indicator, numerator /
        denominator); ``indicator`` is missing for shape-B fields; ``children`` counts the
        children with a value, ``missing`` those with null; ``ties`` when the province's figure
        equals the sum exactly.
    """
    counts = capture.counts.assign(indicator=None)
    rows = capture.rows
    shape_a = rows[rows["endpoint"].isin(SHAPE_A) & ~rows["indicator"].isin(NOT_ADDITIVE)]
    melted = shape_a.melt(
        id_vars=["path", "endpoint", "period_type", "scope", "indicator", "is_parent"],
        value_vars=["numerator", "denominator"],
        var_name="field",
        value_name="value",
    )
    keys = ["path", "endpoint", "period_type", "scope", "indicator", "field"]
    long = pd.concat([counts[[*keys, "value", "is_parent"]], melted], ignore_index=True)
    long["value"] = long["value"].astype("Float64")
    long["indicator"] = long["indicator"].fillna("").astype(str)  # "" = a shape-B field
    long["period_type"] = long["period_type"].fillna("").astype(str)
    parents = long[long["is_parent"]].drop_duplicates(keys).dropna(subset=["value"])
    children = (
        long[~long["is_parent"]]
        .groupby(keys, dropna=False, sort=False)["value"]
        .agg(children_sum="sum", children="count", size="size")
        .reset_index()
    )
    frame = parents.drop(columns="is_parent").merge(children, on=keys, how="inner")
    frame = frame.rename(columns={"value": "province"})
    frame["missing"] = frame["size"] - frame["children"]
    frame["difference"] = frame["province"] - frame["children_sum"]
    frame["ties"] = (frame["difference"].abs() < 1e-9).astype(bool)
    frame["note"] = [
        " ".join(
            filter(
                None,
                (
                    "" if tie else messages.NOTE_SUM_GAP.format(difference=float(gap)),
                    messages.NOTE_SUM_MISSING.format(count=missing) if missing else "",
                ),
            )
        )
        for tie, gap, missing in zip(
            frame["ties"], frame["difference"], frame["missing"], strict=True
        )
    ]
    for name in ("indicator", "period_type"):
        frame[name] = frame[name].astype(object).where(frame[name] != "", None)
    return frame[SUM_COLUMNS].sort_values("path", kind="stable").reset_index(drop=True)


def _plain(value: Any) -> Any:
    """A JSON-ready scalar: NA/NaN → None, numpy and pandas numbers → int or float."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _indicator_key(value: str) -> int | str:
    return int(value) if value.isdigit() else value


def _records(frame: pd.DataFrame, columns: list[str]) -> list[dict[str, Any]]:
    return [
        {name: _plain(value) for name, value in zip(columns, values, strict=True)}
        for values in frame[columns].itertuples(index=False, name=None)
    ]


JSON_ROW_KEYS = [*ROW_COLUMNS, "recomputed", "matches"]
JSON_ROW_EXTRAS = ["ratio_matches", "scope", "path", "note"]


def summary(checked: pd.DataFrame, groups: pd.DataFrame, sums: pd.DataFrame) -> dict[str, int]:
    """Counts of the checks: rows, checked, matches, mismatches, percentages, groups, sums.

    ``failures`` is what makes ``kpi766 portal`` exit 1: score mismatches, percentage
    mismatches and group entities that do not tie. Province sums that do not tie are not
    failures (several fields are not additive, see :func:`sum_checks`).
    """
    group_flags = groups[["total_matches", "max_matches", "ratio_matches"]]
    groups_checked = int(group_flags.notna().any(axis=1).sum())
    groups_failed = int((group_flags == False).any(axis=1).sum())  # noqa: E712 (nullable)
    result = {
        "rows": len(checked),
        "checked": int(checked["matches"].notna().sum()),
        "matches": int((checked["matches"] == True).sum()),  # noqa: E712 (nullable)
        "mismatches": int((checked["matches"] == False).sum()),  # noqa: E712 (nullable)
        "ratios_checked": int(checked["ratio_matches"].notna().sum()),
        "ratio_mismatches": int((checked["ratio_matches"] == False).sum()),  # noqa: E712
        "groups_checked": groups_checked,
        "groups_tied": groups_checked - groups_failed,
        "sums_checked": len(sums),
        "sums_tied": int(sums["ties"].sum()),
        "failures": 0,
    }
    result["failures"] = result["mismatches"] + result["ratio_mismatches"] + groups_failed
    return result


def portal_json(
    capture: PortalCapture, checked: pd.DataFrame, groups: pd.DataFrame, sums: pd.DataFrame
) -> dict[str, Any]:
    """The JSON document of ``kpi766 portal --format json``.

    ``files``: path, sha256, endpoint, period_type, scope. ``rows``: :data:`ROW_COLUMNS`,
    ``recomputed``, ``matches`` (then ``scope``, ``path``, ``note``); ``indicator`` is an int
    1-21 or ``"III.1"``/``"III.2"``; missing values are null. ``summary``: rows, checked,
    matches (then mismatches and the group and sum tallies). ``groups`` and ``sums``: the
    records of :func:`group_checks` and :func:`sum_checks`.
    """
    rows = _records(checked, JSON_ROW_KEYS + JSON_ROW_EXTRAS)
    for row in rows:
        row["indicator"] = _indicator_key(str(row["indicator"]))
    return {
        "files": [_file_record(file) for file in capture.files],
        "rows": rows,
        "summary": summary(checked, groups, sums),
        "groups": _records(groups, list(groups.columns)),
        "sums": _records(sums, list(sums.columns)),
    }


def _file_record(file: PortalFile) -> dict[str, Any]:
    return {
        "path": file.path,
        "sha256": file.sha256,
        "endpoint": file.endpoint,
        "period_type": file.period_type,
        "scope": file.scope,
    }
