"""Reading the national portal's JSON responses (tests/fixtures/portal: 22 real captures)."""

from __future__ import annotations

import copy
import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from kpi.portal import read as portal_read
from kpi.portal.read import (
    ENDPOINTS,
    ROW_COLUMNS,
    PortalCapture,
    PortalError,
    read_file,
    read_folder,
)
from tests.conftest import FIXTURES

PORTAL = FIXTURES / "portal"
FILES = sorted(path.relative_to(PORTAL).as_posix() for path in PORTAL.rglob("*.json"))
PROVINCE_ID = "019d2be3-6a88-732b-8b17-b68020c8553a"  # UBND tỉnh Phú Thọ, H44
TRADE_ID = "019d2be3-6a88-732b-8b17-c2db58b51fef"  # Sở Công Thương, H44.07
VIET_TRI_ID = "019d2be3-6ab4-74ce-8a81-1708de733a98"  # UBND Phường Việt Trì, H44.100


@pytest.fixture(scope="module")
def capture() -> PortalCapture:
    return read_folder(PORTAL)


def one(capture: PortalCapture, path: str, entity: str, indicator: str) -> dict[str, Any]:
    """The single row of ``path`` for ``entity`` and ``indicator``."""
    rows = capture.rows
    found = rows[
        (rows["path"] == path) & (rows["entity_id"] == entity) & (rows["indicator"] == indicator)
    ]
    assert len(found) == 1, (path, entity, indicator, len(found))
    return found.iloc[0].to_dict()


def missing(value: Any) -> bool:
    return value is None or pd.isna(value)


# --- every file, endpoint from the content -------------------------------------------------


def test_every_fixture_file_is_read_with_its_endpoint_from_the_content(capture) -> None:
    assert len(FILES) == 22
    assert [file.path for file in capture.files] == FILES  # sorted by relative path
    for file in capture.files:
        folder, name = file.path.split("/")
        assert file.endpoint == folder  # the fixtures are laid out by endpoint
        assert file.period_type == name.split("-")[0]
        assert file.scope == name.removesuffix(".json").split("-")[1]
        raw = (PORTAL / file.path).read_bytes()
        assert file.sha256 == hashlib.sha256(raw).hexdigest()
    assert {file.endpoint for file in capture.files} == set(ENDPOINTS)
    assert list(capture.rows.columns[: len(ROW_COLUMNS)]) == ROW_COLUMNS
    assert set(capture.rows["path"]) == set(FILES)
    assert len(capture.rows) == 11820 and len(capture.counts) == 5948


def test_endpoint_ignores_a_misleading_file_name(tmp_path: Path) -> None:
    """The endpoint comes from the content; period type and scope fall back to the name."""
    liar = tmp_path / "dvc-progress-tree" / "quarter-formality.json"
    liar.parent.mkdir()
    shutil.copy(PORTAL / "transparency" / "month-all.json", liar)
    flat = tmp_path / "x.json"  # a name that says nothing
    shutil.copy(PORTAL / "formality-online-payment-tree" / "quarter-all.json", flat)
    capture = read_folder(tmp_path)
    by_path = {file.path: file for file in capture.files}
    assert by_path["dvc-progress-tree/quarter-formality.json"].endpoint == "transparency"
    assert by_path["dvc-progress-tree/quarter-formality.json"].period_type == "quarter"
    assert by_path["dvc-progress-tree/quarter-formality.json"].scope == "formality"
    assert by_path["x.json"].endpoint == "formality-online-payment-tree"
    assert by_path["x.json"].period_type is None and by_path["x.json"].scope == "all"
    assert set(capture.rows.loc[capture.rows["path"] == "x.json", "period_type"].isna()) == {True}


def test_every_fixture_recognised_under_anonymous_names(tmp_path: Path) -> None:
    for position, name in enumerate(FILES):
        shutil.copy(PORTAL / name, tmp_path / f"capture{position:02d}.json")
    endpoints = [file.endpoint for file in read_folder(tmp_path).files]
    assert endpoints == [name.split("/")[0] for name in FILES]


