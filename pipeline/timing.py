"""Optional stage timings, for `make bench`: how long each stage of a run takes, written only when
asked.

Set `PIPELINE_TIMINGS` to a file (or `-` for stderr) and every stage appends one JSON line
`{"stage": …, "seconds": …, "pid": …}` when it ends. Worker processes inherit the variable and
append to the same file, so the workbook written beside validation is timed too. Unset, a stage
costs one dictionary lookup.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

VARIABLE = "PIPELINE_TIMINGS"


def _record(name: str, seconds: float) -> None:
    target = os.environ.get(VARIABLE)
    if not target:
        return
    line = json.dumps({"stage": name, "seconds": round(seconds, 4), "pid": os.getpid()}) + "\n"
    if target == "-":
        sys.stderr.write("timing: " + line)
        return
    with open(target, "a", encoding="utf-8") as handle:  # O_APPEND: one line per write
        handle.write(line)


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Time the block as one stage (only recorded when PIPELINE_TIMINGS is set)."""
    if not os.environ.get(VARIABLE):
        yield
        return
    start = time.perf_counter()
    try:
        yield
    finally:
        _record(name, time.perf_counter() - start)


def since(name: str, start: float) -> None:
    """Record a stage that began at `start` (a `time.perf_counter()` reading)."""
    if os.environ.get(VARIABLE):
        _record(name, time.perf_counter() - start)
