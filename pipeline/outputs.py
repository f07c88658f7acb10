"""The run's results -> every output file, staged and swapped in together.

The workbook is the slowest writer, so it is written by a forked process beside validation and
the other writers, straight into the staging folder; the run waits for it before anything is
swapped in, and a workbook that failed stops the run like any other writer.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
from dataclasses import dataclass

import pandas as pd

from .contract import DocumentRecord, MetricRecord, SkippedRecord, TaskRecord, UnassignedRecord
from .engine import DocumentResult, document_record
from .frames import frame, unmet
from .timing import stage
from .unmet_list import unmet_markdown
from .write import Staging

WORKBOOK = "metrics.xlsx"


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


def _write_workbook(path: str, t: Tables) -> None:
    """In the forked process: write the workbook, or say in one line why not (exit 1)."""
    from .workbook import write_workbook

    try:
        with stage("write_workbook"):
            write_workbook(path, t.metrics, t.unmet, t.tasks, t.documents)
    except Exception as exc:  # reported by the parent as the run's error
        print(f"error: {WORKBOOK}: cannot write ({type(exc).__name__}): {exc}", file=sys.stderr)
        sys.stderr.flush()
        os._exit(1)


class WorkbookWriter:
    """metrics.xlsx written beside the other work: a forked child where the platform forks
    (the tables are shared, not copied through a pipe), in line otherwise."""

    def __init__(self, staging: Staging, t: Tables):
        from . import workbook  # noqa: F401  imported before forking, never in the child

        self.staging, self.path = staging, str(staging.dir / WORKBOOK)
        self.process = None
        if "fork" in multiprocessing.get_all_start_methods():
            self.process = multiprocessing.get_context("fork").Process(
                target=_write_workbook, args=(self.path, t), daemon=True)
            self.process.start()
        else:
            _write_workbook(self.path, t)

    def wait(self) -> None:
        with stage("wait_workbook"):
            if self.process is not None:
                self.process.join()
                if self.process.exitcode != 0:
                    raise RuntimeError(f"{WORKBOOK} was not written "
                                       f"(exit {self.process.exitcode})")
        self.staging.names.append(WORKBOOK)

    def cancel(self) -> None:
        if self.process is not None and self.process.is_alive():
            self.process.terminate()
            self.process.join()


def write_outputs(staging: Staging, t: Tables, validation, workbook: WorkbookWriter) -> None:
    """Stage every file; the caller commits (or discards on failure)."""
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
    with stage("write_page"):
        staging.text("report.html", render(t.metrics, t.tasks, t.documents, validation.checks))
    staging.text("validation/results.json",
                 json.dumps(dict(success=validation.success, checks=validation.checks),
                            ensure_ascii=False, indent=2, default=str))
    workbook.wait()