def test_content_period_type_and_formality_id_win_over_the_name(tmp_path: Path) -> None:
    document = json.loads((PORTAL / "dvc-progress-tree" / "month-all.json").read_text("utf-8"))
    document["data"]["periodType"] = "YEAR"
    document["data"]["formalityId"] = "1.001"
    path = tmp_path / "month-all.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    file, rows, _ = read_file(path)
    assert (file.period_type, file.scope) == ("year", "formality")
    assert set(rows["period_type"]) == {"year"} and set(rows["scope"]) == {"formality"}


# --- values read by hand from the files ----------------------------------------------------


def test_province_on_time_from_dvc_progress_tree(capture) -> None:
    row = one(capture, "dvc-progress-tree/month-all.json", PROVINCE_ID, "5")
    assert (row["numerator"], row["denominator"]) == (144625, 184513)  # totalOnTime, totalReceived
    assert (row["ratio_pct"], row["score"], row["max_points"]) == (78.38, 15.68, 20)
    assert (row["entity_code"], row["entity_type"], row["is_parent"]) == ("H44", "PROVINCE", True)


def test_commune_on_time_from_a_child(capture) -> None:
    row = one(capture, "dvc-progress-tree/quarter-all.json", VIET_TRI_ID, "5")
    assert (row["numerator"], row["denominator"], row["ratio_pct"]) == (5830, 6684, 87.22)
    assert (row["score"], row["max_points"]) == (17.44, 20)  # a child's score and maxScore
    assert (row["entity_code"], row["entity_type"]) == ("H44.100", "COMMUNE_PEOPLE_COMMITTEE")


def test_named_department_digitised_dossiers(capture) -> None:
    row = one(capture, "dossier-digitized/quarter-all.json", TRADE_ID, "13")
    assert row["entity_name"] == "Sở Công Thương - Tỉnh Phú Thọ"
    assert (row["numerator"], row["denominator"], row["ratio_pct"]) == (449, 1271, 35.33)
    assert (row["score"], row["max_points"]) == (1.41, 4)
    assert row["entity_type"] == "PROVINCIAL_DEPARTMENT"
    assert one(capture, "dossier-digitized/quarter-all.json", TRADE_ID, "17")["denominator"] == 74


def test_null_score_stays_null_not_zero(capture) -> None:
    office = "019d2be3-6a88-732b-8b17-bb1e9a3f14ab"  # Văn phòng UBND Tỉnh: no dossier in the month
    row = one(capture, "dossier-digitized/month-all.json", office, "12")
    assert (row["numerator"], row["denominator"]) == (0, 0)
    assert missing(row["score"]) and missing(row["ratio_pct"])
    assert one(capture, "dossier-digitized/month-all.json", office, "17")["score"] == 0  # a real 0
    announced = one(capture, "transparency/month-all.json", PROVINCE_ID, "1")
    assert missing(announced["score"]) and announced["denominator"] == 0
    zero = one(capture, "transparency/quarter-all.json", PROVINCE_ID, "1")
    assert (zero["numerator"], zero["denominator"], zero["score"]) == (0, 54, 0)


def test_certified_copies_have_no_counts_and_two_points(capture) -> None:
    row = one(capture, "dossier-digitized/month-formality.json", PROVINCE_ID, "15")
    assert missing(row["numerator"]) and missing(row["denominator"])
    assert (row["ratio_pct"], row["score"], row["max_points"]) == (100, 2, 2)
    fifteen = capture.rows[capture.rows["indicator"] == "15"]
    assert len(fifteen) == 656 and set(fifteen["score"]) == {2.0}
    assert fifteen["numerator"].isna().all()


def test_transparency_rows(capture) -> None:
    full = one(capture, "transparency/month-all.json", PROVINCE_ID, "3")
    assert (full["numerator"], full["denominator"], full["ratio_pct"], full["score"]) == (
        87,
        89,
        97.75,
        1.96,
    )
    sync = one(capture, "transparency/quarter-all.json", TRADE_ID, "4")
    assert (sync["numerator"], sync["denominator"], sync["score"], sync["max_points"]) == (
        656,
        656,
        6,
        6,
    )


