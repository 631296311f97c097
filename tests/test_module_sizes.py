"""Rooms of the right size (issue 11, architecture.md): a module that passes ~400 lines
becomes a package by sub-topic; none under ``l2c/`` is over 450 lines (migrations aside)."""

from __future__ import annotations

from pathlib import Path

LIMIT = 450
L2C = Path(__file__).resolve().parents[1] / "l2c"


def test_no_module_under_l2c_is_over_450_lines():
    too_long = {
        str(path.relative_to(L2C)): lines
        for path in L2C.rglob("*.py")
        if "migrations" not in path.parts
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > LIMIT
    }
    assert too_long == {}, f"split these into packages by sub-topic: {too_long}"
