from __future__ import annotations

import codecs
import subprocess
import sys
import unicodedata

import ftfy.bad_codecs  # noqa: F401  (sloppy-windows-* codecs for making mojibake)
import pytest

from dedupe import BinaryInputError, DecodeError
from dedupe.decode import decode
from dedupe.mojibake import repair_mojibake
from dedupe.plausibility import implausibility
from dedupe.reader import detect_layout, make_key, normalize, read, split_paragraphs

RU = "Президент России провёл встречу с главой правительства. Об этом сообщает пресс-служба Кремля."
EN = "Don’t panic — the café’s “best” crème brûlée costs £5 today, said the chef."
AR = "دعا الرئيس الفرنسي إلى تشكيل حكومة لمنطقة اليورو وناشد المواطنين تجديد ثقتهم."
KK = "Qazaqstan men Qyrǵyzstan SІM basshylary telefon arqyly sóılesti, dep habarlaıdy Kazinform."


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (RU.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + RU.encode("utf-8"), "utf-8-sig"),
        (RU.encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + RU.encode("utf-16-be"), "utf-16"),
        (RU.encode("utf-32"), "utf-32"),
        (RU.encode("utf-16-le"), "utf-16-le"),
        (EN.encode("utf-16-be"), "utf-16-be"),
        (RU.encode("cp1251"), "cp1251"),
        (RU.encode("koi8-r"), "koi8-r"),
        (RU.encode("cp866"), "cp866"),
        (AR.encode("cp1256"), "cp1256"),
    ],
    ids=[
        "utf8",
        "utf8-bom",
        "utf16",
        "utf16be-bom",
        "utf32",
        "utf16le",
        "utf16be",
        "cp1251",
        "koi8r",
        "cp866",
        "cp1256",
    ],
)
def test_decode_encodings(data: bytes, encoding: str) -> None:
    text, found, _, _, _ = decode(data)
    assert found == encoding
    assert text in (RU, EN, AR)


def test_decode_cp1252_english() -> None:
    text, encoding, _, _, _ = decode(EN.encode("cp1252"))
    assert text == EN
    assert encoding == "cp1252"


def test_low_confidence_guess_is_flagged() -> None:
    _, _, confidence, _, warnings = decode(EN.encode("cp1252"))
    assert confidence < 0.5
    assert len(warnings) == 1
    assert "low confidence" in warnings[0]


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        (EN, "sloppy-windows-1252"),
        (RU, "sloppy-windows-1251"),
        (AR, "sloppy-windows-1256"),
        (KK, "sloppy-windows-1252"),
        (RU, "koi8-r"),
        (RU, "cp866"),
        ("café crème brûlée à la carte", "latin-1"),
    ],
)
def test_mojibake_is_repaired(text: str, codec: str) -> None:
    garbled = text.encode("utf-8").decode(codec)
    assert garbled != text
    fixed, notes = repair_mojibake(garbled)
    assert fixed == text
    assert len(notes) == 1
    assert notes[0].startswith("mojibake repaired")


def test_mojibake_is_repaired_in_the_lines_that_hold_it() -> None:
    # Garbled lines among correct ones, each repaired as it would be alone; soft hyphens shift
    # where the later clues stand once normalised, and the "■" of a correct Japanese line is a
    # clue that repairs nothing.
    lines = [
        "■東京は晴れ",
        EN.encode("utf-8").decode("sloppy-windows-1252"),
        "co\u00adop\u00adera\u00adtion " + RU,
        ("índice " + EN).encode("utf-8").decode("sloppy-windows-1252"),
        AR,
        RU.encode("utf-8").decode("koi8-r"),
    ]
    fixed, notes = repair_mojibake("\n".join(lines))
    alone = [repair_mojibake(line) for line in lines]
    assert fixed.split("\n") == [text for text, _ in alone]
    assert fixed.split("\n") == [lines[0], EN, lines[2], "índice " + EN, AR, RU]
    assert notes == tuple(dict.fromkeys(note for _, line_notes in alone for note in line_notes))
    assert len(notes) == 2  # windows-1252 twice, KOI8-R once


@pytest.mark.parametrize(
    "text",
    [RU, EN, AR, KK, "Ёлка — «ёж»", "┌──┐ table │ cell │", "naïve façade, Ångström, Øresund", "Â is a letter"],
)
def test_correct_text_is_never_repaired(text: str) -> None:
    assert repair_mojibake(text) == (text, ())


