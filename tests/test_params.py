"""params/*.yaml are validated on load with Vietnamese errors naming the key."""

from __future__ import annotations

import pytest
import yaml

from kpi import paths
from kpi.params import ParamsError, load_rules, load_units


def _write_rules(tmp_path, change):
    data = yaml.safe_load(paths.SCORING_FILE.read_text(encoding="utf-8"))
    change(data)
    target = tmp_path / "scoring.yaml"
    target.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return target


def test_default_rules_load(rules):
    assert rules.rule(21).target == 0.9
    assert rules.rule(9).ratio_rounding == "percent_2"
    assert rules.rules.announcement_lead_wd == 5


def test_bad_target_names_the_key(tmp_path):
    path = _write_rules(tmp_path, lambda d: d["indicators"][5].update(target=1.5))
    with pytest.raises(ParamsError, match=r"khóa 'indicators\.5\.target'"):
        load_rules(path)
    with pytest.raises(ParamsError, match=r"'indicators\.5\.target': phải nhỏ hơn hoặc bằng 1$"):
        load_rules(path)


def test_unknown_policy_names_the_key(tmp_path):
    path = _write_rules(tmp_path, lambda d: d["indicators"][19].update(zero_denominator="full"))
    with pytest.raises(ParamsError, match=r"indicators\.19\.zero_denominator"):
        load_rules(path)


def test_unknown_key_is_refused(tmp_path):
    path = _write_rules(tmp_path, lambda d: d["indicators"][3].update(maxpoints=2))
    with pytest.raises(ParamsError, match=r"indicators\.3\.maxpoints"):
        load_rules(path)


def test_missing_indicator_is_refused(tmp_path):
    path = _write_rules(tmp_path, lambda d: d["indicators"].pop(21))
    with pytest.raises(ParamsError, match=r"thiếu \[21\]"):
        load_rules(path)


def test_missing_file_and_bad_yaml(tmp_path):
    with pytest.raises(ParamsError, match="Không tìm thấy tệp tham số"):
        load_rules(tmp_path / "none.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("indicators: [1, 2\n", encoding="utf-8")
    with pytest.raises(ParamsError, match="không đúng cú pháp YAML"):
        load_rules(broken)


def test_units_matrix_covers_every_indicator_once():
    units = load_units()
    assert len(units.units) == 12
    assert units.responsibility(11).frequency == "Khi có hồ sơ"
    assert units.unit_names()["KL"] == "Chi cục Kiểm lâm"


def test_group_maxima_are_checked_when_the_file_loads(tmp_path) -> None:
    def change(data):
        data["indicators"][5]["max_points"] = 25  # group II would be worth 25, not 20
        data["indicators"][21]["max_points"] = 1  # keeps the total at 100: still refused

    path = _write_rules(tmp_path, change)
    with pytest.raises(ParamsError) as error:
        load_rules(path)
    message = str(error.value)
    assert "nhóm II: tổng điểm tối đa các chỉ số 25, Quyết định 766 quy định 20" in message
    assert "nhóm V: tổng điểm tối đa các chỉ số 13, Quyết định 766 quy định 18" in message
    assert str(path) in message
    assert load_rules().group_max("II") == 20  # the bundled file passes
