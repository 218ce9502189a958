"""Common tests run for every indicator of the registry (as scikit-learn runs its common metric
tests): zero denominator per policy, points monotone in the numerator, ratios above 100 %
refused, each profile's population a subset of its input, the agency the union of its units
(records without a unit included), and the whole scorecard invariant under row order and under
events after the as-of instant.

The data are the bundled sample (June 2024, a closed period: as of 30/6 23:59:59.999999) and
small hand-made tables (:mod:`tests.factory`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kpi import registry, scoring
from kpi.extracts import audit_period
from kpi.params import ScoringRules, load_rules
from kpi.registry import INDICATORS, PROFILES
from kpi.scorecard import AGENCY, Tally, assemble
from kpi.whatif import rules_with
from tests.defaults import RULES, make_context, score_period
from tests.factory import tables

CODES = [indicator.code for indicator in INDICATORS]
BY_UNIT = [indicator.code for indicator in INDICATORS if indicator.by_unit]
POLICIES = ("no_score", "zero", "max")
PROFILE_NAMES = tuple(PROFILES)
PERIOD = "2024-06"
END = pd.Timestamp("2024-06-30 23:59:59.999999")


@pytest.fixture(scope="module")
def sample():
    """The bundled sample of June 2024: extract tables and their scorecard."""
    audit = audit_period(PERIOD)
    return audit.extract.tables, audit.scorecard


def _empty_tables() -> dict[str, pd.DataFrame]:
    return tables(procedures=[], dossiers=[], feedback=[], announcements=[])


def _policy_rules(policy: str, profile: str) -> ScoringRules:
    """Default rules with every indicator's zero-denominator policy set to ``policy``."""
    rules = rules_with(load_rules(), {code: {"zero_denominator": policy} for code in CODES})
    return rules.with_profile(profile)


@pytest.fixture(scope="module")
def empty_cards():
    """Scorecards of an extract with no record at all, per (policy, profile)."""
    return {
        (policy, profile): score_period(
            _empty_tables(), PERIOD, rules=_policy_rules(policy, profile)
        )
        for policy in POLICIES
        for profile in PROFILE_NAMES
    }


# --- zero denominator --------------------------------------------------------------------------


@pytest.mark.parametrize("code", CODES)
def test_zero_denominator_gives_the_policy_of_params(code, empty_cards):
    # Expected per policy: no_score -> no points (None), zero -> 0, max -> the maximum.
    for (policy, profile), card in empty_cards.items():
        rules = card.rules
        assert rules.rule(code).zero_denominator == policy
        max_points = float(rules.rule(code).max_points)
        expected = {"no_score": None, "zero": 0.0, "max": max_points}[policy]
        assert scoring.points(code, 0, 0, rules=rules) == expected
        assert scoring.points_from_ratio(code, None, rules=rules) == expected
        rows = card.indicators[card.indicators["code"] == code].set_index("scope")
        assert list(rows.index) == [AGENCY, *card.unit_list]
        for scope, row in rows.iterrows():
            if scope != AGENCY and not registry.get(code).by_unit:
                assert row["status"] == scoring.NOT_APPLICABLE
                assert pd.isna(row["points"])
            elif registry.is_flat(code, profile):  # the portal's #15: flat maximum, no counts
                assert row["status"] == scoring.FLAT
                assert row["points"] == max_points
                assert pd.isna(row["denominator"])
            else:
                assert row["status"] == scoring.ZERO_DENOMINATOR, (policy, profile, scope)
                assert row["denominator"] == 0
                if expected is None:
                    assert pd.isna(row["points"]), (policy, profile, scope)
                    assert row["points_lost"] == max_points  # no score: the maximum is kept
                else:
                    assert row["points"] == expected, (policy, profile, scope)


@pytest.mark.parametrize("code", CODES)
def test_zero_denominator_default_policy_is_the_one_in_params(code):
    # The default file's policy is what points(code, 0, 0) applies.
    rules = load_rules()
    expected = {"no_score": None, "zero": 0.0, "max": float(rules.rule(code).max_points)}
    assert scoring.points(code, 0, 0, rules=RULES) == expected[rules.rule(code).zero_denominator]


# --- monotone in the numerator -------------------------------------------------------------

DENOMINATORS = (1, 2, 3, 7, 9, 20, 53, 101, 1053)


