"""Properties over generated articles: what cleaning may do, whatever the input."""

from __future__ import annotations

import itertools
import sys

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dedupe import Config, DedupeError, clean_bytes, clean_text
from dedupe.matcher import LABEL, _same_frame, find_duplicates
from dedupe.reader import make_key, normalize, read, split_paragraphs
from dedupe.similarity import features, length_window, near_score, ratio_bound
from dedupe.tokens import DOUBLE_WIDTH, SENTENCE_END, marked_sentences, marked_words, unmarked
from tests.reference import reference_duplicates

SENTENCES = [
    "Бишкек шаарында 4 миң 191 факты аныкталды.",
    "The minister said the talks would resume on Monday.",
    "Президент провёл встречу с главой правительства.",
    "دعا الرئيس الفرنسي إلى تشكيل حكومة لمنطقة اليورو.",
    "Qazaqstan men Qyrǵyzstan basshylary telefon arqyly sóılesti.",
    "Police said 7 people were injured in the crash.",
    "Police said 5 people were injured in the crash.",
    "***",
    "Photo: AP",
    "Read the full story...",
    "The minister said...",
]
sentence = st.sampled_from(SENTENCES) | st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=60
)
paragraph = st.lists(sentence, min_size=1, max_size=3).map(" ".join)
article = (
    st.lists(paragraph, min_size=0, max_size=12)
    .flatmap(lambda ps: st.permutations(ps + ps[: len(ps) // 2]))
    .map(lambda ps: "\n".join(ps))
)
separator = st.sampled_from(["\n", "\n\n", "\r\n", "\n \n"])
article_with_layout = st.tuples(st.lists(paragraph, max_size=10), separator).map(lambda t: t[1].join(t[0] + t[0][:2]))
configs = st.builds(Config, threshold=st.floats(50, 100), min_length=st.integers(0, 80))
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def kept_keys(text: str) -> list[str]:
    return [p.key for p in split_paragraphs(read(text.encode("utf-8")))]


@SETTINGS
@given(article | article_with_layout, configs)
def test_cleaning_is_idempotent(text: str, config: Config) -> None:
    once = clean_text(text, config)
    twice = clean_text(once.text, config)
    assert twice.text == once.text
    assert twice.removed == ()


@SETTINGS
@given(article | article_with_layout)
def test_output_is_an_ordered_subsequence_of_the_input(text: str) -> None:
    result = clean_text(text)
    source = [" ".join(p.text.split()) for p in result.paragraphs]
    out = [" ".join(p.text.split()) for p in split_paragraphs(read(result.text.encode()))]
    position = 0
    for paragraph in out:
        while position < len(source) and source[position] != paragraph:
            position += 1
        assert position < len(source), f"{paragraph!r} is not in the input, or out of order"
        position += 1


@SETTINGS
@given(article | article_with_layout)
def test_counts_add_up_and_keepers_stay(text: str) -> None:
    result = clean_text(text)
    gone = {r.index for r in result.removed}
    assert len(result.kept) + len(result.removed) == len(result.paragraphs)
    assert all(r.kept_index not in gone for r in result.removed)
    if result.paragraphs:
        assert result.kept, "a non-empty article came out empty"


@SETTINGS
@given(article | article_with_layout)
def test_removed_text_stands_in_the_output(text: str) -> None:
    result = clean_text(text)
    out = " ".join(kept_keys(result.text))
    for removal in result.removed:
        kept = result.paragraphs[removal.kept_index]
        assert kept.index not in {r.index for r in result.removed}
        assert make_key(kept.text) in out


@SETTINGS
@given(article)
@example("A question asked of every guest, long as it is?\nAn answer.\nA question asked of every guest, long as it is?")
def test_exact_copies_of_long_paragraphs_go_unless_they_are_structure(text: str) -> None:
    result = clean_text(text)
    kept = list(result.kept)
    feats = [features(p) for p in kept]
    keys = [p.key for p in kept]
    for first, p in enumerate(kept):
        # Questions and list items of any length are repeated on purpose (interviews, lists).
        if len(p.key) < Config().min_length or feats[first].frame or p.key not in keys[first + 1 :]:
            continue
        if p.key in keys[:first]:
            continue  # one look per group
        # Repeated structure (SPEC §3): three or more copies (the same key, or near copies of the
        # first copy, where the matcher roots the group), none next to another, each before
        # different paragraphs or each after different ones.
        root = next(k for k in range(first + 1) if k == first or near_score(feats[k], feats[first]) is not None)
        copies = [root] + [
            k for k in range(root + 1, len(kept)) if keys[k] == p.key or near_score(feats[root], feats[k]) is not None
        ]
        if len(copies) == 2:  # two copies of a line of a family: three lines or more, one template
            members = [
                k
                for k in range(len(kept))
                if k not in copies and _same_frame(feats[k].words, feats[root].words, LABEL.match(keys[k]), keys[root])
            ]
            assert len(members) >= 2
        else:
            assert len(copies) >= 3
        assert all(b - a >= 2 for a, b in itertools.pairwise(copies))
        after = [keys[k + 1] for k in copies if k + 1 < len(kept)]
        before = [keys[k - 1] for k in copies if k]
        assert len(set(after)) == len(after) or len(set(before)) == len(before)


@SETTINGS
@given(article)
def test_the_first_copy_survives(text: str) -> None:
    result = clean_text(text)
    first: dict[str, int] = {}
    for p in result.paragraphs:
        first.setdefault(p.key, p.index)
    exact = {r.index for r in result.removed if r.rule.value == "exact"}
    assert not exact & set(first.values())


@SETTINGS
@given(article, st.floats(50, 99))
def test_a_higher_threshold_never_removes_more_near_copies(text: str, threshold: float) -> None:
    paragraphs = split_paragraphs(read(text.encode()))
    low = {d.index for d in find_duplicates(paragraphs, Config(threshold=threshold)) if d.rule.value == "near"}
    high = {d.index for d in find_duplicates(paragraphs, Config(threshold=threshold + 1)) if d.rule.value == "near"}
    assert len(high) <= len(low) + 0  # a stricter bar finds no more near copies


@SETTINGS
@given(article)
def test_matcher_agrees_with_the_plain_reference(text: str) -> None:
    paragraphs = split_paragraphs(read(text.encode()))
    assert find_duplicates(paragraphs) == reference_duplicates(paragraphs)


@SETTINGS
@given(paragraph, paragraph)
def test_near_score_figure_is_symmetric(a: str, b: str) -> None:
    from dedupe.model import Paragraph

    fa = features(Paragraph(0, 1, a, make_key(a)))
    fb = features(Paragraph(1, 2, b, make_key(b)))
    forward, backward = near_score(fa, fb, Config()), near_score(fb, fa, Config())
    if forward is not None and backward is not None:
        assert forward == backward


@SETTINGS
@given(st.text(max_size=300))
def test_normalize_is_idempotent(text: str) -> None:
    assert normalize(normalize(text)) == normalize(text)


@SETTINGS
@given(st.binary(max_size=2000))
@example(b"\x9b\xad\xdf")  # Mac Roman mojibake once its soft hyphen is gone: repaired only the second time
def test_random_bytes_raise_nothing_but_dedupe_errors(data: bytes) -> None:
    try:
        result = clean_bytes(data)
    except DedupeError:
        return
    assert clean_bytes(result.text.encode("utf-8")).text == result.text


@SETTINGS
@given(article | article_with_layout)
def test_a_non_empty_article_never_comes_out_empty(text: str) -> None:
    result = clean_text(text)
    if result.paragraphs:
        assert result.kept
        assert result.text.strip()


ONE_BLOCK_LEFT = "\n".join(  # a blank-line article whose only blank line is a soft hyphen
    [
        "Бишкек шаарында 4 миң 191 факты аныкталды.",
        "\xad",
        "Бишкек шаарында 4 миң 191 факты аныкталды. Бишкек шаарында 4 миң 191 факты аныкталды.",
        "Бишкек шаарында 4 миң 191 факты аныкталды.",
    ]
)


@example(ONE_BLOCK_LEFT)
@SETTINGS
@given(article | article_with_layout)
def test_one_wrapped_block_left_reads_back_the_same(text: str) -> None:
    # A blank-line layout reduced to one wrapped block reads back as a line per paragraph.
    once = clean_text(text)
    assert clean_text(once.text).text == once.text


@settings(max_examples=400, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("ab 1_.!?\"')]\u3002\u061f\u6771\u4eac\u3042\u0e44\u064b\u0301,\t")), max_size=40
    )
)
def test_tokens_and_sentences_in_one_pass_match_split_then_tokenize(text: str) -> None:
    # Features read a text's sentences and tokens in one pass; it must agree with splitting the
    # text at sentence ends and tokenizing each part.
    text = unmarked(text)
    parts, double_width = marked_sentences(text)
    assert parts == [marked_words(part) for part in SENTENCE_END.split(text)]
    assert double_width == sum(map(len, DOUBLE_WIDTH.findall(text)))


@settings(max_examples=500, deadline=None)
@given(
    st.integers(1, 20_000),
    st.integers(1, 200_000),
    st.floats(0, 100) | st.sampled_from([0.0, 0.05, 85.0, 89.95, 90.0, 100.0]),
)
def test_the_length_window_holds_the_lengths_whose_ratio_bound_reaches_the_threshold(
    length: int, other: int, threshold: float
) -> None:
    # The candidate index skips a partner outside the window; near_score refuses it by its bound.
    low, high = length_window(length, threshold)
    assert (low <= other <= high) == (ratio_bound(length, other) >= threshold)
    assert ratio_bound(length, low) >= threshold
    assert ratio_bound(length, high) >= threshold
    assert low == 1 or ratio_bound(length, low - 1) < threshold
    assert ratio_bound(length, high + 1) < threshold or high == sys.maxsize