def test_satisfaction_rows_skip_unscored_metrics(capture) -> None:
    path = "handling-satisfaction/quarter-all.json"
    dossiers = one(capture, path, PROVINCE_ID, "21")
    assert (dossiers["numerator"], dossiers["denominator"], dossiers["score"]) == (
        402886,
        464494,
        5.78,
    )
    assert one(capture, path, PROVINCE_ID, "19")["score"] == 3.61
    assert (
        one(capture, path, VIET_TRI_ID, "20")["denominator"],
        one(capture, path, VIET_TRI_ID, "20")["score"],
    ) == (3, 0)
    indicators = set(capture.rows.loc[capture.rows["path"] == path, "indicator"])
    assert indicators == {"19", "20", "21"}  # PETITION_CLASSIFICATION_* (maxScore 0) skipped


def test_online_payment_group_and_its_counts(capture) -> None:
    path = "formality-online-payment-tree/quarter-all.json"
    group = one(capture, path, VIET_TRI_ID, "III.2")
    assert (group["score"], group["max_points"], group["ratio_pct"]) == (6.68, 10, 66.8)
    assert missing(group["numerator"]) and missing(group["denominator"])
    nine, ten, eleven = (one(capture, path, VIET_TRI_ID, code) for code in ("9", "10", "11"))
    assert (nine["numerator"], nine["denominator"]) == (17, 37)
    assert (ten["numerator"], ten["denominator"]) == (10, 37)
    assert (eleven["numerator"], eleven["denominator"]) == (3082, 3816)
    assert all(missing(row["score"]) and missing(row["max_points"]) for row in (nine, ten, eleven))
    parent = one(capture, "formality-online-payment-tree/month-all.json", PROVINCE_ID, "III.2")
    assert (parent["score"], parent["ratio_pct"]) == (6.34, 63.4)


def test_online_service_group_counts_only_on_the_parent(capture) -> None:
    path = "provide-online-tree/quarter-all.json"
    group = one(capture, path, PROVINCE_ID, "III.1")
    assert (group["score"], group["max_points"], group["ratio_pct"]) == (8.41, 12, 70.08)
    derived = {code: one(capture, path, PROVINCE_ID, code) for code in ("6", "7", "8")}
    assert (derived["6"]["numerator"], derived["6"]["denominator"]) == (52, 89)  # 31 + 21
    assert (derived["7"]["numerator"], derived["7"]["denominator"]) == (449, 1884)
    assert (derived["8"]["numerator"], derived["8"]["denominator"]) == (435258, 440558)
    child = capture.rows[(capture.rows["path"] == path) & (capture.rows["entity_id"] == TRADE_ID)]
    assert list(child["indicator"]) == ["III.1"] and list(child["score"]) == [6.66]


def test_counts_keep_the_raw_additive_fields(capture) -> None:
    counts = capture.counts
    mine = counts[(counts["path"] == "dvc-progress-tree/month-all.json")]
    parent = dict(
        zip(mine.loc[mine["is_parent"], "field"], mine.loc[mine["is_parent"], "value"], strict=True)
    )
    assert parent == {"totalReceived": 184513, "totalOnTime": 144625, "totalCompleted": 147765}
    child = mine[mine["entity_id"] == TRADE_ID]
    assert set(child["field"]) == {"totalReceived", "totalOnTime", "totalOverdue"}
    online = counts[(counts["path"] == "provide-online-tree/month-all.json")]
    assert online["is_parent"].all() and len(online) == 11  # children carry no counts
    assert online.set_index("field").at["authorityCount", "value"] == 89
    assert set(counts["endpoint"]) == {
        "dvc-progress-tree",
        "provide-online-tree",
        "formality-online-payment-tree",
    }


def test_entity_code_joined_from_other_files(capture, tmp_path: Path) -> None:
    path = "transparency/quarter-all.json"
    assert one(capture, path, TRADE_ID, "4")["entity_code"] == "H44.07"  # the file has no code
    assert capture.rows["entity_code"].notna().all()
    _, alone, _ = read_file(PORTAL / path)
    assert alone["entity_code"].isna().all()  # read alone: nothing to join
    for name in (path, "dvc-progress-tree/month-all.json"):  # shape A + shape B only
        (tmp_path / name).parent.mkdir(exist_ok=True)
        shutil.copy(PORTAL / name, tmp_path / name)
    joined = read_folder(tmp_path)
    assert one(joined, path, VIET_TRI_ID, "1")["entity_code"] == "H44.100"