@pytest.mark.parametrize("code", CODES)
def test_points_are_monotone_in_the_numerator(code):
    rules = load_rules()
    rule = rules.rule(code)
    for denominator in DENOMINATORS:
        earned = [scoring.points(code, n, denominator, rules=rules) for n in range(denominator + 1)]
        assert earned[0] == 0.0  # nothing counted: no point
        assert earned[-1] == rule.max_points  # all counted: the maximum (every target <= 1)
        steps = np.diff(earned)
        assert (steps >= 0).all(), (denominator, earned)
        # Below the target every extra record earns something (the ratio is rounded to at
        # most 2 decimals of a percent, finer than 1/1053).
        below = [n for n in range(denominator) if (n + 1) / denominator <= rule.target - 1e-9]
        assert all(steps[n] > 0 for n in below), (denominator, earned)


@pytest.mark.parametrize("code", CODES)
def test_points_at_the_target_and_halfway(code):
    # points = max * min(1, ratio / target): the target gives the maximum, half of it half.
    rules = load_rules()
    rule = rules.rule(code)
    assert scoring.points_from_ratio(code, rule.target, rules=rules) == pytest.approx(
        rule.max_points
    )
    assert scoring.points_from_ratio(code, rule.target / 2, rules=rules) == pytest.approx(
        rule.max_points / 2
    )
    ratios = np.linspace(0, 1, 41)
    earned = [scoring.points_from_ratio(code, float(r), rules=rules) for r in ratios]
    assert (np.diff(earned) >= 0).all()


# --- ratios above 100 % ------------------------------------------------------------------------


@pytest.mark.parametrize("code", CODES)
def test_ratio_above_100_percent_is_refused(code):
    # The scoring functions raise (Vietnamese message) rather than cap or accept.
    with pytest.raises(ValueError, match=f"Chỉ số {code}: tử số \\(6\\) lớn hơn mẫu số \\(5\\)"):
        scoring.points(code, 6, 5, rules=RULES)
    with pytest.raises(ValueError, match="nằm ngoài \\[0, 100\\]"):
        scoring.points_from_pct(code, 100.01, rules=RULES)
    with pytest.raises(ValueError, match="nằm ngoài \\[0, 100\\]"):
        scoring.points_from_ratio(code, 1.001, rules=RULES)


@pytest.mark.parametrize("code", CODES)
def test_scorecard_refuses_a_numerator_above_its_denominator(code):
    # A tally with 6 counted out of 5 (agency and one unit) cannot be assembled silently.
    rules = load_rules().with_profile("decision")  # no flat indicator: every one is scored
    tallies = {
        other: Tally(np.array([1.0, 1.0]), np.array([2.0, 2.0])) for other in CODES if other != code
    }
    tallies[code] = Tally(np.array([6.0, 6.0]), np.array([5.0, 5.0]))
    with pytest.raises(ValueError, match=f"Chỉ số {code}"):
        assemble(tallies, ["CNTY"], rules)


def test_sample_ratios_stay_within_0_and_1(sample):
    _, card = sample
    rows = card.indicators
    counted = rows.dropna(subset=["denominator"])
    assert (counted["numerator"] <= counted["denominator"]).all()
    scored = rows.dropna(subset=["ratio"])
    assert ((scored["ratio"] >= 0) & (scored["ratio"] <= 1)).all()
    points = rows.dropna(subset=["points"])
    assert (points["points"] <= points["max_points"]).all()


# --- populations -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_by_profile(sample):
    extract_tables, _ = sample
    return {
        profile: score_period(extract_tables, PERIOD, rules=load_rules().with_profile(profile))
        for profile in PROFILE_NAMES
    }


def _input_ids(extract_tables: dict[str, pd.DataFrame], judgement) -> set[str]:
    table = {
        "dossier_id": "dossiers",
        "feedback_id": "feedback",
        "procedure_code": "procedures",
    }[judgement.id_column]
    ids = set(extract_tables[table][judgement.id_column].astype(str))
    if judgement.id_column == "procedure_code" and "announcements" in extract_tables:
        ids |= set(extract_tables["announcements"]["procedure_code"].astype(str))
    return ids


