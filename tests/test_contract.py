"""The contract is defined once: statuses, flags and columns live in pipeline/contract.py, the
data dictionary is generated from it, and the bundled report's outputs stay as they were."""

import ast
import filecmp
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.contract import FLAGS, METRICS, STATUSES, TASKS, data_dictionary

from .conftest import ROOT

MODULES = sorted(p for p in (ROOT / "pipeline").rglob("*.py") if p.name != "contract.py")
GOLDEN = ROOT / "tests" / "golden" / "bundled"
LIMITS = ((set(STATUSES), 4, "statuses"), (set(FLAGS), 5, "flags"),
          (set(METRICS) | set(TASKS), 5, "columns"))


def literal_strings(node: ast.AST) -> list[str]:
    items = node.keys if isinstance(node, ast.Dict) else node.elts
    return [i.value for i in items if isinstance(i, ast.Constant) and isinstance(i.value, str)]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_but_the_contract_lists_statuses_flags_or_columns(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Tuple | ast.List | ast.Set | ast.Dict):
            strings = literal_strings(node)
            for codes, limit, what in LIMITS:
                found = [s for s in strings if s in codes]
                if what == "columns" and "doc_id" not in found:
                    continue  # rule-file keys share some names (metric, note); tables start with doc_id
                assert len(found) < limit, f"{path.name}:{node.lineno} lists {what}: {found}"


def test_data_dictionary_is_current():
    assert (ROOT / "docs" / "columns.md").read_text(encoding="utf-8") == data_dictionary()


def test_every_flag_has_a_label_and_a_level():
    assert all(f.zh and f.level in ("metric", "task", "document") for f in FLAGS.values())


def test_bundled_report_outputs_are_unchanged(tmp_path):
    """The reviewed run on the bundled report gives the committed outputs byte for byte."""
    assert main(["extract", "--out", str(tmp_path)]) == 0
    names = sorted(p.name for p in GOLDEN.iterdir())
    match, mismatch, errors = filecmp.cmpfiles(GOLDEN, tmp_path, names, shallow=False)
    assert (mismatch, errors) == ([], [])
    assert Path(tmp_path / "metrics.xlsx").stat().st_size > 0


def test_every_column_and_code_has_a_chinese_label_and_an_example():
    from dataclasses import fields

    from pipeline.contract import (
        COMPARATOR_TERMS,
        EXIT_TERMS,
        FLAG_TERMS,
        KIND_TERMS,
        LAYOUT_TERMS,
        RECORDS,
        SKIP_TERMS,
        SOURCE_TERMS,
        STATUS_TERMS,
    )

    for record in set(RECORDS.values()):
        for f in fields(record):
            assert f.metadata["header"] and f.metadata["example"], (record.__name__, f.name)
    for terms in (STATUS_TERMS, COMPARATOR_TERMS, KIND_TERMS, SOURCE_TERMS, SKIP_TERMS,
                  LAYOUT_TERMS, EXIT_TERMS, FLAG_TERMS):
        assert all(t.zh and t.example for t in terms), terms[0].code
    dictionary = data_dictionary()
    assert "| 18 | `status` | 状态 | 状态 | status |  | `met` |" in dictionary
    assert "| `missed` | 未达标 | missed |" in dictionary
    assert "| `done_without_figure` | 仅文字表述完成 | metric |" in dictionary
