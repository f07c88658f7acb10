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
NUMERAL = regex.compile(r"[\d〇一二两三四五六七八九十百千万亿]")


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


HEADING_LENGTH = 60  # a short line with no sentence punctuation is a heading, not a statement
SENTENCE_MARKS = "。！？!?；;"
LIST_COLON = (":", "：")


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Each non-blank line, trimmed: the paragraph a sentence belongs to."""
    out, offset = [], 0
    for line in text.split("\n"):
        a, b = trimmed(text, offset, offset + len(line))
        if a < b:
            out.append((a, b))
        offset += len(line) + 1
    return out


LIST_ITEM_SENTENCES = 2  # an item of a list of targets: the target, and what was done


def _list_item(text: str, start: int, end: int) -> bool:
    return len(split_sentences(text[start:end])) <= LIST_ITEM_SENTENCES


def _heading(text: str) -> bool:
    return len(text) <= HEADING_LENGTH and not any(ch in text for ch in SENTENCE_MARKS) and (
        not text.endswith(LIST_COLON))


def _sections(view: str, vocab) -> list[tuple[int, int, str | None]]:
    """Labels that open a section (任务目标: … 进展情况: …): (start, end, role) in order."""
    labels: dict[int, tuple[int, int, str | None]] = {}
    for role, words in (("target", vocab.columns.get("target", [])),
                        (None, vocab.columns.get("actual", []))):
        for word in words:
            for m in regex.finditer(regex.escape(word) + r"\s*[:：]", view):
                known = labels.get(m.end())
                if known is None or m.start() < known[0]:  # the longest label ending there
                    labels[m.end()] = (m.start(), m.end(), role)
    return sorted(labels.values())


def parse_prose(doc_id: str, text: str, vocab) -> list[TaskRow]:
    """Every sentence with a figure is a candidate unit `s<N>`; its actual cell is its paragraph,
    through the next sentence where that runs further, where an outcome is usually reported.
    Which candidates state a target is for the target stage to say, from their words; the first
    sentence of each item of a list introduced as targets (主要预期目标…:) states one by default.
    Headings (short lines without sentence punctuation) are context."""
    spans = split_sentences(text)
    paragraphs = _paragraphs(text)
    view = make_view(text, ()).text
    sections = _sections(view, vocab)
    listed: set[int] = set()  # paragraphs that are items of a list of targets
    in_list = False
    for k, (a, b) in enumerate(paragraphs):
        line = text[a:b]
        # …提出一系列主要预期目标:  or a heading 主要预期目标完成良好 right above short items
        follows = k + 1 < len(paragraphs) and "\n" not in text[b:paragraphs[k + 1][0]].strip(
            " \t") and text.count("\n", b, paragraphs[k + 1][0]) == 1
        intro = line.endswith(LIST_COLON) or (_heading(line) and follows)
        if intro and any(w in view[a:b] for w in vocab.roles["list_intro"]):
            in_list = True
        elif in_list and not _heading(line) and _list_item(text, a, b):
            listed.add(k)
        else:
            in_list = False
    rows = []
    line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    first_of: set[int] = set()
    k = 0
    for n, (start, end) in enumerate(spans, start=1):
        while k + 1 < len(paragraphs) and paragraphs[k][1] < start:
            k += 1
        para_start, para_end = paragraphs[k]
        if start == para_start:
            first_of.add(n)
        if _heading(text[para_start:para_end]) or not NUMERAL.search(text, start, end):
            continue
        actual_start, actual_end = para_start, max(para_end, spans[n][1] if n < len(spans) else end)
        default = "target" if k in listed and n in first_of else None
        section = [(a, role) for a, b, role in sections if para_start <= b < end]
        if section:  # 任务目标:… (the label governs its sentences until the next label)
            label_start, default = section[-1]
            if default == "target":  # its outcome is in the 进展情况 that follows, not beyond
                actual_start = label_start
                later = [a for a, _, role in sections if a > label_start and role == "target"]
                actual_end = min(later[0], para_end) if later else para_end
        actual_end = trimmed(text, actual_start, actual_end)[1]
        actual = text[actual_start:actual_end]
        lead = _lead_in(actual, vocab.lead_patterns)
        line = sum(1 for s in line_starts if s <= start)
        rows.append(TaskRow(doc_id, f"s{n}", line, text[start:end], lead, actual, [],
                            layout="prose", default_role=default, target_at=start - actual_start))
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