@pytest.mark.parametrize("profile", PROFILE_NAMES)
@pytest.mark.parametrize("code", CODES)
def test_population_is_a_subset_of_the_input_records(code, profile, sample, sample_by_profile):
    extract_tables, _ = sample
    card = sample_by_profile[profile]
    judgement = card.judgements[code]
    population = np.asarray(judgement.population, dtype=bool)
    assert population.shape == (len(judgement.records),)
    # Counted records are in the population; the population's records come from the input.
    assert not (judgement.counted & ~population).any()
    judged_ids = judgement.records[judgement.id_column].astype(str).to_numpy()[population]
    assert set(judged_ids) <= _input_ids(extract_tables, judgement)
    if judgement.id_column == "dossier_id":
        # Dossiers are judged once each, and only those received as of the as-of instant.
        assert len(set(judged_ids)) == len(judged_ids)
        received = judgement.records["received_at"].to_numpy("datetime64[us]")[population]
        assert (received <= np.datetime64(card.as_of, "us")).all()
    row = card.scope().set_index("code").loc[code]
    if registry.is_flat(code, profile):
        assert not population.any()
    elif judgement.weight is None:  # plain counts: the agency denominator is the population
        assert row["denominator"] >= population.sum()  # #4 may take the national count
        if code != 4:
            assert row["denominator"] == population.sum()
            assert row["numerator"] == judgement.counted.sum()


@pytest.mark.parametrize("profile", PROFILE_NAMES)
@pytest.mark.parametrize("code", sorted({c for declared in PROFILES.values() for c in declared}))
def test_profile_population_is_its_declared_set(code, profile, sample):
    extract_tables, _ = sample
    ctx = make_context(extract_tables, PERIOD, rules=load_rules().with_profile(profile))
    declared = registry.population(code, profile)
    mask = ctx.population(code)
    assert mask.shape == (len(ctx.dossiers),)
    # ctx.dossiers are the input dossiers received as of the as-of instant.
    assert len(ctx.dossiers) <= len(extract_tables["dossiers"])
    assert (ctx.dossiers["received_at"] <= END).all()
    if declared.dossiers is None:
        assert not mask.any()
        return
    named = getattr(ctx, declared.dossiers)
    assert not (mask & ~named).any()
    if declared.only is None:
        assert (mask == named).all()
    else:
        assert not (mask & ~ctx.dossiers[declared.only].to_numpy(bool)).any()
    # The named sets themselves: received in June; #5's population excludes dossiers finished
    # before 1 June; done or returned in June.
    received_at = ctx.dossiers["received_at"]
    finished_at = ctx.dossiers["finished_at"]
    if declared.dossiers == "received":
        assert (received_at[mask] >= pd.Timestamp("2024-06-01")).all()
    elif declared.dossiers == "processed":
        assert not (ctx.finished[mask] & (finished_at[mask] < pd.Timestamp("2024-06-01"))).any()
    elif declared.dossiers == "completed_in_period":
        assert (finished_at[mask] >= pd.Timestamp("2024-06-01")).all()
        assert (finished_at[mask] <= END).all()
    assert mask.any()  # the sample has dossiers in every population


# --- agency = union of its units ---------------------------------------------------------------

_PROCEDURES = [
    {"procedure_code": "P1", "unit": "CNTY", "online_level": "full", "has_fee": True},
    {"procedure_code": "P2", "unit": None, "online_level": "full"},  # no unit
    {"procedure_code": "P3", "unit": "XYZ", "online_level": "none"},  # unit not in units.yaml
]


def _dossier(dossier_id: str, unit: str | None, finished: str, **fields) -> dict:
    return {
        "dossier_id": dossier_id,
        "procedure_code": "P1",
        "unit": unit,
        "received_at": "2024-06-03 08:00",
        "due_at": "2024-06-10 17:00",
        "finished_at": finished,
        "status": "done",
        "synced_national": True,
        **fields,
    }


ON_TIME, LATE = "2024-06-05 10:00", "2024-06-12 10:00"
_DOSSIERS = [
    _dossier("A", "CNTY", ON_TIME, channel=2),
    _dossier("B", "CNTY", ON_TIME),
    _dossier("C", "CNTY", LATE),
    _dossier("E", "KL", ON_TIME),
    _dossier("F", None, LATE, channel=2),  # no unit
    _dossier("G", "XYZ", ON_TIME, channel=2, synced_national=False),  # unknown unit
]


@pytest.fixture(scope="module")
def mixed_units():
    return score_period(
        tables(procedures=_PROCEDURES, dossiers=_DOSSIERS, feedback=[], announcements=[]),
        PERIOD,
    )


