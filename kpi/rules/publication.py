"""Group I: announcement and publication of TTHC, completeness, dossiers synced to DVCQG."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpi import labels
from kpi.columns import COMPONENT_FLAGS
from kpi.periods import parse_period, previous_year
from kpi.rules.context import Context
from kpi.rules.judgement import Judgement, verdict

_COMPONENT_NAMES = dict(
    zip(
        COMPONENT_FLAGS,
        (
            labels.COMPONENT_NAME,
            labels.COMPONENT_STEPS,
            labels.COMPONENT_CHANNELS,
            labels.COMPONENT_DOCUMENTS,
            labels.COMPONENT_TIME_LIMIT,
            labels.COMPONENT_APPLICANTS,
            labels.COMPONENT_AGENCY,
        ),
        strict=True,
    )
)


def _day(times: pd.Series) -> pd.Series:
    return times.dt.normalize()


def _per_procedure(
    ctx: Context,
    announcements: pd.DataFrame,
    late: np.ndarray,
    days_late: np.ndarray,
    reason: np.ndarray,
) -> pd.DataFrame:
    """One row per TTHC: late if any of its announcements is late (worst one kept)."""
    table = announcements.assign(late=late, days_late=days_late, reason=reason)
    table = table.sort_values(
        ["procedure_code", "late", "days_late"], ascending=[True, False, False]
    )
    per_procedure = table.groupby("procedure_code", sort=True, observed=True).agg(
        decision_id=("decision_id", lambda ids: ", ".join(sorted(set(map(str, ids))))),
        reason=("reason", "first"),
        days_late=("days_late", "first"),
    )
    units = ctx.procedures.set_index("procedure_code")["unit"]
    return per_procedure.reset_index().assign(unit=lambda t: t["procedure_code"].map(units))


def _per_procedure_judgement(code: int, table: pd.DataFrame, reasons: tuple[str, ...]) -> Judgement:
    """The judgement of a per-TTHC deadline indicator (#1, #2) from :func:`_per_procedure`'s
    table: every TTHC is in the population, its reason code and days late as computed."""
    return Judgement(
        code,
        table,
        "procedure_code",
        np.ones(len(table), bool),
        table["reason"].to_numpy(np.int8),
        reasons,
        table["days_late"].to_numpy(),
    )


def announced_on_time(ctx: Context) -> Judgement:
    """#1 Tỷ lệ TTHC công bố đúng hạn.

    Population: distinct TTHC of announcements whose ``decision_date`` falls in the period.
    On time when ``decision_date <= legal_basis_effective_date - lead`` working days
    (``rules.announcement_lead_wd``, 5 for a province). A TTHC announced several times is late
    if any announcement is late; a missing effective date counts as late (data finding).
    """
    announcements = ctx.tables["announcements"]
    announcements = announcements[ctx.in_period(announcements["decision_date"])]
    lead = ctx.rules.rules.announcement_lead_wd
    effective = announcements["legal_basis_effective_date"]
    deadline = ctx.calendar.add(effective, -lead)
    decided = _day(announcements["decision_date"])
    missing = effective.isna().to_numpy()
    late = missing | (decided > deadline).to_numpy()
    days_late = ctx.calendar.count(deadline, decided).to_numpy("float64", na_value=0)
    reason = verdict((missing, 2), (late, 1))
    table = _per_procedure(ctx, announcements, late, days_late, reason)
    reasons = (
        "",
        labels.ANNOUNCED_LATE.format(lead=lead),
        labels.NO_EFFECTIVE_DATE,
    )
    return _per_procedure_judgement(1, table, reasons)


def published_on_time(ctx: Context) -> Judgement:
    """#2 Tỷ lệ TTHC được cập nhật, công khai đúng hạn (agency level only).

    Population: distinct TTHC of announcements published on the national TTHC database in the
    period, plus those whose deadline (``decision_date`` + ``rules.publication_wd`` working
    days) fell in the period and are still unpublished as of then. On time when
    ``published_date <= deadline``; any late publication of a TTHC makes it late.
    """
    announcements = ctx.tables["announcements"]
    announcements = announcements[ctx.happened(announcements["decision_date"])]
    deadline = ctx.calendar.add(announcements["decision_date"], ctx.rules.rules.publication_wd)
    published = ctx.happened(announcements["published_date"])
    # The last day fully elapsed: the as-of day when the period is closed, else the day before.
    last_day = ctx.as_of_day if ctx.closed else ctx.as_of_day - pd.Timedelta(days=1)
    overdue = (
        ~published & (deadline >= ctx.period.start).to_numpy() & (deadline <= last_day).to_numpy()
    )
    chosen = (published & ctx.in_period(announcements["published_date"])) | overdue
    announcements, deadline = announcements[chosen], deadline[chosen]
    published, overdue = published[chosen], overdue[chosen]
    publication_day = _day(announcements["published_date"]).where(published, last_day)
    late = overdue | (publication_day > deadline).to_numpy()
    days_late = ctx.calendar.count(deadline, publication_day).to_numpy("float64", na_value=0)
    reason = verdict((overdue, 2), (late, 1))
    table = _per_procedure(ctx, announcements, late, days_late, reason)
    reasons = (
        "",
        labels.PUBLISHED_LATE_DAYS,
        labels.UNPUBLISHED_OVERDUE_DAYS,
    )
    return _per_procedure_judgement(2, table, reasons)


def published_complete(ctx: Context) -> Judgement:
    """#3 Tỷ lệ TTHC công khai đầy đủ nội dung (agency level only).

    Population: TTHC with status published or published_amended (snapshot at period end).
    Counted when all seven components (NĐ 63/2010, Điều 8 khoản 2) are present.
    """
    procedures = ctx.procedures
    missing = pd.Series("", index=procedures.index)
    for flag, name in _COMPONENT_NAMES.items():
        missing = missing.where(procedures[flag], missing + ", " + name)
    missing = missing.str.removeprefix(", ")
    reason = verdict((missing.ne("").to_numpy(), 1))
    return Judgement(
        3,
        procedures,
        "procedure_code",
        procedures["published"].to_numpy(),
        reason,
        ("", labels.COMPONENTS_MISSING),
        missing.to_numpy(object),
    )


def _national_counts(ctx: Context, label: str | None = None) -> dict[str | None, float]:
    """``received_total`` per unit (and None = agency) for the period, or for ``label``."""
    if not ctx.has("national_counts"):
        return {}
    counts = ctx.tables["national_counts"]
    if label is not None:
        chosen = counts[counts["period"] == label]
    else:
        chosen = counts[counts["period"] == ctx.period.label]
        if chosen.empty:  # e.g. monthly figures for a quarter: add those inside the period
            inside = counts["period"].map(lambda p: _inside(ctx, p))
            chosen = counts[inside.to_numpy(bool)]
    by_unit = chosen.groupby("unit", observed=True)["received_total"].sum()
    totals: dict[str | None, float] = {str(unit): float(n) for unit, n in by_unit.items()}
    if totals:
        totals[None] = float(by_unit.sum())
    return totals


def _inside(ctx: Context, label: str) -> bool:
    try:
        return ctx.period.contains(parse_period(label))
    except ValueError:
        return False


def synced_national(ctx: Context) -> Judgement:
    """#4 Tỷ lệ hồ sơ đồng bộ lên Cổng DVCQG.

    Numerator: dossiers received in the period and ``synced_national``, synced by the as-of
    instant when ``synced_at`` is known (a later sync has not happened yet). Denominator: the larger
    of the dossiers received in our data and ``national_counts.received_total`` for the period
    (per unit; the agency uses the sum). When both are 0: the previous year's total times the
    period's share of a year (1/12 for a month); when that is unknown too the zero-denominator
    policy applies.
    """
    dossiers = ctx.dossiers
    synced = dossiers["synced_national"].to_numpy(bool)
    late = np.zeros(len(dossiers), dtype=bool)
    if "synced_at" in dossiers:  # a sync after the as-of instant has not happened yet
        times = dossiers["synced_at"].to_numpy("datetime64[us]")
        late = synced & ~np.isnat(times) & (times > np.datetime64(ctx.as_of, "us"))
    reason = verdict((~synced, 1), (late, 2))
    judgement = Judgement(
        4,
        dossiers,
        "dossier_id",
        ctx.received,
        reason,
        ("", labels.NOT_SYNCED_TO_PORTAL, labels.SYNCED_AFTER_SCORING),
    )
    judgement.floor = _national_counts(ctx)
    judgement.fallback = {
        scope: total * ctx.period.year_fraction
        for scope, total in _national_counts(ctx, previous_year(ctx.period)).items()
    }
    return judgement
