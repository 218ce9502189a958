"""Group III: online public services (#6-#8) and online payment (#9-#11)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpi import labels, registry
from kpi.rules.context import Context
from kpi.rules.judgement import Judgement, verdict
from kpi.vector import categories_where, is_in


def procedures_with(ctx: Context, dossier_mask: np.ndarray) -> np.ndarray:
    """Per TTHC of the catalogue: at least one dossier received in the period matches the mask."""
    codes = categories_where(ctx.dossiers["procedure_code"], ctx.received & dossier_mask)
    return is_in(ctx.procedures["procedure_code"], codes)


def online_procedures(ctx: Context) -> Judgement:
    """#6 Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến.

    Population: TTHC under the agency's authority (published or published_amended). Counted:
    ``online_level`` partial or full.
    """
    procedures = ctx.procedures
    offline = ~procedures["online_level"].isin(["partial", "full"]).to_numpy()
    return Judgement(
        6,
        procedures,
        "procedure_code",
        procedures["published"].to_numpy(),
        verdict((offline, 1)),
        ("", labels.NO_ONLINE_SERVICE),
    )


def service_credit(services: np.ndarray, used: np.ndarray, per_procedure: int) -> np.ndarray:
    """Online services credited to each TTHC for #7: ``min(services, per_procedure)`` when the
    TTHC has an online dossier in the period, else 0."""
    return np.where(used, np.minimum(services, per_procedure), 0)


def online_services_used(ctx: Context) -> Judgement:
    """#7 Tỷ lệ DVCTT có phát sinh hồ sơ.

    Denominator: online services (``online_services`` summed over published TTHC). Numerator:
    per TTHC, ``min(online_services, rules.online_service_credit_per_procedure)`` when it has at
    least one online dossier (channel 2) received in the period (choice: one service credited
    per TTHC).
    """
    procedures = ctx.procedures
    services = procedures["online_services"].to_numpy(np.int64)
    used = procedures_with(ctx, ctx.online)
    credit = service_credit(services, used, ctx.rules.rules.online_service_credit_per_procedure)
    return Judgement(
        7,
        procedures,
        "procedure_code",
        procedures["published"].to_numpy() & (services > 0),
        verdict((~used, 1)),
        ("", labels.NO_ONLINE_DOSSIERS),
        weight=services,
        credit=credit,
    )


def submitted_online(ctx: Context) -> Judgement:
    """#8 Tỷ lệ hồ sơ TTHC nộp trực tuyến.

    Counts dossiers received in the period with channel 2 that, when the TTHC requires a paper
    result, also have an electronic result (code and file). The ratio is then multiplied by
    the ratio of #4 (``scale_by``).
    """
    paper = ctx.dossiers["paper_result_required"].to_numpy(bool)
    reason = verdict((~ctx.online, 1), (paper & ~ctx.electronic_result, 2))
    reasons = ("", labels.NOT_SUBMITTED_ONLINE, labels.ONLINE_WITHOUT_E_RESULT)
    return Judgement(
        8, ctx.dossiers, "dossier_id", ctx.received, reason, reasons, scale_by=registry.SCALED_BY[8]
    )


def channel_shares(ctx: Context) -> pd.DataFrame:
    """Shares of dossiers received in the period by channel (no points).

    Returns
    -------
    DataFrame
        ``channel`` (``direct`` = 1 or null, ``online`` = 2, ``postal`` = 3), ``n_dossiers``,
        ``share_pct`` (0-100; 0 when nothing was received).
    """
    channel = ctx.dossiers.loc[ctx.received, "channel"].fillna(1).astype(int)
    counts = channel.value_counts().reindex([1, 2, 3], fill_value=0)
    total = int(counts.sum())
    return pd.DataFrame(
        {
            "channel": ["direct", "online", "postal"],
            "n_dossiers": counts.to_numpy(),
            "share_pct": counts.to_numpy() * 100 / total if total else np.zeros(3),
        }
    )


def online_levels(ctx: Context) -> dict[str, float]:
    """Full and partial online services among published TTHC (no points).

    Returns
    -------
    dict
        ``n_published``, ``n_full``, ``n_partial``, ``n_full_eligible`` (TTHC eligible for full
        online service), ``full_among_eligible_pct`` (0-100, 0 when none is eligible).
    """
    published = ctx.procedures[ctx.procedures["published"]]
    eligible = published["full_online_eligible"]
    n_eligible = int(eligible.sum())
    full_eligible = int((published["online_level"].eq("full") & eligible).sum())
    return {
        "n_published": len(published),
        "n_full": int(published["online_level"].eq("full").sum()),
        "n_partial": int(published["online_level"].eq("partial").sum()),
        "n_full_eligible": n_eligible,
        "full_among_eligible_pct": 100 * full_eligible / n_eligible if n_eligible else 0.0,
    }


def _fee_procedures(ctx: Context) -> np.ndarray:
    return (ctx.procedures["published"] & ctx.procedures["has_fee"]).to_numpy()


def _paid_online(ctx: Context) -> np.ndarray:
    return is_in(ctx.dossiers["paid_online"], [1, 2])


def procedures_paid_online(ctx: Context) -> Judgement:
    """#9 Tỷ lệ TTHC có giao dịch thanh toán trực tuyến.

    Population: published TTHC with ``has_fee``. Counted: at least one dossier received in the
    period with ``paid_online`` in {1, 2}.
    """
    paid = procedures_with(ctx, _paid_online(ctx))
    return Judgement(
        9,
        ctx.procedures,
        "procedure_code",
        _fee_procedures(ctx),
        verdict((~paid, 1)),
        ("", labels.NO_ONLINE_PAYMENTS),
    )


def fees_integrated(ctx: Context) -> Judgement:
    """#10 Tỷ lệ TTHC có nghĩa vụ tài chính được tích hợp thanh toán trực tuyến trên DVCQG.

    Population: published TTHC with ``has_fee``. Counted: at least one dossier received in the
    period whose ``fee_amount`` is neither null nor 0 (fee data synchronised).
    """
    fee = ctx.dossiers["fee_amount"].to_numpy("float64", na_value=np.nan)
    synced = procedures_with(ctx, ~np.isnan(fee) & (fee != 0))
    return Judgement(
        10,
        ctx.procedures,
        "procedure_code",
        _fee_procedures(ctx),
        verdict((~synced, 1)),
        ("", labels.NO_FEE_SYNC_DOSSIERS),
    )


def dossiers_paid_online(ctx: Context) -> Judgement:
    """#11 Tỷ lệ hồ sơ thanh toán trực tuyến.

    Population: dossiers received in the period of TTHC with ``has_fee``, except those whose
    ``fee_amount`` is 0 (a null amount stays in). Counted: ``paid_online`` in {1, 2}.
    """
    dossiers = ctx.dossiers
    free = dossiers["fee_amount"].eq(0).fillna(False).to_numpy(bool)
    population = ctx.received & dossiers["has_fee"].to_numpy(bool) & ~free
    return Judgement(
        11,
        dossiers,
        "dossier_id",
        population,
        verdict((~_paid_online(ctx), 1)),
        ("", labels.NOT_PAID_ONLINE),
    )
