"""Every Vietnamese string of the portal package: errors, notes of the checks, CLI text.

Kept in one place, keyed by English names; placeholders are filled with ``str.format``.
"""

from __future__ import annotations

# Fatal errors (PortalError). ``{path}`` is the file as the user can find it.
NO_FOLDER = "Không tìm thấy thư mục phản hồi của Cổng DVCQG {folder}."
NOT_A_FOLDER = "{folder} không phải là thư mục."
NO_JSON = "Thư mục {folder} không có tệp .json nào (phản hồi của Cổng DVCQG)."
OUTSIDE = (
    "{path} là liên kết tượng trưng (symlink) trỏ ra ngoài thư mục {folder}: không đọc thư mục này."
)
NOT_REGULAR = "Tệp {path} không phải tệp thông thường (thư mục, FIFO, thiết bị...): không đọc."
NO_FILE = "Không tìm thấy tệp {path}."
UNREADABLE = "Không đọc được tệp {path}: {detail}"
TOO_BIG = (
    "Tệp {path} quá lớn ({size} byte, tối đa {limit} byte): "
    "không giống một phản hồi của Cổng DVCQG, không đọc."
)
NOT_UTF8 = "Tệp {path} không phải văn bản UTF-8 (byte không hợp lệ ở vị trí {position})."
BAD_JSON = "Tệp {path} không phải JSON hợp lệ (dòng {line}, cột {column})."
NOT_FINITE = "Tệp {path} có giá trị số không hợp lệ '{value}' (JSON không cho phép NaN/Infinity)."
TOO_DEEP = "Tệp {path}: JSON lồng nhau quá sâu, không đọc."
NOT_OK = "Tệp {path}: Cổng DVCQG trả về mã '{code}' thay vì \"OK\"{detail}."
NOT_OK_DETAIL = " (thông báo: {message})"
MISSING_KEY = "Tệp {path}: thiếu khóa '{where}'."
WRONG_TYPE = "Tệp {path}: '{where}' phải là {expected}, không phải {kind}."
NOT_NUMBER = "Tệp {path}: '{where}' phải là số, không phải {value}."
EMPTY_ID = "Tệp {path}: '{where}' (departmentId) rỗng."
DUPLICATE_ID = "Tệp {path}: departmentId '{entity}' xuất hiện nhiều lần ('{where}')."
UNKNOWN_SHAPE = (
    "Tệp {path}: không nhận ra dạng phản hồi (cần data.overview và data.evaluation, "
    "hoặc data.parent và data.children)."
)
UNKNOWN_ENDPOINT = (
    "Tệp {path}: không nhận ra endpoint từ nội dung (không có mã chỉ tiêu hay trường số liệu "
    "nào đã biết)."
)
MIXED_ENDPOINTS = "Tệp {path}: nội dung lẫn số liệu của nhiều endpoint ({names})."
UNKNOWN_METRIC = (
    "Tệp {path}: '{where}' có mã chỉ tiêu chưa biết '{code}' được chấm điểm (maxScore {max}); "
    "cần cập nhật bảng mã chỉ tiêu của kpi766."
)

# JSON kinds, for WRONG_TYPE.
KINDS = {
    "dict": "một đối tượng {...}",
    "list": "một danh sách [...]",
    "str": "một chuỗi ký tự",
    "bool": "giá trị true/false",
    "NoneType": "null",
    "int": "một số",
    "float": "một số",
}
OBJECT = "một đối tượng {...}"
LIST = "một danh sách [...]"
TEXT = "một chuỗi ký tự"
ROOT = "(gốc)"
NUMBER = "một số"

