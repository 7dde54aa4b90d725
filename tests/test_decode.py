"""The reader writes the text the bytes hold, or refuses: one test per trap that readers fall into
(a file signature, late evidence, a capital, a stray NUL, CJK bullets, mixed lines, UTF-16 without
a BOM, escapes), each written for the class, with texts of several languages."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from click.testing import CliRunner

from dedupe import BinaryInputError, DecodeError
from dedupe.cli import main
from dedupe.codepages import CP932_TO_JIS, NARROWEST
from dedupe.decode import decode
from dedupe.plausibility import implausibility, one_alphabet

EN = "Chelsea winger Arjen Robben has broken two metatarsal bones in his foot and will miss the final."
ID = "Dalam keuangan, bila kamu merasa sulit untuk melakukan pengaturan, mintalah bantuan seorang ahli."
RU = "Президент России провёл встречу с главой правительства. Об этом сообщает пресс-служба Кремля."
KY = "Президент Садыр Жапаров бүгүн Жогорку соттун төрагасы менен жолугуп, өлкөдөгү абалды талкуулады."
AR = "دعا الرئيس الفرنسي إلى تشكيل حكومة لمنطقة اليورو وناشد المواطنين تجديد ثقتهم في المستقبل."
JA = "「おかしくないですか？」カンニング竹山が片山さつき氏に疑問。国会で議論された問題について、番組で発言した。"
ZH = "新华社北京11月20日电 国家统计局20日发布数据，前十个月全国规模以上工业增加值同比增长。"
TH = "นายกรัฐมนตรีเป็นประธานการประชุมคณะรัฐมนตรี ณ ทำเนียบรัฐบาล เพื่อพิจารณาโครงการพัฒนาเศรษฐกิจ"
ASCII_BODY = "\n".join(f"Paragraph {n} of a long English article that stays in plain ASCII." for n in range(80))


def text_of(data: bytes) -> str:
    return decode(data).text


@pytest.mark.parametrize("signature", ["BMW", "ID3", "PK", "GIF89a", "%PDF-1.4", "OggS", "BZh9", "MThd", "RIFF"])
@pytest.mark.parametrize(("text", "encoding"), [(RU, "cp1251"), (JA, "euc_jp"), (ZH, "gbk"), (AR, "cp1256")])
def test_a_first_word_like_a_file_signature_is_text(signature: str, text: str, encoding: str) -> None:
    article = f"{signature} {text}\n{text}"
    assert text_of(article.encode(encoding)) == article


def encodable(texts: list[str], encodings: list[str]) -> list[tuple[str, str]]:
    """Each text with each encoding that holds it."""
    return [(text, encoding) for text in texts for encoding in encodings if _holds(encoding, text)]


def _holds(encoding: str, text: str) -> bool:
    try:
        return text.encode(encoding).decode(encoding) == text
    except UnicodeError:
        return False


LATE = ["It cost £12 or about €10.", "Café owner José said “no”.", "Rates rose 5% — a record.", "Ångström, naïve"]


@pytest.mark.parametrize(("late", "encoding"), encodable(LATE, ["cp1252", "latin-1"]))
def test_evidence_after_the_first_kilobytes_counts(late: str, encoding: str) -> None:
    article = f"{ASCII_BODY}\n{late}\n"
    decoded = decode(article.encode(encoding))
    assert decoded.text == article
    assert decoded.encoding == "cp1252"  # windows-1252 wins among Latin code pages


@pytest.mark.parametrize("capital", ["ØRSTED", "ÑANDÚ", "ÅLAND", "ÉCOLE", "ÜBER", "ÞÓR", "BOGOTÁ", "ÍÑIGO"])
@pytest.mark.parametrize("body", [EN, ID])
def test_one_capital_letter_proves_no_other_code_page(capital: str, body: str) -> None:
    article = f"{body}\n{body.replace(' has ', f' {capital} has ').replace(' bila ', f' {capital} bila ')}\n{body}"
    assert text_of(article.encode("cp1252")) == article


def test_a_dos_or_mac_code_page_is_chosen_on_its_own_evidence() -> None:
    article = "Le café de la cité: été, Noël, façade, naïve, déjà vu, où, être.\n" * 3
    for encoding in ("mac-roman", "cp850"):
        decoded = decode(article.encode(encoding))
        assert decoded.text == article, encoding


def test_iso_8859_15_is_chosen_when_its_euro_sign_shows() -> None:
    article = "Le billet coûte 12 € et la réduction 3 €.\n" * 2
    assert text_of(article.encode("iso8859-15")) == article


@pytest.mark.parametrize("text", [EN, RU, ZH, JA, TH, AR])
@pytest.mark.parametrize("where", [0.0, 0.37, 1.0])
def test_a_stray_nul_in_utf8_is_dropped_with_a_warning(text: str, where: float) -> None:
    data = "\n".join([text, text, text]).encode("utf-8")
    cut = int(len(data) * where)
    while cut < len(data) and data[cut] & 0xC0 == 0x80:
        cut += 1  # between two characters
    decoded = decode(data[:cut] + b"\x00" + data[cut:])
    assert decoded.text == "\n".join([text, text, text])
    assert decoded.encoding == "utf-8"
    assert decoded.warnings == ("dropped 1 stray NUL byte",)


@pytest.mark.parametrize(
    "data",
    [b"text\x00with\x00many\x00NULs\x00in\x00it\x00", b"\x00\x01\x02 binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"],
)
def test_nuls_beyond_a_stray_one_are_binary(data: bytes) -> None:
    with pytest.raises(BinaryInputError):
        decode(data)


@pytest.mark.parametrize("text", [ZH, JA, RU, EN, TH, f"{ZH}\n{EN}"])
@pytest.mark.parametrize("order", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_on_its_own_evidence(text: str, order: str) -> None:
    article = f"{text}\n{text}\n"
    decoded = decode(article.encode(order))
    assert (decoded.text, decoded.encoding) == (article, order)


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (JA, "iso2022_jp"),
        (f"{JA}\n{EN}", "iso2022_jp"),
        (ZH, "hz"),
        (f"{EN}\n{ZH}", "hz"),
        (f"{EN} 안녕하세요", "iso2022_kr"),
    ],
)
def test_escape_based_encodings_are_known_by_their_escapes(text: str, encoding: str) -> None:
    decoded = decode(text.encode(encoding))
    assert (decoded.text, decoded.encoding) == (text, encoding)


@pytest.mark.parametrize("text", ["Math: ~{x~} and ~{y~} are sets.", "Braces ~{ like this ~} in ASCII", "a ~{~} b"])
def test_ascii_with_hz_brackets_that_hold_no_chinese_stays_ascii(text: str) -> None:
    assert decode(text.encode()).text == text


BULLETED = [f"{bullet}{text}\n{text}\n{bullet}{text[:20]}" for bullet in "■●◆★※▼□" for text in (JA, ZH)]


@pytest.mark.parametrize(
    ("article", "encoding"),
    [(a, e) for a, e in encodable(BULLETED, ["euc_jp", "shift_jis", "gb2312", "gbk"]) if (JA in a) == ("j" in e)],
)
def test_cjk_bullets_count_for_cjk_encodings(article: str, encoding: str) -> None:
    assert text_of(article.encode(encoding)) == article


@pytest.mark.parametrize(
    ("odd", "hint"),
    [
        ("Photo: Cœur d’Alène, Idaho — © Reuters", "cp1252"),
        ("Foto: Zürich — Bild © AFP, 3½ Stunden", "cp1252"),
        ("Источник: пресс-служба Кремля", "cp1251"),
        ("المصدر: وكالة الأنباء", "cp1256"),
    ],
)
def test_a_utf8_article_with_one_line_in_a_code_page(odd: str, hint: str) -> None:
    body = RU if hint == "cp1251" else AR if hint == "cp1256" else "Le café de la gare — “ouvert”."
    data = f"{body}\n{body}\n".encode() + odd.encode(hint) + b"\n" + body.encode()
    decoded = decode(data)
    assert decoded.text == f"{body}\n{body}\n{odd}\n{body}"
    assert decoded.encoding == "utf-8"
    assert decoded.repairs == (f"line 3 decoded as {hint}",)
    assert decoded.warnings[0].startswith(f"1 line not UTF-8, decoded as {hint}")
    assert len(decoded.warnings) == 1  # the lines and the confidence in one warning


@pytest.mark.parametrize(("text", "encoding"), [(RU, "cp1251"), (ZH, "gb18030"), (JA, "shift_jis"), (AR, "cp1256")])
def test_a_legacy_article_with_one_utf8_line(text: str, encoding: str) -> None:
    lines = [text, text[::-1], text, text[: len(text) // 2]]
    data = b"\n".join(line.encode("utf-8") if n == 2 else line.encode(encoding) for n, line in enumerate(lines))
    decoded = decode(data)
    assert decoded.text == "\n".join(lines)
    assert decoded.encoding == encoding
    assert decoded.repairs == ("line 3 decoded as utf-8",)


@pytest.mark.parametrize(
    ("text", "encoding"),
    [(KY, "kz1048"), ("Рособрнадзор возглавил 30-летний чиновник", "mac-cyrillic"), (RU, "koi8-r"), (RU, "cp866")],
)
def test_cyrillic_code_pages_are_told_apart_by_their_alphabets(text: str, encoding: str) -> None:
    assert text_of(text.encode(encoding)) == text


def test_japanese_is_read_as_jis_reads_it() -> None:
    text = "北京五輪断念～どん底から復活を遂げた22歳・阪神－巨人戦は４－２"
    expected = text.translate(CP932_TO_JIS)  # "〜" and "−", as JIS X 0208 and EUC-JP read them
    for encoding in ("cp932", "shift_jis", "euc_jp"):
        data = (text if encoding == "cp932" else expected).encode(encoding)
        assert text_of(data) == expected, encoding
    # cp932's own extensions (circled numbers) still read, with the JIS characters as JIS reads them.
    assert text_of(f"①{text}".encode("cp932")) == f"①{expected}"


def test_chinese_is_read_as_gb18030() -> None:
    text = "今年的主题是“每一位献血者都是英雄——用行动为生命加油”，罗萨里奥·穆里略证实。"
    for encoding in ("gbk", "gb18030"):
        decoded = decode(text.encode(encoding))
        assert (decoded.text, decoded.encoding) == (text, "gb18030")


def test_the_families_start_with_the_standard_they_read_in() -> None:
    for members in set(NARROWEST.values()):
        for member in members:
            assert codecs.lookup(member).name == member
    # The six characters cp932 reads otherwise than JIS X 0208: nothing else differs.
    differ = {}
    for lead in range(0x81, 0xA0):
        for trail in range(0x40, 0xFD):
            pair = bytes([lead, trail])
            try:
                ms, jis = pair.decode("cp932"), pair.decode("shift_jis")
            except UnicodeDecodeError:
                continue
            if ms != jis:
                differ[ms] = jis
    assert differ == {chr(k): chr(v) for k, v in CP932_TO_JIS.items()}


def test_a_guess_too_weak_names_the_candidates() -> None:
    data = JA.encode("euc-jp")
    broken = data[:60] + b"\xff\xfe" + data[60:]
    with pytest.raises(DecodeError, match=r"too weak to trust \(candidates: .*\d\.\d\d"):
        decode(broken)


@pytest.mark.parametrize(
    ("good", "bad"),
    [
        ("zażółć gęślą jaźń", "zażółć gęślą jaźń".encode("cp1250").decode("cp1252")),  # signs between letters
        ("12 € each", "12 € each".encode("iso8859-15").decode("cp1252")),  # the currency sign
        ("бүгүн өлкөдөгү абалды", "бүгүн өлкөдөгү абалды".encode("kz1048").decode("cp1251")),  # two alphabets
    ],
)
def test_implausibility_sees_the_wrong_code_page(good: str, bad: str) -> None:
    assert implausibility(good) == 0
    assert implausibility(bad) > 0


@pytest.mark.parametrize("text", [JA, ZH, "■各機種の主な特長", "“活祭”老父求救助…", "รถEVไฟฟ้า", "l’homme — naïve"])
def test_implausibility_takes_real_writing_as_it_is(text: str) -> None:
    assert implausibility(text) == 0


def test_the_command_line_says_what_was_guessed_and_names_a_refused_file(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "late.txt").write_bytes(f"{ASCII_BODY}\nIt cost £12.\n".encode("cp1252"))
    (folder / "nul.txt").write_bytes(f"{RU}\n{RU}\n".encode().replace(b".", b".\x00", 1))
    (folder / "odd.bin").write_bytes(b"\x00\x01\x02\x03 binary \x00\x00")
    result = CliRunner().invoke(main, ["clean", str(folder), "--include", "*", "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert f"{folder / 'late.txt'}: warning: encoding guessed as cp1252 with low confidence" in result.stderr
    assert f"{folder / 'nul.txt'}: warning: dropped 1 stray NUL byte" in lines
    assert any(line.startswith(f"{folder / 'odd.bin'}: binary data") for line in lines)
    assert (tmp_path / "out" / "nul.txt").read_text(encoding="utf-8") == f"{RU}\n"
    assert not (tmp_path / "out" / "odd.bin").exists()
    quiet = CliRunner().invoke(main, ["clean", "-q", str(folder / "late.txt"), "--out", str(tmp_path / "q")])
    assert quiet.exit_code == 0
    assert quiet.stderr == ""


@pytest.mark.parametrize(
    ("phrase", "encoding"),
    [
        ("Dvořák played in Plzeň", "cp1250"),
        ("Łódź and Wałęsa", "iso8859-2"),
        ("Łódź and Wałęsa", "cp1250"),
        ("İstanbul'da güneşli bir gün", "cp1254"),
        ("Grüße aus München", "cp1252"),
        ("Ørsted og Tromsø", "cp1252"),
    ],
)
def test_a_latin_phrase_in_ascii_text_is_read_in_its_languages_code_page(phrase: str, encoding: str) -> None:
    # One name or phrase in English text: the one code page whose letters are one language's.
    text = f"{EN}\n\nA visitor wrote \u201c{phrase}\u201d in the guest book.\n\n{EN}"
    data = text.replace("\u201c", '"').replace("\u201d", '"').encode(encoding)
    assert decode(data).text == data.decode(encoding)


@pytest.mark.parametrize(
    ("text", "fits"),
    [
        ("Dvořák in Plzeň", True),
        ("Dvořák in Plzeň".encode("cp1250").decode("cp1252"), False),
        ("İstanbul'da güneşli".encode("cp1254").decode("cp1252"), False),
        ("Zürich, Peña, café", True),
        ("plain ASCII", True),
        ("Москва", True),  # no Latin letters beyond ASCII
    ],
)
def test_one_alphabet_tells_one_languages_letters_from_a_mixture(text: str, fits: bool) -> None:
    assert one_alphabet(text) is fits


def test_japanese_punctuation_after_a_latin_word_is_plausible() -> None:
    # "139g。OS": the full stop follows a unit with no space, as Japanese sets it.
    line = "質量が約139g。OSにはAndroid4.0を採用し、1.5GHz×2のMSM8960（SnapDragon S4）。"
    assert implausibility(line) == 0.0
    article = f"{JA}\n{JA}\n".encode() + line.encode("shift_jis") + b"\n" + JA.encode()
    assert decode(article).text == f"{JA}\n{JA}\n{line}\n{JA}"


@pytest.mark.parametrize("encoding", ["cp866", "mac-cyrillic"])
def test_a_cyrillic_phrase_in_a_dos_or_mac_page_is_read_not_refused(encoding: str) -> None:
    # The detector all but rules out the Big5 reading that fits the bytes; its own guess stands.
    text = f'{EN}\n\nA visitor wrote "Привет из Москвы" in the guest book.\n\n{EN}'
    assert decode(text.encode(encoding)).text == text


EL = "Ο πρωθυπουργός συναντήθηκε σήμερα με τον πρόεδρο της Δημοκρατίας στην Αθήνα για την οικονομία."
LATIN_LINE = "Café Müller à Zürich, señor."


@pytest.mark.parametrize(
    ("body", "encoding", "odd", "odd_encoding"),
    [
        (RU, "cp1251", LATIN_LINE, "cp1252"),  # read as windows-1251: "Cafй Mьller"
        (RU, "koi8-r", "Привет из Москвы, сказал он.", "cp1251"),  # read as KOI8-R: capitals
        (EN, "cp1252", "Привет из Москвы, сказал он.", "cp1251"),  # read as Greek or Latin-1 soup
        (EN, "cp1252", "مرحبا بالعالم من القاهرة.", "cp1256"),  # read as signs
        (RU, "cp1251", JA, "shift_jis"),
        (ZH, "gb18030", "Привет из Москвы, сказал он.", "koi8-r"),  # read as Han set apart by spaces
        (AR, "cp1256", LATIN_LINE, "cp1252"),  # "seٌor": an Arabic mark on a Latin letter
        (TH, "cp874", "Привет из Москвы, сказал он.", "cp1251"),  # Thai marks on no letter
        (EL, "cp1253", LATIN_LINE, "cp1252"),
    ],
)
def test_a_line_in_another_code_page_is_read_in_it_or_the_file_is_refused(
    body: str, encoding: str, odd: str, odd_encoding: str
) -> None:
    lines = [body, body[::-1], odd, body, body[: len(body) // 2]]
    data = b"\n".join(line.encode(odd_encoding if n == 2 else encoding) for n, line in enumerate(lines))
    try:
        decoded = decode(data)
    except DecodeError:
        return  # refused: the one other outcome that is no wrong text
    assert decoded.text == "\n".join(lines)
    if decoded.encoding == encoding:
        assert decoded.repairs == (f"line 3 decoded as {odd_encoding}",)
        assert any(f"line 3 is no text in {encoding}" in warning for warning in decoded.warnings)


def test_a_latin_line_in_a_cyrillic_file_is_read_in_windows_1252() -> None:
    lines = [RU, LATIN_LINE, RU[::-1], RU]
    data = b"\n".join(line.encode("cp1252" if n == 1 else "cp1251") for n, line in enumerate(lines))
    decoded = decode(data)
    assert decoded.text == "\n".join(lines)
    assert decoded.encoding == "cp1251"
    assert decoded.warnings[-1] == "line 2 is no text in cp1251: decoded as cp1252"


def test_a_line_that_is_garbage_in_every_code_page_refuses_the_file() -> None:
    noise = bytes(range(0x80, 0x100))  # every byte beyond ASCII once: no code page's text
    data = b"\n".join([RU.encode("cp1251"), noise, RU.encode("cp1251")])
    with pytest.raises(DecodeError, match="cannot decode"):
        decode(data)


@pytest.mark.parametrize(("text", "encoding"), [("Да", "cp1251"), ("«Да»", "cp1251"), ("Ñandú", "cp1252")])
def test_a_few_bytes_that_several_code_pages_read_are_refused(text: str, encoding: str) -> None:
    with pytest.raises(DecodeError, match="cannot decode"):
        decode(text.encode(encoding))


def test_a_few_bytes_among_ascii_letters_are_windows_1252() -> None:
    assert text_of("Café au lait in the square".encode("cp1252")) == "Café au lait in the square"


@pytest.mark.parametrize(
    "text",
    ["Say ~{HelloWorld~} to all.", "Models: ~{ABCD~} and ~{NASA~}, ~{BMW4~}.", "Ratings: ~{P0~} ~{Q1~}"],
)
def test_ascii_words_in_hz_brackets_stay_ascii(text: str) -> None:
    assert decode(text.encode()).text == text


@pytest.mark.parametrize(("text", "encoding"), [(ZH, "hz"), (JA, "iso2022_jp")])
def test_an_escape_encoded_file_with_one_utf8_line(text: str, encoding: str) -> None:
    data = text.encode(encoding) + b"\n" + LATIN_LINE.encode() + b"\n" + text.encode(encoding)
    decoded = decode(data)
    assert decoded.text == f"{text}\n{LATIN_LINE}\n{text}"
    assert decoded.encoding == encoding
    assert decoded.repairs == ("line 2 decoded as utf-8",)
    with pytest.raises(DecodeError, match="line 2 in another encoding"):
        decode(text.encode(encoding) + b"\n" + LATIN_LINE.encode("cp1252"))


@pytest.mark.parametrize("odd", ["C\u0442\u0438\u0432 Балмер, преемник Билла Гейтса", "ÐŸÑ€Ð¸Ð²ÐµÑ‚ mojibake"])
def test_a_line_valid_in_utf8_with_several_characters_beyond_ascii_is_utf8(odd: str) -> None:
    data = f"{RU}\n{odd}\n".encode() + "Источник: пресс-служба".encode("cp1251")
    assert decode(data).text.split("\n")[1] == odd


def test_a_named_pipe_or_a_device_is_refused_without_blocking(tmp_path: Path) -> None:
    import os

    from dedupe import DedupeError
    from dedupe.decode import read_bytes

    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    with pytest.raises(DedupeError, match="not a regular file \\(a named pipe\\)"):
        read_bytes(pipe)
    with pytest.raises(DedupeError, match="not a regular file \\(a device\\)"):
        read_bytes("/dev/zero")
