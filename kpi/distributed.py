"""Score dossiers partitioned on disk with Dask (optional extra ``kpi766[dask]``).

Beyond one machine's memory, the index still decomposes: every dossier-based indicator is a
sum of per-unit counts, so each partition is scored on its own and the counts added; the TTHC
indicators judged from dossiers (#7, #9, #10, #17: "at least one dossier such that…") combine
by logical OR over partitions. Indicators that read no dossiers (#1-#3, #6, #19, #20) are
computed once on the small tables. Each partition reuses the in-memory rules unchanged.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from kpi import registry
from kpi.params import ScoringRules, UnitsParams, load_rules, load_units
from kpi.periods import Period, parse_period
from kpi.rules import Judgement
from kpi.rules.online import service_credit
from kpi.scorecard import Tally, assemble, judge, make_context, tally

# TTHC-based indicators whose verdict depends on the dossiers: OR over partitions.
ANY_DOSSIER = (7, 9, 10, 17)
SUMMED = tuple(i.code for i in registry.INDICATORS if i.basis == "dossier")
_META = {"code": "int64", "position": "int64", "numerator": "float64", "denominator": "float64"}


def partition_counts(dossiers: pd.DataFrame, tables: dict[str, pd.DataFrame], period: Period,
                     export_time: pd.Timestamp | None, units: list[str],
                     rules: ScoringRules) -> pd.DataFrame:  # fmt: skip
    """Counts of one partition of dossiers.

    Returns
    -------
    DataFrame
        ``code``, ``position``, ``numerator``, ``denominator``: for a summed indicator,
        ``position`` is the scope (0 = agency, then units) and the columns are its counts; for
        an :data:`ANY_DOSSIER` indicator, ``position`` is the catalogue row and ``numerator``
        is 1 when that TTHC counts in this partition.
    """
    ctx = make_context({**tables, "dossiers": dossiers.reset_index(drop=True)}, period,
                       export_time=export_time, rules=rules, units=units)  # fmt: skip
    frames = []
    for code, judgement in judge(ctx, threads=1).items():  # Dask runs partitions in parallel
        if code in SUMMED:
            counts = tally(judgement, ctx)
            positions = np.arange(len(counts.numerators))
            frames.append(pd.DataFrame({"code": code, "position": positions,
                                        "numerator": counts.numerators,
                                        "denominator": counts.denominators}))  # fmt: skip
        elif code in ANY_DOSSIER:
            counted = judgement.counted.astype("float64")
            frames.append(pd.DataFrame({"code": code, "position": np.arange(len(counted)),
                                        "numerator": counted, "denominator": 0.0}))  # fmt: skip
    return pd.concat(frames, ignore_index=True).astype(_META)


def score_partitioned(dossier_path: str | Path, tables: dict[str, pd.DataFrame],
                      period: Period | str, *, export_time: pd.Timestamp | None = None,
                      rules: ScoringRules | None = None, units: UnitsParams | None = None
                      ) -> pd.DataFrame:  # fmt: skip
    """The scorecard rows of ``period`` from dossiers in partitioned Parquet, with Dask.

    Parameters
    ----------
    dossier_path : path
        A Parquet dataset of canonical dossiers (a folder of files, e.g. one per month).
    tables : dict of DataFrame
        The other canonical tables (procedures required; announcements, feedback,
        national_counts optional), in memory: they are small.
    period, export_time, rules, units
        As for :func:`kpi.scorecard.score_period`.

    Returns
    -------
    DataFrame
        The same rows as ``score_period(...).indicators`` for the whole extract.
    """
    import dask.dataframe as dd

    period = parse_period(period) if isinstance(period, str) else period
    rules, units = rules or load_rules(), units or load_units()
    dossiers = dd.read_parquet(str(dossier_path))
    empty = dossiers._meta.iloc[:0]
    base = make_context({**tables, "dossiers": empty}, period, export_time=export_time,
                        rules=rules, units=units)  # fmt: skip
    seen = dossiers["unit"].dropna().unique().compute().astype(str).tolist()
    unit_list = list(dict.fromkeys([*base.units, *sorted(seen)]))
    base = make_context({**tables, "dossiers": empty}, period, export_time=export_time,
                        rules=rules, units=unit_list)  # fmt: skip
    counts = dossiers.map_partitions(
        partition_counts, tables=tables, period=period, export_time=export_time,
        units=unit_list, rules=rules, meta=_META,
    ).compute()  # fmt: skip
    summed = counts.groupby(["code", "position"], sort=True).agg(
        numerator=("numerator", "sum"), any_counted=("numerator", "max"),
        denominator=("denominator", "sum"),
    )  # fmt: skip
    base_judgements = judge(base)
    tallies: dict[int, Tally] = {}
    for code, judgement in base_judgements.items():
        if code in SUMMED and code in summed.index.get_level_values(0):
            rows = summed.loc[code].reindex(range(len(unit_list) + 1), fill_value=0)
            tallies[code] = Tally(rows["numerator"].to_numpy(), rows["denominator"].to_numpy(),
                                  judgement.floor, judgement.fallback, judgement.scale_by)  # fmt: skip
        elif code in ANY_DOSSIER:
            flags = summed.loc[code, "any_counted"] if code in summed.index.get_level_values(0) \
                else pd.Series(dtype=float)  # fmt: skip
            counted = flags.reindex(range(len(judgement.population)), fill_value=0).to_numpy()
            judged = Judgement(code, judgement.records, judgement.id_column,
                               judgement.population, np.where(counted > 0, 0, 1).astype(np.int8),
                               judgement.reasons, weight=judgement.weight,
                               credit=None if judgement.weight is None else service_credit(
                                   judgement.weight, counted > 0,
                                   rules.rules.online_service_credit_per_procedure))  # fmt: skip
            tallies[code] = tally(judged, base)
        else:
            tallies[code] = tally(judgement, base)
    return assemble(tallies, unit_list, rules)
