"""The compiled core (``dedupe._core``) and the pure-Python code give the same features, the same
candidates and the same cleaning, whatever the text.

CI builds the core and checks it is in use before these run (``.ci/run``); on a machine without a
C compiler there is no core to compare, and the module says so as its one skip.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dedupe import DedupeError, clean_bytes, clean_text, similarity
from dedupe.matcher import find_duplicates
from dedupe.model import Paragraph
from dedupe.reader import KEY_TRANSLATION, _nfkc, make_key, read, split_paragraphs
from dedupe.similarity import MAX_COMPARED_LENGTH, Features, features, features_by_key

if os.environ.get("DEDUPE_REQUIRE_CORE") == "1":  # CI: a core missing there is a failure, not a skip
    import dedupe._core  # noqa: F401
pytest.importorskip(
    "dedupe._core",
    reason="the compiled core is not importable here: not built (no C compiler), or the tests import a "
    "source tree it was not built into (pip install -e . builds it there)",
)
core = similarity.load_core()  # set up, even where DEDUPE_PURE_PYTHON keeps dedupe from using it
assert core is not None

# Pieces that the rules look at: sentence ends and closers, quotes, frames, cut marks and their
# words, list items, attribution words, digits of several scripts, marks, tatweel, scripts
# without spaces, and the spaces Python counts (\x1c-\x1f, NBSP, U+3000).
PIECES = [
    *"abcXYZ0123456789_.,;:!?\"'()[]{}<>-–—*•·‣@#/\\|…»«“”‘’",
    *" \t\x1c\x1f\u00a0\u2009\u3000",
    *"ابتثوفقالمن\u064b\u0650\u0651\u0640\u0670\u061f٠١٢٣",
    *"привет сообщил Бишкек",
    *"東京日本人大会另此同据与一方。、「」【】〔〕（）\u3001",
    *"あいうまなさカタナ",
    *"กขคงไทย\u0e31\u0e34",
    *"\u0301\u0300\u0308é²³½",
    *"→⇒▶►➤➔➜",
    "said",
    " said ",
    " - ",
    ": ",
    "...",
    "..",
    ">>",
    " read more",
    " Read more »",
    "подробнее",
    "(more)",
    "【全文】",
    "Photo: AP",
    "1. ",
    "12) ",
    "• ",
    "新华社北京11月20日电",
    ", сообщил РИА Новости",
    ", according to Reuters",
    " (AP)",
    '"the whole quoted span goes here"',
    "\U0001f600",
    "\U00020000",
]
texts = st.lists(st.sampled_from(PIECES), min_size=0, max_size=40).map("".join)


def pure(key: str, text: str) -> Features:
    return features(Paragraph(0, 1, text, key))


def compiled(key: str, text: str) -> Features:
    made = core.features([key], [text])[0]
    assert made is not None
    return made


def test_the_core_is_in_use_unless_pure_python_is_asked_for() -> None:
    asked_pure = similarity.asks_pure_python(os.environ.get("DEDUPE_PURE_PYTHON", ""))
    assert similarity.CORE is (None if asked_pure else core)
    assert ("pure Python" if asked_pure else "compiled core") == similarity.core_name()
    cases = [("1", "pure Python"), ("yes", "pure Python"), ("0", "compiled core"), ("", "compiled core")]
    cases += [("false", "compiled core"), (" OFF ", "compiled core"), ("no", "compiled core")]
    for value, name in cases:
        shown = subprocess.run(
            [sys.executable, "-c", "from dedupe import similarity; print(similarity.core_name())"],
            env={**os.environ, "DEDUPE_PURE_PYTHON": value},
            capture_output=True,
            text=True,
            check=True,
        )
        assert shown.stdout.strip() == name


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
@example("")
@example("...")
@example("a b a b a b")
@example("东京日本")
@example("وقال الرئيس")
def test_features_of_any_key_are_those_python_makes(text: str) -> None:
    assert compiled(text, text).fields() == pure(text, text).fields()


@settings(max_examples=1500, deadline=None)
@given(texts)
def test_features_of_a_real_key_are_those_python_makes(text: str) -> None:
    # The keys the reader makes (casefolded, NFKC, tidy spaces), with the text they come from.
    key = make_key(text)
    if key:
        assert compiled(key, text).fields() == pure(key, text).fields()


def _window_edges() -> list[str]:
    """Keys with a sign of a frame or a cut mark at every place around the edges of the windows
    the rules look through (the first 96 characters, the last 24 and 120, the last 12 tokens)."""
    keys = []
    body = "the story begins with several words of text"
    for pad in range(0, 130):
        filler = "x" * pad
        for mark in ("..", "...", ">>", "→", " read more", " (more)", " [...]", "【全文】", " »"):
            keys.append(f"{body} {mark} {filler}".rstrip())
            keys.append(f"{body}{mark}{filler}")
            keys.append(f"{body} {filler}{mark}")
        for sign in (" - ", ": ", " (AP) ", "【Sports Watch】"):
            keys.append(f"{filler}{sign}{body}")
    for words in range(0, 16):
        tail = " ".join(f"n{i}" for i in range(words))
        for verb in ("said", "сообщил", "وقال"):
            keys.append(f"{body} {body} {body}, {verb} {tail}".rstrip())
            keys.append(f"{body} {body} {body} {verb} {tail}".rstrip())
    return keys


def test_features_at_the_edges_of_every_window_are_those_python_makes() -> None:
    keys = _window_edges()
    made = core.features(keys, keys)
    assert [f.fields() for f in made] == [pure(key, key).fields() for key in keys]


def test_a_key_too_long_to_compare_is_left_to_python() -> None:
    long_key = "word " * (MAX_COMPARED_LENGTH // 5 + 1)
    assert core.features([long_key], [long_key]) == [None]
    by_key = features_by_key([Paragraph(0, 1, long_key, long_key)])
    assert by_key[long_key].fields() == pure(long_key, long_key).fields()


@settings(max_examples=1500, deadline=None)
@given(texts, texts, st.integers(0, 200), st.integers(0, 400))
def test_the_word_pair_test_is_pythons(a: str, b: str, low: int, high: int) -> None:
    fa, fb = compiled(a, a), compiled(b, b)
    expected = [1] if (low <= len(fb.bare) <= high or fb.lead or fb.tail) and not fa.pairs.isdisjoint(fb.pairs) else []
    assert core.meeting(fa, [(1, fb)], low, high) == expected
    # Features made in Python (no pair keys) are compared by their sets.
    assert core.meeting(fa, [(1, pure(b, b))], low, high) == expected


def test_numbers_in_any_order_sort_as_python_sorts_them() -> None:
    # A paragraph's numbers are sorted as strings; a text may give thousands in any order.
    falling = " ".join(str(9 - k * 9 // 4000) for k in range(4000))
    mixed = " ".join(f"{k * 7919 % 1000}x{k % 13} ١٢{k % 3}" for k in range(3000))
    for key in (falling, mixed, "10 9 1 01 001 0"):
        assert compiled(key, key).numbers == pure(key, key).numbers == tuple(sorted(pure(key, key).numbers))


def test_the_core_is_set_up_once() -> None:
    with pytest.raises(RuntimeError, match="already"):
        core.setup(Features, similarity.complete_features, [], [], MAX_COMPARED_LENGTH, 1)
    text = "The same features after a refused second setup, said the police."
    assert compiled(text, text).fields() == pure(text, text).fields()


def test_a_core_set_up_elsewhere_leaves_python_to_do_the_work() -> None:
    # A subinterpreter imports dedupe anew, with Features classes of its own, but shares the core's
    # setup: that core is refused (not an error), and pure Python does the work there.
    assert similarity.load_core.__wrapped__() is None
    assert similarity.load_core() is core


# Characters the key changes or keeps: capitals and the backtick of ASCII, the quotes, dashes and
# ellipsis of the translation, marks that NFKC composes, forms it decomposes (full width, ligatures,
# circled digits, spaces it makes), case folds that grow (ß, ﬁ, İ) and final sigma, every kind of
# space and line break, unprintable characters, and characters beyond the BMP.
KEY_PIECES = [
    *"aZ`'\"-_ .",
    *(chr(code) for code in KEY_TRANSLATION),
    *"e\u0301\u0300\u0308\u1100\u1161\u11a8\u00a8\u203e\uff21\uff40\ufb01\u2163\u2460\u3000\u00a0\u2002",
    *"ßİẞǅΣσς\u0130\u01c5\u1e9e",
    *"\t\n\r\x0b\x0c\x1c\x1f\x85\u2028\u2029\x00\x01\x7f\u200b\u00ad\ufeff",
    *"Ёёлка\u0627\u064b東京\u0e33\U0001f600\U0001d400\U00020000",
]
key_texts = st.lists(st.sampled_from(KEY_PIECES), max_size=24).map("".join) | st.text(max_size=24)


@settings(max_examples=3000, deadline=None)
@given(st.lists(key_texts, max_size=6))
@example(["  Two  spaces ", "ASCII `quoted`", "«Ёлка» — 5\u00a0шт…", "ＡＢＣ", "Cafe\u0301", "a\nb"])
def test_keys_are_those_python_makes(texts: list[str]) -> None:
    assert core.keys(texts, _nfkc, KEY_TRANSLATION) == [make_key(text) for text in texts]


def test_every_character_has_the_key_python_gives_it() -> None:
    characters = [chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000]
    for start in range(0, len(characters), 4096):
        alone = characters[start : start + 4096]
        texts = [*alone, "".join(alone), "A " + " A".join(alone) + " "]
        assert core.keys(texts, _nfkc, KEY_TRANSLATION) == [make_key(text) for text in texts]


class Shouting(str):
    """A str whose own methods lie: the key is str's, whatever a subclass says."""

    def casefold(self) -> str:
        return "HIJACKED"

    def isascii(self) -> bool:
        return False


