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


def soft_breaks(text: str) -> frozenset[int]:
    r"""Line breaks of text hard-wrapped at a fixed width: inside a run of at least three lines,
    a line as long as the run's longest and not ending a sentence goes on in the next one.

    >>> wrapped = "全市城镇新增就业五千二百人完成全年目标的\n百分之一百零四城镇登记失业率控制在百分之\n三点五以内全年目标任务全面顺利完成今年计\n划新增。"
    >>> sorted(soft_breaks(wrapped))
    [20, 41, 62]
    """
    soft, run, offset = set(), [], 0
    for line in [*text.split("\n"), ""]:
        if line.strip():
            run.append((offset, line))
        else:
            width = max((len(x.rstrip()) for _, x in run), default=0)
            if len(run) >= WRAPPED_LINES and width >= WRAP_WIDTH:
                for a, raw in run[:-1]:
                    kept = raw.rstrip()
                    if len(kept) >= width - WRAP_SLACK and kept[-1:] not in SENTENCE_MARKS:
                        soft.add(a + len(raw))  # the line break right after this line
            run = []
        offset += len(line) + 1
    return frozenset(soft)


def split_sentences(text: str, soft: frozenset[int] = frozenset()) -> list[tuple[int, int]]:
    """Sentence spans by the contract: ends at 。！？!? or a line break (not one that only
    hard-wraps a line: soft); closing quotes and brackets stay with the sentence before; `?`
    between two Chinese characters is a lost character; segments of only spaces or punctuation
    are not counted."""
    spans, start, i, n = [], 0, 0, len(text)
    while i < n:
        ch = text[i]
        end = None
        if ch == "\n" and i not in soft:
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


WRAPPED_LINES = 3  # a run of lines this long at one width is text wrapped at that width
WRAP_WIDTH = 20  # …at least this wide
WRAP_SLACK = 2  # a wrapped line is this close to the run's longest
HEADING_LENGTH = 60  # a short line with no sentence punctuation is a heading, not a statement
SENTENCE_MARKS = "。！？!?；;"
LIST_COLON = (":", "：")


def _paragraphs(text: str, soft: frozenset[int] = frozenset()) -> list[tuple[int, int]]:
    """Each non-blank line, trimmed, hard-wrapped lines joined: the paragraph a sentence is in."""
    out, offset = [], 0
    for line in text.split("\n"):
        a, b = trimmed(text, offset, offset + len(line))
        if a < b:
            if out and offset - 1 in soft:
                out[-1] = (out[-1][0], b)
            else:
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
    soft = soft_breaks(text)
    spans = split_sentences(text, soft)
    paragraphs = _paragraphs(text, soft)
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
    view = make_view(text, (), close=False).text
    kept = [i for i, ch in enumerate(view) if not ch.isspace()]
    compact = "".join(view[i] for i in kept)
    for pattern in lead_patterns:
        if m := pattern.search(compact):
            return text[kept[m.start("unit")]:kept[m.end("unit") - 1] + 1]
    return ""
