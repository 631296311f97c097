"""The dependency direction (``[tool.importlinter]`` in pyproject.toml) holds for the real
tree, and the same contracts refuse a wrong import: they are run on a small copy of the
layout (one empty package per app) with one forbidden import added."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PROBE = "probe_l2c"


def lint(cwd: Path, *config: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", *config],
        cwd=cwd,
        env={**os.environ, "COLUMNS": "300"},  # one contract, one line
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _renamed(value):
    if isinstance(value, str):
        return PROBE + value[3:] if value == "l2c" or value.startswith("l2c.") else value
    if isinstance(value, list):
        return [_renamed(v) for v in value]
    return value


def _toml(value) -> str:
    return json.dumps(value)  # strings, lists of strings and booleans are the same in TOML


@pytest.fixture
def probe(tmp_path):
    """A package laid out like ``l2c`` (one empty package per app) under the real contracts,
    minus their test-only ignores; ``probe(importer, imported)`` adds one import."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    apps = set()
    lines = [f"[tool.importlinter]\nroot_package = {_toml(PROBE)}\n"]
    for contract in config["contracts"]:
        lines.append("[[tool.importlinter.contracts]]")
        for key, value in contract.items():
            if key != "ignore_imports":
                lines.append(f"{key} = {_toml(_renamed(value))}")
        lines.append("")
        for layer in contract.get("layers", []):
            apps.update(name.strip() for name in layer.replace(":", "|").split("|"))
    (tmp_path / "pyproject.toml").write_text("\n".join(lines))
    for package in [PROBE, *(f"{PROBE}/{app}" for app in sorted(apps))]:
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")

    def add(importer: str, imported: str) -> Path:
        module = tmp_path / PROBE / importer / f"uses_{imported}.py"
        module.write_text(f"from {PROBE} import {imported}  # noqa\n")
        return tmp_path

    add.apps = apps
    return add


def test_the_real_tree_keeps_every_contract():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_imports_down_the_flow_are_allowed(probe):
    assert {"core", "policy", "customers", "deals", "finance", "web"} <= probe.apps
    probe("web", "deals")
    probe("finance", "contracts")
    probe("deals", "catalog")
    probe("customers", "approvals")
    cwd = probe("policy", "core")
    result = lint(cwd)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("importer", "imported", "broken"),
    [
        ("core", "policy", "core imports no l2c app"),  # the kernel reads no app
        ("deals", "web", "no domain app imports web"),  # web is the shell on top
        ("customers", "deals", "The flow"),  # an earlier step never imports a later one
        ("policy", "approvals", "The flow"),  # inside the platform too
        ("reception", "activities", "The flow"),  # independent siblings stay apart
    ],
)
def test_a_forbidden_import_breaks_the_contracts(probe, importer, imported, broken):
    result = lint(probe(importer, imported))
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{PROBE}.{importer} is not allowed to import {PROBE}.{imported}" in result.stdout
    assert any(
        line.startswith(broken) and line.endswith("BROKEN") for line in result.stdout.splitlines()
    ), result.stdout