def _counts(card, code: int, scope: str) -> tuple[float, float]:
    row = card.scope(scope).set_index("code").loc[code]
    return row["numerator"], row["denominator"]


def test_records_without_a_unit_count_for_the_agency(mixed_units):
    card = mixed_units
    # The unknown unit becomes a scope of its own, after the units of params/units.yaml.
    assert card.unit_list[-1] == "XYZ"
    # #5: on time A, B, E, G; late C, F (finished 12/6 > due 10/6). Agency 4/6 = 20 * 4/6;
    # CNTY 2/3, KL 1/1, XYZ 1/1; F has no unit and counts only for the agency.
    assert _counts(card, 5, AGENCY) == (4, 6)
    assert card.scope().set_index("code").loc[5, "points"] == pytest.approx(40 / 3)
    assert _counts(card, 5, "CNTY") == (2, 3)
    assert _counts(card, 5, "KL") == (1, 1)
    assert _counts(card, 5, "XYZ") == (1, 1)
    # #4: synced all but G -> agency 5/6, XYZ 0/1.
    assert _counts(card, 4, AGENCY) == (5, 6)
    assert _counts(card, 4, "XYZ") == (0, 1)
    # #8: online A, F, G -> 3/6 = 0.5, times #4's 5/6 -> 0.4167, target 0.5 -> 6 * 0.8333 = 5.
    assert _counts(card, 8, AGENCY) == (3, 6)
    assert card.scope().set_index("code").loc[8, "points"] == pytest.approx(5.0)
    # #6: TTHC with an online service: P1 (CNTY) and P2 (no unit) of 3 -> 2/3.
    assert _counts(card, 6, AGENCY) == (2, 3)
    assert _counts(card, 6, "CNTY") == (1, 1)
    assert _counts(card, 6, "XYZ") == (0, 1)


@pytest.mark.parametrize("code", BY_UNIT)
def test_agency_is_the_units_plus_records_without_a_unit(code, mixed_units):
    card = mixed_units
    if registry.is_flat(code, card.rules.profile):
        return  # no counts at all
    judgement = card.judgements[code]
    no_unit = judgement.records["unit"].isna().to_numpy()
    weight = np.ones(len(no_unit)) if judgement.weight is None else judgement.weight
    credit = weight if judgement.credit is None else judgement.credit
    units = card.indicators[
        (card.indicators["scope"] != AGENCY) & (card.indicators["code"] == code)
    ]
    numerator, denominator = _counts(card, code, AGENCY)
    unitless_numerator = credit[judgement.counted & no_unit].sum()
    unitless_denominator = weight[judgement.population & no_unit].sum()
    assert units["numerator"].sum() + unitless_numerator == pytest.approx(numerator)
    assert units["denominator"].sum() + unitless_denominator == pytest.approx(denominator)


@pytest.fixture(scope="module")
def sample_without_some_units(sample):
    """The sample with the unit of every third dossier, PAKN and TTHC blanked."""
    extract_tables, card = sample
    blanked = {}
    for name, frame in extract_tables.items():
        if "unit" in frame.columns and name != "national_counts":
            frame = frame.copy()
            unit = frame["unit"].astype(object)
            unit.iloc[::3] = None
            frame["unit"] = unit.astype(extract_tables[name]["unit"].dtype)
        blanked[name] = frame
    return blanked, score_period(blanked, PERIOD)


@pytest.mark.parametrize("code", CODES)
def test_blanking_units_leaves_the_agency_unchanged(code, sample, sample_without_some_units):
    _, card = sample
    blanked_tables, blanked = sample_without_some_units
    assert blanked_tables["dossiers"]["unit"].isna().sum() >= len(blanked_tables["dossiers"]) // 3
    before = card.scope().set_index("code").loc[code]
    after = blanked.scope().set_index("code").loc[code]
    pd.testing.assert_series_equal(before, after)
    if code in BY_UNIT and not registry.is_flat(code, card.rules.profile):
        units = blanked.indicators[
            (blanked.indicators["scope"] != AGENCY) & (blanked.indicators["code"] == code)
        ]
        judgement = blanked.judgements[code]
        no_unit = judgement.records["unit"].isna().to_numpy()
        if judgement.weight is None:
            # Units add up to the agency less the records whose unit was blanked (#4's agency
            # denominator may be the national count instead).
            if code != 4:
                assert units["denominator"].sum() == pytest.approx(
                    after["denominator"] - (judgement.population & no_unit).sum()
                )
            assert units["numerator"].sum() == pytest.approx(
                after["numerator"] - (judgement.counted & no_unit).sum()
            )