# Notes of the arithmetic check (column ``note``).
NOTE_MISMATCH = "Điểm công bố {published} khác điểm tính lại {recomputed} (chênh {difference})."
NOTE_NULL_VS_VALUE = "Cổng không công bố điểm nhưng tính lại được {recomputed}."
NOTE_VALUE_VS_NULL = "Cổng công bố {published} điểm nhưng theo quy tắc thì không chấm điểm."
NOTE_NO_SCORE = "Mẫu số 0: không chấm điểm, khớp với Cổng (không có điểm)."
NOTE_ZERO_DENOMINATOR = "Mẫu số 0: điểm theo quy tắc mẫu số 0 ({policy})."
NOTE_BAD_COUNTS = "Số liệu công bố không nhất quán: {problem}"
NOTE_RATIO = "Tỷ lệ công bố {published} % khác tử số / mẫu số ({expected} %)."
NOTE_NO_COUNTS = "Cổng không công bố tử số, mẫu số: không tính lại được."
NOTE_FLAT_MAX = (
    "Cổng không công bố tử số, mẫu số và cộng đủ điểm tối đa ({max} điểm): không tính lại được."
)
NOTE_PART_OF_GROUP = "Cổng chỉ công bố điểm nhóm {group}; điểm chỉ số tính lại để đối chiếu nhóm."
NOTE_GROUP_FROM_PARTS = "Tổng điểm tính lại (đã làm tròn) của các chỉ số {parts}."
NOTE_GROUP_NO_PARTS = "Cổng không công bố số liệu thành phần của nhóm cho đơn vị này."
NOTE_GROUP_BAD_PART = "Có chỉ số thành phần không tính lại được ({parts})."
NOTE_DERIVED_6 = "Tử số = partialCount + fullCount, mẫu số = authorityCount (suy ra)."
NOTE_DERIVED_7 = "Tử số = onlineDossierCount, mẫu số = onlineServiceTotal (suy ra)."
NOTE_DERIVED_8 = (
    "Tử số = channelOnlineSum, mẫu số = channelTotalSum (suy ra; không nhân tỷ lệ đồng bộ #4)."
)
DERIVED_NOTES = {"6": NOTE_DERIVED_6, "7": NOTE_DERIVED_7, "8": NOTE_DERIVED_8}
POLICY_NAMES = {"no_score": "không chấm điểm", "zero": "0 điểm", "max": "điểm tối đa"}

# Notes of the group and sum checks.
NOTE_GROUP_TOTAL = "Tổng điểm nhóm khác tổng điểm (đã làm tròn) của các chỉ số."
NOTE_GROUP_MAX = "Điểm tối đa của nhóm khác tổng điểm tối đa của các chỉ số."
NOTE_GROUP_RATIO = "Tỷ lệ % của nhóm khác tổng điểm / điểm tối đa."
NOTE_SUM_GAP = "Số của tỉnh khác tổng các đơn vị ({difference:+g})."
NOTE_SUM_MISSING = "Có {count} đơn vị không có số liệu này."

# kpi766 portal: help, table text and headers.
HELP = "Đọc phản hồi JSON của Cổng DVCQG và kiểm tra lại số học của Cổng."
DESCRIPTION = (
    "Đọc mọi tệp .json trong thư mục (phản hồi của trang Đánh giá chất lượng phục vụ), tính "
    "lại từng điểm công bố từ tử số và mẫu số, đối chiếu tỷ lệ %, tổng điểm nhóm và số của "
    "tỉnh với tổng các đơn vị. Mã thoát: 0 mọi số liệu khớp, 1 có số liệu công bố không khớp, "
    "2 không đọc được tệp."
)
HELP_PORTAL = "thư mục chứa các tệp JSON đã lưu từ Cổng DVCQG"
HELP_FORMAT = "định dạng kết quả (mặc định: table)"
HELP_PARAMS = "tệp tham số chấm điểm (scoring.yaml)"
HELP_ALL = "in mọi dòng số liệu (mặc định chỉ in các dòng không khớp)"

