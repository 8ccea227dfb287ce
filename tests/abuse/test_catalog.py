"""The abuse suite's catalogue names tests that exist (a renamed test must not drop out)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import ABUSE_CASES

pytestmark = pytest.mark.abuse

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("path", sorted(ABUSE_CASES))
def test_every_catalogued_case_exists(path: str) -> None:
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    defined = {
        node.name
        for node in tree.body
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and node.name.startswith("test_")
    }
    missing = [name for name in ABUSE_CASES[path] if name != "*" and name not in defined]
    assert not missing, f"{path}: no such tests {missing}; update ABUSE_CASES in tests/conftest.py"
