"""The portal's own arithmetic, checked on the 22 real captures and on mutated copies.

What the real captures show (pinned below):

- every published indicator score with a numerator and a denominator is reproduced to the cent
  by ``kpi.scoring.points`` (8,532 rows, #15 excluded: it has no counts), every published
  percentage by ``n / d`` (5,801 rows), every group total by the sum of its indicators' rounded
  scores (2,952 entity totals; III.1 recomputed on the 4 province rows only, III.2 on all 656);
- the province's figures equal the sum over its 163 departments and communes for dossier
  counts (#4, #5, #11, #12-#14, #16, #18, #21: 68 of 96 sums), not for TTHC or PAKN counts
  (#9, #10, #17, #19, #20: 28 sums), where a TTHC or a PAKN is counted once per unit or not
  attributed to any unit.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from kpi.params import ScoringRules, load_rules
from kpi.portal.check import check_capture, group_checks, sum_checks, summary
from kpi.portal.read import ROW_COLUMNS, PortalCapture, read_folder
from tests.conftest import FIXTURES, rules_with

PORTAL = FIXTURES / "portal"
PROVINCE_ID = "019d2be3-6a88-732b-8b17-b68020c8553a"
TRADE_ID = "019d2be3-6a88-732b-8b17-c2db58b51fef"  # Sở Công Thương, H44.07
VIET_TRI_ID = "019d2be3-6ab4-74ce-8a81-1708de733a98"  # UBND Phường Việt Trì, H44.100


@pytest.fixture(scope="module")
def capture() -> PortalCapture:
    return read_folder(PORTAL)


@pytest.fixture(scope="module")
def checked(capture: PortalCapture) -> pd.DataFrame:
    return check_capture(capture, load_rules())


@pytest.fixture(scope="module")
def groups(capture: PortalCapture) -> pd.DataFrame:
    return group_checks(capture, load_rules())


@pytest.fixture(scope="module")
def sums(capture: PortalCapture) -> pd.DataFrame:
    return sum_checks(capture)


def mutated(tmp_path: Path, name: str, change: Callable[[dict[str, Any]], None]) -> Path:
    """A folder holding one fixture file, changed by ``change``; returns the folder."""
    document = json.loads((PORTAL / name).read_text(encoding="utf-8"))
    change(document)
    target = tmp_path / "capture" / name
    target.parent.mkdir(parents=True)
    target.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return tmp_path / "capture"


def entity(document: dict[str, Any], entity_id: str) -> dict[str, Any]:
    """The overview/parent or the evaluation/children entry of ``entity_id``."""
    data = document["data"]
    for item in [
        data.get("overview"),
        data.get("parent"),
        *data.get("evaluation", []),
        *data.get("children", []),
    ]:
        if item and item["departmentId"] == entity_id:
            return item
    raise KeyError(entity_id)


def metric(document: dict[str, Any], entity_id: str, code: str) -> dict[str, Any]:
    return next(m for m in entity(document, entity_id)["metrics"] if m["code"] == code)


def run_checks(folder: Path, rules: ScoringRules | None = None) -> tuple[pd.DataFrame, dict]:
    rules = rules or load_rules()
    capture = read_folder(folder)
    checked = check_capture(capture, rules)
    return checked, summary(checked, group_checks(capture, rules), sum_checks(capture))


# --- the real captures ---------------------------------------------------------------------


def test_every_checkable_published_score_is_reproduced(checked) -> None:
    assert list(checked.columns[: len(ROW_COLUMNS)]) == ROW_COLUMNS
    compared = checked[checked["matches"].notna()]
    assert len(compared) == 8532
    assert compared["matches"].all()
    per_endpoint = compared.groupby("endpoint").size().to_dict()
    assert per_endpoint == {
        "transparency": 2624,  # 4 files x 164 entities x #1-#4
        "dvc-progress-tree": 656,
        "dossier-digitized": 3608,  # #12-#14, #16, #18 everywhere, #17 in the "all" files
        "handling-satisfaction": 984,
        "formality-online-payment-tree": 656,  # the III.2 group rows
        "provide-online-tree": 4,  # III.1 on the province only
    }
    with_counts = checked["numerator"].notna() & checked["denominator"].notna()
    published = with_counts & ~checked["endpoint"].isin(
        ["provide-online-tree", "formality-online-payment-tree"]
    )
    assert (checked.loc[published, "matches"] == True).all()  # noqa: E712 (nullable)


def test_percentages_are_reproduced(checked) -> None:
    assert checked["ratio_matches"].notna().sum() == 5801
    assert checked["ratio_matches"].dropna().all()


def test_zero_denominators_follow_the_policy(checked) -> None:
    zero = checked[(checked["denominator"] == 0) & checked["matches"].notna()]
    no_score = zero[zero["score"].isna()]
    assert len(no_score) == 1483 and no_score["matches"].all()
    assert no_score["recomputed"].isna().all()  # None compared with None: a match
    assert set(no_score["indicator"]) <= {"1", "2", "3", "4", "12", "13", "14", "16", "17", "18"}
    full = zero[zero["indicator"].isin(["19", "20"])]
    assert set(full["score"]) == {6.0} and full["matches"].all()
    assert full["note"].str.contains("điểm tối đa").all()


def test_certified_copies_are_not_recomputable(checked) -> None:
    fifteen = checked[checked["indicator"] == "15"]
    assert len(fifteen) == 656
    assert fifteen["recomputed"].isna().all() and fifteen["matches"].isna().all()
    assert fifteen["note"].str.contains("cộng đủ điểm tối đa").all()


def test_group_rows_recomputed_from_their_indicators(checked) -> None:
    payment = checked[checked["indicator"] == "III.2"]
    assert len(payment) == 656 and payment["matches"].all()
    row = payment[
        (payment["entity_id"] == VIET_TRI_ID) & payment["path"].str.contains("quarter-all")
    ]
    assert row.iloc[0]["recomputed"] == 6.68  # 1.15 + 0.68 + 4.85
    parts = checked[
        (checked["entity_id"] == VIET_TRI_ID)
        & (checked["path"] == "formality-online-payment-tree/quarter-all.json")
        & checked["indicator"].isin(["9", "10", "11"])
    ]
    assert list(parts["recomputed"]) == [1.15, 0.68, 4.85] and parts["matches"].isna().all()
    online = checked[checked["indicator"] == "III.1"]
    assert online["matches"].notna().sum() == 4 and online["matches"].dropna().all()
    province = online[online["is_parent"]].set_index("path")["recomputed"].to_dict()
    assert province == {
        "provide-online-tree/month-all.json": 8.18,
        "provide-online-tree/month-formality.json": 12.0,
        "provide-online-tree/quarter-all.json": 8.41,
        "provide-online-tree/quarter-formality.json": 11.46,
    }


def test_group_totals_tie(groups) -> None:
    flags = groups[["total_matches", "max_matches", "ratio_matches"]]
    assert len(groups) == 2952  # every entity of every file but dvc-progress-tree
    assert (flags == False).sum().sum() == 0  # noqa: E712 (nullable)
    assert groups.groupby("group")["total_matches"].count().to_dict() == {
        "I": 656,
        "III.1": 4,
        "III.2": 656,
        "IV": 656,
        "V": 328,
    }
    month = groups[(groups["path"] == "transparency/month-all.json") & groups["is_parent"]]
    assert (month.iloc[0]["published_total"], month.iloc[0]["published_max"]) == (7.96, 18)
    assert month.iloc[0]["computed_total"] == 7.96  # #1, #2 no score (add 0), 1.96 + 6


def test_province_sums_as_observed(sums) -> None:
    assert (len(sums), int(sums["ties"].sum())) == (96, 68)
    key = sums["indicator"].fillna(sums["field"])
    tied, apart = set(key[sums["ties"]]), set(key[~sums["ties"]])
    assert tied == {
        "totalReceived",
        "totalOnTime",  # dvc-progress-tree, 4 files
        "totalDossierOnlinePaymentSuccess",
        "totalDossierFinancialObligation",  # #11
        "4",
        "12",
        "13",
        "14",
        "16",
        "18",
        "21",
    }
    assert apart == {
        "totalDossierOnlineFormalityPaymentSuccess",
        "totalFeeDossierFormalityDistinct",
        "totalFeeDossierFormality",
        "totalFeeFormality",  # #9, #10: TTHC per unit
        "17",
        "19",
        "20",  # TTHC, and PAKN not attributed to any unit
    }
    assert not (tied & apart)
    assert (sums["children"] == 163).all() and (sums["missing"] == 0).all()
    quarter = sums[(sums["path"] == "handling-satisfaction/quarter-all.json")]
    petitions = quarter[(quarter["indicator"] == "19") & (quarter["field"] == "denominator")]
    assert (petitions.iloc[0]["province"], petitions.iloc[0]["children_sum"]) == (499, 68)


def test_reference_figures_are_the_fixture_figures(capture) -> None:
    """Cross-check: the reference table transcribed from these captures says the same."""
    reference = pd.read_csv(FIXTURES / "reference" / "official_scores.csv")
    rows = capture.rows.assign(
        scope=capture.rows["scope"].map({"all": "all_procedures", "formality": "one_procedure"}),
        indicator=capture.rows["indicator"],
    )
    reference["indicator"] = reference["indicator"].astype(str)
    keys = ["period_type", "scope", "entity_name", "indicator"]
    joined = reference.rename(columns={"entity": "entity_name"}).merge(
        rows, on=keys, suffixes=("_ref", ""), how="left", validate="one_to_one"
    )
    assert len(joined) == 4264 and joined["path"].notna().all()
    for name in ("numerator", "denominator", "score", "ratio_pct"):
        mine, theirs = joined[name].astype(float), joined[f"{name}_ref"].astype(float)
        assert ((mine == theirs) | (mine.isna() & theirs.isna())).all(), name


def test_rounding_of_the_payment_percentages_matters(capture) -> None:
    """Scoring #9-#11 from unrounded ratios misses 11 published III.2 totals by a cent."""
    unrounded = rules_with(**{str(code): {"ratio_rounding": "none"} for code in (9, 10, 11)})
    checked = check_capture(capture, unrounded)
    wrong = checked[checked["matches"] == False]  # noqa: E712 (nullable)
    assert len(wrong) == 11 and set(wrong["indicator"]) == {"III.2"}
    difference = (wrong["score"] - wrong["recomputed"]).abs()
    assert ((difference > 0.005) & (difference < 0.015)).all()