def test_entity_types_agree_across_shapes(capture) -> None:
    """The mapping of shape B's ``level`` gives the same type as shape A's departmentType."""
    types = capture.rows.groupby("entity_id")["entity_type"].nunique()
    assert (types == 1).all() and len(types) == 164
    assert capture.rows["entity_type"].value_counts().to_dict() == {
        "COMMUNE_PEOPLE_COMMITTEE": 10656,
        "PROVINCIAL_DEPARTMENT": 1080,
        "PROVINCE": 84,
    }


def test_read_file_returns_one_file(capture) -> None:
    file, rows, counts = read_file(PORTAL / "dvc-progress-tree" / "quarter-all.json")
    assert file.endpoint == "dvc-progress-tree" and len(rows) == 164
    assert set(counts["field"]) == {
        "totalReceived",
        "totalOnTime",
        "totalCompleted",
        "totalOverdue",
    }
    assert rows["numerator"].dtype == "Float64"


def test_numbers_written_as_strings_are_numbers(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps(shape_a_document(numerator="12", denominator=" 20 ")), "utf-8")
    _, rows, _ = read_file(path)
    assert (rows.at[0, "numerator"], rows.at[0, "denominator"]) == (12, 20)


# --- hostile and broken files ---------------------------------------------------------------


def shape_a_document(**metric: Any) -> dict[str, Any]:
    """A minimal valid ``transparency`` response (one province, one department)."""
    base = {"code": "DOSSIER_SYNC", "numerator": 5, "denominator": 10, "ratio": 50,
            "score": 3, "maxScore": 6, **metric}  # fmt: skip
    entity = {"departmentId": "d-1", "departmentName": "Sở A", "totalScore": 3,
              "totalMaxScore": 6, "ratio": 50, "metrics": [base]}  # fmt: skip
    overview = {**copy.deepcopy(entity), "departmentId": "p-1", "departmentType": "PROVINCE"}
    return {"code": "OK", "data": {"overview": overview, "evaluation": [entity]}}


def _with(change) -> bytes:
    document = shape_a_document()
    change(document)
    return json.dumps(document).encode()


def _no_metrics(document: dict[str, Any]) -> None:
    document["data"]["overview"]["metrics"] = []
    document["data"]["evaluation"] = []


def _nested(depth: int) -> bytes:
    return b'{"code": "OK", "data": ' + b"[" * depth + b"]" * depth + b"}"


HOSTILE: dict[str, tuple[bytes, str]] = {
    "invalid-json": (b'{"code": "OK", "data": {', "không phải JSON hợp lệ"),
    "not-object": (b"[1, 2, 3]", "phải là một đối tượng"),
    "code-not-ok": (
        '{"code": "UNAUTHORIZED", "message": "Hết phiên", "data": null}'.encode(),
        "UNAUTHORIZED",
    ),
    "missing-data": (b'{"code": "OK", "message": "OK"}', "thiếu khóa 'data'"),
    "data-not-object": (b'{"code": "OK", "data": []}', "'data' phải là một đối tượng"),
    "evaluation-not-list": (
        _with(lambda d: d["data"].update(evaluation={"a": 1})),
        "'data.evaluation' phải là một danh sách",
    ),
    "metric-without-code": (
        _with(lambda d: d["data"]["evaluation"][0]["metrics"][0].pop("code")),
        "data.evaluation[0].metrics[0].code",
    ),
    "number-as-text": (
        _with(lambda d: d["data"]["evaluation"][0]["metrics"][0].update(numerator="mười")),
        "data.evaluation[0].metrics[0].numerator",
    ),
    "number-as-bool": (
        _with(lambda d: d["data"]["overview"]["metrics"][0].update(score=True)),
        "data.overview.metrics[0].score",
    ),
    "nan": (
        b'{"code": "OK", "data": {"parent": {"departmentId": "p", "totalReceived": NaN},'
        b' "children": []}}',
        "NaN",
    ),
    "missing-id": (
        _with(lambda d: d["data"]["evaluation"][0].pop("departmentId")),
        "data.evaluation[0].departmentId",
    ),
    "duplicate-id": (
        _with(lambda d: d["data"]["evaluation"].append(d["data"]["evaluation"][0])),
        "xuất hiện nhiều lần",
    ),
    "unknown-shape": (b'{"code": "OK", "data": {"items": []}}', "không nhận ra dạng phản hồi"),
    "unknown-endpoint": (_with(_no_metrics), "không nhận ra endpoint"),
    "unknown-metric": (
        _with(lambda d: d["data"]["overview"]["metrics"][0].update(code="NEW_SCORE")),
        "NEW_SCORE",
    ),
    "mixed-endpoints": (
        _with(
            lambda d: d["data"]["overview"]["metrics"][0].update(code="PETITION_PROCESSING_ON_TIME")
        ),
        "nhiều endpoint",
    ),
    "shape-b-unknown": (
        b'{"code": "OK", "data": {"parent": {"departmentId": "p"}, "children": []}}',
        "không nhận ra endpoint",
    ),
    "children-not-objects": (
        b'{"code": "OK", "data": {"parent": {"departmentId": "p", "totalReceived": 1},'
        b' "children": [1]}}',
        "'data.children[0]' phải là một đối tượng",
    ),
    "not-utf8": (b'{"code": "OK", "data": {"x": "Ph\xfa Th\xf4"}}', "không phải văn bản UTF-8"),
    "deeply-nested": (_nested(200_000), "lồng nhau quá sâu"),
}


