"""The TTHC catalogue of the fictional department: static attributes of every procedure.

:func:`build_catalogue` returns one row per procedure ever applied by the department during
the generated span, with the canonical ``procedures`` columns plus private columns (prefixed
``_``) used by the other generators: volume weight, season, fee level, ``_new`` (announced during
the sample year) and ``_static_status``. Time-dependent status is added by
:mod:`kpi.synth.announcements` and :func:`kpi.synth.snapshot.procedures_as_of`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpi.columns import COMPONENT_FLAGS
from kpi.synth import design, names

FEE_LEVELS = np.array([50_000, 100_000, 150_000, 200_000, 300_000, 500_000, 1_000_000, 1_500_000])
FAST_TIMES = np.array([1.0, 1.0, 2.0, 3.0])
TIMES = np.array([5.0, 7.0, 10.0, 12.0, 15.0, 20.0, 30.0])
UNPUBLISHED_STATIC = "Hỗ trợ kinh phí tiêm phòng vắc xin cho gia súc, gia cầm của hộ chăn nuôi"


def _rows() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for level, blocks in (("province", names.PROVINCE), ("commune", names.COMMUNE)):
        for unit, field, season, items in blocks:
            for tier, name in items:
                rows.append(
                    dict(
                        unit=unit,
                        field=field,
                        _season=season,
                        _tier=tier,
                        procedure_name=name,
                        level=level,
                        _new=False,
                    )
                )
    for unit, field, season, tier, name in names.NEW:
        rows.append(
            dict(
                unit=unit,
                field=field,
                _season=season,
                _tier=tier,
                procedure_name=name,
                level="province",
                _new=True,
            )
        )
    return rows


def _codes(rng: np.random.Generator, prefix: str, count: int) -> list[str]:
    numbers = np.sort(rng.choice(np.arange(1000, 10000), size=count, replace=False))
    return [f"{prefix}{number:04d}" for number in numbers]


def build_catalogue(seed: int) -> pd.DataFrame:
    """Every procedure of the department with static attributes, sorted by code.

    Parameters
    ----------
    seed
        Generator seed; the catalogue uses the sub-stream ``[seed, 0]``.

    Returns
    -------
    pandas.DataFrame
        Canonical ``procedures`` columns (status excluded) plus private ``_`` columns.
    """
    rng = np.random.default_rng([seed, 0])
    cat = pd.DataFrame(_rows())
    n = len(cat)
    province = (cat["level"] == "province") & ~cat["_new"]
    codes = pd.Series("", index=cat.index, dtype=object)
    codes[province] = rng.permutation(_codes(rng, "1.00", int(province.sum())))
    codes[cat["level"] == "commune"] = _codes(rng, "2.00", int((cat["level"] == "commune").sum()))
    codes[cat["_new"]] = _codes(rng, "1.01", int(cat["_new"].sum()))
    cat["procedure_code"] = codes.astype(str)

    levels = np.array(list(design.ONLINE_LEVEL_SHARES))
    shares = np.array(list(design.ONLINE_LEVEL_SHARES.values()))
    online = rng.choice(levels, size=n, p=shares / shares.sum())
    online[cat["_tier"].to_numpy() == "H"] = "full"  # mass procedures are all online
    cat["online_level"] = online
    cat["full_online_eligible"] = (online == "full") | (
        (online == "partial") & (rng.random(n) < 0.3)
    )
    services = np.where(online == "none", 0, 1 + (rng.random(n) < design.TWO_ONLINE_SERVICES_RATE))
    cat["online_services"] = services.astype(np.int64)
    cat["has_fee"] = rng.random(n) < design.HAS_FEE_RATE
    cat.loc[cat["_tier"] == "H", "has_fee"] = True
    cat["_fee"] = np.where(cat["has_fee"], rng.choice(FEE_LEVELS, size=n), 0).astype(np.float64)
    cat["paper_result_required"] = rng.random(n) < design.PAPER_RESULT_RATE
    cat["citizen_subject"] = rng.random(n) < design.CITIZEN_SUBJECT_RATE
    cat["is_certification"] = cat["field"] == "Chứng thực"
    cert = cat["is_certification"]
    cat.loc[cert, ["has_fee", "citizen_subject", "paper_result_required"]] = True
    cat.loc[cert, "_fee"] = 10_000.0
    cat.loc[cert, "online_level"] = "partial"
    cat.loc[cert, "online_services"] = 1

    fast = cat["_tier"].to_numpy() == "H"
    time = np.where(fast, rng.choice(FAST_TIMES, size=n), rng.choice(TIMES, size=n))
    draw = rng.random(n)
    unit = np.where(draw < design.HOUR_UNIT_RATE, "hour", "working_day")
    unit = np.where(draw > 1 - design.DAY_UNIT_RATE, "day", unit)
    unit[fast] = "working_day"
    time = np.where(unit == "hour", 8.0 * np.ceil(time / 4), time)
    time = np.where(unit == "day", np.ceil(time * 1.4), time)
    candidates = np.flatnonzero((cat["_tier"].to_numpy() == "R") & ~cert.to_numpy())
    no_limit = rng.choice(candidates, size=design.NO_TIME_LIMIT_PROCEDURES, replace=False)
    time[no_limit] = np.nan
    cat["max_processing_time"] = time
    cat["processing_time_unit"] = unit

    for flag in COMPONENT_FLAGS:
        cat[flag] = True
    missing = rng.choice(n, size=design.MISSING_COMPONENT_PROCEDURES, replace=False)
    dropped = rng.choice(np.array(COMPONENT_FLAGS[1:]), size=missing.size)
    for row, flag in zip(missing, dropped, strict=True):
        cat.loc[row, flag] = False

    cat["_static_status"] = np.where(
        rng.random(n) < design.AMENDED_AT_START_RATE, "published_amended", "published"
    )
    unpublished = cat["procedure_name"].str.startswith(UNPUBLISHED_STATIC)
    cat.loc[unpublished, "_static_status"] = "unpublished"
    fee = cat["has_fee"].to_numpy()
    cat["_pay_online"] = ~(fee & (rng.random(n) < design.NO_ONLINE_PAYMENT_PROCEDURE_RATE))
    not_synced = rng.random(n) < design.FEES_NOT_SYNCED_PROCEDURE_RATE
    cat["_fee_synced"] = ~(fee & (not_synced | cat["unit"].isin(design.FEES_NOT_SYNCED_UNITS)))
    cat["_population_link"] = rng.random(n) >= design.NO_POPULATION_LINK_PROCEDURE_RATE
    cat["_weight"] = cat["_tier"].map(design.TIER_WEIGHT).astype(np.float64)
    cat.loc[unpublished, "_weight"] = 0.0
    return cat.sort_values("procedure_code", ignore_index=True)
