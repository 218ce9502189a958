"""The evidence (per-record verdicts) reconciles exactly with the scorecard, for every
indicator and scope: counted records (credits for #7) = numerator, population (weights for #7)
= denominator, except where #4's denominator is raised by national counts or the fallback."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kpi.scorecard import AGENCY, Scorecard
from tests.rules import test_processing, test_publication, test_satisfaction
from tests.rules.helpers import score

PROCEDURES = [
    *test_publication.PROCEDURES,
    *test_processing.PROCEDURES,
    {"procedure_code": "PAPER", "paper_result_required": True, "has_fee": True,
     "online_level": "full", "online_services": 2, "citizen_subject": True, "unit": "KL"},
    {"procedure_code": "CERT", "is_certification": True, "online_level": "partial",
     "online_services": 1, "unit": "TS"},
    {"procedure_code": "OLD", "status": "abolished", "has_fee": True, "online_level": "full",
     "online_services": 1},
]  # fmt: skip
EXTRA_DOSSIERS = [
    {"dossier_id": "X1", "procedure_code": "PAPER", "unit": "KL", "received_at": "2024-06-04 08:00",
     "due_at": "2024-06-14 17:00", "finished_at": "2024-06-12 08:00", "status": "returned",
     "channel": 2, "synced_national": True, "paid_online": 1, "fee_amount": 1000.0,
     "result_code": "KQ", "result_file_url": "u", "components_digitized": True,
     "vneid_verified": True, "rating": "dislike"},
    {"dossier_id": "X2", "procedure_code": "CERT", "unit": "TS", "received_at": "2024-06-05 08:00",
     "due_at": "2024-06-06 17:00", "channel": 2, "e_certified_copy": True, "fee_amount": 0.0,
     "reused_digitized_data": True, "from_personal_repository": True},
    {"dossier_id": "X3", "procedure_code": "OLD", "received_at": "2024-06-05 08:00",
     "channel": 2, "paid_online": 2, "fee_amount": None, "synced_national": True},
    {"dossier_id": "X4", "procedure_code": "UNKNOWN", "unit": "TS",
     "received_at": "2024-06-06 08:00", "channel": 3},
]  # fmt: skip
FEEDBACK_20 = [
    {
        **item,
        "received_at": item["sent_at"],
        "likes": i % 3,
        "dislikes": i % 2,
        "repeated": i == 3,
        "unit": ("CNTY", "KL", "TS")[i % 3],
    }
    for i, item in enumerate(test_satisfaction.FEEDBACK_19)
]


def _extract(**extra: list[dict]) -> dict[str, list[dict]]:
    return {
        "procedures": PROCEDURES,
        "dossiers": [*test_processing.JUNE, *EXTRA_DOSSIERS],
        "feedback": FEEDBACK_20,
        "announcements": test_publication.ANNOUNCEMENTS_2,
        **extra,
    }


CARDS = {
    "closed": lambda: score(**_extract()),
    "open": lambda: score(export_time="2024-06-18 12:00", **_extract()),
    "national": lambda: score(
        **_extract(national_counts=[{"period": "2024-06", "unit": "KL", "received_total": 9}])
    ),
    "fallback": lambda: score(
        "2024-08",
        **_extract(national_counts=[{"period": "2023", "unit": "KL", "received_total": 24}]),
    ),
}
_cache: dict[str, Scorecard] = {}


def _card(name: str) -> Scorecard:
    if name not in _cache:
        _cache[name] = CARDS[name]()
    return _cache[name]


@pytest.mark.parametrize("name", list(CARDS))
@pytest.mark.parametrize("code", range(1, 22))
def test_counted_and_population_reconcile(name, code):
    card = _card(name)
    judgement = card.judgements[code]
    population, counted = judgement.population, judgement.counted
    n = len(judgement.records)
    assert population.shape == counted.shape == judgement.reason.shape == (n,)
    assert judgement.reason.min(initial=0) >= 0 and judgement.reason.max(initial=0) < len(
        judgement.reasons
    )
    weight = judgement.weight if judgement.weight is not None else np.ones(n)
    credit = judgement.credit if judgement.credit is not None else np.ones(n)
    assert (credit <= weight).all()
    units = judgement.records["unit"].astype(object).to_numpy()
    indicators = card.indicators
    for scope in [AGENCY, *card.unit_list]:
        found = indicators[(indicators["scope"] == scope) & (indicators["code"] == code)].iloc[0]
        if found["status"] == "not_applicable":
            continue
        mine = population if scope == AGENCY else population & (units == scope)
        if found["status"] == "flat":  # the portal's #15: no records, no counts, full points
            assert not mine.any() and pd.isna(found["numerator"]) and pd.isna(found["denominator"])
            assert found["points"] == found["max_points"]
            continue
        numerator = credit[mine & counted].sum()
        denominator = weight[mine].sum()
        assert found["numerator"] == pytest.approx(numerator), (scope, found.to_dict())
        if code == 4:  # raised by the national counts, or the fallback when nothing at all
            key = None if scope == AGENCY else scope
            expected = max(denominator, judgement.floor.get(key, 0.0))
            expected = expected or judgement.fallback.get(key, 0.0)
            assert found["denominator"] == pytest.approx(expected), (scope, found.to_dict())
        else:
            assert found["denominator"] == pytest.approx(denominator), (scope, found.to_dict())
        # every population record has a verdict: counted, or a reason that is not empty
        assert all(judgement.reasons[r] for r in judgement.reason[mine & ~counted])


def test_national_and_fallback_cases_are_exercised():
    # KL: X1 received in June (ours 1) < national 9
    national = _card("national").scope("KL").set_index("code").loc[4]
    assert (national["numerator"], national["denominator"]) == (1, 9)
    # August: nothing received; KL's 2023 total 24 / 12 = 2
    fallback = _card("fallback").scope("KL").set_index("code").loc[4]
    assert (fallback["numerator"], fallback["denominator"]) == (0, 2)
