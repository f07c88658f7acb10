"""The run's results -> every output file, staged and swapped in together."""

from __future__ import annotations

import json
from concurrent.futures import Future
from dataclasses import dataclass

import pandas as pd

from .contract import DocumentRecord, MetricRecord, SkippedRecord, TaskRecord, UnassignedRecord
from .engine import DocumentResult, document_record
from .frames import by_lead_unit, frame, unmet
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


def tables(results: list[DocumentResult]) -> Tables:
    metrics = frame([m for r in results for m in r.metrics], MetricRecord)
    return Tables(
        metrics=metrics,
        tasks=frame([t for r in results for t in r.tasks], TaskRecord),
        skipped=frame([s for r in results for s in r.skipped], SkippedRecord),
        unassigned=frame([u for r in results for u in r.unassigned], UnassignedRecord),
        unmet=unmet(metrics),
        documents=frame([document_record(r) for r in results], DocumentRecord))


def write_outputs(staging: Staging, t: Tables, validation, workbook: Future | None) -> None:
    """Stage every file; the caller commits (or discards on failure)."""
    from .review_page import render
    from .workbook import workbook_bytes

    with stage("write_csv"):
        staging.csv("metrics.csv", t.metrics)
        staging.csv("tasks.csv", t.tasks)
        staging.csv("skipped.csv", t.skipped)
        staging.csv("unassigned.csv", t.unassigned)
        staging.csv("unmet.csv", t.unmet)
    with stage("write_unmet_md"):
        staging.text("unmet.md", unmet_markdown(t.unmet))
    with stage("write_workbook" if workbook is None else "wait_workbook"):
        staging.binary("metrics.xlsx", workbook.result() if workbook else
                       workbook_bytes(t.metrics, t.unmet, t.tasks))
    with stage("write_page"):
        staging.text("report.html", render(t.metrics, t.unmet, t.tasks, t.documents,
                                           by_lead_unit(t.metrics), validation.checks))
    staging.csv("documents.csv", t.documents)
    staging.text("validation/results.json",
                 json.dumps(dict(success=validation.success, checks=validation.checks),
                            ensure_ascii=False, indent=2, default=str))
