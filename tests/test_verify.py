"""``python -m derivlib verify`` and the count of checked equations on the pages."""

import subprocess
import sys

from derivlib import verify


def test_verify_command_passes():
    result = subprocess.run(
        [sys.executable, "-m", "derivlib", "verify"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "all checks passed" in result.stdout
    assert "FAIL" not in result.stdout


def test_every_model_has_four_rows():
    checks = {}
    for row in verify.rows():
        checks.setdefault(row.model, set()).add(row.check)
    for model, names in checks.items():
        if model != "functions":
            assert names == {
                "symbolic steps", "symbolic vs vectorized", "NumPy vs symbolic", "finite differences"
            }, model


def test_every_page_equation_checked():
    total, checked, problems = verify.count_page_equations()
    assert total > 0
    assert problems == []
    assert checked == total


def test_hand_typed_equation_counted_unchecked(tmp_path):
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "page.md").write_text(
        "{{ equation linear-regression.chain }}\n\n$$ x = 1 $$\n\n{{ equation linear-regression.nope }}\n",
        encoding="utf-8",
    )
    total, checked, problems = verify.count_page_equations(tmp_path)
    assert total == 3
    assert checked == 1
    assert len(problems) == 2
    assert "typed by hand" in problems[1]
