"""The audit's conclusion, written from the numbers (Vietnamese)."""

from __future__ import annotations

from kpi import evidence
from kpi.present import indicator_name, scope_name
from kpi.scorecard import AGENCY, Scorecard
from kpi.scoring import round_half_up


def conclusion(scorecard: Scorecard, previous: Scorecard | None = None, scope: str = AGENCY,
               *, top: int = 3) -> str:  # fmt: skip
    """A short Markdown conclusion: total and band, change, where points were lost, weak units.

    Parameters
    ----------
    scorecard : Scorecard
    previous : Scorecard, optional
        The comparison period; its change in total points is stated when given.
    scope : str
        The agency (default) or a unit code.
    top : int
        How many indicators and units to name.
    """
    total = scorecard.total(scope)
    lines = [
        f"**{scope_name(scorecard, scope)}** đạt **{round_half_up(total['points']):.2f}/"
        f"{total['max_applicable']:g} điểm** ({round_half_up(total['share_pct']):.2f} %) trong "
        f"kỳ {scorecard.period.label}, xếp loại **{total['band']}**."
    ]
    if previous is not None:
        change = total["points"] - previous.total(scope)["points"]
        direction = "tăng" if change > 0 else "giảm" if change < 0 else "không đổi"
        amount = f" {abs(round_half_up(change)):.2f} điểm" if change else ""
        lines.append(f"So với kỳ {previous.period.label}, tổng điểm {direction}{amount}.")
    lost = evidence.losses(scorecard, scope).head(top)
    if not lost.empty:
        items = "; ".join(
            f"{indicator_name(row.code)} (mất {round_half_up(row.points_lost):.2f} điểm)"
            for row in lost.itertuples()
        )
        lines.append(f"Cần ưu tiên khắc phục: {items}.")
    if scope == AGENCY and scorecard.unit_list:
        shares = {unit: scorecard.total(unit)["share_pct"] for unit in scorecard.unit_list}
        weakest = sorted(shares, key=lambda unit: (shares[unit], unit))[:top]
        names = ", ".join(
            f"{scope_name(scorecard, unit)} ({round_half_up(shares[unit]):.2f} %)"
            for unit in weakest
        )
        lines.append(f"Các đơn vị có tỷ lệ điểm thấp nhất: {names}.")
    return "\n\n".join(lines)