def test_zero_denominator_policy_is_a_parameter(capture, checked) -> None:
    rules = rules_with(**{"19": {"zero_denominator": "zero"}})
    changed = check_capture(capture, rules)
    wrong = changed[changed["matches"] == False]  # noqa: E712 (nullable)
    expected = checked[(checked["indicator"] == "19") & (checked["denominator"] == 0)]
    assert len(wrong) == len(expected) == 276
    assert set(wrong["indicator"]) == {"19"} and wrong["recomputed"].eq(0).all()


# --- mutated copies ------------------------------------------------------------------------


def test_one_score_off_by_a_cent_is_the_only_mismatch(tmp_path: Path) -> None:
    def change(document: dict[str, Any]) -> None:
        assert document["data"]["parent"]["totalScore"] == 15.68
        document["data"]["parent"]["totalScore"] = 15.69

    checked, tally = run_checks(mutated(tmp_path, "dvc-progress-tree/month-all.json", change))
    wrong = checked[checked["matches"] == False]  # noqa: E712 (nullable)
    assert len(wrong) == 1 and wrong.iloc[0]["entity_id"] == PROVINCE_ID
    assert (wrong.iloc[0]["score"], wrong.iloc[0]["recomputed"]) == (15.69, 15.68)
    assert "15,69" in wrong.iloc[0]["note"] and "15,68" in wrong.iloc[0]["note"]
    assert (tally["checked"], tally["mismatches"], tally["failures"]) == (164, 1, 1)