# --- invariance --------------------------------------------------------------------------------


def _total(card) -> tuple:
    total = card.total()
    return total["points"], total["band"]


@pytest.mark.parametrize("reset_index", [False, True])
def test_scorecard_is_invariant_under_row_order(sample, reset_index):
    extract_tables, card = sample
    rng = np.random.default_rng(766)
    shuffled = {}
    for name, frame in extract_tables.items():
        frame = frame.iloc[rng.permutation(len(frame))]
        shuffled[name] = frame.reset_index(drop=True) if reset_index else frame
    assert not shuffled["dossiers"]["dossier_id"].equals(extract_tables["dossiers"]["dossier_id"])
    again = score_period(shuffled, PERIOD)
    pd.testing.assert_frame_equal(card.indicators, again.indicators)
    assert _total(again) == _total(card)
    for scope in [AGENCY, *card.unit_list]:
        pd.testing.assert_frame_equal(card.groups(scope), again.groups(scope))


def _with_rows(frame: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    rows = rows.astype(frame.dtypes.to_dict())
    return pd.concat([frame, rows], ignore_index=True)


def test_scorecard_is_invariant_under_events_after_the_as_of_instant(sample):
    extract_tables, card = sample
    assert card.as_of == END  # June is closed: the export (5/7) came after its end
    changed = {name: frame.copy() for name, frame in extract_tables.items()}
    after = pd.Timestamp("2024-07-01 00:00")  # the first instant after the as-of instant

    dossiers = changed["dossiers"]
    # Dossiers received after the end: a copy of the first 5 received in June, re-dated.
    june = dossiers[dossiers["received_at"].between("2024-06-01", END)].head(5).copy()
    june["dossier_id"] = [f"JULY-{i}" for i in range(len(june))]
    june["received_at"] = [after, after, after + pd.Timedelta(days=2), after, after]
    june["finished_at"] = june["received_at"] + pd.Timedelta(hours=3)
    june["status"] = "done"
    # Dossiers still open as of the end finish after it (with a result).
    open_at_end = ~dossiers["status"].isin(
        ["done", "returned", "rejected", "stopped", "withdrawn"]
    ) & (dossiers["received_at"] <= END)
    assert open_at_end.sum() > 0
    dossiers.loc[open_at_end, "status"] = "done"
    dossiers.loc[open_at_end, "finished_at"] = after + pd.Timedelta(hours=5)
    changed["dossiers"] = _with_rows(dossiers, june)

    feedback = changed["feedback"]
    late_pakn = feedback.head(2).copy()
    late_pakn["feedback_id"] = ["JULY-F0", "JULY-F1"]
    for column in ("sent_at", "received_at"):
        late_pakn[column] = after
    changed["feedback"] = _with_rows(feedback, late_pakn)

    announcements = changed["announcements"]
    later = announcements.head(2).copy()
    later["decision_id"] = ["QD-JULY-0", "QD-JULY-1"]
    later["decision_date"] = pd.Timestamp("2024-07-01")
    changed["announcements"] = _with_rows(announcements, later)

    again = score_period(changed, PERIOD)
    assert len(changed["dossiers"]) == len(extract_tables["dossiers"]) + 5
    pd.testing.assert_frame_equal(card.indicators, again.indicators)
    assert _total(again) == _total(card)


def test_a_dossier_received_one_microsecond_after_the_end_changes_nothing():
    procedures = [{"procedure_code": "P1", "online_level": "full", "has_fee": True}]
    base = [_dossier("A", "CNTY", ON_TIME, channel=2)]
    extra = _dossier(
        "Z", "CNTY", None, channel=2, status="processing", received_at="2024-07-01 00:00"
    )
    before = score_period(tables(procedures=procedures, dossiers=base), PERIOD)
    after = score_period(tables(procedures=procedures, dossiers=[*base, extra]), PERIOD)
    pd.testing.assert_frame_equal(before.indicators, after.indicators)
    # ... while the same dossier received at the last instant of June joins #5 (late: as of the
    # end it is open and due 10/6): 1/2 -> 10 points.
    inside = {**extra, "received_at": END}
    june = score_period(tables(procedures=procedures, dossiers=[*base, inside]), PERIOD)
    assert _counts(june, 5, AGENCY) == (1, 2)
