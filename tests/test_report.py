"""The archived audit as inspectors read it: charts, the verdict first, a report without code."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import nbformat
import pytest

from kpi import paths
from kpi.runner import run_audit, validate_parameters

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    """The bundled sample's June 2024 audit, compared with May (the default ``auto``)."""
    parameters = validate_parameters({"period": "2024-06"})
    return run_audit(parameters, out_root=tmp_path_factory.mktemp("outputs"), progress=False)


def charts(book: nbformat.NotebookNode) -> dict[str, bytes]:
    """The PNG charts a notebook's outputs hold, by kind (``<Biểu đồ kind: …>`` text form)."""
    found = {}
    for cell in book.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            text = data.get("text/plain", "")
            if "image/png" in data and (match := re.match(r"<Biểu đồ (\w+):", text)):
                found[match[1]] = base64.b64decode(data["image/png"])
    return found


def test_executed_audit_shows_its_charts(run_dir):
    found = charts(nbformat.read(run_dir / "audit.ipynb", as_version=4))
    assert set(found) == {"groups", "unit_heatmap"}
    assert all(png.startswith(PNG) and len(png) > 10_000 for png in found.values())


def test_audit_html_embeds_the_charts(run_dir):
    page = (run_dir / "audit.html").read_text(encoding="utf-8")
    images = re.findall(r'<img[^>]+src="data:image/png;base64,([A-Za-z0-9+/=\s]+)"', page)
    assert len(images) >= 2
    assert all(base64.b64decode(image).startswith(PNG) for image in images)


@pytest.mark.parametrize(("name", "kinds"), [("audit.ipynb", {"groups", "unit_heatmap"}),
                                             ("trend.ipynb", {"trend"})])  # fmt: skip
def test_committed_notebooks_hold_their_charts(name, kinds):
    # nbval compares the charts' text form on re-execution; the stored PNG must be there.
    found = charts(nbformat.read(paths.NOTEBOOKS_DIR / name, as_version=4))
    assert set(found) == kinds and all(png.startswith(PNG) for png in found.values())


def test_executed_audit_opens_with_the_verdict_and_ends_with_the_conclusion(run_dir):
    book = nbformat.read(run_dir / "audit.ipynb", as_version=4)
    outputs = [output for cell in book.cells for output in cell.get("outputs", [])]
    first = outputs[0]["data"]["text/html"]
    scorecard = json.loads((run_dir / "scorecard.json").read_text(encoding="utf-8"))
    assert first.startswith('<div class="kpi-verdict"')
    assert f"Tổng điểm <b>{scorecard['total']:.2f}/100</b>" in first
    assert f"xếp loại <b>{scorecard['band']}</b>" in first
    assert "So với kỳ 2024-05:" in first and "Mất nhiều điểm nhất" in first
    assert "dòng được sử dụng" in first and "Đơn vị có tỷ lệ điểm thấp nhất" in first
    headings = [cell.source for cell in book.cells if cell.cell_type == "markdown"]
    assert any(source.startswith("## ") and "Kết luận" in source for source in headings[-3:])
