"""The scoring profile chosen on the command line and in the audit parameters, and the JSON
of ``kpi766 score`` (profile, group totals in both views, unit codes)."""

from __future__ import annotations

import json

import pytest

from kpi import cli, paths
from kpi.archive.runner import AuditError, validate_parameters

JUNE = str(paths.SAMPLE_DIR / "2024-06")
SAME_AS_5 = (12, 13, 14, 16, 18)


def _score_json(capsys: pytest.CaptureFixture[str], *extra: str) -> dict:
    code = cli.main(["score", "--data", JUNE, "--period", "2024-06", "--format", "json", *extra])
    assert code == 0
    return json.loads(capsys.readouterr().out)


def test_score_json_portal_profile_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    document = _score_json(capsys)
    assert document["profile"] == "portal"
    rows = {row["code"]: row for row in document["indicators"]}
    assert {rows[code]["denominator"] for code in SAME_AS_5} == {rows[5]["denominator"]}
    assert rows[15]["status"] == "flat" and rows[15]["numerator"] is None
    assert rows[15]["points"] == rows[15]["max_points"] == 2.0
    groups = {group["group"]: group["points"] for group in document["groups"]}
    portal = {group["group"]: group["points"] for group in document["portal_groups"]}
    assert list(groups) == ["I", "II", "III", "IV", "V"]
    assert list(portal) == ["I", "II", "III.1", "III.2", "IV", "V"]
    assert portal["III.1"] + portal["III.2"] == pytest.approx(groups["III"])
    assert sum(groups.values()) == pytest.approx(document["total"])
    assert document["unit_codes"]["Chi cục Kiểm lâm"] == "KL"
    assert len(document["unit_codes"]) == len(document["units"]) == 12


def test_score_json_decision_profile(capsys: pytest.CaptureFixture[str]) -> None:
    portal = _score_json(capsys)
    decision = _score_json(capsys, "--profile", "decision")
    assert decision["profile"] == "decision"
    before = {row["code"]: row for row in portal["indicators"]}
    after = {row["code"]: row for row in decision["indicators"]}
    for code in SAME_AS_5:  # the sample has carry-over dossiers: the populations differ
        assert after[code]["denominator"] != before[code]["denominator"], code
    assert after[15]["status"] != "flat" and after[15]["denominator"] is not None
    for code in set(range(1, 22)) - {*SAME_AS_5, 15}:  # every other indicator unchanged
        assert after[code] == before[code], code


def test_score_table_names_the_profile(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["score", "--data", JUNE, "--period", "2024-06", "--profile", "decision"]) == 0
    assert "Bộ quy tắc chấm điểm: theo QĐ 766 (cách đọc năm 2022)" in capsys.readouterr().out


def test_audit_parameters_profile() -> None:
    assert validate_parameters({"period": "2024-06", "profile": "decision"}).profile == "decision"
    assert validate_parameters({"period": "2024-06"}).profile == ""
    with pytest.raises(AuditError, match="bộ quy tắc 'other' không có"):
        validate_parameters({"period": "2024-06", "profile": "other"})
