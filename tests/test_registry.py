"""The registry of the 21 indicators and its agreement with params/scoring.yaml."""

from __future__ import annotations

import pytest

from kpi import registry
from kpi.params import group_maxima_match


def test_twenty_one_indicators_numbered_in_order():
    assert [indicator.code for indicator in registry.INDICATORS] == list(range(1, 22))
    assert len({indicator.slug for indicator in registry.INDICATORS}) == 21


def test_maxima_sum_to_100_and_each_group_to_its_maximum(rules):
    assert sum(rules.rule(code).max_points for code in registry.CODES) == 100
    assert sum(group.max_points for group in registry.GROUPS) == 100
    assert sum(group.max_points for group in registry.PORTAL_GROUPS) == 100
    assert group_maxima_match(rules) == {}
    # the portal's split of group III: online services 12 (#6-8), online payment 10 (#9-11)
    assert rules.group_max("III.1") == 12
    assert rules.group_max("III.2") == 10


def test_group_membership_follows_the_decision():
    members = {
        group.code: [i.code for i in registry.INDICATORS if i.group == group.code]
        for group in registry.GROUPS
    }
    assert members == {
        "I": [1, 2, 3, 4],
        "II": [5],
        "III": [6, 7, 8, 9, 10, 11],
        "IV": [12, 13, 14, 15, 16, 17, 18],
        "V": [19, 20, 21],
    }


def test_agency_only_indicators_are_2_and_3():
    assert [i.code for i in registry.INDICATORS if not i.by_unit] == [2, 3]


def test_lookup_by_number_and_slug_and_unknown():
    assert registry.get(5).name == "Tỷ lệ hồ sơ xử lý đúng hạn"
    assert registry.get("processed_on_time").code == 5
    with pytest.raises(KeyError, match="Không có chỉ số '22'"):
        registry.get(22)
