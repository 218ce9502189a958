"""Group IV: electronic results, digitisation, data reuse, certified copies, population data."""

from __future__ import annotations

import numpy as np

from kpi import labels
from kpi.rules.context import Context
from kpi.rules.judgement import Judgement, verdict
from kpi.rules.online import procedures_with


def _flag(ctx: Context, *names: str) -> np.ndarray:
    """True where any of the named boolean dossier columns is true."""
    return np.logical_or.reduce([ctx.dossiers[name].to_numpy(bool) for name in names])


def electronic_results(ctx: Context) -> Judgement:
    """#12 Tỷ lệ hồ sơ có cấp kết quả giải quyết TTHC điện tử.

    Population: the profile's (``portal``: #5's dossiers; ``decision``: dossiers done or
    returned in the period, of TTHC with ``paper_result_required``). Counted: finished as of
    the as-of instant with both ``result_code`` and ``result_file_url``.
    """
    dossiers = ctx.dossiers
    no_code = dossiers["result_code"].isna().to_numpy()
    no_file = dossiers["result_file_url"].isna().to_numpy()
    reason = verdict((~ctx.finished, 4), (no_code & no_file, 1), (no_code, 2), (no_file, 3))
    reasons = (
        "",
        labels.NO_RESULT_CODE_OR_FILE,
        labels.NO_RESULT_CODE,
        labels.NO_RESULT_FILE,
        labels.UNFINISHED_NO_E_RESULT,
    )
    return Judgement(12, dossiers, "dossier_id", ctx.population(12), reason, reasons)


def digitised(ctx: Context) -> Judgement:
    """#13 Tỷ lệ hồ sơ TTHC thực hiện số hóa hồ sơ.

    Population: the profile's (``portal``: #5's dossiers; ``decision``: received in the
    period). Counted: ``components_digitized`` and, when the TTHC requires a paper result, an
    electronic result (as in #12, finished as of then).
    """
    paper = ctx.dossiers["paper_result_required"].to_numpy(bool)
    reason = verdict((~_flag(ctx, "components_digitized"), 1), (paper & ~ctx.electronic_result, 2))
    reasons = ("", labels.NOT_DIGITISED, labels.NO_E_RESULT)
    return Judgement(13, ctx.dossiers, "dossier_id", ctx.population(13), reason, reasons)


def _simple(ctx: Context, code: int, ok: np.ndarray, why: str) -> Judgement:
    """A dossier indicator over the profile's population, counting the dossiers where ``ok``."""
    return Judgement(
        code, ctx.dossiers, "dossier_id", ctx.population(code), verdict((~ok, 1)), ("", why)
    )


def reused_data(ctx: Context) -> Judgement:
    """#14 Tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu số hóa.

    Population: the profile's (``portal``: #5's dossiers; ``decision``: received in the
    period). Counted: ``reused_digitized_data``.
    """
    return _simple(ctx, 14, _flag(ctx, "reused_digitized_data"), labels.DIGITISED_DATA_NOT_REUSED)


def e_certified_copies(ctx: Context) -> Judgement:
    """#15 Tỷ lệ cung cấp dịch vụ chứng thực bản sao điện tử từ bản chính.

    ``portal`` profile: no population, full points (the portal awards 2 points to everyone and
    publishes no counts). ``decision``: dossiers received in the period of TTHC with
    ``is_certification``, counted when ``e_certified_copy``; none: the zero-denominator policy
    (default full points).
    """
    return _simple(ctx, 15, _flag(ctx, "e_certified_copy"), labels.NO_E_COPY)


def personal_repository(ctx: Context) -> Judgement:
    """#16 Tỷ lệ hồ sơ số hóa có kết nối, đồng bộ với danh mục hồ sơ cá nhân, tổ chức.

    Population: the profile's (``portal``: #5's dossiers; ``decision``: received in the
    period). Counted: ``from_personal_repository`` or ``result_synced_to_repository``.
    """
    ok = _flag(ctx, "from_personal_repository", "result_synced_to_repository")
    return _simple(ctx, 16, ok, labels.NOT_LINKED_TO_DATA_STORE)


def _population_data(ctx: Context) -> np.ndarray:
    return _flag(ctx, "vneid_verified", "population_db_used")


def population_data_procedures(ctx: Context) -> Judgement:
    """#17 Tỷ lệ TTHC triển khai kết nối, chia sẻ dữ liệu dân cư.

    Population: published TTHC with ``citizen_subject``. Counted: at least one dossier received
    in the period with ``vneid_verified`` or ``population_db_used``.
    """
    procedures = ctx.procedures
    population = (procedures["published"] & procedures["citizen_subject"]).to_numpy()
    connected = procedures_with(ctx, _population_data(ctx))
    return Judgement(
        17,
        procedures,
        "procedure_code",
        population,
        verdict((~connected, 1)),
        ("", labels.NO_POPULATION_DATA_DOSSIERS),
    )


def population_data_dossiers(ctx: Context) -> Judgement:
    """#18 Tỷ lệ hồ sơ TTHC có sử dụng thông tin, dữ liệu dân cư.

    Population: the profile's (``portal``: #5's dossiers; ``decision``: received in the
    period). Counted: ``vneid_verified`` or ``population_db_used``.
    """
    return _simple(ctx, 18, _population_data(ctx), labels.NO_VNEID_NO_POPULATION_DATA)
