"""Executed notebooks depend on their inputs only: widget model ids are renamed by rank."""

from __future__ import annotations

import uuid
from pathlib import Path

import nbformat

from kpi.archive.build import normalise

VIEW = "application/vnd.jupyter.widget-view+json"
STATE = "application/vnd.jupyter.widget-state+json"


def _notebook_with_widgets(path: Path) -> None:
    """A slider and a dropdown in a box, as a kernel saves them: every id a fresh uuid4."""
    box, slider, dropdown, layout, orphan = (uuid.uuid4().hex for _ in range(5))

    def model(name: str, **state: object) -> dict:
        return {
            "model_name": name,
            "model_module": "@jupyter-widgets/controls",
            "model_module_version": "2.0.0",
            "state": state,
        }

    book = nbformat.v4.new_notebook()
    book.cells = [
        nbformat.v4.new_code_cell(
            "w",
            outputs=[nbformat.v4.new_output("display_data", data={VIEW: {"model_id": box}})],
        )
    ]
    book.cells[0].id = "widgets"  # cell ids come from the source notebook
    book.metadata["widgets"] = {
        STATE: {
            "version_major": 2,
            "version_minor": 0,
            "state": {
                box: model(
                    "VBoxModel",
                    children=[f"IPY_MODEL_{slider}", f"IPY_MODEL_{dropdown}"],
                    layout=f"IPY_MODEL_{layout}",
                ),
                slider: model("IntSliderModel", value=95, layout=f"IPY_MODEL_{layout}"),
                dropdown: model("DropdownModel", index=0),
                layout: model("LayoutModel", width="auto"),
                orphan: model("LayoutModel", width="50%"),
            },
        }
    }
    book.metadata["papermill"] = {"start_time": "2026-11-30T22:00:00"}
    nbformat.write(book, path)


def test_two_runs_give_the_same_bytes(tmp_path: Path) -> None:
    first, second = tmp_path / "a.ipynb", tmp_path / "b.ipynb"
    _notebook_with_widgets(first)
    _notebook_with_widgets(second)
    assert first.read_bytes() != second.read_bytes()
    normalise(first)
    normalise(second)
    assert first.read_bytes() == second.read_bytes()
    book = nbformat.read(first, as_version=4)
    assert "papermill" not in book.metadata
    # Ranks: the displayed box first, then what it references depth first, the orphan last.
    assert book.cells[0].outputs[0]["data"][VIEW]["model_id"] == f"{1:032x}"
    state = book.metadata["widgets"][STATE]["state"]
    assert state[f"{1:032x}"]["state"]["children"] == [f"IPY_MODEL_{2:032x}", f"IPY_MODEL_{4:032x}"]
    assert state[f"{2:032x}"]["model_name"] == "IntSliderModel"
    assert state[f"{3:032x}"]["model_name"] == "LayoutModel"  # the slider's layout
    assert state[f"{5:032x}"]["state"] == {"width": "50%"}


def test_normalise_renames_and_returns_what_it_wrote(tmp_path: Path) -> None:
    path = tmp_path / "run.ipynb"
    book = nbformat.v4.new_notebook()
    book.cells = [nbformat.v4.new_code_cell('output_dir = "/runs/.abc.partial"')]
    book.cells[0].id = "parameters"
    book.metadata["papermill"] = {"start_time": "2026-11-30T22:00:00"}
    nbformat.write(book, path)
    written = normalise(path, {"/runs/.abc.partial": "/runs/abc"})
    text = path.read_text(encoding="utf-8")
    assert "/runs/abc" in text and ".partial" not in text and text.endswith("}\n")
    assert written == nbformat.read(path, as_version=4)  # the node the HTML export reads
    assert written.cells[0].source == 'output_dir = "/runs/abc"'
    assert "papermill" not in written.metadata