def test_keys_of_str_subclasses_are_those_of_their_text() -> None:
    texts = [Shouting("é"), Shouting("ABC"), Shouting("“Ёлка”")]
    keys = core.keys(texts, _nfkc, KEY_TRANSLATION)
    assert keys == [make_key(str(text)) for text in texts] == ["é", "abc", '"ёлка"']
    assert all(type(key) is str for key in keys)
    returned = core.keys(["É"], lambda text: Shouting(text), KEY_TRANSLATION)  # an nfkc that returns one
    assert returned == ["é"]
    assert type(returned[0]) is str


def test_a_spelling_is_folded_with_the_text() -> None:
    assert core.keys(["a`b", "é`B"], _nfkc, {ord("`"): "Q"}) == ["aqb", "éqb"]
    assert core.keys(["\u200e", "a\u200eB", "\u200f\u200e"], _nfkc, KEY_TRANSLATION) == ["", "ab", ""]


def test_features_keep_no_state_between_calls() -> None:
    text = "Police said 7 people were injured. The road was closed, police said."
    first = compiled(text, text)
    core.features(["something else entirely..."] * 50, ["x"] * 50)
    assert compiled(text, text).fields() == first.fields()


def test_the_core_refuses_what_it_cannot_take() -> None:
    with pytest.raises(TypeError, match="str"):
        core.features([b"bytes"], ["text"])
    with pytest.raises(ValueError, match="as many"):
        core.features(["a"], [])
    with pytest.raises(TypeError, match="pairs"):
        core.meeting(compiled("a", "a"), [("x",)], 0, 10)
    with pytest.raises(TypeError):
        core.meeting("not features", [], 0, 10)
    with pytest.raises(TypeError, match="str"):
        core.keys([b"bytes"], _nfkc, KEY_TRANSLATION)
    with pytest.raises(TypeError, match="dict"):
        core.keys(["a"], _nfkc, [("a", "b")])
    with pytest.raises(ValueError, match="code points"):
        core.keys(["a"], _nfkc, {ord("a"): "a spelling too long"})
    with pytest.raises(TypeError, match="nfkc"):
        core.keys(["é"], lambda text: b"not str", KEY_TRANSLATION)
    with pytest.raises(ZeroDivisionError):
        core.keys(["é"], lambda text: 1 / 0, KEY_TRANSLATION)