TITLE = "Đối chiếu số liệu công bố của Cổng DVCQG — thư mục {folder}"
FILES = "Đã đọc {n} tệp:"
FILE_LINE = "  {path} — {endpoint} ({period}, {scope}): {rows} dòng"
ROWS_LINE = (
    "Số dòng: {rows}. Điểm chỉ số tính lại được và đã đối chiếu: {checked} — "
    "khớp {matches}, không khớp {mismatches}."
)
RATIOS_LINE = (
    "Tỷ lệ (%) công bố đối chiếu với tử số / mẫu số: {checked} — khớp {tied}, không khớp {failed}."
)
GROUPS_LINE = (
    "Tổng điểm nhóm (theo tệp và đơn vị) đã đối chiếu: {checked} — khớp {tied}, "
    "không khớp {failed}."
)
SUMS_LINE = (
    "Số của tỉnh so với tổng các đơn vị: {checked} phép cộng — khớp {tied}, "
    "không khớp {failed} (chỉ để tham khảo: số TTHC và PAKN không cộng dồn theo đơn vị)."
)
MISMATCHES = "Số liệu không khớp ({n}):"
GROUP_MISMATCHES = "Tổng điểm nhóm không khớp ({n}):"
SUM_GAPS = "Số của tỉnh khác tổng các đơn vị ({n}):"
ALL_ROWS = "Mọi dòng số liệu ({n}):"
ALL_MATCH = "Kết luận: mọi số liệu công bố đã đối chiếu đều khớp."
SOME_FAIL = "Kết luận: có {n} số liệu công bố không khớp (điểm, tỷ lệ hoặc tổng nhóm)."
MATCH_WORDS = {True: "khớp", False: "không khớp"}
PERIOD_NAMES = {
    "day": "ngày", "week": "tuần", "month": "tháng", "quarter": "quý", "half": "6 tháng",
    "year": "năm",
}  # fmt: skip
UNKNOWN_PERIOD = "kỳ không rõ"
COUNT_NAMES = {"numerator": "tử số", "denominator": "mẫu số"}
SCOPE_NAMES = {"all": "tất cả TTHC", "formality": "một TTHC"}

COLUMNS = {
    "entity_id": "Mã định danh",
    "entity_code": "Mã đơn vị",
    "entity_name": "Đơn vị",
    "entity_type": "Loại đơn vị",
    "endpoint": "Endpoint",
    "period_type": "Loại kỳ",
    "indicator": "Chỉ số",
    "numerator": "Tử số",
    "denominator": "Mẫu số",
    "ratio_pct": "Tỷ lệ (%)",
    "score": "Điểm công bố",
    "max_points": "Điểm tối đa",
    "recomputed": "Điểm tính lại",
    "matches": "Khớp điểm",
    "ratio_matches": "Khớp tỷ lệ",
    "scope": "Phạm vi",
    "is_parent": "Cấp tỉnh",
    "path": "Tệp",
    "note": "Ghi chú",
    "group": "Nhóm",
    "published_total": "Tổng công bố",
    "computed_total": "Tổng tính lại",
    "published_max": "Tối đa công bố",
    "computed_max": "Tối đa tính lại",
    "field": "Trường số liệu",
    "province": "Số của tỉnh",
    "children_sum": "Tổng các đơn vị",
    "difference": "Chênh lệch",
}