@pytest.mark.parametrize(
    "text",
    [
        "When a page shows \u00c3\u00a9, \u00c3\u00a8 and \u00e2\u20ac\u2122, UTF-8 was read as windows-1252.",
        'The sequences "\u00c3\u00a9" and "\u00c3\u00b6" stand for "\u00e9" and "\u00f6".\nNothing else here.',
        'It appeared as "caf\u00c3\u00a9" in the newsletter, and "S\u00c3\u00a3o Paulo" too.',
        "Our headline read \u201cLe caf\u00c3\u00a9 de la gare\u201d yesterday.",
    ],
)
def test_mojibake_quoted_in_prose_stays(text: str) -> None:
    assert repair_mojibake(text) == (text, ())


@pytest.mark.parametrize(
    ("garbled", "meant"),
    [
        ("Ele \u00c3\u00a9 bom, o caf\u00c3\u00a9 tamb\u00c3\u00a9m.", "Ele \u00e9 bom, o caf\u00e9 tamb\u00e9m."),
        ("It costs \u00c2\u00a35 a day.", "It costs \u00a35 a day."),
        ("He said \u00e2\u20ac\u201d quietly.", "He said \u2014 quietly."),
        (
            'He said "I don\u00e2\u20ac\u2122t know what they want" and left.',
            'He said "I don\u2019t know what they want" and left.',
        ),
    ],
)
def test_mojibake_in_running_text_is_repaired_even_where_a_sequence_stands_alone(garbled: str, meant: str) -> None:
    assert repair_mojibake(garbled)[0] == meant


def test_mixed_file_decodes_the_odd_line_alone() -> None:
    data = RU.encode("utf-8") + b"\n" + RU.encode("cp1251") + b"\n" + RU.encode("utf-8")
    text, encoding, _, repairs, _ = decode(data)
    assert text == "\n".join([RU, RU, RU])
    assert encoding == "utf-8"
    assert repairs == ("line 2 decoded as cp1251",)


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00\x5c\x72\xa8\x66",
        bytes(range(256)) * 4,
        b"text\x00with a NUL in the middle of it\x00",
        b"\x01\x02\x03\x04 plain looking \x05\x06\x07\x08\x0e\x0f",
    ],
    ids=["png", "all-bytes", "nul", "controls"],
)
def test_binary_input_is_refused(data: bytes) -> None:
    with pytest.raises(BinaryInputError):
        decode(data)


def test_broken_utf16_after_bom_is_refused() -> None:
    with pytest.raises(DecodeError):
        decode(codecs.BOM_UTF16_LE + b"a\x00\x00\xd8")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\r\nb\rc\n", "a\nb\nc"),
        ("a\u00a0\u00a0b\t\tc", "a b c"),
        ("  lead and trail  ", "lead and trail"),
        ("zero\u200bwidth soft\u00adhyphen word\u2060joiner \ufeffbom", "zerowidth softhyphen wordjoiner bom"),
        ("keeps\u200dzwj and\u200cznwj", "keeps\u200dzwj and\u200cznwj"),
        ("ёлка «quotes» — dash", "ёлка «quotes» — dash"),
        ("\n\n\npara\n\n\n\npara\n\n", "para\n\n\n\npara"),
        ("thin\u2009space em\u2003space ideographic\u3000space", "thin space em space ideographic space"),
    ],
)
def test_normalize(text: str, expected: str) -> None:
    assert normalize(text) == expected
    assert normalize(normalize(text)) == normalize(text)


WRAPPED = """Headline

Bath prop Duncan Bell has been added to England's 30-man squad to face
Ireland in the RBS Six Nations.

And with Phil Vickery sidelined for at least six weeks with a broken arm
and Julian White out with a neck injury, Bell could make his England
debut."""


@pytest.mark.parametrize(
    ("text", "layout"),
    [
        ("one paragraph per line.\nanother one.\nand a third.", "lines"),
        ("Headline\n\nA paragraph.\n\nAnother paragraph.", "lines"),
        (WRAPPED, "blocks"),
        (
            "A long line-per-paragraph article line with plenty of words in it.\nSecond line.\n\nThird.\nFourth.",
            "lines",
        ),
        (
            "Title\nCaption of the photo.\nThe lead paragraph of the article, which is long and not wrapped at all.\n\n"
            "Second paragraph.",
            "lines",
        ),
    ],
    ids=["lines", "blank-separated", "wrapped", "stray-blank-line", "caption-blocks"],
)
def test_detect_layout(text: str, layout: str) -> None:
    assert detect_layout(text.split("\n")) == layout


def test_split_lines_and_blocks() -> None:
    lines = split_paragraphs(read(b"A first paragraph.\nB.\n\nC.\n"))
    assert [(p.text, p.line, p.blank_lines_before) for p in lines] == [
        ("A first paragraph.", 1, 0),
        ("B.", 2, 0),
        ("C.", 4, 1),
    ]
    blocks = split_paragraphs(read(WRAPPED.encode()))
    assert [p.line for p in blocks] == [1, 3, 6]
    assert blocks[1].text.startswith("Bath prop")
    assert "\n" in blocks[1].text
    assert blocks[1].key == make_key(blocks[1].text.replace("\n", " "))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("«Ёлка» — 5 шт…", '"ёлка" - 5 шт...'),
        ("Don’t “quote”", 'don\'t "quote"'),
        ("MIXED   case\u00a0Text", "mixed case text"),
    ],
)
def test_key_unifies_quotes_dashes_case(a: str, b: str) -> None:
    assert make_key(a) == make_key(b)


