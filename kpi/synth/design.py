"""Designed rates of the synthetic department: every realism target is a named constant here.

The tests (``tests/test_synth.py``) recompute these rates from the generated sample year and
assert that they fall in the ranges documented in ``data/README.md``.
"""

from __future__ import annotations

# --- Volumes -------------------------------------------------------------------------------
SAMPLE_SEED = 766
SAMPLE_MONTHS = ("2024-01", "2024-12")
SAMPLE_DOSSIERS_PER_MONTH = 850  # mean over the year; seasonality moves each month around it
WARMUP_MONTHS = 2  # months generated before the first exported month (carry-over source)

# Month-of-year volume factor of the whole department (Tết in February 2024: 8–14/2).
MONTH_VOLUME = (1.15, 0.60, 1.10, 1.15, 1.05, 1.00, 0.95, 1.00, 1.05, 1.10, 0.95, 0.90)

# Month-of-year factors by activity (applied on top of MONTH_VOLUME, per field group).
SEASON = {
    # livestock moved before Tết (Jan, Dec), autumn restocking
    "animal": (1.35, 0.80, 0.95, 0.95, 0.90, 0.90, 0.90, 0.95, 1.05, 1.10, 1.05, 1.25),
    # two crop seasons: spring (winter–spring harvest) and summer–autumn
    "plant": (0.80, 0.80, 1.35, 1.30, 1.00, 0.85, 0.90, 1.15, 1.30, 1.10, 0.80, 0.70),
    # southern fishing season (vụ cá Nam) March–September
    "fish": (0.75, 0.70, 1.05, 1.20, 1.30, 1.30, 1.25, 1.20, 1.05, 0.85, 0.70, 0.70),
    # dry-season timber harvest and planting preparation
    "forest": (1.20, 0.90, 1.25, 1.20, 1.10, 0.95, 0.85, 0.80, 0.85, 0.90, 1.00, 1.10),
    "flat": (1.0,) * 12,
}

# Relative volume of one procedure by tier (H: quarantine-type mass procedures).
TIER_WEIGHT = {"H": 40.0, "M": 6.0, "L": 1.5, "R": 0.35}

# --- Processing -------------------------------------------------------------------------------
# Probability that a dossier is processed within its deadline, by unit. Kiểm lâm is weak until
# its remedial plan (kế hoạch chấn chỉnh) of September; Thủy lợi stays weak all year.
UNIT_ON_TIME = {
    "CNTY": 0.975, "TTBVTV": 0.965, "QLCL": 0.95, "KL": 0.74, "PTNT": 0.94, "TL": 0.76,
    "TS": 0.93, "KN": 0.96, "CANGCA": 0.965, "KHTC": 0.92, "QLCN": 0.94, "TCHC": 0.98,
}  # fmt: skip
KL_ON_TIME_FROM_SEPTEMBER = 0.87
FEBRUARY_ON_TIME_PENALTY = 0.04  # Tết backlog: every unit loses a few points in February
ON_TIME_OVERALL_RANGE = (0.88, 0.97)
WEAK_UNITS = ("KL", "TL")
WEAK_UNIT_ON_TIME_RANGE = (0.65, 0.87)

SUPPLEMENT_ONE_RATE = 0.08
SUPPLEMENT_TWO_RATE = 0.01
SUPPLEMENT_ABANDONED_RATE = 0.08  # of dossiers with a supplement: never completed → stopped
REJECTED_RATE = 0.012
WITHDRAWN_RATE = 0.005
RETURNED_SHARE = 0.85  # completed dossiers: returned (đã trả kết quả) vs done (đã xử lý xong)
MISSING_DUE_RATE = 0.03
MISSING_DUE_RATE_NO_TIME_LIMIT = 0.5  # dossiers of TTHC without max_processing_time

