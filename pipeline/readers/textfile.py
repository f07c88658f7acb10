"""A text file: the layout that explains it (pipe table, one cell per line, or prose)."""

from __future__ import annotations

from functools import partial

from .cells import header_roles
from .lines import parse_lines
from .model import TaskRow, Unassigned
from .pipe import ROW_START, cell_spans, parse_pipe
from .prose import parse_prose


def read_layout(doc_id: str, text: str, vocab) -> tuple[str, list[TaskRow], list[Unassigned]]:
    """Detect the layout and read the rows; InputError-free: an unknown layout has no rows."""
    if any(ROW_START.match(line) for line in text.split("\n")) or any(
            "|" in line and header_roles([line[a:b] for a, b in cell_spans(line)], vocab.columns)
            for line in text.split("\n")):
        rows, unassigned = parse_pipe(doc_id, text, vocab.columns, vocab.unassigned_reasons,
                                      vocab.local_target_words)
        return "pipe", rows, unassigned
    lines = parse_lines(doc_id, text, vocab.columns, vocab.unassigned_reasons,
                        vocab.local_target_words, partial(_looks_like_lead, vocab))
    if lines is not None:
        return "lines", *lines
    rows = parse_prose(doc_id, text, vocab)
    kept = {r.line for r in rows}
    unassigned = [Unassigned(doc_id, n, line.strip(), "context")
                  for n, line in enumerate(text.split("\n"), start=1)
                  if line.strip() and n not in kept]
    return "prose", rows, unassigned


def _looks_like_lead(vocab, cell: str) -> bool:
    compact = "".join(cell.split()).lstrip("*")
    return any(compact.startswith(name) for name in vocab.lead_units) or any(
        p.fullmatch(compact.split("(")[0].split("（")[0]) for p in vocab.lead_unit_patterns)
