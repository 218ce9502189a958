"""The national portal's responses for the synthetic department, as the portal would publish them.

For each sample month, the six endpoints' JSON (``kpi.portal.read`` reads them back) computed from
the sample under the portal profile, with the gaps a real department sees planted on purpose:

- **dossiers the portal never received**: the sample's unsynced dossiers (``synced_national``
  false) are not in the portal's figures;
- **a late sync**: the figures are captured :data:`CAPTURE_AFTER` after the month ends, and
  dossiers received in the month's last hours reach the portal later (``synced_at``);
- **the province's #1-#3**: every row carries the province's figures (:data:`PROVINCE_FIGURES`),
  as the real portal does.

``capture.yaml`` beside the responses records the capture instant and the period.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from kpi import registry, scoring
from kpi.params import PortalEntity, ScoringRules
from kpi.portal.read import METRIC_INDICATORS
from kpi.portal.reconcile import hidden_dossiers, portal_view
from kpi.scorecard import AGENCY, Scorecard
from kpi.scoring import points, ratio_pct, round_half_up

CAPTURE_AFTER = pd.Timedelta(hours=32)  # captured at 08:00 on the 2nd day after the period
# The province's #1-#3 (numerator, denominator), shown on the department's row.
PROVINCE_FIGURES: dict[int, tuple[int, int]] = {1: (41, 45), 2: (118, 130), 3: (1287, 1300)}
_CODES = {number: code for code, number in METRIC_INDICATORS.items()}
_SHAPE_A = {
    "transparency": (1, 2, 3, 4),
    "dossier-digitized": (12, 13, 14, 15, 16, 17, 18),
    "handling-satisfaction": (19, 20, 21),
}


def capture_instant(scorecard: Scorecard) -> pd.Timestamp:
    """When the synthetic portal figures of a period are captured."""
    next_day = (scorecard.period.end_instant + pd.Timedelta(microseconds=1)).normalize()
    return next_day + CAPTURE_AFTER


def _round(value: float | None) -> float | None:
    return None if value is None or pd.isna(value) else float(round_half_up(value))


def _figures(view: Scorecard, rules: ScoringRules) -> dict[int, dict[str, Any]]:
    """Indicator → numerator, denominator, ratio (%), score and maxScore as the portal shows."""
    rows = view.scope(AGENCY).set_index("code")
    figures = {}
    for indicator in registry.INDICATORS:
        code = indicator.code
        row = rows.loc[code]
        maximum = float(row["max_points"])
        if code in PROVINCE_FIGURES:
            numerator, denominator = PROVINCE_FIGURES[code]
            figures[code] = {
                "numerator": numerator,
                "denominator": denominator,
                "ratio": _round(ratio_pct(code, numerator, denominator, rules=rules)),
                "score": _round(points(code, numerator, denominator, rules=rules)),
                "maxScore": maximum,
            }
            continue
        flat = row["status"] == scoring.FLAT
        figures[code] = {
            "numerator": None if flat else int(row["numerator"]),
            "denominator": None if flat else int(row["denominator"]),
            "ratio": 100.0
            if flat
            else _round(None if pd.isna(row["ratio"]) else row["ratio"] * 100),
            "score": _round(None if pd.isna(row["points"]) else row["points"]),
            "maxScore": maximum,
        }
    return figures


def _total(figures: dict[int, dict[str, Any]], codes: tuple[int, ...]) -> dict[str, float]:
    score = float(round_half_up(sum(figures[c]["score"] or 0.0 for c in codes)))
    maximum = sum(figures[c]["maxScore"] for c in codes)
    return {
        "totalScore": score,
        "totalMaxScore": maximum,
        "ratio": float(round_half_up(score / maximum * 100)),
    }


def _who(entity_id: str, name: str, code: str) -> dict[str, Any]:
    return {"departmentId": entity_id, "departmentName": name, "departmentCode": code}


def responses(
    scorecard: Scorecard, entity: PortalEntity, captured_at: pd.Timestamp
) -> dict[str, dict[str, Any]]:
    """Endpoint → the JSON document the portal would return for the period of ``scorecard``
    (the department as the only child of its province)."""
    never, late = hidden_dossiers(scorecard.context.tables["dossiers"], captured_at)
    view = portal_view(scorecard, never | late, captured_at)
    figures = _figures(view, scorecard.rules)
    province = _who(entity.province_id, entity.province_name, entity.province_code)
    department = _who(entity.department_id, entity.department_name, entity.department_code)
    documents: dict[str, dict[str, Any]] = {}
    for endpoint, codes in _SHAPE_A.items():
        metrics = [
            {"code": _CODES[c], "name": registry.INDICATORS[c - 1].name, **figures[c]}
            for c in codes
        ]

        def row(who: dict[str, Any], kind: str, metrics: list = metrics, codes=codes) -> dict:
            return {
                **who,
                "departmentType": kind,
                "departmentLevel": "PROVINCE",
                **_total(figures, codes),
                "scoreDelta": None,
                "metrics": metrics,
            }

        documents[endpoint] = {"code": "OK", "message": None, "data": {
            "overview": row(province, "PROVINCE"),
            "evaluation": [row(department, "PROVINCIAL_DEPARTMENT")],
            "pagination": {"total": 1, "currentPage": 1, "pageSize": 200, "totalPages": 1},
        }}  # fmt: skip
    child = {"level": "PROVINCE", "scoreDelta": None}
    five = figures[5]
    progress = {"totalReceived": five["denominator"], "totalOnTime": five["numerator"],
                "ratio": five["ratio"] or 0}  # fmt: skip
    documents["dvc-progress-tree"] = {"code": "OK", "data": {
        "parent": {**province, **progress, "totalScore": five["score"], "totalMaxScore": 20},
        "children": [{**department, **child, **progress, "score": five["score"],
                      "maxScore": 20}],
    }}  # fmt: skip
    online = _total(figures, (6, 7, 8))
    online_counts = {
        "authorityCount": figures[6]["denominator"],
        "partialCount": figures[6]["numerator"],
        "fullCount": 0,
        "onlineDossierCount": figures[7]["numerator"],
        "onlineServiceTotal": figures[7]["denominator"],
    }  # the province's counts (the department is its only child here); no channel counts:
    # #8 is scaled by #4's ratio, which the portal's counts alone cannot show
    documents["provide-online-tree"] = {"code": "OK", "data": {
        "parent": {**province, **online, **online_counts},
        "children": [{**department, **child, **online}],
    }}  # fmt: skip
    payment = {
        "totalDossierOnlineFormalityPaymentSuccess": figures[9]["numerator"],
        "totalFeeDossierFormalityDistinct": figures[9]["denominator"],
        "totalFeeDossierFormality": figures[10]["numerator"],
        "totalFeeFormality": figures[10]["denominator"],
        "totalDossierOnlinePaymentSuccess": figures[11]["numerator"],
        "totalDossierFinancialObligation": figures[11]["denominator"],
        **_total(figures, (9, 10, 11)),
    }
    documents["formality-online-payment-tree"] = {"code": "OK", "data": {
        "parent": {**province, **payment}, "children": [{**department, **child, **payment}],
    }}  # fmt: skip
    return documents


def write_portal(folder: Path, scorecard: Scorecard, entity: PortalEntity) -> Path:
    """Write the period's responses as ``<endpoint>/month-all.json`` and ``capture.yaml``."""
    captured_at = capture_instant(scorecard)
    for endpoint, document in responses(scorecard, entity, captured_at).items():
        path = folder / endpoint / "month-all.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    note = {
        "captured_at": captured_at.isoformat(),
        "period": scorecard.period.label,
        "source": "Cổng DVCQG (mô phỏng từ dữ liệu mẫu: không phải số liệu thật)",
    }
    (folder / "capture.yaml").write_text(
        yaml.safe_dump(note, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return folder