def write_hostile(folder: Path, case: str) -> Path:
    """``folder/<case>.json`` with the bytes of a hostile case; returns the path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{case}.json"
    path.write_bytes(HOSTILE[case][0])
    return path


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_file_gives_a_portal_error_naming_the_file(tmp_path: Path, case: str) -> None:
    path = write_hostile(tmp_path / "capture", case)
    with pytest.raises(PortalError) as caught:
        read_folder(tmp_path / "capture")
    message = str(caught.value)
    assert f"{case}.json" in message and HOSTILE[case][1] in message
    with pytest.raises(PortalError, match=case):
        read_file(path)


def test_read_file_of_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PortalError, match="Không tìm thấy tệp .*absent.json"):
        read_file(tmp_path / "absent.json")
    with pytest.raises(PortalError, match="không phải tệp thông thường"):
        read_file(tmp_path)


def test_a_file_over_the_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with open(path, "wb") as handle:  # sparse: no 50 MB written to disk
        handle.truncate(portal_read.MAX_FILE_BYTES + 1)
    with pytest.raises(PortalError, match="huge.json.*quá lớn"):
        read_folder(tmp_path)


def test_empty_or_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(PortalError, match="không có tệp .json"):
        read_folder(tmp_path)
    (tmp_path / "notes.txt").write_text("không phải JSON", "utf-8")
    (tmp_path / ".hidden.json").write_text("{}", "utf-8")  # hidden files are skipped
    with pytest.raises(PortalError, match="không có tệp .json"):
        read_folder(tmp_path)
    with pytest.raises(PortalError, match="Không tìm thấy thư mục"):
        read_folder(tmp_path / "absent")
    with pytest.raises(PortalError, match="không phải là thư mục"):
        read_folder(tmp_path / "notes.txt")


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_symlink_pointing_outside_refuses_the_folder(tmp_path: Path) -> None:
    outside = tmp_path / "outside.json"
    shutil.copy(PORTAL / "dvc-progress-tree" / "month-all.json", outside)
    folder = tmp_path / "capture"
    folder.mkdir()
    shutil.copy(PORTAL / "dvc-progress-tree" / "quarter-all.json", folder / "quarter-all.json")
    (folder / "inside.json").symlink_to(folder / "quarter-all.json")  # inside: read
    assert len(read_folder(folder).files) == 2
    (folder / "month-all.json").symlink_to(outside)
    with pytest.raises(PortalError, match="month-all.json.*ra ngoài"):
        read_folder(folder)
    (folder / "month-all.json").unlink()
    (folder / "sub").symlink_to(tmp_path, target_is_directory=True)  # a folder link out
    with pytest.raises(PortalError, match="sub.*ra ngoài"):
        read_folder(folder)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.json")
    with pytest.raises(PortalError, match="pipe.json.*không phải tệp thông thường"):
        read_folder(tmp_path)
