"""Prose: every sentence with a figure is a candidate unit `s<N>`, its actual cell running through
the next sentence."""

from __future__ import annotations

import regex

from ..text import make_view
from .cells import trimmed
from .model import TaskRow

SENTENCE_ENDS = "。！？!?"


CLOSERS = "”’」』）)】〕》\"'"


CONTENT = regex.compile(r"[\p{Han}\p{L}\p{N}]")


HAN_CHAR = regex.compile(r"\p{Han}")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans by the contract: ends at 。！？!? or a line break; closing quotes and
    brackets stay with the sentence before; `?` between two Chinese characters is a lost
    character; segments of only spaces or punctuation are not counted."""
    spans, start, i, n = [], 0, 0, len(text)
    while i < n:
        ch = text[i]
        end = None
        if ch == "\n":
            end = i
        elif ch in SENTENCE_ENDS:
            lost = ch == "?" and 0 < i < n - 1 and HAN_CHAR.match(text[i - 1]) and HAN_CHAR.match(text[i + 1])
            if not lost:
                j = i + 1
                while j < n and (text[j] in CLOSERS or text[j] in SENTENCE_ENDS):
                    j += 1
                end = j
        if end is not None:
            a, b = trimmed(text, start, end)
            if CONTENT.search(text, a, b):
                spans.append((a, b))
            start = end + 1 if ch == "\n" else end
            i = start
            continue
        i += 1
    a, b = trimmed(text, start, n)
    if CONTENT.search(text, a, b):
        spans.append((a, b))
    return spans


def parse_prose(doc_id: str, text: str, lead_patterns) -> list[TaskRow]:
    """Every sentence with a figure is a candidate unit `s<N>`; its actual cell runs through the
    next sentence, where an outcome is usually reported. Which candidates state a target is for
    the target stage to say."""
    spans = split_sentences(text)
    rows = []
    line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    for n, (start, end) in enumerate(spans, start=1):
        if not regex.search(r"[\d〇一二两三四五六七八九十百千万亿]", text[start:end]):
            continue
        actual_end = spans[n][1] if n < len(spans) else end
        actual = text[start:actual_end]
        lead = _lead_in(actual, lead_patterns)
        line = sum(1 for s in line_starts if s <= start)
        rows.append(TaskRow(doc_id, f"s{n}", line, text[start:end], lead, actual, [],
                            layout="prose"))
    return rows


def _lead_in(text: str, lead_patterns) -> str:
    """The unit named by a lead pattern (由…负责), matched on the simplified view without the
    gaps glosses leave (負(fù)責 -> 负责), and returned as written."""
    view = make_view(text, ()).text
    kept = [i for i, ch in enumerate(view) if not ch.isspace()]
    compact = "".join(view[i] for i in kept)
    for pattern in lead_patterns:
        if m := pattern.search(compact):
            return text[kept[m.start("unit")]:kept[m.end("unit") - 1] + 1]
    return ""
