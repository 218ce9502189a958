"""The scorecard as a JSON-ready document (the contract of ``kpi766 score --format json``)."""

from __future__ import annotations

import math

from kpi.scorecard import AGENCY, Scorecard
from kpi.scoring import round_half_up


def _number(value: object) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)  # type: ignore[arg-type]


def indicator_records(scorecard: Scorecard, scope: str) -> list[dict[str, object]]:
    """The JSON ``indicators`` list of one scope (unrounded points)."""
    return [
        {
            "code": int(row.code),
            "numerator": _number(row.numerator),
            "denominator": _number(row.denominator),
            "ratio": _number(row.ratio),
            "points": _number(row.points) or 0.0,
            "max_points": float(row.max_points),
            "status": row.status,
        }
        for row in scorecard.scope(scope).itertuples()
    ]


def group_records(scorecard: Scorecard, scope: str, *, portal: bool) -> list[dict[str, object]]:
    """The JSON group totals of one scope: the decision's 5 groups, or the portal's 6."""
    groups = scorecard.groups(scope, portal=portal)
    return [
        {
            "group": row.group,
            "name": row.name,
            "points": float(round_half_up(row.points)),
            "max_points": float(row.max_points),
        }
        for row in groups.itertuples()
    ]


def quality_document(quality: dict) -> dict[str, object]:
    """``quality`` of the document: ``tables`` (per-table counts), the totals ``rows_read``,
    ``rows_used``, ``rows_quarantined``, ``rows_superseded``, ``findings`` (a count) and
    ``warnings`` (Vietnamese texts), as :meth:`kpi.ingest.QualityReport.as_json` gives them.

    A bare per-table summary (``kpi.ingest.tables_summary``, the older argument) is wrapped:
    its totals are added, ``findings`` and ``warnings`` are None (not computed).
    """
    if "tables" in quality:
        return quality
    names = ("rows_read", "rows_used", "rows_quarantined", "rows_superseded")
    totals = {name: sum(int(counts.get(name, 0)) for counts in quality.values()) for name in names}
    return {"tables": quality, **totals, "findings": None, "warnings": None}


def score_json(scorecard: Scorecard, scope: str, quality: dict) -> dict[str, object]:
    """The JSON contract of ``kpi766 score --format json``; ``quality`` see
    :func:`quality_document`."""
    total = scorecard.total(scope)
    names = scorecard.units.unit_names()
    unit_scopes = scorecard.unit_list if scope == AGENCY else [scope]
    return {
        "period": scorecard.period.label,
        "as_of": scorecard.as_of.isoformat(),
        "profile": scorecard.rules.profile,
        "scope": None if scope == AGENCY else scope,
        "total": total["points"],
        "max_applicable": total["max_applicable"],
        "band": total["band"],
        "groups": group_records(scorecard, scope, portal=False),
        "portal_groups": group_records(scorecard, scope, portal=True),
        "indicators": indicator_records(scorecard, scope),
        "units": {
            names.get(unit, unit): indicator_records(scorecard, unit) for unit in unit_scopes
        },
        "unit_codes": {names.get(unit, unit): unit for unit in unit_scopes},
        "quality": quality_document(quality),
    }