def test_a_metric_off_by_a_cent_also_breaks_its_group_total(tmp_path: Path) -> None:
    def change(document: dict[str, Any]) -> None:
        metric(document, TRADE_ID, "SO_HOA_GIAY_TO_GIAI_QUYET")["score"] = 1.42  # was 1.41

    folder = mutated(tmp_path, "dossier-digitized/quarter-all.json", change)
    checked, tally = run_checks(folder)
    wrong = checked[checked["matches"] == False]  # noqa: E712 (nullable)
    assert list(zip(wrong["entity_id"], wrong["indicator"], strict=True)) == [(TRADE_ID, "13")]
    capture = read_folder(folder)
    groups = group_checks(capture, load_rules())
    broken = groups[groups["total_matches"] == False]  # noqa: E712 (nullable)
    assert list(broken["entity_id"]) == [TRADE_ID]
    assert (broken.iloc[0]["published_total"], broken.iloc[0]["computed_total"]) == (10.18, 10.19)
    assert tally["failures"] == 2


def test_numerator_above_denominator_is_reported_not_raised(tmp_path: Path) -> None:
    def change(document: dict[str, Any]) -> None:
        entity(document, VIET_TRI_ID)["totalOnTime"] = 7000  # received 6684

    checked, tally = run_checks(mutated(tmp_path, "dvc-progress-tree/quarter-all.json", change))
    row = checked[checked["entity_id"] == VIET_TRI_ID].iloc[0]
    assert row["matches"] == False  # noqa: E712 (nullable)
    assert pd.isna(row["recomputed"]) and "lớn hơn mẫu số" in row["note"]
    assert tally["mismatches"] == 1


