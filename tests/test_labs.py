"""Lab notebooks: both languages run the same code, and every lab asserts its results."""

from pathlib import Path

import jupytext
import pytest

LABS = Path(__file__).parent.parent / "docs" / "labs"
ENGLISH = sorted(p for p in LABS.glob("*.py") if not p.name.endswith(".zh.py"))


def code_cells(path):
    notebook = jupytext.read(path)
    return [cell.source for cell in notebook.cells if cell.cell_type == "code"]


@pytest.mark.parametrize("english", ENGLISH, ids=[p.stem for p in ENGLISH])
def test_languages_share_code(english):
    chinese = english.with_name(english.stem + ".zh.py")
    assert chinese.is_file(), f"{chinese.name} is missing: every lab needs a Chinese version"
    assert code_cells(english) == code_cells(chinese)


@pytest.mark.parametrize("english", ENGLISH, ids=[p.stem for p in ENGLISH])
def test_lab_asserts_results(english):
    assert any("assert " in cell for cell in code_cells(english)), (
        f"{english.name} asserts nothing, so a stale result would pass"
    )


def test_labs_exist():
    assert ENGLISH