# --- Channels and payment ------------------------------------------------------------------
ONLINE_SHARE_JANUARY = 0.35
ONLINE_SHARE_DECEMBER = 0.70
UNIT_ONLINE_FACTOR = {"CANGCA": 0.55, "KL": 0.85}
POSTAL_RATE = 0.04  # of offline dossiers
BLANK_CHANNEL_RATE = 0.03  # of offline dossiers (blank = direct)
PAID_ONLINE_JANUARY = 0.25  # of dossiers of fee-bearing TTHC
PAID_ONLINE_DECEMBER = 0.70
PAID_ON_NATIONAL_PLATFORM = 0.6  # paid_online = 1 (DVCQG) rather than 2 (provincial portal)
FEE_NULL_RATE = 0.06
FEE_NULL_RATE_BY_UNIT = {"QLCL": 0.55}  # QLCL's fees are not synchronised: indicator 10
FEE_ZERO_RATE = 0.04  # exempted (miễn phí)
# Per fee-bearing TTHC: online payment not set up / fees never synchronised (indicators 9, 10).
NO_ONLINE_PAYMENT_PROCEDURE_RATE = 0.15
FEES_NOT_SYNCED_PROCEDURE_RATE = 0.12
FEES_NOT_SYNCED_UNITS = ("QLCL",)  # every fee-bearing TTHC of QLCL
# Per citizen TTHC: not connected to the population database (indicator 17).
NO_POPULATION_LINK_PROCEDURE_RATE = 0.15

# --- Synchronisation and digitisation ---------------------------------------------------------
SYNC_RATE = 0.985
SYNC_OUTAGE = ("2024-07-08", "2024-07-19")  # DVCQG connection incident
SYNC_RATE_DURING_OUTAGE = 0.70
ELECTRONIC_RESULT_RATE = 0.88  # of completed dossiers
ELECTRONIC_RESULT_RATE_BY_UNIT = {"TL": 0.65}
RESULT_CODE_WITHOUT_FILE_RATE = 0.02
DIGITIZED_RATE = 0.84
DIGITIZED_RATE_BY_UNIT = {"TS": 0.55}
REUSED_RATE = 0.45
PERSONAL_REPOSITORY_RATE = 0.22
RESULT_TO_REPOSITORY_RATE = 0.40  # of dossiers with an electronic result
VNEID_RATE_ONLINE = 0.65
VNEID_RATE_OFFLINE = 0.15
POPULATION_DB_RATE = 0.25
E_CERTIFIED_COPY_RATE = 0.6

# --- Satisfaction -----------------------------------------------------------------------------
RATING_RATE = 0.35  # of completed dossiers
DISLIKE_RATE = 0.04
DISLIKE_RATE_BY_UNIT = {"KL": 0.15, "TL": 0.12}
HAS_FEEDBACK_RATE = 0.003

# --- PAKN -------------------------------------------------------------------------------------
FEEDBACK_PER_1000_DOSSIERS = 10.0
FEEDBACK_UNIT_FACTOR = {"KL": 3.0, "TL": 2.0, "TS": 1.5}
FEEDBACK_TRANSFERRED_RATE = 0.35
FEEDBACK_REJECTED_RATE = 0.10
FEEDBACK_SUPPLEMENT_RATE = 0.15
FEEDBACK_LATE_ANSWER_RATE = 0.15
FEEDBACK_LATE_PUBLICATION_RATE = 0.15
FEEDBACK_REPEATED_RATE = 0.06

# --- Catalogue ----------------------------------------------------------------------------------
HAS_FEE_RATE = 0.40
PAPER_RESULT_RATE = 0.65
CITIZEN_SUBJECT_RATE = 0.50
ONLINE_LEVEL_SHARES = {"full": 0.45, "partial": 0.35, "none": 0.20}
TWO_ONLINE_SERVICES_RATE = 0.05
AMENDED_AT_START_RATE = 0.15
MISSING_COMPONENT_PROCEDURES = 8  # procedures with one of the seven components missing
NO_TIME_LIMIT_PROCEDURES = 2
DAY_UNIT_RATE = 0.08
HOUR_UNIT_RATE = 0.03

# --- Extract ------------------------------------------------------------------------------------
SOURCE_SYSTEM = "Hệ thống thông tin giải quyết TTHC tỉnh (dữ liệu mô phỏng)"
EXPORT_DAY = 5  # the extract of a month is exported on this day of the next month (07:00)
EXPORT_HOUR = 7