def test_a_changed_count_breaks_the_recomputed_group(tmp_path: Path) -> None:
    def change(document: dict[str, Any]) -> None:
        entity(document, VIET_TRI_ID)["totalDossierOnlinePaymentSuccess"] = 3000  # was 3082

    name = "formality-online-payment-tree/quarter-all.json"
    checked, tally = run_checks(mutated(tmp_path, name, change))
    wrong = checked[checked["matches"] == False]  # noqa: E712 (nullable)
    assert list(zip(wrong["entity_id"], wrong["indicator"], strict=True)) == [
        (VIET_TRI_ID, "III.2")
    ]
    assert wrong.iloc[0]["recomputed"] == 6.55  # 1.15 + 0.68 + 4.72
    assert tally["failures"] == 2  # the row and its entity's group total


def test_a_province_sum_that_breaks_is_reported_not_a_failure(tmp_path: Path) -> None:
    def change(document: dict[str, Any]) -> None:
        document["data"]["parent"]["totalReceived"] += 1  # the score still rounds the same

    folder = mutated(tmp_path, "dvc-progress-tree/month-all.json", change)
    checked, tally = run_checks(folder)
    sums = sum_checks(read_folder(folder))
    received = sums[sums["field"] == "totalReceived"].iloc[0]
    assert not received["ties"] and received["difference"] == 1
    assert "+1" in received["note"]
    assert (tally["mismatches"], tally["sums_tied"], tally["failures"]) == (0, 1, 0)


def test_a_group_total_off_by_a_cent(tmp_path: Path) -> None:
    def change(document: dict[str, Any]) -> None:
        entity(document, VIET_TRI_ID)["totalScore"] = round(
            entity(document, VIET_TRI_ID)["totalScore"] + 0.01, 2
        )

    folder = mutated(tmp_path, "handling-satisfaction/quarter-all.json", change)
    capture = read_folder(folder)
    groups = group_checks(capture, load_rules())
    broken = groups[(groups[["total_matches", "ratio_matches"]] == False).any(axis=1)]  # noqa: E712
    assert list(broken["entity_id"]) == [VIET_TRI_ID]
    assert broken.iloc[0]["total_matches"] == False  # noqa: E712 (nullable)
    assert "Tổng điểm nhóm" in broken.iloc[0]["note"]
    assert run_checks(folder)[1]["failures"] == 1
