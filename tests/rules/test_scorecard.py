"""The scorecard's own shapes: one scope's rows, its groups under the scope's rules, and the
rules run alone (:func:`kpi.scorecard.judge`) as :func:`kpi.scorecard.score_period` runs them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kpi import evidence, registry
from kpi.columns import ID_COLUMNS
from kpi.scorecard import AGENCY, SCORECARD_COLUMNS, judge
from tests.defaults import RULES, UNITS, make_context, score_period
from tests.factory import tables
from tests.rules.helpers import score

JUNE = "2024-06-10 08:00"
PROCEDURES = [{"procedure_code": "P1"}, {"procedure_code": "P2", "unit": "KL"}]
DOSSIERS = [
    {"dossier_id": "a", "procedure_code": "P1", "received_at": JUNE, "channel": 2},
    {"dossier_id": "b", "procedure_code": "P2", "unit": "KL", "received_at": JUNE},
]
ANNOUNCEMENTS = [
    {"decision_id": "QD", "procedure_code": "P1", "decision_date": JUNE,
     "legal_basis_effective_date": "2024-06-28", "published_date": JUNE},
]  # fmt: skip
FEEDBACK = [{"feedback_id": "F", "unit": "CNTY", "sent_at": JUNE, "received_at": JUNE}]
# Indicators that are not scored per unit (#2, #3): not applicable in a unit's groups.
AGENCY_ONLY = [ind.code for ind in registry.INDICATORS if not ind.by_unit]


def test_a_scope_is_its_21_rows_indexed_from_0_without_the_scope_column():
    card = score(procedures=PROCEDURES, dossiers=DOSSIERS)
    for scope in (AGENCY, "CNTY", "KL"):
        rows = card.scope(scope)
        assert list(rows.columns) == [c for c in SCORECARD_COLUMNS if c != "scope"]
        assert list(rows.index) == list(range(21))
        assert rows["code"].tolist() == list(range(1, 22))
    assert len(card.scope("NOT-A-UNIT")) == 0
    agency, unit = card.scope(), card.scope("CNTY")
    assert agency["group"].tolist() == [ind.group for ind in registry.INDICATORS]
    assert agency["target"].tolist() == [RULES.rule(code).target for code in range(1, 22)]
    # An indicator not applicable to a unit (#3 here; #2 has no data at all) loses it no point.
    rows = unit.set_index("code")
    assert rows.loc[3, "status"] == "not_applicable" and rows.loc[3, "points_lost"] == 0.0


def test_groups_are_the_five_of_the_decision_unless_the_portal_is_asked():
    card = score(procedures=PROCEDURES, dossiers=DOSSIERS)
    assert card.groups()["group"].tolist() == [group.code for group in registry.GROUPS]
    portal = card.groups(portal=True)["group"].tolist()
    assert portal == [group.code for group in registry.PORTAL_GROUPS]
    assert portal != card.groups()["group"].tolist()


def test_a_units_groups_leave_out_the_agency_only_indicators():
    card = score(procedures=PROCEDURES, dossiers=DOSSIERS)
    agency_only = sum(RULES.rule(code).max_points for code in AGENCY_ONLY)
    assert AGENCY_ONLY and agency_only > 0
    agency, unit = card.groups(), card.groups("CNTY")
    assert agency["applicable_max_points"].sum() == pytest.approx(100)
    assert unit["applicable_max_points"].sum() == pytest.approx(100 - agency_only)
    assert unit["max_points"].sum() == pytest.approx(100)
    assert card.total("CNTY")["max_applicable"] == pytest.approx(100 - agency_only)


def test_an_agency_only_indicator_without_data_is_not_the_units_loss():
    # No announcements table: #2 has no data. The agency loses its 4 points; a unit is not
    # judged on #2 (as on #3), so nothing is lost in its rows, its losses or its total.
    card = score(procedures=PROCEDURES, dossiers=DOSSIERS)
    agency = card.scope().set_index("code")
    assert agency.loc[2, "status"] == "no_data" and agency.loc[2, "points_lost"] == 4.0
    for unit in ("CNTY", "KL"):
        rows = card.scope(unit).set_index("code")
        assert rows.loc[AGENCY_ONLY, "status"].tolist() == ["not_applicable"] * 2
        assert rows.loc[AGENCY_ONLY, "points_lost"].tolist() == [0.0, 0.0]
        assert rows.loc[1, "status"] == "no_data"  # #1 is judged per unit: its loss stays
        assert not set(AGENCY_ONLY) & set(evidence.losses(card, unit)["code"])
        assert card.total(unit)["max_applicable"] == 100 - 4 - 2


@pytest.mark.parametrize("threads", [1, 2])
def test_judge_runs_every_rule_whose_tables_are_present_as_the_scorecard(threads: int):
    given = {"procedures": PROCEDURES, "dossiers": DOSSIERS, "feedback": FEEDBACK,
             "announcements": ANNOUNCEMENTS}  # fmt: skip
    card = score(**given)
    ctx = make_context(tables(**given), "2024-06", units=[u.code for u in UNITS.units])
    judged = judge(ctx, threads=threads)
    assert list(judged) == list(card.judgements)  # registry order, the same indicators
    present = [ind.code for ind in registry.INDICATORS if ctx.has(*ind.tables)]
    assert list(judged) == present and {1, 2, 19, 20} <= set(present)
    for code, judgement in judged.items():
        expected = card.judgements[code]
        assert judgement.code == code
        assert judgement.reason.dtype == np.int8, code  # one byte per record, at any scale
        assert np.array_equal(judgement.population, expected.population), code
        assert np.array_equal(judgement.counted, expected.counted), code
        pd.testing.assert_frame_equal(judgement.records, expected.records)


def test_tallies_by_unit_plain_and_weighted():
    from kpi.rules.judgement import Judgement
    from kpi.scorecard import _tally

    # Five records: units 0, 1, 1, unknown (-1), 0; the fourth is outside the population.
    records = pd.DataFrame({"id": list("abcde")})
    population = np.array([True, True, True, True, False])
    reason = np.array([0, 1, 0, 0, 0], dtype=np.int8)
    units = np.array([0, 1, 1, -1, 0])
    plain = Judgement(9, records, "id", population, reason, ("", "x"))
    numerators, denominators = _tally(plain, units, 2)
    # agency: counted a, c, d of a, b, c, d; units: 0 -> a of a; 1 -> c of b, c
    assert numerators.tolist() == [3.0, 1.0, 1.0] and denominators.tolist() == [4.0, 1.0, 2.0]
    assert numerators.dtype == denominators.dtype == np.float64
    weight = np.array([3.0, 2.0, 5.0, 7.0, 11.0])
    weighted = Judgement(7, records, "id", population, reason, ("", "x"), weight=weight)
    numerators, denominators = _tally(weighted, units, 2)  # the credit defaults to the weight
    assert numerators.tolist() == [15.0, 3.0, 5.0] and denominators.tolist() == [17.0, 3.0, 7.0]
    credit = np.array([1.0, 1.0, 2.0, 1.0, 1.0])
    credited = Judgement(7, records, "id", population, reason, ("", "x"), weight=weight,
                         credit=credit)  # fmt: skip
    numerators, denominators = _tally(credited, units, 2)
    assert numerators.tolist() == [4.0, 1.0, 2.0] and denominators.tolist() == [17.0, 3.0, 7.0]


# The table whose id names a judgement's records, per basis (an announcement is judged per TTHC).
TABLE_OF_BASIS = {
    "procedure": "procedures",
    "announcement": "procedures",
    "dossier": "dossiers",
    "feedback": "feedback",
}


@pytest.mark.parametrize("profile", ["portal", "decision"])
def test_every_judgement_names_its_records_and_a_reason_for_each_one_not_counted(profile):
    """Registry-wide, on the sample of June 2024 (scored here, not in a shared fixture, so that
    mutation testing maps every rule to this test)."""
    from kpi import paths
    from kpi.ingest import load_extract

    extract = load_extract([paths.SAMPLE_DIR / "2024-06"])
    card = score_period(
        extract.tables, "2024-06", export_time=extract.export_time,
        rules=RULES.with_profile(profile),
    )  # fmt: skip
    not_counted = 0
    for indicator in registry.INDICATORS:
        judgement = card.judgements[indicator.code]
        assert judgement.code == indicator.code
        assert judgement.id_column == ID_COLUMNS[TABLE_OF_BASIS[indicator.basis]], indicator.code
        assert judgement.id_column in judgement.records.columns
        reasons, reason = judgement.reasons, judgement.reason
        assert reasons[0] == "", indicator.code  # a counted record has no reason
        assert all(text for text in reasons[1:]), indicator.code
        assert reason.shape == judgement.population.shape == (len(judgement.records),)
        assert ((reason >= 0) & (reason < len(reasons))).all(), indicator.code
        not_counted += int((judgement.population & (reason != 0)).sum())
        assert np.array_equal(judgement.counted, judgement.population & (reason == 0))
    assert not_counted > 0  # the sample exercises the reasons, not only counted records