# --- kpi766 reconcile ----------------------------------------------------------------------
CLASS_NAMES = {
    "match": "khớp",
    "rounding": "làm tròn",
    "definition": "khác định nghĩa",
    "data": "khác dữ liệu",
    "timing": "khác thời điểm",
    "not_comparable": "không so sánh được",
}
CAUSE_NAMES = {
    "data": "Cổng chưa nhận hồ sơ (chưa đồng bộ lên Cổng DVCQG)",
    "timing": "thời điểm đồng bộ khác thời điểm tính (Cổng chụp số liệu lúc khác)",
}
EFFECT_BOTH = "ra khỏi tử số và mẫu số"
EFFECT_DENOMINATOR = "ra khỏi mẫu số"
EFFECT_NUMERATOR = "ra khỏi tử số"
EFFECT_INTO_NUMERATOR = "vào tử số (đã đồng bộ khi Cổng chụp số liệu)"
SYNCED_AFTER_CAPTURE = "đồng bộ lên Cổng DVCQG sau thời điểm chụp số liệu của Cổng"
GAP_PROVINCE = (
    "Cổng hiển thị số liệu của cả tỉnh cho chỉ số này trên dòng của mọi sở, ngành và xã: "
    "số liệu riêng của cơ quan không có trên Cổng."
)
GAP_ONLINE_SCOPE = (
    "Cổng chia cho số TTHC thuộc phạm vi cung cấp DVCTT của Cổng (authorityCount), hẹp hơn "
    "danh mục TTHC của cơ quan; định nghĩa của Cổng chưa được công bố."
)
ONLY_GROUP = "Cổng chỉ công bố điểm nhóm {group} cho cơ quan: xem dòng nhóm {group}."
NOTHING_PUBLISHED = "Cổng không công bố số liệu của chỉ số này cho cơ quan."
BOTH_NO_SCORE = "Cả hai bên đều không chấm điểm."
NO_RECORDS = "Trích xuất không có bảng dữ liệu của chỉ số này."
ROUNDING = "Cùng tử số, mẫu số; điểm chênh 0,01 do Cổng làm tròn tỷ lệ trước khi tính điểm."
SAME_COUNTS_OTHER_POINTS = "Cùng tử số, mẫu số nhưng điểm khác: Cổng tính điểm theo cách khác."
EXPLAINED_DATA = (
    "Cổng chưa nhận một số hồ sơ (chưa đồng bộ lên Cổng DVCQG): bỏ các hồ sơ đó thì số liệu "
    "của cơ quan bằng số của Cổng."
)
ALSO_TIMING = " Ngoài ra có chênh lệch do thời điểm đồng bộ (Cổng chụp số liệu lúc khác)."
EXPLAINED_TIMING = (
    "Cổng chụp số liệu vào thời điểm khác thời điểm tính điểm: có hồ sơ đồng bộ sau khi Cổng "
    "chụp số liệu, hoặc đồng bộ sau cuối kỳ nhưng trước khi Cổng chụp; tính theo thời điểm "
    "chụp thì số liệu của cơ quan bằng số của Cổng."
)
UNEXPLAINED = (
    "Chênh lệch chưa giải thích được bằng hồ sơ của cơ quan (còn lệch: {residual}): cần đối "
    "chiếu danh sách hồ sơ với Cổng."
)
POINTS = "điểm"
NOTE_NO_CAPTURE_TIME = (
    "Không rõ thời điểm chụp số liệu của Cổng (--captured-at hoặc capture.yaml): chưa xét hồ "
    "sơ đồng bộ muộn."
)
NOTE_NO_SYNC_TIME = (
    "Trích xuất không có thời điểm đồng bộ (cột synced_at): chưa xét hồ sơ đồng bộ muộn."
)
NO_ENTITY_CONFIGURED = (
    "Chưa biết cơ quan trên Cổng DVCQG: khai báo mục 'portal' (department_id, department_code, "
    "department_name) trong params/units.yaml, hoặc dùng --entity."
)
NO_ENTITY = (
    "Không tìm thấy cơ quan '{keys}' trong phản hồi của Cổng DVCQG. Xem danh sách đơn vị bằng "
    "'kpi766 portal --portal THƯ_MỤC --all'."
)
MANY_ENTITIES = "'{key}' khớp với nhiều đơn vị trên Cổng DVCQG: {names}. Dùng departmentId."
NO_PERIOD_ROWS = (
    "Phản hồi của Cổng DVCQG không có số liệu kỳ '{period_type}' (phạm vi tất cả TTHC) cho "
    "cơ quan này."
)
REPEATED_FILES = (
    "Thư mục có nhiều phản hồi cho cùng kỳ và cùng chỉ số ({files}): để lại một lần chụp."
)
PERIOD_NOT_PUBLISHED = "Cổng DVCQG không công bố số liệu cho kỳ tùy chọn {period}."
BAD_CAPTURE_TIME = (
    "Thời điểm chụp số liệu '{value}' ({where}) không đọc được: ghi như 2024-07-03T08:00."
)
BAD_CAPTURE_NOTE = "Tệp {path} không đọc được: {detail}"
CAPTURE_OTHER_PERIOD = "Thư mục {path} ghi số liệu của kỳ {noted}, không phải kỳ {period}."
UNKNOWN_TIME = "không rõ"
MORE = " … và {n} hồ sơ khác"
RECORD_LINE = "  #{indicator} — {cause}, {effect}: {n} hồ sơ ({ids})"
RECONCILE_TITLE = "Đối chiếu với Cổng DVCQG — {agency}, kỳ {period} (bộ quy tắc theo Cổng DVCQG)"
RECONCILE_ENTITY = "Dòng của Cổng: {name} (mã {code}, departmentId {id})"
RECONCILE_TIMES = "Điểm của cơ quan tính đến {as_of}; số liệu Cổng chụp lúc {captured}."
EXPLANATIONS = "Giải thích chênh lệch:"
GROUPS_5 = "Tổng điểm theo 5 nhóm của Quyết định 766:"
GROUPS_6 = "Tổng điểm theo 6 nhóm của Cổng DVCQG:"
RECORDS_TITLE = "Hồ sơ gây chênh lệch ({n} dòng):"
RECONCILE_VERDICT = "Kết luận: {counts}."

