"""Teasers: paragraphs whose text stands in a longer one (SPEC §2.3), and merged copies.

A paragraph cut off with a marker whose text starts a longer one, whole sentences that stand in
order in a longer paragraph, or a pull quote the body quotes, goes even when it comes first. When
the longer paragraph comes later and is only earlier paragraphs run together, it goes instead.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections import defaultdict

from dedupe.model import Config, Paragraph, Rule
from dedupe.similarity import Features, aligned_score, features
from dedupe.tokens import UNSPACED_CHAR

MAX_MERGED = 8  # paragraphs a later one may join into one and still be their copy
MIN_CUT_WORD_WORDS = 3  # words, and characters, a paragraph ending in a cut word keeps
MIN_CUT_WORD_CHARS = 15
MIN_UNCLOSED_HOST = 120  # characters of a paragraph without closing punctuation that is text, not an item
MAX_LABELLED_CHARS = 60  # characters of a title or a row that a label may close
CUT_WORD_SHARE_NUMERATOR, CUT_WORD_SHARE_DENOMINATOR = 9, 10  # of the longer one's words it keeps


def find_teasers(
    active: list[Paragraph],
    fs: list[Features],
    removed: dict[int, tuple[int, Rule, float]],
    kept_whole: set[int],
    config: Config,
) -> None:
    kept = [j for j in range(len(active)) if j not in removed]
    cut = {a: prefix for a in kept if (prefix := fs[a].cut_prefix or _cut_word_prefix(fs[a])) is not None}
    by_bare = sorted((fs[j].bare, j) for j in kept) if cut else []
    bares = [bare for bare, _ in by_bare]
    hosts = _sentence_hosts(kept, fs, config)

    for a in kept:
        f = fs[a]
        if a in kept_whole or a in removed:
            continue
        keeper = None
        if a in cut:
            prefix = cut[a]
            start = bisect.bisect_left(bares, prefix)
            for bare, b in by_bare[start:]:
                if not bare.startswith(prefix):
                    break
                rest = bare[len(prefix) :]
                if f.cut_prefix is None and (not rest or rest[0] == " " or not _cut_word_copy(f, fs[b])):
                    continue  # no mark, and the word whole here (a headline the lead begins with) or a short start
                noted = _noted(f.cut_mark, rest)
                if not (noted or f.cut_signed):
                    continue  # "- equivalent" where it goes on "- equivalent to": a start, no cut
                host_text = fs[b].closed or len(fs[b].bare) >= MIN_UNCLOSED_HOST  # Thai closes no sentence
                if noted and not (host_text and active[a].index > 0 and _mid_clause(f.cut_key, active[b].key)):
                    continue  # a label on a headline or an item ("(video)", "(au)", "(kg)"), not a cut mark
                # A host may be cut itself, further on ("... you need to" above "... to know ...").
                host_cut = fs[b].cut_prefix
                longer = len(bare) > len(prefix) and (host_cut is None or len(host_cut) > len(prefix))
                if b != a and b not in removed and longer:
                    keeper = b if keeper is None else min(keeper, b)
        if keeper is None and a in hosts:
            for b in hosts[a]:
                if b in removed:
                    continue
                merged = _merged_copy(a, b, kept, active, fs, removed, config) if b > a else None
                if merged is None:
                    keeper = b
                    break
                # The later paragraph is earlier ones run together: it goes, they stay (unless
                # another paragraph holds their text too).
                removed[b] = merged
        if keeper is not None:
            removed[a] = (keeper, Rule.TEASER, 100.0)


def _noted(mark: str, rest: str) -> bool:
    """True when the words of a cut ``mark`` are not all how the longer paragraph goes on from
    the cut (``rest``): the mark holds a note of its own ("more"), not only signs. The words a
    mark's shape took from the cut text ("help families" of "... help families →") are the
    longer paragraph's own."""
    if not mark:
        return False
    words, rest = mark.split(), rest.lstrip()
    taken = 0
    while taken < len(words):
        text = " ".join(words[: taken + 1])
        if not rest.startswith(text) or rest[len(text) : len(text) + 1] not in ("", " "):
            break
        taken += 1
    return taken < len(words)


