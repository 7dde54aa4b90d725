"""Teasers: paragraphs whose text stands in a longer one (SPEC §2.3), and merged copies.

A paragraph cut off with a marker whose text starts a longer one, whole sentences that stand in
order in a longer paragraph, or a pull quote the body quotes, goes even when it comes first. When
the longer paragraph comes later and is only earlier paragraphs run together, it goes instead.
"""

from __future__ import annotations

import bisect
from collections import defaultdict

from dedupe.model import Config, Paragraph, Rule
from dedupe.similarity import Features, aligned_score, features

MAX_MERGED = 8  # paragraphs a later one may join into one and still be their copy


def find_teasers(
    active: list[Paragraph],
    fs: list[Features],
    removed: dict[int, tuple[int, Rule, float]],
    kept_whole: set[int],
    config: Config,
) -> None:
    kept = [j for j in range(len(active)) if j not in removed]
    cut = [a for a in kept if fs[a].cut_prefix is not None]
    by_bare = sorted((fs[j].bare, j) for j in kept) if cut else []
    bares = [bare for bare, _ in by_bare]
    hosts = _sentence_hosts(kept, fs, config)

    for a in kept:
        f = fs[a]
        if a in kept_whole or a in removed:
            continue
        keeper = None
        if f.cut_prefix is not None:
            start = bisect.bisect_left(bares, f.cut_prefix)
            for bare, b in by_bare[start:]:
                if not bare.startswith(f.cut_prefix):
                    break
                # A host may be cut itself, further on ("... you need to" above "... to know ...").
                host_cut = fs[b].cut_prefix
                longer = len(bare) > len(f.cut_prefix) and (host_cut is None or len(host_cut) > len(f.cut_prefix))
                if b != a and b not in removed and longer:
                    keeper = b if keeper is None else min(keeper, b)
        elif a in hosts:
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
