"""How well the words around a figure name a metric: character-pair overlap, both ways.

Pairing, the reading of actual cells and the no-figure reasons all ask this one question.
"""

from __future__ import annotations

import regex

WORD_CHAR = regex.compile(r"[\p{Han}\p{L}\p{N}]")
NUMBER = regex.compile(r"\d+(?:\.\d+)?")
PAIR_WEIGHT = 0.7  # shared character pairs say more than shared single characters
SHARED_NUMBER_BONUS = 0.1  # both name the same threshold (10亿元以上项目)
OTHER_NUMBER_FACTOR = 0.6  # they name different thresholds, or only the context names one

Grams = tuple[frozenset[str], frozenset[str]]  # (character pairs, single characters)


def grams(text: str) -> Grams:
    chars = WORD_CHAR.findall(text)
    return frozenset(a + b for a, b in zip(chars, chars[1:], strict=False)), frozenset(chars)


def _share(wanted: Grams, found: Grams) -> float:
    pairs, singles = wanted
    pair_share = len(pairs & found[0]) / len(pairs) if pairs else 0.0
    single_share = len(singles & found[1]) / len(singles) if singles else 0.0
    return PAIR_WEIGHT * pair_share + (1 - PAIR_WEIGHT) * single_share


def similarity(metric: str, context: str, metric_grams: Grams | None = None,
               context_grams: Grams | None = None, threshold_words=None) -> float:
    """The mean of two shares: of the metric found in the context (long metric, short context:
    新增“品字标浙江制造”、政府质量奖企业等品牌企业 vs 新增品牌企业) and of the context found
    in the metric. Thresholds written in both must agree: 10亿元以上项目 is not 50亿元以上项目.

    >>> similarity("技术合同交易额", "技术交易额完成")
    0.5643
    >>> similarity("新增企业", "")
    0.0
    """
    wanted = metric_grams or grams(metric)
    found = context_grams or grams(context)
    if not wanted[1] or not found[1]:
        return 0.0
    score = (_share(wanted, found) + _share(found, wanted)) / 2
    metric_numbers, context_numbers = set(NUMBER.findall(metric)), set(NUMBER.findall(context))
    if metric_numbers and context_numbers:
        score = (score + SHARED_NUMBER_BONUS if metric_numbers & context_numbers
                 else score * OTHER_NUMBER_FACTOR)
    elif context_numbers and threshold_words is not None and threshold_words.search(context):
        score *= OTHER_NUMBER_FACTOR
    return round(min(score, 1.0), 4)
