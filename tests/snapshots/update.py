"""Rewrite equations.json, the printed LaTeX of every display equation, from the current derivations.

Run it after a deliberate change to the math of a page, then review the
diff of equations.json: it shows, equation by equation, what readers will
see change. ``tests/test_derivations.py`` compares the derivations with
this file, so that no change to a printed equation goes unnoticed.

    .venv/bin/python tests/snapshots/update.py
"""

import json
from pathlib import Path

from derivlib.symbolic import REGISTRY, derivation

SNAPSHOT = Path(__file__).with_name("equations.json")


def printed_equations():
    """Return {model: {equation key: LaTeX}} for every registered derivation."""
    return {model: {equation.key: equation.latex() for equation in derivation(model).equations} for model in REGISTRY}


if __name__ == "__main__":
    SNAPSHOT.write_text(json.dumps(printed_equations(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {SNAPSHOT}")
