"""kpi766 reconcile: the agency's scorecard beside the portal's row, each gap classed.

The bundled sample comes with the portal's responses (``data/sample-portal``, written by
``kpi766 synth`` with planted gaps: unsynced dossiers, a late sync, the province's #1-#3); the
tests check that each planted gap gets its class and its records, worked out independently
from the sample's CSV.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from kpi import paths
from kpi.extracts import audit_period
from kpi.params import load_rules
from kpi.portal import reconcile as rc
from kpi.portal.check import check_capture, group_checks
from kpi.portal.read import read_folder
from tests.conftest import FIXTURES

PERIOD = "2024-06"
SAMPLE_PORTAL = paths.DATA_DIR / "sample-portal" / PERIOD
CAPTURED_AT = pd.Timestamp("2024-07-02 08:00")
REAL_PORTAL = FIXTURES / "portal"


@pytest.fixture(scope="module")
def scorecard():
    return audit_period(PERIOD, None, rules=load_rules().with_profile("portal")).scorecard


@pytest.fixture(scope="module")
def result(scorecard):
    return rc.reconcile(scorecard, read_folder(SAMPLE_PORTAL), captured_at=CAPTURED_AT)


@pytest.fixture(scope="module")
def dossiers() -> pd.DataFrame:
    frame = pd.read_csv(
        paths.SAMPLE_DIR / PERIOD / "dossiers.csv", parse_dates=["received_at", "synced_at"]
    )
    return frame


def _classes(result) -> dict[int, str]:
    return dict(zip(result.indicators["indicator"], result.indicators["class"], strict=True))


def test_every_planted_gap_gets_its_class(result) -> None:
    classes = _classes(result)
    assert {classes[c] for c in (1, 2, 3)} == {rc.DEFINITION}  # the province's figures
    assert classes[4] == rc.TIMING  # synced after the capture: only #4's numerator moves
    for code in (5, 11, 12, 13, 14, 16, 18, 21):  # dossiers the portal never received
        assert classes[code] == rc.DATA, code
    assert {classes[c] for c in (6, 7, 8)} == {rc.NOT_COMPARABLE}  # only group III.1 published
    for code in (9, 10, 15, 17, 19, 20):
        assert classes[code] == rc.MATCH, code
    # nothing unexplained: every data gap is accounted for by the dossiers listed
    explained = result.indicators.loc[result.indicators["class"] == rc.DATA, "explanation"]
    assert explained.str.startswith("Cổng chưa nhận").all()


def test_timing_records_are_the_dossiers_synced_after_the_period(result, dossiers) -> None:
    june = (dossiers["received_at"] >= "2024-06-01") & (dossiers["received_at"] < "2024-07-01")
    synced = dossiers["synced_national"] == 1
    end = pd.Timestamp("2024-06-30 23:59:59.999999")
    between = dossiers[
        june & synced & (dossiers["synced_at"] > end) & (dossiers["synced_at"] <= CAPTURED_AT)
    ]
    after = dossiers[june & synced & (dossiers["synced_at"] > CAPTURED_AT)]
    assert len(between) and len(after)
    records = result.records
    timing = records[records["cause"] == rc.TIMING]
    # #4: ours counts syncs by the period's end, the portal those by its capture instant
    timing_4 = timing[timing["indicator"] == 4]
    assert set(timing_4["record_id"]) == set(between["dossier_id"])
    assert timing_4["effect"].str.startswith("vào tử số").all()
    # every other indicator loses the dossiers the portal had not received when it captured
    others = set(timing.loc[timing["indicator"] != 4, "record_id"])
    assert others == set(after["dossier_id"])


def test_data_records_are_unsynced_and_account_for_the_gap(result, dossiers) -> None:
    unsynced = set(dossiers.loc[dossiers["synced_national"] == 0, "dossier_id"])
    records = result.records
    data = records[records["cause"] == rc.DATA]
    assert set(data["record_id"]) <= unsynced and len(data) > 0
    row = result.indicators.set_index("indicator").loc[5]
    left = records[(records["indicator"] == 5)]
    # ours - portal = the records that left #5's denominator (data and timing steps)
    assert row["ours_denominator"] - row["portal_denominator"] == len(left)
    left_numerator = left["effect"].isin(["ra khỏi tử số và mẫu số", "ra khỏi tử số"]).sum()
    assert row["ours_numerator"] - row["portal_numerator"] == left_numerator


def test_prediction_equals_what_the_portal_published(result) -> None:
    rows = result.indicators
    published = rows["portal_denominator"].notna() & ~rows["indicator"].isin([1, 2, 3])
    assert (
        rows.loc[published, "predicted_denominator"] == rows.loc[published, "portal_denominator"]
    ).all()
    assert (
        rows.loc[published, "predicted_numerator"] == rows.loc[published, "portal_numerator"]
    ).all()


def test_group_totals_in_both_views(result) -> None:
    five = result.groups.set_index("group")
    six = result.portal_groups.set_index("group")
    assert list(five.index) == ["I", "II", "III", "IV", "V"]
    assert list(six.index) == ["I", "II", "III.1", "III.2", "IV", "V"]
    assert five.loc["III", "portal_points"] == pytest.approx(
        six.loc["III.1", "portal_points"] + six.loc["III.2", "portal_points"]
    )
    assert five.loc["I", "class"] == rc.DEFINITION
    assert six.loc["II", "class"] == rc.DATA  # #5's gap, not rounding, though it is 0.01
    assert six.loc["V", "class"] == rc.MATCH


def test_synthetic_portal_passes_its_own_arithmetic() -> None:
    capture = read_folder(SAMPLE_PORTAL)
    rules = load_rules()
    checked = check_capture(capture, rules)
    assert checked["matches"].dropna().all() and checked["matches"].notna().sum() >= 15
    groups = group_checks(capture, rules)
    assert groups["total_matches"].dropna().all()


# --- hand-worked classification -----------------------------------------------------------


def _row(numerator, denominator, points, status="scored") -> pd.Series:
    return pd.Series(
        {"numerator": numerator, "denominator": denominator, "points": points, "status": status}
    )


@pytest.mark.parametrize(
    ("code", "ours", "step", "view", "portal", "expected"),
    [
        (5, (90, 100, 18.0), (90, 100, 18.0), (90, 100, 18.0), (90, 100, 18.0), rc.MATCH),
        (5, (90, 100, 18.0), (90, 100, 18.0), (90, 100, 18.0), (90, 100, 17.99), rc.ROUNDING),
        (5, (90, 100, 18.0), (90, 100, 18.0), (90, 100, 18.0), (90, 100, 15.0), rc.DEFINITION),
        (3, (9, 10, 1.8), (9, 10, 1.8), (9, 10, 1.8), (87, 89, 1.96), rc.DEFINITION),
        (5, (90, 100, 18.0), (88, 97, 18.14), (88, 97, 18.14), (88, 97, 18.14), rc.DATA),
        (5, (90, 100, 18.0), (90, 100, 18.0), (89, 99, 17.98), (89, 99, 17.98), rc.TIMING),
        (5, (90, 100, 18.0), (90, 100, 18.0), (90, 100, 18.0), (80, 100, 16.0), rc.DATA),
    ],
)
def test_classify_hand_worked(code, ours, step, view, portal, expected) -> None:
    kind, explanation = rc._classify(code, _row(*ours), _row(*step), _row(*view), _row(*portal))
    assert kind == expected
    if expected == rc.DATA and portal[0] == 80:
        assert "tử số -10" in explanation  # the residual is named


def test_no_portal_row_is_not_comparable() -> None:
    kind, explanation = rc._classify(7, *(_row(5, 9, 1.0),) * 3, None)
    assert kind == rc.NOT_COMPARABLE and "III.1" in explanation


# --- entity lookup, real captures, command line ------------------------------------------


def test_find_entity_by_id_code_or_name() -> None:
    capture = read_folder(REAL_PORTAL)
    wanted = "019d2be3-6a88-732b-8b18-2dde8e4c6913"
    for key in (wanted, "h44.45", "so nong nghiep va moi truong - tinh phu tho"):
        assert rc.find_entity(capture, key, None)["entity_id"] == wanted
    with pytest.raises(rc.ReconcileError, match="Không tìm thấy cơ quan"):
        rc.find_entity(capture, "Sở Không Có", None)
    with pytest.raises(rc.ReconcileError, match="khai báo mục 'portal'"):
        rc.find_entity(capture, None, None)


def test_real_capture_reconciles(scorecard) -> None:
    result = rc.reconcile(scorecard, read_folder(REAL_PORTAL), entity="H44.45")
    classes = _classes(result)
    assert classes[15] == rc.MATCH  # the portal's flat 2 points, ours too (portal profile)
    assert {classes[c] for c in (6, 7, 8)} == {rc.NOT_COMPARABLE}
    assert result.indicators.set_index("indicator").loc[5, "portal_denominator"] == 28209
    assert result.portal_groups.set_index("group").loc["III.1", "portal_points"] == 6.83
    assert any("thời điểm chụp" in note for note in result.notes)  # no capture time given


def _kpi766(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kpi.cli", *args],
        capture_output=True,
        text=True,
        cwd=paths.PROJECT_ROOT,
    )


def test_cli_json_reads_capture_note() -> None:
    done = _kpi766(
        "reconcile", "--portal", str(SAMPLE_PORTAL), "--period", PERIOD, "--format", "json"
    )
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["captured_at"] == "2024-07-02T08:00:00"
    assert document["profile"] == "portal"
    assert document["counts"]["timing"] == 1 and document["counts"]["definition"] == 3
    assert len(document["indicators"]) == 21 and len(document["portal_groups"]) == 6


def test_cli_table_names_every_class_in_vietnamese() -> None:
    done = _kpi766("reconcile", "--portal", str(SAMPLE_PORTAL), "--period", PERIOD)
    assert done.returncode == 0, done.stderr
    for word in (
        "khác định nghĩa",
        "khác dữ liệu",
        "khác thời điểm",
        "không so sánh được",
        "khớp",
        "Tổng điểm theo 6 nhóm",
    ):
        assert word in done.stdout


def test_cli_bad_capture_time_and_other_period(tmp_path: Path) -> None:
    done = _kpi766(
        "reconcile", "--portal", str(SAMPLE_PORTAL), "--period", PERIOD, "--captured-at", "hôm qua"
    )
    assert done.returncode == 2 and "hôm qua" in done.stderr and "Traceback" not in done.stderr
    done = _kpi766("reconcile", "--portal", str(SAMPLE_PORTAL), "--period", "2024-05")
    assert done.returncode == 2 and "không phải kỳ 2024-05" in done.stderr
