"""The 21 indicators and 5 groups of the 766 index, as declarative data.

Structure only (what an indicator is, what it reads, how it is counted); the tunable numbers
(maximum points, target, zero-denominator policy, rounding) live in ``params/scoring.yaml`` and
are read through :func:`kpi.params.load_rules`. Scoring, notebooks, the Excel writer and the
tests iterate over :data:`INDICATORS`; nothing else keeps its own list of 21.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Basis = Literal["procedure", "dossier", "feedback", "announcement"]


@dataclass(frozen=True)
class Group:
    """One of the five groups of Decision 766 (the portal splits group III in two)."""

    code: str
    name: str
    max_points: float


@dataclass(frozen=True)
class Indicator:
    """One indicator of the index.

    Attributes
    ----------
    code : int
        Number 1-21, as in the decision and the seed plan.
    group : str
        Group code I-V.
    portal_group : str
        Group in the portal's six-group view (III is split into ``III.1`` online services and
        ``III.2`` online payment).
    slug : str
        English identifier.
    name : str
        Official Vietnamese name.
    basis : Basis
        What one unit of the population is: a TTHC, a dossier, a PAKN or an announcement.
    tables : tuple[str, ...]
        Input tables the indicator reads; a missing one makes the indicator "no data".
    by_unit : bool
        False when the indicator is computed for the agency only (#2, #3).
    population : str
        Vietnamese description of the denominator.
    numerator : str
        Vietnamese description of the numerator.
    """

    code: int
    group: str
    portal_group: str
    slug: str
    name: str
    basis: Basis
    tables: tuple[str, ...]
    by_unit: bool
    population: str
    numerator: str


GROUPS: tuple[Group, ...] = (
    Group("I", "Công khai, minh bạch", 18),
    Group("II", "Tiến độ, kết quả giải quyết", 20),
    Group("III", "Cung cấp dịch vụ trực tuyến", 22),
    Group("IV", "Số hóa hồ sơ", 22),
    Group("V", "Mức độ hài lòng", 18),
)

PORTAL_GROUPS: tuple[Group, ...] = (
    Group("I", "Công khai, minh bạch", 18),
    Group("II", "Tiến độ, kết quả giải quyết", 20),
    Group("III.1", "Dịch vụ công trực tuyến", 12),
    Group("III.2", "Thanh toán trực tuyến", 10),
    Group("IV", "Số hóa hồ sơ", 22),
    Group("V", "Mức độ hài lòng", 18),
)

_P = ("procedures",)
_D = ("dossiers", "procedures")
_F = ("feedback",)

INDICATORS: tuple[Indicator, ...] = (
    Indicator(1, "I", "I", "announced_on_time", "Tỷ lệ TTHC công bố đúng hạn", "procedure",
              ("announcements",), True,
              "TTHC có quyết định công bố ký trong kỳ",
              "TTHC công bố trước ngày hiệu lực của văn bản căn cứ ít nhất 5 ngày làm việc"),
    Indicator(2, "I", "I", "published_on_time",
              "Tỷ lệ TTHC được cập nhật, công khai đúng hạn", "procedure",
              ("announcements",), False,
              "TTHC được công khai trong kỳ hoặc đến hạn công khai trong kỳ mà chưa công khai",
              "TTHC công khai trên CSDL quốc gia trong 5 ngày làm việc kể từ ngày quyết định"),
    Indicator(3, "I", "I", "published_complete",
              "Tỷ lệ TTHC công khai đầy đủ nội dung các bộ phận tạo thành", "procedure",
              _P, False,
              "TTHC đang công khai tại thời điểm cuối kỳ",
              "TTHC có đủ 7 bộ phận tạo thành"),
    Indicator(4, "I", "I", "synced_national", "Tỷ lệ hồ sơ đồng bộ lên Cổng DVCQG", "dossier",
              _D, True,
              "Hồ sơ tiếp nhận trong kỳ (hoặc số liệu Hệ thống báo cáo quốc gia nếu lớn hơn)",
              "Hồ sơ tiếp nhận trong kỳ đã đồng bộ lên Cổng DVCQG"),
    Indicator(5, "II", "II", "processed_on_time", "Tỷ lệ hồ sơ xử lý đúng hạn", "dossier",
              _D, True,
              "Hồ sơ tiếp nhận đến cuối kỳ và chưa kết thúc trước đầu kỳ (kể cả kỳ trước chuyển sang)",
              "Hồ sơ xử lý đúng hạn"),
    Indicator(6, "III", "III.1", "online_procedures", "Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến",
              "procedure", _P, True,
              "TTHC thuộc thẩm quyền đang công khai",
              "TTHC cung cấp DVCTT một phần hoặc toàn trình"),
    Indicator(7, "III", "III.1", "online_services_used", "Tỷ lệ DVCTT có phát sinh hồ sơ",
              "procedure", _D, True,
              "Dịch vụ công trực tuyến đang cung cấp",
              "Dịch vụ công trực tuyến có hồ sơ trực tuyến tiếp nhận trong kỳ"),
    Indicator(8, "III", "III.1", "submitted_online", "Tỷ lệ hồ sơ TTHC nộp trực tuyến", "dossier",
              _D, True,
              "Hồ sơ tiếp nhận trong kỳ (nhân với tỷ lệ đồng bộ của chỉ số 4)",
              "Hồ sơ nộp trực tuyến (kèm kết quả điện tử khi TTHC yêu cầu kết quả giấy)"),
    Indicator(9, "III", "III.2", "procedures_paid_online",
              "Tỷ lệ TTHC có giao dịch thanh toán trực tuyến", "procedure", _D, True,
              "TTHC đang công khai có phí, lệ phí",
              "TTHC có ít nhất một hồ sơ thanh toán trực tuyến trong kỳ"),
    Indicator(10, "III", "III.2", "fees_integrated",
              "Tỷ lệ TTHC có nghĩa vụ tài chính được tích hợp thanh toán trực tuyến trên DVCQG",
              "procedure", _D, True,
              "TTHC đang công khai có phí, lệ phí",
              "TTHC có ít nhất một hồ sơ trong kỳ đồng bộ dữ liệu phí, lệ phí khác 0"),
    Indicator(11, "III", "III.2", "dossiers_paid_online", "Tỷ lệ hồ sơ thanh toán trực tuyến",
              "dossier", _D, True,
              "Hồ sơ tiếp nhận trong kỳ của TTHC có phí, lệ phí (trừ hồ sơ phí bằng 0)",
              "Hồ sơ thanh toán trực tuyến"),
    Indicator(12, "IV", "IV", "electronic_results",
              "Tỷ lệ hồ sơ có cấp kết quả giải quyết TTHC điện tử", "dossier", _D, True,
              "Hồ sơ hoàn thành trong kỳ của TTHC yêu cầu kết quả giấy",
              "Hồ sơ có mã kết quả và tệp kết quả điện tử"),
    Indicator(13, "IV", "IV", "digitised", "Tỷ lệ hồ sơ TTHC thực hiện số hóa hồ sơ", "dossier",
              _D, True,
              "Hồ sơ tiếp nhận trong kỳ",
              "Hồ sơ số hóa thành phần (và có kết quả điện tử khi TTHC yêu cầu kết quả giấy)"),
    Indicator(14, "IV", "IV", "reused_data",
              "Tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu số hóa", "dossier", _D, True,
              "Hồ sơ tiếp nhận trong kỳ",
              "Hồ sơ có tái sử dụng dữ liệu số hóa"),
    Indicator(15, "IV", "IV", "e_certified_copies",
              "Tỷ lệ cung cấp dịch vụ chứng thực bản sao điện tử từ bản chính", "dossier", _D, True,
              "Hồ sơ chứng thực bản sao tiếp nhận trong kỳ",
              "Hồ sơ được cấp bản sao điện tử"),
    Indicator(16, "IV", "IV", "personal_repository",
              "Tỷ lệ hồ sơ số hóa có kết nối, đồng bộ với danh mục hồ sơ cá nhân, tổ chức trên DVCQG",
              "dossier", _D, True,
              "Hồ sơ tiếp nhận trong kỳ",
              "Hồ sơ lấy dữ liệu từ kho hoặc đồng bộ kết quả về kho dữ liệu cá nhân, tổ chức"),
    Indicator(17, "IV", "IV", "population_data_procedures",
              "Tỷ lệ TTHC triển khai kết nối, chia sẻ dữ liệu dân cư", "procedure", _D, True,
              "TTHC đang công khai có đối tượng là công dân",
              "TTHC có hồ sơ trong kỳ xác thực VNeID hoặc dùng CSDL quốc gia về dân cư"),
    Indicator(18, "IV", "IV", "population_data_dossiers",
              "Tỷ lệ hồ sơ TTHC có sử dụng thông tin, dữ liệu dân cư", "dossier", _D, True,
              "Hồ sơ tiếp nhận trong kỳ",
              "Hồ sơ xác thực VNeID hoặc dùng CSDL quốc gia về dân cư"),
    Indicator(19, "V", "V", "feedback_on_time", "Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn",
              "feedback", _F, True,
              "PAKN nhận đến cuối kỳ và chưa kết thúc trước đầu kỳ",
              "PAKN xử lý đúng hạn"),
    Indicator(20, "V", "V", "feedback_satisfaction",
              "Tỷ lệ hài lòng trong xử lý phản ánh, kiến nghị", "feedback", _F, True,
              "PAKN tiếp nhận trong kỳ",
              "PAKN không bị đánh giá không hài lòng, không trễ hạn, không phản ánh lại"),
    Indicator(21, "V", "V", "dossier_satisfaction",
              "Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC", "dossier", _D, True,
              "Hồ sơ của chỉ số 5",
              "1 − (tỷ lệ hồ sơ trễ hạn + tỷ lệ hồ sơ bị phản ánh hoặc không hài lòng)"),
)  # fmt: skip


@dataclass(frozen=True)
class Population:
    """Which records an indicator counts over, in one scoring profile.

    Attributes
    ----------
    dossiers : str or None
        A named dossier set of :class:`kpi.rules.Context`: ``received`` (received in the
        period), ``processed`` (#5's population: received as of the period end and not finished
        before its start, carry-over included) or ``completed_in_period`` (done or returned in
        the period). None: no population at all; the indicator gets its maximum, with no
        numerator or denominator (the portal's #15).
    only : str, optional
        A catalogue flag joined onto each dossier that narrows the set (``paper_result_required``).
    text : str
        Vietnamese description of the denominator, shown in reports.
    """

    dossiers: str | None
    only: str | None = None
    text: str = ""

    @property
    def flat(self) -> bool:
        """True when the indicator is awarded flat points, without numerator or denominator."""
        return self.dossiers is None


PORTAL, DECISION = "portal", "decision"

_RECEIVED = Population("received", text="Hồ sơ tiếp nhận trong kỳ")
_PROCESSED = Population(
    "processed", text="Hồ sơ của chỉ số 5: tiếp nhận đến cuối kỳ, chưa kết thúc trước đầu kỳ"
)

# The population of each dossier indicator whose population depends on the scoring profile.
# ``decision`` is the 2022 reading of the decision (shared/spec/indicators.md); ``portal`` is
# what the national portal's published figures show (shared/portal/README.md): #12, #13, #14,
# #16 and #18 share #5's denominator, and #15 is a flat 2 points. Every other indicator has
# the same population in both profiles. The rules read this table through
# ``Context.population``; nothing else branches on the profile.
PROFILES: dict[str, dict[int, Population]] = {
    PORTAL: {
        12: _PROCESSED, 13: _PROCESSED, 14: _PROCESSED, 16: _PROCESSED, 18: _PROCESSED,
        15: Population(None, text="Cổng DVCQG cộng đủ 2 điểm cho mọi cơ quan, không công bố tử số, mẫu số"),
    },
    DECISION: {
        12: Population("completed_in_period", "paper_result_required",
                       "Hồ sơ hoàn thành trong kỳ của TTHC yêu cầu kết quả giấy"),
        13: _RECEIVED, 14: _RECEIVED, 16: _RECEIVED, 18: _RECEIVED,
        15: Population("received", "is_certification", "Hồ sơ chứng thực bản sao tiếp nhận trong kỳ"),
    },
}  # fmt: skip

# Dependencies between indicators: #8's ratio is multiplied by #4's (the share of online
# dossiers counts only as far as dossiers reach the portal). Read by the rules, the scorecard,
# the what-if and the goal-seek.
SCALED_BY: dict[int, int] = {8: 4}

PROFILE_NAMES: dict[str, str] = {
    PORTAL: "theo Cổng DVCQG",
    DECISION: "theo QĐ 766 (cách đọc năm 2022)",
}


def population(code: int, profile: str) -> Population:
    """The population of indicator ``code`` in ``profile`` (see :data:`PROFILES`).

    Raises
    ------
    KeyError
        When the indicator's population does not depend on the profile, or the profile is
        unknown (Vietnamese message).
    """
    if profile not in PROFILES:
        raise KeyError(f"Không có bộ quy tắc '{profile}' (chọn: {', '.join(PROFILES)}).")
    return PROFILES[profile][code]


def population_text(code: int, profile: str) -> str:
    """Vietnamese description of indicator ``code``'s denominator in ``profile``."""
    declared = PROFILES.get(profile, {}).get(code)
    return declared.text if declared is not None else get(code).population


def is_flat(code: int, profile: str) -> bool:
    """True when ``profile`` awards indicator ``code`` flat points (no numerator or denominator)."""
    declared = PROFILES.get(profile, {}).get(code)
    return declared is not None and declared.flat


_BY_CODE = {indicator.code: indicator for indicator in INDICATORS}
_BY_SLUG = {indicator.slug: indicator for indicator in INDICATORS}
CODES: tuple[int, ...] = tuple(_BY_CODE)


def get(key: int | str) -> Indicator:
    """Return the indicator with number ``key`` (1-21) or English slug ``key``.

    Raises
    ------
    KeyError
        With a Vietnamese message when no indicator has that number or slug.
    """
    found = _BY_CODE.get(key) if isinstance(key, int) else _BY_SLUG.get(key)
    if found is None:
        raise KeyError(f"Không có chỉ số '{key}' (chỉ số được đánh số 1–21).")
    return found


def group(code: str) -> Group:
    """Return the group (I-V, or a portal group III.1/III.2) with that code."""
    for candidate in GROUPS + PORTAL_GROUPS:
        if candidate.code == code:
            return candidate
    raise KeyError(f"Không có nhóm chỉ số '{code}'.")