RECONCILE_COLUMNS = {
    "indicator": "Chỉ số",
    "name": "Tên",
    "portal_group": "Nhóm (Cổng)",
    "max_points": "Điểm tối đa",
    "ours_numerator": "Tử số (CQ)",
    "ours_denominator": "Mẫu số (CQ)",
    "ours_ratio_pct": "Tỷ lệ % (CQ)",
    "ours_points": "Điểm (CQ)",
    "predicted_numerator": "Tử số dự báo",
    "predicted_denominator": "Mẫu số dự báo",
    "predicted_points": "Điểm dự báo",
    "portal_numerator": "Tử số (Cổng)",
    "portal_denominator": "Mẫu số (Cổng)",
    "portal_ratio_pct": "Tỷ lệ % (Cổng)",
    "portal_points": "Điểm (Cổng)",
    "numerator_gap": "Chênh tử số",
    "denominator_gap": "Chênh mẫu số",
    "points_gap": "Chênh điểm",
    "class": "Phân loại",
    "explanation": "Giải thích",
    "group": "Nhóm",
    "cause": "Nguyên nhân",
    "record_id": "Mã hồ sơ",
    "unit": "Đơn vị",
    "effect": "Ảnh hưởng",
}
RECONCILE_SHEETS = {
    "indicators": "Đối chiếu chỉ số",
    "groups": "Đối chiếu 5 nhóm",
    "portal_groups": "Đối chiếu 6 nhóm",
    "records": "Hồ sơ gây chênh lệch",
}
NOT_A_MAPPING = "nội dung phải là các cặp khóa: giá trị (captured_at, period)"
NOTEBOOK_NO_PORTAL = (
    "Lần chạy này không có thư mục phản hồi của Cổng DVCQG (`--portal`, tham số `portal_dir`): "
    "không đối chiếu."
)
NOTEBOOK_INTRO = (
    "Dòng của Cổng: **{name}** (mã {code}); số liệu Cổng chụp lúc {captured}. Điểm của cơ quan "
    "theo bộ quy tắc của Cổng DVCQG, đặt cạnh số Cổng công bố; mỗi chênh lệch được phân loại. "
    "Kết quả: {counts}."
)
NOTEBOOK_RESCORED = (
    "*Cổng chỉ công bố số liệu của cả cơ quan, theo cách đếm của Cổng: phần này chấm lại toàn "
    "cơ quan theo bộ quy tắc của Cổng DVCQG.*"
)
NOTEBOOK_ALL_MATCH = "Mọi chỉ số đều khớp với Cổng."
NOTEBOOK_RECORDS = "Hồ sơ gây chênh lệch ({n} dòng): mỗi hồ sơ, chỉ số và nguyên nhân."
NOTEBOOK_NO_RECORDS = "Không có hồ sơ nào gây chênh lệch."