@pytest.mark.parametrize(("a", "b"), [("ёлка", "елка"), ("5 погибших", "7 погибших"), ("café", "cafe")])
def test_key_keeps_letters_and_digits(a: str, b: str) -> None:
    assert make_key(a) != make_key(b)


@pytest.mark.parametrize(
    "text",
    [
        "東京都は２０日、新型コロナ（ＣＯＶＩＤ）の感染者が…！",
        "国家统计局，　今天发布（数据）？",
        "ทำเนียบรัฐบาล ทำงาน",
        "\uff21\u0301 \u0e33\u0e48 \u2026\u0300 \uff76\uff9e",  # marks after the replaced characters
        "plain ASCII",
    ],
)
def test_key_is_nfkc_of_the_text(text: str) -> None:
    # Characters put in NFKC form before NFKC leave its result as it would be.
    expected = unicodedata.normalize("NFKC", text).casefold()
    assert make_key(text) == make_key(expected)
    assert make_key(text).replace("...", "\u2026") == " ".join(expected.split()).replace("...", "\u2026")


def test_read_records_source_facts() -> None:
    source = read(codecs.BOM_UTF8 + "Заголовок\r\n\r\nТекст.\r\n".encode())
    assert (source.encoding, source.newline, source.final_newline, source.layout) == (
        "utf-8-sig",
        "\r\n",
        True,
        "lines",
    )
    assert source.text == "Заголовок\n\nТекст."
    assert not read(b"no final newline").final_newline


def test_implausibility_orders_decodings() -> None:
    data = RU.encode("cp1251")
    assert implausibility(data.decode("cp1251")) < implausibility(data.decode("koi8-r"))
    assert implausibility(data.decode("cp1251")) < implausibility(data.decode("cp1252"))


JA = "「おかしくないですか？」カンニング竹山が片山さつき氏に疑問。国会で議論された問題について、番組で発言した。" * 3
ZH = "新华社北京11月20日电 国家统计局20日发布数据，前十个月全国规模以上工业增加值同比增长。" * 3
ZH_TW = "國家統計局發布數據，前十個月全國規模以上工業增加值同比增長。" * 3


@pytest.mark.parametrize(
    ("text", "encoding"), [(JA, "euc-jp"), (JA, "shift_jis"), (ZH, "gb18030"), (ZH, "gbk"), (ZH_TW, "big5")]
)
def test_cjk_legacy_encodings_are_read(text: str, encoding: str) -> None:
    decoded = decode(text.encode(encoding))
    assert decoded.text == text
    assert implausibility(text) == 0.0  # Han, Hiragana and Katakana in one run are one script


def test_a_guess_too_weak_is_an_error_not_garbage() -> None:
    data = JA.encode("euc-jp")
    broken = data[:60] + b"\xff\xfe" + data[60:]  # no longer EUC-JP; it fits some code page
    with pytest.raises(DecodeError, match="too weak to trust"):
        decode(broken)
    # What used to be written out, Arabic letters between currency signs, now looks wrong.
    assert implausibility(data.decode("cp1256")) > 0.05 > implausibility(data.decode("euc-jp"))


def test_implausibility_counts_the_characters_of_cjk_words() -> None:
    # Five characters outside ASCII in the first word (counted at once), three in the second,
    # whose sign between two letters is the one that looks wrong.
    assert implausibility("東京ＡＢ1あ 京¤京") == 1 / 8


def test_the_code_pages_read_without_ftfy_are_ftfys() -> None:
    # The mojibake patterns are built without loading ftfy (a process start saves its import):
    # its list of code pages and its sloppy codecs' reading of every byte must be what it says.
    import ftfy.chardata

    from dedupe.mojibake import FTFY_ENCODINGS, MOJIBAKE_CODECS, read_bytes_as

    assert tuple(ftfy.chardata.CHARMAP_ENCODINGS) == FTFY_ENCODINGS
    for codec in dict.fromkeys((*FTFY_ENCODINGS, *MOJIBAKE_CODECS)):
        for byte in range(256):
            assert read_bytes_as(bytes([byte]), codec) == bytes([byte]).decode(codec, errors="ignore"), (codec, byte)


def test_a_clean_utf8_run_loads_no_ftfy() -> None:
    code = "import sys, dedupe; dedupe.clean_text('Lead.\\nLead.\\nBody.'); print('ftfy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
