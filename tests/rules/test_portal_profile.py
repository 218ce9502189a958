"""The ``portal`` scoring profile (the default): #12, #13, #14, #16 and #18 over #5's
population, #15 flat points. Expected values worked out by hand (period June 2024), beside the
``decision`` profile's answer on the same rows."""

from __future__ import annotations

import typing

import pandas as pd
import pytest

from kpi import params, registry, scoring
from kpi.params import load_rules
from kpi.whatif import Scenario, simulate
from tests.rules.helpers import check, row, score, verdicts
from tests.rules.test_digitisation import IN_JULY, IN_JUNE, IN_MAY, PROCEDURES, RESULT, _d

DECISION = load_rules().with_profile("decision")


DOSSIERS = [
    # carry-over returned in June with its result: in #5's population
    _d("a", "PAPER", IN_MAY, status="returned", finished_at="2024-06-05 08:00",
       components_digitized=True, reused_digitized_data=True, from_personal_repository=True,
       **RESULT),
    # returned in May: finished before the period, in no June population
    _d("b", "PAPER", IN_MAY, status="returned", finished_at="2024-05-25 08:00",
       components_digitized=True, reused_digitized_data=True, **RESULT),
    _d("c", "NOPAPER", IN_JUNE, components_digitized=True, vneid_verified=True),  # in progress
    _d("d", "NOPAPER", IN_JUNE, status="done", finished_at="2024-06-12 08:00",
       components_digitized=True, **RESULT),
    # carry-over still in progress
    _d("e", "PAPER", IN_MAY, components_digitized=True, reused_digitized_data=True),
    _d("f", "NOPAPER", IN_JULY, components_digitized=True, vneid_verified=True),  # July
    _d("g", "CERT", IN_JUNE),  # certification, no electronic copy, in progress
]  # fmt: skip
# #5's population: a, c, d, e, g (b finished before June, f received after it) = 5 dossiers.


def test_default_profile_is_the_portal():
    assert load_rules().profile == registry.PORTAL


def test_portal_populations_are_those_of_5():
    card = score(procedures=PROCEDURES, dossiers=DOSSIERS)
    assert row(card, 5)["denominator"] == 5
    # #12: electronic result as of 30/6: a, d -> 6 * 2/5
    check(card, 12, 2, 5, 2.4)
    # #13: digitised a, c, d, e; e needs a paper result it does not have yet -> a, c, d: 4 * 3/5
    check(card, 13, 3, 5, 2.4)
    # #14: reused a, e -> 2/5 = 0.4, target 0.8 -> 2 * 0.5
    check(card, 14, 2, 5, 1.0)
    # #16: a -> 4 * 1/5
    check(card, 16, 1, 5, 0.8)
    # #18: c -> 2 * 1/5
    check(card, 18, 1, 5, 0.4)
    waiting = "chưa giải quyết xong, chưa có kết quả điện tử"
    assert verdicts(card, 12) == {"a": "", "c": waiting, "d": "", "e": waiting, "g": waiting}


def test_decision_populations_on_the_same_rows():
    card = score(procedures=PROCEDURES, dossiers=DOSSIERS, rules=DECISION)
    check(card, 12, 1, 1, 6.0)  # done/returned in June, paper result: a only
    check(card, 13, 2, 3, 4 * 2 / 3)  # received in June: c, d, g; counted c, d
    check(card, 14, 0, 3, 0.0)
    check(card, 16, 0, 3, 0.0)
    check(card, 18, 1, 3, 2 / 3)
    check(card, 15, 0, 1, 0.0)  # g: certification without an electronic copy


def test_portal_15_is_flat_points_without_counts():
    card = score(procedures=PROCEDURES, dossiers=DOSSIERS)
    found = row(card, 15)
    assert found["status"] == scoring.FLAT
    assert pd.isna(found["numerator"]) and pd.isna(found["denominator"])
    assert found["points"] == 2.0 and found["points_lost"] == 0.0
    assert card.judgements[15].population.sum() == 0
    unit = card.indicators[
        (card.indicators["code"] == 15) & (card.indicators["scope"] != "__agency__")
    ]
    assert (unit["points"] == 2.0).all()
    # a what-if keeps the flat points
    after = simulate(card, Scenario(extra_on_time=1)).set_index("code")
    assert after.loc[15, "points_after"] == 2.0


def test_portal_12_electronic_result_as_of_the_export_time():
    # exported 11/6 noon: d is not finished yet, so its result does not exist yet
    card = score(procedures=PROCEDURES, dossiers=DOSSIERS, export_time="2024-06-11 12:00")
    check(card, 12, 1, 5, 1.2)


def test_group_iv_differs_by_profile():
    portal = score(procedures=PROCEDURES, dossiers=DOSSIERS)
    decision = score(procedures=PROCEDURES, dossiers=DOSSIERS, rules=DECISION)
    iv = {
        name: card.groups().set_index("group").loc["IV", "points"]
        for name, card in (("portal", portal), ("decision", decision))
    }
    # portal 2.4 + 2.4 + 1 + 2 (flat) + 0.8 + #17 + 0.4; decision 6 + 2.67 + 0 + 0 + 0 + #17 + 0.67
    p17 = portal.points_of()[17] or 0.0
    assert iv["portal"] == pytest.approx(2.4 + 2.4 + 1.0 + 2.0 + 0.8 + p17 + 0.4)
    assert iv["decision"] == pytest.approx(6.0 + 2.67 + 0.0 + 0.0 + 0.0 + p17 + 0.67)


def test_profiles_are_declared_once():
    assert set(typing.get_args(params.Profile)) == set(registry.PROFILES)
    assert set(registry.PROFILES[registry.PORTAL]) == set(registry.PROFILES[registry.DECISION])
    with pytest.raises(params.ParamsError, match="Bộ quy tắc"):
        load_rules().with_profile("other")
    assert registry.population_text(12, "portal") != registry.population_text(12, "decision")
    assert registry.population_text(5, "portal") == registry.get(5).population
