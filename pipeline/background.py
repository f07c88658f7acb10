"""Work done beside the main process, so the user waits for the slowest part, not for the sum.

Two forked helpers:
- the validator is forked as soon as the vocabulary is loaded: it imports Great Expectations (two
  seconds) while the reports are read and processed, then validates the tables it is sent and
  sends the results back;
- the workbook writer is forked once the tables exist (they are shared with it, not copied) and
  writes metrics.xlsx into the staging folder while the CSVs, unmet.md and the page are written.

Where the platform cannot fork, both run in line. A helper that fails is reported by the run like
any other writer, never in silence.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
import weakref
from pathlib import Path

from .timing import stage

WORKBOOK = "metrics.xlsx"
FORK = "fork" in multiprocessing.get_all_start_methods()


def _serve(connection, run_end, same_unit) -> None:
    """In the validator: import, then validate what arrives (nothing: the run ended early)."""
    run_end.close()  # the run's end, inherited: only the run may hold it, so its exit is seen
    failure = None
    try:
        with stage("validation_import"):
            from .validate import validate
    except Exception as exc:  # told to the run when it asks, like a failed validation
        failure = f"cannot import the validator ({type(exc).__name__}: {exc})"
    try:
        job = connection.recv()
    except EOFError:  # the run ended (or was killed) before it had tables to validate
        os._exit(0)
    metrics, tasks, skipped, tasks_in, docs_dir = job
    try:
        if failure:
            raise RuntimeError(failure)
        with stage("validation"):
            result = validate(metrics, tasks, skipped, tasks_in, same_unit, docs_dir)
        # plain values only: unpickling a library's own types would import it in the run
        outcome = ("done", (result.success, json.loads(json.dumps(result.checks, default=str))))
    except Exception as exc:  # sent back and raised in the run
        outcome = ("failed", f"{type(exc).__name__}: {exc}")
    connection.send(outcome)
    connection.close()
    sys.stderr.flush()
    os._exit(0)  # no teardown: threads Great Expectations started would hold the exit


class Validator:
    """Great Expectations imported and run in a forked process beside the run."""

    def __init__(self, same_unit):
        self.same_unit, self.process, self._result = same_unit, None, None
        if FORK:
            context = multiprocessing.get_context("fork")
            self.connection, child = context.Pipe()
            self.process = context.Process(target=_serve, args=(child, self.connection, same_unit),
                                           daemon=True)
            self.process.start()
            child.close()
            # a run that returns early drops this object: the child sees the pipe close and ends
            weakref.finalize(self, self.connection.close)

    def send(self, metrics, tasks, skipped, tasks_in: int, docs_dir: Path | None) -> None:
        job = (metrics, tasks, skipped, tasks_in)
        if self.process is None:
            from .validate import validate

            with stage("validation"):
                self._result = validate(*job, self.same_unit, docs_dir)
            return
        self.connection.send((*job, docs_dir))

    def result(self):
        """The Validation, waiting for it where it runs beside."""
        if self._result is None:
            with stage("wait_validation"):
                try:
                    outcome, value = self.connection.recv()
                except EOFError:
                    raise RuntimeError("validation ended without a result") from None
                self.connection.close()
            if outcome != "done":
                raise RuntimeError(f"validation failed ({value})")
            from .validation_result import Validation

            self._result = Validation(*value)
        return self._result


def _write_workbook(path: str, tables) -> None:
    """In the forked process: write the workbook, or say in one line why not (exit 1)."""
    from .workbook import write_workbook

    try:
        with stage("write_workbook"):
            write_workbook(path, tables.metrics, tables.unmet, tables.tasks, tables.documents)
    except Exception as exc:  # reported by the parent as the run's error
        print(f"error: {WORKBOOK}: cannot write ({type(exc).__name__}): {exc}", file=sys.stderr)
        sys.stderr.flush()
        os._exit(1)


class WorkbookWriter:
    """metrics.xlsx written beside the other work, straight into the staging folder."""

    def __init__(self, staging, tables):
        from . import workbook  # noqa: F401  imported before forking, never in the child

        self.staging, self.path, self.process = staging, str(staging.dir / WORKBOOK), None
        if FORK:
            self.process = multiprocessing.get_context("fork").Process(
                target=_write_workbook, args=(self.path, tables), daemon=True)
            self.process.start()
        else:
            _write_workbook(self.path, tables)

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
