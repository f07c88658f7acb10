"""The run's results -> every output file, staged and swapped in together.

The workbook and the validation run beside this process (background.py); the files that need
neither are written first, and nothing is swapped in before all of them are staged.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd

from .background import Validator, WorkbookWriter
from .contract import DocumentRecord, MetricRecord, SkippedRecord, TaskRecord, UnassignedRecord
from .engine import DocumentResult, document_record
from .frames import frame, unmet
from .timing import stage
from .unmet_list import unmet_markdown
from .write import Staging


@dataclass
class Tables:
    """The output tables of a run, in the contract's columns and row order."""

    metrics: pd.DataFrame
    tasks: pd.DataFrame
    skipped: pd.DataFrame
    unassigned: pd.DataFrame
    unmet: pd.DataFrame
    documents: pd.DataFrame


def tables(results: list[DocumentResult], documents: list[DocumentRecord] | None = None
           ) -> Tables:
    """The output tables; documents.csv has the rows given (one per input, read or not), or
    one per result."""
    metrics = frame([m for r in results for m in r.metrics], MetricRecord)
    return Tables(
        metrics=metrics,
        tasks=frame([t for r in results for t in r.tasks], TaskRecord),
        skipped=frame([s for r in results for s in r.skipped], SkippedRecord),
        unassigned=frame([u for r in results for u in r.unassigned], UnassignedRecord),
        unmet=unmet(metrics),
        documents=frame(documents if documents is not None else
                        [document_record(r) for r in results], DocumentRecord))


def write_outputs(staging: Staging, t: Tables, validator: Validator,
                  workbook: WorkbookWriter) -> None:
    """Stage every file, those that need the validation last; the caller commits (or discards
    on failure)."""
    from .review_page import render

    with stage("write_csv"):
        staging.csv("metrics.csv", t.metrics)
        staging.csv("tasks.csv", t.tasks)
        staging.csv("skipped.csv", t.skipped)
        staging.csv("unassigned.csv", t.unassigned)
        staging.csv("unmet.csv", t.unmet)
        staging.csv("documents.csv", t.documents)
    with stage("write_unmet_md"):
        staging.text("unmet.md", unmet_markdown(t.unmet, t.metrics, t.documents))
    validation = validator.result()
    with stage("write_page"):
        staging.text("report.html", render(t.metrics, t.tasks, t.documents, validation.checks))
    staging.text("validation/results.json",
                 json.dumps(dict(success=validation.success, checks=validation.checks),
                            ensure_ascii=False, indent=2, default=str))
    workbook.wait()