sentence = (
    st.sampled_from(
        [
            "The minister said the talks would resume on Monday.",
            "The minister said talks would resume on Monday",
            "Police said 7 people were injured in the crash.",
            "Police said 5 people were injured in the crash.",
            "ASTANA. KAZINFORM - The president met the minister.",
            "The president met the minister, Kazinform reported.",
            "Read the full story...",
            "The minister said...",
            "東京は20日、晴れた。",
            "Бишкек шаарында 4 миң 191 факты аныкталды.",
            "دعا الرئيس الفرنسي إلى تشكيل حكومة لمنطقة اليورو.",
        ]
    )
    | texts
)
article = st.lists(st.lists(sentence, min_size=1, max_size=3).map(" ".join), min_size=0, max_size=14).flatmap(
    lambda ps: st.permutations(ps + ps[: len(ps) // 2])
)


def _with_pure_python(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(similarity, "CORE", None)


def _cleaned(text: str) -> object:
    data = text.encode("utf-8")
    try:
        return clean_text(text).text, clean_bytes(data, faithful=True), find_duplicates(split_paragraphs(read(data)))
    except DedupeError as err:  # refused alike on both paths
        return repr(err)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(article)
def test_cleaning_is_the_same_on_both_paths(monkeypatch: pytest.MonkeyPatch, paragraphs: list[str]) -> None:
    text = "\n".join(paragraphs)
    with_core = _cleaned(text)
    with monkeypatch.context() as patch:
        _with_pure_python(patch)
        assert similarity.CORE is None
        assert features_by_key([Paragraph(0, 1, "A b c.", "a b c.")])["a b c."].pair_keys is None  # Python made it
        without = _cleaned(text)
    assert with_core == without