def _mid_clause(cut_key: str, host_key: str) -> bool:
    """True unless the longer paragraph goes on after the short cut text with a sign (a comma, a
    full stop, a colon): a label follows a whole phrase of a title or a row ("... (kg)"), where
    a longer cut may fall anywhere."""
    if not cut_key or not host_key.startswith(cut_key) or len(cut_key) > MAX_LABELLED_CHARS:
        return True
    following = host_key[len(cut_key) :].lstrip()[:1]
    return not following or unicodedata.category(following)[0] in "LMN"  # a letter, a mark on one, a digit


def _cut_word_copy(f: Features, host: Features) -> bool:
    """True when ``f``, ending in a word cut in half with no mark, is nearly all of ``host`` (a
    doubled headline losing its last letters): a shorter start ending in a whole word of its
    own ("Storm hits Georgia" above "Storm hits Georgian capital ...") is no cut."""
    return len(f.bare) * CUT_WORD_SHARE_DENOMINATOR >= len(host.bare) * CUT_WORD_SHARE_NUMERATOR


def _cut_word_prefix(f: Features) -> str | None:
    """The words of a paragraph that may end in a word cut in half, with no mark: an open one (no
    closing punctuation) of some length in a script with spaces. It is a teaser only where a
    longer paragraph goes on with the rest of that word."""
    bare = f.bare  # the words joined by single spaces: counted and cut there, not split
    if f.closed or len(bare) < MIN_CUT_WORD_CHARS or bare.count(" ") < MIN_CUT_WORD_WORDS - 1:
        return None
    if bare.rpartition(" ")[2].isdigit():
        return None
    return None if UNSPACED_CHAR.match(bare[-1]) else bare


def _merged_copy(
    a: int,
    b: int,
    kept: list[int],
    active: list[Paragraph],
    fs: list[Features],
    removed: dict[int, tuple[int, Rule, float]],
    config: Config,
) -> tuple[int, Rule, float] | None:
    """Return the removal of ``b`` when it is consecutive kept paragraphs around ``a`` joined into
    one (two stories in one file, the second repeating the first's paragraphs run together)."""
    position = bisect.bisect_left(kept, a)
    target = len(fs[b].sentences)
    for start in range(max(0, position - MAX_MERGED + 1), position + 1):
        sentences = 0
        for end in range(start, min(len(kept), start + MAX_MERGED)):
            k = kept[end]
            if k >= b or k in removed:
                break
            sentences += len(fs[k].sentences)
            if sentences > target:
                break
            if sentences == target and end > start and end >= position:
                pieces = [active[x].key for x in kept[start : end + 1]]
                joined = features(Paragraph(-1, 0, "", " ".join(pieces)))
                score = aligned_score(joined, fs[b], config)
                if score is not None:
                    return kept[start], Rule.RUN, score
    return None


def _sentence_hosts(kept: list[int], fs: list[Features], config: Config) -> dict[int, list[int]]:
    """Return, for each closed paragraph, the longer ones holding all its sentences in a row, in
    order, or holding its text as a quotation (a pull quote: “…,” says …). Paragraphs are looked up
    by their first sentence, one look-up per sentence and quotation of a host."""
    runs: dict[tuple[str, ...], list[int]] = defaultdict(list)  # by all their sentences
    whole: dict[str, list[int]] = defaultdict(list)
    for a in kept:
        f = fs[a]
        if f.closed and f.sentences and f.cut_prefix is None:
            runs[tuple(f.sentences)].append(a)
            if f.length >= config.min_length and not f.frame:
                whole[f.bare].append(a)
    # Each host looks up each run of its sentences as long as a closed paragraph's: the cost grows
    # with the paragraphs' own sentences, never with how many paragraphs begin alike.
    sizes = sorted({len(sentences) for sentences in runs})
    hosts: dict[int, list[int]] = defaultdict(list)
    for b in kept:
        for quote in fs[b].quotes if whole else ():
            for a in whole.get(quote, ()):
                if a != b and len(fs[a].bare) < len(fs[b].bare):
                    hosts[a].append(b)
        sentences = fs[b].sentences
        if len(sentences) < 2:
            continue
        for size in sizes:
            if size >= len(sentences):
                break
            for position in range(len(sentences) - size + 1):
                for a in runs.get(tuple(sentences[position : position + size]), ()):
                    if a != b:
                        hosts[a].append(b)
    return hosts
