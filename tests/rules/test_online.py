"""Group III (#6-#11), expected values worked out by hand from the spec (period June 2024)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tests.rules.helpers import check, row, rules_choosing, score, verdicts

IN_JUNE, IN_MAY, IN_JULY = "2024-06-10 08:00", "2024-05-20 08:00", "2024-07-01 08:00"


def test_6_online_procedures_published_only():
    procedures = [
        {"procedure_code": "P1", "online_level": "full"},
        {"procedure_code": "P2", "online_level": "partial", "unit": "KL"},
        {"procedure_code": "P3", "online_level": "none"},
        {"procedure_code": "P4", "online_level": "full", "status": "abolished"},
        {"procedure_code": "P5", "online_level": "partial", "status": "unpublished"},
        {"procedure_code": "P6", "online_level": "none", "status": "published_amended"},
    ]
    card = score(procedures=procedures)
    # population P1, P2, P3, P6; online P1, P2 -> 0.5 -> 2 * min(1, 0.5 / 0.8) = 1.25
    check(card, 6, 2, 4, 1.25)
    check(card, 6, 1, 3, 2 * (1 / 3) / 0.8, scope="CNTY")  # P1 of P1, P3, P6
    check(card, 6, 1, 1, 2.0, scope="KL")


def test_7_online_services_weights():
    procedures = [
        {"procedure_code": "P1", "online_level": "full", "online_services": 3},
        {"procedure_code": "P2", "online_level": "partial", "online_services": 1},
        {"procedure_code": "P3", "online_level": "none", "online_services": 0},
        {
            "procedure_code": "P4",
            "online_level": "full",
            "online_services": 2,
            "status": "abolished",
        },
    ]
    dossiers = [
        # P1: two online dossiers -> one service credited (choice), not 2 and not 3
        {"dossier_id": "a", "procedure_code": "P1", "received_at": IN_JUNE, "channel": 2},
        {"dossier_id": "b", "procedure_code": "P1", "received_at": IN_JUNE, "channel": 2},
        # P2: direct, null channel (= direct), online only in July -> not used
        {"dossier_id": "c", "procedure_code": "P2", "received_at": IN_JUNE, "channel": 1},
        {"dossier_id": "d", "procedure_code": "P2", "received_at": IN_JUNE, "channel": None},
        {"dossier_id": "e", "procedure_code": "P2", "received_at": IN_JULY, "channel": 2},
        # P4 abolished: out of the denominator even with online dossiers
        {"dossier_id": "f", "procedure_code": "P4", "received_at": IN_JUNE, "channel": 2},
    ]
    card = score(procedures=procedures, dossiers=dossiers)
    # denominator 3 + 1 = 4 services; numerator min(3, 1) = 1 -> 4 * 1/4 = 1
    check(card, 7, 1, 4, 1.0)
    assert verdicts(card, 7) == {"P1": "", "P2": "không có hồ sơ trực tuyến trong kỳ"}


def test_7_weights_add_up_per_unit():
    # Units tally services, not TTHC: CNTY 3 + 2 = 5 services, 1 + 2 credited (the choice:
    # one per TTHC, here raised to 2); KL 4 services, none used.
    procedures = [
        {"procedure_code": "P1", "online_level": "full", "online_services": 3},
        {"procedure_code": "P2", "online_level": "full", "online_services": 2},
        {"procedure_code": "P3", "online_level": "full", "online_services": 4, "unit": "KL"},
    ]
    dossiers = [
        {"dossier_id": "a", "procedure_code": "P1", "received_at": IN_JUNE, "channel": 2},
        {"dossier_id": "b", "procedure_code": "P2", "received_at": IN_JUNE, "channel": 2},
    ]
    rules = rules_choosing(online_service_credit_per_procedure=2)
    card = score(procedures=procedures, dossiers=dossiers, rules=rules)
    assert (row(card, 7)["numerator"], row(card, 7)["denominator"]) == (4, 9)  # 2 + 2 of 9
    assert (row(card, 7, "CNTY")["numerator"], row(card, 7, "CNTY")["denominator"]) == (4, 5)
    assert (row(card, 7, "KL")["numerator"], row(card, 7, "KL")["denominator"]) == (0, 4)


def test_7_no_online_service_zero_points():
    card = score(procedures=[{"procedure_code": "P1"}])
    check(card, 7, 0, 0, 0.0)


PAPER = [
    {"procedure_code": "PAPER", "paper_result_required": True},
    {"procedure_code": "NOPAPER"},
]


def test_8_online_with_electronic_result_times_sync_ratio():
    def d(dossier_id, code, channel, synced, **extra):
        return {
            "dossier_id": dossier_id,
            "procedure_code": code,
            "received_at": IN_JUNE,
            "channel": channel,
            "synced_national": synced,
            **extra,
        }

    result = {"result_code": "KQ", "result_file_url": "https://kq", "status": "returned"}
    dossiers = [
        d("A", "PAPER", 2, True, finished_at="2024-06-12 08:00", **result),  # counts
        d("B", "PAPER", 2, True),  # online, paper result required, no electronic result
        d("C", "NOPAPER", 2, True),  # counts (no paper result required)
        d("D", "NOPAPER", 1, True),  # direct
        d("E", "NOPAPER", None, False),  # null channel = direct
        d("F", "NOPAPER", 3, False),  # postal
        # result code and file, but finished 2/7 after the period end: no electronic result
        d("G", "PAPER", 2, False, finished_at="2024-07-02 08:00", **result),
        # received after the period end: out
        {"dossier_id": "H", "procedure_code": "NOPAPER", "received_at": IN_JULY, "channel": 2},
    ]
    card = score(procedures=PAPER, dossiers=dossiers)
    # #4: A, B, C, D synced of 7 -> 4/7; #8: (2 / 7) * (4 / 7) = 8/49 -> 6 * (8/49) / 0.5
    check(card, 4, 4, 7, 6 * 4 / 7)
    check(card, 8, 2, 7, 6 * (8 / 49) / 0.5)
    assert row(card, 8)["ratio"] == pytest.approx(8 / 49)
    found = verdicts(card, 8)
    assert found["B"] == found["G"] == "nộp trực tuyến nhưng chưa có kết quả điện tử"
    assert found["E"] == "không nộp trực tuyến"


def test_8_target_reached():
    dossiers = [
        {"dossier_id": "A", "procedure_code": "NOPAPER", "received_at": IN_JUNE, "channel": 2,
         "synced_national": True},
        {"dossier_id": "B", "procedure_code": "NOPAPER", "received_at": IN_JUNE, "channel": 1,
         "synced_national": True},
    ]  # fmt: skip
    check(score(procedures=PAPER, dossiers=dossiers), 8, 1, 2, 6.0)  # 0.5 * 1 / 0.5 -> max


FEES = [
    {"procedure_code": "P1", "has_fee": True},
    {"procedure_code": "P2", "has_fee": True},
    {"procedure_code": "P3", "has_fee": True},
    {"procedure_code": "P4", "has_fee": True, "unit": "KL"},
    {"procedure_code": "P5", "has_fee": False},
    {"procedure_code": "P6", "has_fee": True, "status": "abolished"},
]


def _fee(dossier_id, code, paid, fee, received=IN_JUNE):
    return {
        "dossier_id": dossier_id,
        "procedure_code": code,
        "received_at": received,
        "paid_online": paid,
        "fee_amount": fee,
    }


def test_9_procedures_paid_online():
    dossiers = [
        _fee("a", "P1", 1, 50000),  # DVCQG payment platform
        _fee("b", "P2", 2, 20000),  # provincial payment portal
        _fee("c", "P3", 0, 20000),  # not paid online
        _fee("d", "P4", 1, 20000, IN_MAY),  # paid online but received in May
        _fee("e", "P5", 1, 20000),  # no fee in the catalogue: out
        _fee("f", "P6", 1, 20000),  # abolished: out
    ]
    card = score(procedures=FEES, dossiers=dossiers)
    # population P1-P4; paid P1, P2 -> 0.5 -> 2 * 0.5 / 0.8 = 1.25
    check(card, 9, 2, 4, 1.25)
    check(card, 9, 0, 1, 0.0, scope="KL")


def test_10_fees_integrated_zero_and_missing_fees():
    dossiers = [
        _fee("a", "P1", 0, 50000),  # fee synced: counts
        _fee("b", "P2", 1, 0),  # zero fee: not synced fee data
        _fee("c", "P3", 1, None),  # no fee data
        _fee("d", "P4", 0, 20000, IN_JULY),  # after the period end
    ]
    card = score(procedures=FEES, dossiers=dossiers)
    check(card, 10, 1, 4, 2 * 0.25 / 0.8)  # 1/4 -> 0.625
    found = verdicts(card, 10)
    assert found["P2"] == found["P3"] == "chưa có hồ sơ đồng bộ dữ liệu phí, lệ phí trong kỳ"
    assert found["P1"] == ""  # the one with a fee, not the one without fee data


def test_11_dossiers_paid_online_zero_and_missing_fees():
    dossiers = [
        _fee("a", "P1", 1, 50000),  # counts
        _fee("b", "P1", 0, None),  # null fee stays in the denominator, not paid
        _fee("c", "P1", 0, 0),  # zero fee: out of the denominator
        _fee("d", "P2", 2, 10000),  # counts
        _fee("e", "P5", 1, 10000),  # TTHC without fee: out
        _fee("f", "P2", 1, 10000, IN_MAY),  # received in May: out
    ]
    card = score(procedures=FEES, dossiers=dossiers)
    # 2 of a, b, d = 66.67 % (rounded to 2 decimals first) -> 6 * 0.6667 = 4.0002
    check(card, 11, 2, 3, 6 * 0.6667)
    assert set(verdicts(card, 11)) == {"a", "b", "d"}


def test_9_10_11_nothing_with_fee_zero_points():
    card = score(procedures=[{"procedure_code": "P5"}], dossiers=[_fee("e", "P5", 1, 10)])
    for code in (9, 10, 11):
        check(card, code, 0, 0, 0.0)


def test_6_and_8_reports_without_points():
    from kpi.rules.online import channel_shares, online_levels

    procedures = [
        {"procedure_code": "P1", "online_level": "full", "full_online_eligible": True},
        {"procedure_code": "P2", "online_level": "partial", "full_online_eligible": True},
        {"procedure_code": "P3", "online_level": "none"},
        {"procedure_code": "P4", "online_level": "full", "status": "abolished"},
    ]
    dossiers = [
        {"dossier_id": "a", "procedure_code": "P1", "received_at": IN_JUNE, "channel": 2},
        {"dossier_id": "b", "procedure_code": "P1", "received_at": IN_JUNE, "channel": None},
        {"dossier_id": "c", "procedure_code": "P1", "received_at": IN_JUNE, "channel": 1},
        {"dossier_id": "d", "procedure_code": "P1", "received_at": IN_JUNE, "channel": 3},
        {"dossier_id": "e", "procedure_code": "P1", "received_at": IN_JULY, "channel": 3},
    ]
    card = score(procedures=procedures, dossiers=dossiers)
    levels = online_levels(card.context)
    assert (levels["n_published"], levels["n_full"], levels["n_partial"]) == (3, 1, 1)
    assert levels["full_among_eligible_pct"] == pytest.approx(50.0)  # P1 of P1, P2
    shares = channel_shares(card.context).set_index("channel")
    assert shares["n_dossiers"].to_dict() == {"direct": 2, "online": 1, "postal": 1}  # null = 1
    assert shares.loc["direct", "share_pct"] == pytest.approx(50.0)
    # The whole outputs, exactly: keys, order, types (a report shows them as they are).
    assert levels == {
        "n_published": 3,
        "n_full": 1,
        "n_partial": 1,
        "n_full_eligible": 2,
        "full_among_eligible_pct": 50.0,
    }
    expected = pd.DataFrame(
        {
            "channel": ["direct", "online", "postal"],
            "n_dossiers": np.array([2, 1, 1], dtype=np.int64),
            "share_pct": [50.0, 25.0, 25.0],
        }
    )
    pd.testing.assert_frame_equal(channel_shares(card.context), expected)


def test_6_and_8_reports_with_nothing_received_or_eligible():
    from kpi.rules.online import channel_shares, online_levels

    procedures = [
        {"procedure_code": "P1", "online_level": "full"},  # full, not eligible
        {"procedure_code": "P2", "online_level": "full", "full_online_eligible": True,
         "status": "abolished"},  # eligible, not published
    ]  # fmt: skip
    # Received in July only (after the period), on the online channel.
    dossiers = [{"dossier_id": "e", "procedure_code": "P1", "received_at": IN_JULY, "channel": 2}]
    card = score(procedures=procedures, dossiers=dossiers)
    assert online_levels(card.context) == {
        "n_published": 1,
        "n_full": 1,
        "n_partial": 0,
        "n_full_eligible": 0,
        "full_among_eligible_pct": 0.0,
    }
    shares = channel_shares(card.context)
    assert shares["n_dossiers"].tolist() == [0, 0, 0]
    assert shares["share_pct"].tolist() == [0.0, 0.0, 0.0]
    assert shares["channel"].tolist() == ["direct", "online", "postal"]


def test_6_full_online_share_among_eligible():
    from kpi.rules.online import online_levels

    procedures = [
        {"procedure_code": f"P{i}", "online_level": level, "full_online_eligible": True}
        for i, level in enumerate(("full", "full", "partial"))
    ]
    levels = online_levels(score(procedures=procedures).context)
    assert levels["full_among_eligible_pct"] == pytest.approx(200 / 3)  # 2 of 3


def test_8_channel_shares_count_channels_absent_from_the_period_as_zero():
    from kpi.rules.online import channel_shares

    dossiers = [
        {"dossier_id": "a", "procedure_code": "P1", "received_at": IN_JUNE, "channel": 3},
        {"dossier_id": "b", "procedure_code": "P1", "received_at": IN_JUNE, "channel": 3},
        {"dossier_id": "c", "procedure_code": "P1", "received_at": IN_JUNE, "channel": 1},
        {"dossier_id": "d", "procedure_code": "P1", "received_at": IN_JUNE, "channel": 3},
    ]
    shares = channel_shares(score(procedures=[{"procedure_code": "P1"}], dossiers=dossiers).context)
    assert shares["n_dossiers"].tolist() == [1, 0, 3]  # no online dossier: 0, not missing
    assert shares["share_pct"].tolist() == [25.0, 0.0, 75.0]
