from __future__ import annotations

import pytest

from dedupe import Config, Rule
from dedupe.matcher import find_duplicates
from dedupe.model import Paragraph
from dedupe.reader import make_key
from dedupe.similarity import features, near_score


def paragraphs(*texts: str) -> list[Paragraph]:
    return [Paragraph(i, i + 1, text, make_key(text)) for i, text in enumerate(texts)]


def removed(*texts: str, config: Config | None = None) -> list[tuple[int, int, str]]:
    return [(d.index, d.kept_index, d.rule.value) for d in find_duplicates(paragraphs(*texts), config)]


LEAD = "Бишкек шаарында 3-9-сентябрь аралыгында жол эрежелерин бузуу боюнча 4 миң 191 факты аныкталды."
BODY = "Kerry made a stop in Kabul, where he told reporters that relations were at a critical moment."
MORE = "Lawmakers also said they would set up a commission to investigate the raid on their territory."


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        pytest.param(("Title", LEAD, LEAD, BODY), [(2, 1, "exact")], id="exact-later-goes"),
        pytest.param(("Title", LEAD, BODY, LEAD.upper()), [(3, 1, "exact")], id="exact-ignores-case"),
        pytest.param(("Title", BODY, BODY.replace("reporters", "reportres")), [(2, 1, "near")], id="near-typo"),
        pytest.param(("Title", BODY, "Meanwhile, " + BODY), [(2, 1, "near")], id="near-connective"),
        pytest.param(("Title", BODY, BODY.replace(",", "")), [(2, 1, "near")], id="near-punctuation"),
        pytest.param(("Title", "ASTANA. KAZINFORM - " + BODY, BODY), [(2, 1, "near")], id="near-dateline-dropped"),
        pytest.param(("Title", BODY, BODY.replace("critical", "decisive")), [], id="other-word-stays"),
        pytest.param(("Title", LEAD, LEAD.replace("191", "197")), [], id="other-number-stays"),
        pytest.param(
            (
                "Forecast",
                "Monday: 12 degrees and rain in the north\nTuesday: 18 degrees and sun in the south",
                "Monday: 18 degrees and rain in the north\nTuesday: 12 degrees and sun in the south",
            ),
            [],
            id="numbers-that-trade-places-stay",
        ),
        pytest.param(
            (
                "Title",
                "Police said 7 people were hurt in 2 crashes on the ring road overnight.",
                "Police said 7 people were hurt in 2 crashes on the ring road overnight",
            ),
            [(2, 1, "near")],
            id="numbers-in-order-go",
        ),
        pytest.param(
            (
                "A cable of thanks came from the King to the people of the city of Jeddah.",
                "A cable of thanks came from the Crown Prince to the people of the city of Jeddah.",
            ),
            [],
            id="other-name-stays",
        ),
        pytest.param(("Title", BODY, BODY[:-1] + " and in Islamabad."), [], id="copy-that-adds-stays"),
    ],
)
def test_exact_and_near(texts: tuple[str, ...], expected: list[tuple[int, int, str]]) -> None:
    assert removed(*texts) == expected


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        pytest.param(("Kerry made a stop in...", BODY), [(0, 1, "teaser")], id="ellipsis-first"),
        pytest.param(("Kerry made a stop in Kab…", BODY), [(0, 1, "teaser")], id="cut-mid-word"),
        pytest.param((BODY, "Kerry made a stop [...]"), [(1, 0, "teaser")], id="bracket-mark-later"),
        pytest.param(("Kerry made a stop in Kabul | Read more", BODY), [(0, 1, "teaser")], id="read-more"),
        pytest.param(("Title", MORE, BODY + " " + MORE), [(1, 2, "teaser")], id="whole-sentence-first"),
        pytest.param(("Title", BODY + " " + MORE, BODY), [(2, 1, "teaser")], id="whole-sentence-later"),
        pytest.param(
            ("Kerry made...", "Something else entirely, with no shared start at all."),
            [],
            id="teaser-without-full-text-stays",
        ),
        pytest.param(
            (
                "D Garland (Channel Islands AC) and friends.",
                "Results: A Smith (Jersey AC), D Garland (Channel Islands AC) and friends, B Jones.",
            ),
            [],
            id="part-of-a-sentence-stays",
        ),
    ],
)
def test_teasers(texts: tuple[str, ...], expected: list[tuple[int, int, str]]) -> None:
    assert removed(*texts) == expected


# Cut marks of shapes and languages that no rule lists: each is known by its shape alone.
CUT = "Kerry made a stop in Kabul, where he told"
JA_BODY = "大統領は月曜日、新しい法律が家族を助けると述べた。税金は来年から安くなる見通しだ。"
TH_BODY = "นายกรัฐมนตรีกล่าวว่ากฎหมายใหม่จะช่วยครอบครัวทั่วประเทศให้จ่ายภาษีน้อยลงในปีหน้า และจะเริ่มใช้ในเดือนมกราคม"
AR_BODY = "قال الرئيس يوم الاثنين إن القانون الجديد سيساعد الأسر في جميع أنحاء البلاد على دفع ضرائب أقل."


@pytest.mark.parametrize(
    "mark",
    [" (more)", " [continued]", " Read more \u00bb", " \u2192", " \u00bb\u00bb", " [Read the full story]",
     " (cont.)", " ..more", " \u25b6", " Lire la suite \u2192", " (\u0434\u0430\u043b\u0435\u0435)", " >>"],
)  # fmt: skip
def test_a_cut_mark_is_known_by_its_shape(mark: str) -> None:
    assert removed("Title", CUT + mark, BODY) == [(1, 2, "teaser")]


@pytest.mark.parametrize(
    ("teaser", "body"),
    [
        ("大統領は月曜日、新しい法律が家族を助ける(続く)", JA_BODY),
        ("大統領は月曜日、新しい法律が家族を（続きを読む）", JA_BODY),
        ("大統領は月曜日、新しい法律が家族を助ける【全文】", JA_BODY),
        ("قال الرئيس يوم الاثنين إن القانون الجديد (تتمة)", AR_BODY),
        ("大統領は月曜日、新しい法律が家族を▶続きを読む", JA_BODY),
        (TH_BODY[:40] + " (อ่านต่อ)", TH_BODY),  # Thai closes no sentence, and marks sit on its letters
        (TH_BODY[:40] + " อ่านต่อ \u2192", TH_BODY),
        ("Kerry made a stop in Kabul, where he told reporters that relations were at a critical mom", BODY),  # no mark
    ],
)
def test_cut_marks_in_other_scripts_and_a_cut_word(teaser: str, body: str) -> None:
    assert removed("Title", teaser, body) == [(1, 2, "teaser")]


LOOKS_CUT = {
    "headline-the-lead-begins-with": (CUT, BODY),
    "label-the-lead-holds": (
        "Kerry made a stop in Kabul (video)",
        "Kerry made a stop in Kabul (video) and met the press.",
    ),
    "separator-and-words": ("Kerry made a stop - equivalent", "Kerry made a stop - equivalent to a visit."),
    "label-on-an-item": ("Intro", "GALAXY SII WiMAX ISW11SC (au)", "GALAXY SII WiMAX ISW11SC special - S-MAX"),
    "table-label": ("Intro", "Gold mined (kg)", "Gold mined (ounces) 12"),
    "numbered": ("Title", "Part one (2)", "Part one (2) of the series goes on here."),
    "attribution": (
        "Drug trade must be fought harder - President",
        "Drug trade must be fought harder in every region.",
    ),
    "whole-last-word": ("Title", "The price of oil", "The price of oil rose on Monday."),
    "headline-label": (
        "В Москве прошел парад Победы (ФОТО)",
        "В Москве прошел парад Победы, в котором участвовали 14 тысяч военных.",
    ),
    "label-then-a-sign": (
        "Intro",
        "今日は東京で桜が満開になりました（西田 薫ブログ）",
        "今日は東京で桜が満開になりました。多くの人が公園を訪れました。",
    ),
    "headline-word-goes-on": ("Storm hits Georgia", "Storm hits Georgian capital Tbilisi, killing 12 people."),
    "subhead-word-goes-on": (
        "Intro",
        "Hurricane Maria hits Dominica",
        "Hurricane Maria hits Dominican Republic coast on Thursday.",
    ),
    "row-label": ("Intro", "Exports to Niger", "12.5", "Exports to Nigeria", "340.2"),
    "number-goes-on": ("Title", "Votes counted so far: 12", "Votes counted so far: 1245 of 1300 precincts."),
    "spaced-guillemet": (
        "Заголовок",
        "Министр заявил: « Мы не будем повышать налоги »",
        "Министр заявил: « Мы не будем повышать налоги в этом году », добавив он.",
    ),
}


@pytest.mark.parametrize("texts", LOOKS_CUT.values(), ids=LOOKS_CUT.keys())
def test_what_only_looks_cut_stays(texts: tuple[str, ...]) -> None:
    assert removed(*texts) == []


HEADLINE = "Putin met Japanese journalists before his visit to Tokyo"


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        pytest.param((HEADLINE, HEADLINE + ". He spoke about sanctions and the islands."), [], id="lead-begins-with"),
        pytest.param((HEADLINE, "On Monday " + HEADLINE.lower() + ", the Kremlin said."), [], id="lead-contains"),
        pytest.param((HEADLINE, BODY, HEADLINE), [(2, 0, "exact")], id="headline-repeated-goes"),
        pytest.param((HEADLINE, HEADLINE + "!"), [(1, 0, "near")], id="headline-near-copy-goes"),
    ],
)
def test_headlines(texts: tuple[str, ...], expected: list[tuple[int, int, str]]) -> None:
    assert removed(*texts) == expected


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        pytest.param(("Title", "***", BODY, "***", MORE), [], id="separator-stays"),
        pytest.param(("Title", "Photo: AP", BODY, "Photo: AP"), [], id="credit-stays"),
        pytest.param(("Title", "Photo: AP", "Photo: AP", BODY), [(2, 1, "exact")], id="right-after-goes"),
        pytest.param(
            (
                "Q: Why did you start cooking at home every day?",
                "Because I like it.",
                "Q: Why did you start cooking at home every day?",
                "For my kids.",
            ),
            [],
            id="question-stays",
        ),
        pytest.param(
            (
                "1. Minecraft - Pocket Edition for phones and tablets",
                "Paid apps",
                "1. Minecraft - Pocket Edition for phones and tablets",
            ),
            [],
            id="list-item-stays",
        ),
    ],
)
def test_short_lines(texts: tuple[str, ...], expected: list[tuple[int, int, str]]) -> None:
    assert removed(*texts) == expected


def test_min_length_is_configurable() -> None:
    texts = ("Title", "Photo: AP", BODY, "Photo: AP")
    assert removed(*texts, config=Config(min_length=5)) == [(3, 1, "exact")]


def test_repeated_run_goes_whole() -> None:
    caption = "Los Angeles Lakers' LeBron James dunks during the first half of the game on Tuesday."
    headline = "LeBron sets triple-double mark, Lakers hold off OKC"
    texts = (headline, caption, "Photo: AP", "Story paragraph one is here.", MORE, caption, "Photo: AP", headline)
    assert removed(*texts) == [(5, 1, "run"), (6, 2, "run"), (7, 0, "exact")]


def test_body_captured_twice() -> None:
    body = (LEAD, BODY, MORE)
    result = removed("Title", *body, "Title", *body)
    assert result == [(4, 0, "run"), (5, 1, "run"), (6, 2, "run"), (7, 3, "run")]


def test_run_of_short_lines_alone_stays() -> None:
    assert removed("Title", "Image 1 of 4", "Photo: AP", BODY, "Image 1 of 4", "Photo: AP", MORE) == []


def test_keeper_is_always_kept() -> None:
    texts = ("Kerry made a stop...", "Kerry made a stop...", BODY, BODY)
    result = find_duplicates(paragraphs(*texts))
    gone = {d.index for d in result}
    assert gone == {0, 1, 3}
    assert all(d.kept_index not in gone for d in result)


def test_article_never_comes_out_empty() -> None:
    assert removed(BODY, BODY, BODY) == [(1, 0, "exact"), (2, 0, "exact")]
    assert removed("x") == []
    assert removed() == []


def test_near_score_is_symmetric_in_its_figure() -> None:
    a = features(paragraphs(BODY)[0])
    b = features(paragraphs(BODY.replace("reporters", "reportres"))[0])
    assert near_score(a, b, Config()) == near_score(b, a, Config())


def test_higher_threshold_removes_no_more() -> None:
    texts = ("Title", BODY, BODY.replace("reporters", "reportres"), "Meanwhile, " + BODY)
    low = {d.index for d in find_duplicates(paragraphs(*texts), Config(threshold=80))}
    high = {d.index for d in find_duplicates(paragraphs(*texts), Config(threshold=99))}
    assert high <= low


def test_rules_are_reported() -> None:
    assert {Rule(value) for value in ("exact", "near", "teaser", "run", "boilerplate")} == set(Rule)


@pytest.mark.parametrize(("threshold", "min_length"), [(-1, 30), (101, 30), (90, -1)])
def test_config_rejects_nonsense(threshold: float, min_length: int) -> None:
    with pytest.raises(ValueError, match="must"):
        Config(threshold=threshold, min_length=min_length)


PROMPT = "Here is what the members of our reader panel told us this week."
ANSWERS = (LEAD, BODY, MORE)


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        pytest.param(
            ("Title", PROMPT, LEAD, PROMPT, BODY, PROMPT, MORE), [], id="prompt-before-different-answers-stays"
        ),
        pytest.param(("Title", LEAD, PROMPT, BODY, PROMPT, MORE, PROMPT), [], id="line-after-different-entries-stays"),
        pytest.param(
            ("Title", PROMPT, PROMPT, LEAD, PROMPT, BODY),
            [(2, 1, "exact"), (4, 1, "exact")],
            id="copies-side-by-side-go",
        ),
        pytest.param(("Title", PROMPT, LEAD, PROMPT, BODY), [(3, 1, "exact")], id="two-copies-go"),
        pytest.param(
            ("Title", PROMPT, LEAD, BODY, PROMPT, LEAD, MORE, PROMPT, LEAD),
            [(4, 1, "run"), (5, 2, "run"), (7, 1, "run"), (8, 2, "run")],
            id="copies-in-repeated-runs-go",
        ),
    ],
)
def test_repeated_structure(texts: tuple[str, ...], expected: list[tuple[int, int, str]]) -> None:
    assert removed(*texts) == expected


def test_structure_whose_items_go_is_no_structure() -> None:
    # The items between the copies are themselves copies: once they go, the prompts stand side by
    # side, and cleaning the output again would remove them. So they go now.
    texts = ("Title", PROMPT, LEAD, PROMPT, LEAD, PROMPT, BODY)
    result = removed(*texts)
    assert (3, 1, "run") in result
    assert find_duplicates(paragraphs(*(t for i, t in enumerate(texts) if i not in {r[0] for r in result}))) == ()


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        pytest.param(
            ("Capital expenditure (exploration works) (USD m)", "36.6", "Capital expenditure (exploration works)"),
            [],
            id="label-with-unit-and-without-stay",
        ),
        pytest.param(("Title", "ASTANA. KAZINFORM - " + BODY, BODY), [(2, 1, "near")], id="earlier-dateline-dropped"),
        pytest.param(
            ("Title", BODY, "DUBAI, United Arab Emirates - " + BODY), [(2, 1, "near")], id="later-dateline-added"
        ),
        pytest.param(
            ("Title", BODY[:-1] + ", reported the Associated Press news agency.", BODY),
            [(2, 1, "near")],
            id="earlier-attribution-dropped",
        ),
        pytest.param(
            ("Title", BODY, BODY[:-1] + ", said a spokesman for the ministry."),
            [(2, 1, "near")],
            id="later-attribution-added",
        ),
        pytest.param(
            ("Title", BODY, BODY[:-1] + ", and said the talks would go on."), [], id="later-clause-added-stays"
        ),
        pytest.param(
            (
                "Asanov Jaqyp Qajymanuly - Deputy Chairman of the Senate of the Parliament;",
                "Perepechina Olga Valentinovna - Deputy Chairman of the Senate of the Parliament;",
            ),
            [],
            id="other-name-before-a-dash-stays",
        ),
        pytest.param(
            (
                "Angie Errigo, Empire: Film - The Aviator; director - Clint Eastwood.",
                "Charles Gant, Heat: Film - The Aviator; director - Clint Eastwood.",
            ),
            [],
            id="other-name-before-a-colon-stays",
        ),
    ],
)
def test_frames(texts: tuple[str, ...], expected: list[tuple[int, int, str]]) -> None:
    assert removed(*texts) == expected


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        pytest.param(
            ("Title", LEAD, BODY, MORE, "Second story", BODY + " " + MORE),
            [(5, 2, "run")],
            id="merged-copy-of-earlier-paragraphs-goes",
        ),
        pytest.param(
            ("Title", BODY + " " + MORE, LEAD, BODY, MORE),
            [(3, 1, "teaser"), (4, 1, "teaser")],
            id="pieces-after-the-whole-go",
        ),
        pytest.param(
            (
                "Since 2008, there hasn't been a single year of revenue gain in the industry.",
                "Advertisers have many online platforms to reach their customers today.",
                "\u201cSince 2008, there hasn't been a single year of revenue gain in the industry,\u201d says an"
                " analyst. That produced a strategy of cuts.",
            ),
            [(0, 2, "teaser")],
            id="pull-quote-goes",
        ),
        pytest.param(
            (
                "The minister said the talks would go on.",
                "He said: \u201cthe talks would go on\u201d, and left the room after the meeting ended.",
            ),
            [],
            id="quoted-phrase-is-no-pull-quote",
        ),
        pytest.param(
            (
                "Karma Automotive designers unveil the SC2 concept vehicle at ... more Photo: Damian Dovarganes, AP",
                "Karma Automotive designers unveil the SC2 concept vehicle at the LA Auto Show on Tuesday.",
            ),
            [(0, 1, "teaser")],
            id="cut-caption-with-credit-goes",
        ),
        pytest.param(
            (
                "Good morning! This is the tech news you need to...",
                "10 things in tech you need to know today",
                "Good morning! This is the tech news you need to know this Tuesday. WeWork is in the news...",
            ),
            [(0, 2, "teaser")],
            id="cut-teaser-of-a-longer-cut-paragraph-goes",
        ),
    ],
)
def test_teasers_quotes_and_merged_copies(texts: tuple[str, ...], expected: list[tuple[int, int, str]]) -> None:
    assert removed(*texts) == expected


NEAR_COPIES = (
    "Title",
    BODY,
    BODY.replace("reporters", "reportres"),
    "Meanwhile, " + BODY,
    "ASTANA. KAZINFORM - " + LEAD,
    LEAD,
    MORE.replace("commission", "commision").replace(" also", ""),
)


@pytest.mark.parametrize("threshold", [0, 50, 90, 95, 99, 100])
def test_no_near_removal_scores_below_the_threshold(threshold: float) -> None:
    found = find_duplicates(paragraphs(*NEAR_COPIES), Config(threshold=threshold))
    near = [d for d in found if d.rule is Rule.NEAR]
    assert all(d.score >= threshold for d in near)
    if threshold <= 90:
        assert len(near) >= 3
    if threshold == 100:
        assert {d.index for d in near} <= {5}  # only a copy whose shared text is identical


ZH_TITLE = "合川百年小吃店起大火 疑因厨师炒咸菜导致"
ZH_LEAD = "国家统计局20日发布数据，前十个月全国规模以上工业增加值同比增长百分之六。"
JA_TITLE = "潮田玲子が“別人のようだ”!?"


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        pytest.param(("合川百年小吃店起…", ZH_TITLE, ZH_LEAD), [(0, 1, "teaser")], id="cut-title-goes"),
        pytest.param(
            (ZH_TITLE, "新华社北京11月20日电 " + ZH_LEAD, ZH_LEAD), [(2, 1, "near")], id="dateline-dropped-goes"
        ),
        pytest.param(("【Sports Watch】" + JA_TITLE, JA_TITLE), [(1, 0, "near")], id="bracket-source-dropped-goes"),
        pytest.param(
            ("北京40余工人食用扁豆后集体呕吐", "北京40余工人食用扁豆后集体呕", ZH_LEAD),
            [(1, 0, "near")],
            id="cut-short",
        ),
        pytest.param((ZH_TITLE, ZH_LEAD, ZH_LEAD.replace("百分之六", "百分之七")), [], id="other-number-word-stays"),
        pytest.param(
            (
                "■AQUOS PHONE SoftBank 103SHシリコンケース対応本革縦型ポーチケース",
                "■AQUOS PHONE SoftBank 103SHシリコンケース対応本革横型ポーチケース",
            ),
            [],
            id="other-character-stays",
        ),
        pytest.param(
            (
                "[A] プラチナ・ネックレス（プラチナ、ダイヤモンド）",
                "[B] プラチナ・ネックレス（プラチナ、ダイヤモンド）",
            ),
            [],
            id="list-labels-stay",
        ),
        pytest.param(
            (
                "※選んでいただいた「スキな揺れるジュエリー」のプレゼントではありません。",
                "前の文です。",
                "※選んでいただいた「スキな揺れるジュエリー」をプレゼントではありません。",
            ),
            [(2, 0, "near")],
            id="particle-only-differs-goes",
        ),
    ],
)
def test_scripts_without_spaces(texts: tuple[str, ...], expected: list[tuple[int, int, str]]) -> None:
    assert removed(*texts) == expected


def test_han_counts_double_toward_min_length() -> None:
    short = "本キャンペーンは終了しました。"  # 15 characters, 13 of them Han or Kana: 28
    longer = "※本キャンペーンは、終了しました。※"  # 19 characters, 14 of them Han or Kana: 33
    assert removed("Title", short, ZH_LEAD, short) == []
    assert removed("Title", longer, ZH_LEAD, longer) == [(3, 1, "exact")]


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        pytest.param((ZH_TITLE, ZH_LEAD, "此外，" + ZH_LEAD), [(2, 1, "near")], id="zh-connective-added-goes"),
        pytest.param(
            (
                JA_TITLE,
                "また、" + "国会で議論された問題について、テレビ番組で発言した。",
                "国会で議論された問題について、テレビ番組で発言した。",
            ),
            [(2, 1, "near")],
            id="ja-connective-dropped-goes",
        ),
    ],
)
def test_connectives_of_scripts_without_spaces(texts: tuple[str, ...], expected: list[tuple[int, int, str]]) -> None:
    assert removed(*texts) == expected


def _items(closing: list[str]) -> list[str]:
    """Items of a list, each of two body paragraphs and its closing line."""
    texts = ["Contest of the year", "The lead paragraph tells about the contest and its rules at length."]
    for number, line in enumerate(closing):
        texts += [f"Entry {number + 1} comes from town number {number + 3} and is {20 + number} years old.", line]
    return texts


@pytest.mark.parametrize(
    "closing",
    [
        [f"Vote for {name} on the last page of this contest and tell your friends!" for name in
         ("Olga Petrova", "Maria Ivanova", "Olga Petrova", "Anna Smirnova", "Irina Popova")],
        [f"Голосуйте за {name} на последней странице конкурса и расскажите друзьям!" for name in
         ("Ольгу", "Марию", "Анну", "Ольгу")],
        ["Its drawbacks: bleeding, swelling, nausea and a long rest afterwards.",
         "Its drawbacks: headache, rash and a weak stomach for weeks.",
         "Its drawbacks: bleeding, swelling, nausea and a long rest afterwards.",
         "Its drawbacks: hunger, fatigue and a bad mood on most days."],
    ],
    ids=["template-en", "template-ru", "label"],
)  # fmt: skip
def test_a_line_of_a_family_repeated_twice_stays(closing: list[str]) -> None:
    assert removed(*_items(closing)) == []


def test_a_double_of_no_family_or_of_the_lead_still_goes() -> None:
    line = "Vote for Olga Petrova on the last page of this contest and tell your friends!"
    texts = _items([line, "The jury meets on Friday to count the votes of the readers.", line])
    assert [(index, rule) for index, _, rule in removed(*texts)] == [(7, "exact")]
    lead = "The lead paragraph tells about the contest and its rules at length."
    names = ("Olga Petrova", "Maria Ivanova", "Anna Smirnova")
    family = _items([f"Vote for {name} on the last page of this contest and tell your friends!" for name in names])
    assert [(index, rule) for index, _, rule in removed(*family, lead)] == [(len(family), "exact")]


def test_a_five_character_name_makes_a_family_in_japanese() -> None:
    names = ["長谷川真理", "佐藤花子", "鈴木一郎", "長谷川真理", "田中次郎"]
    texts = ["コンテスト", "今年のコンテストについてのリード文です。詳しく説明します。"]
    for number, name in enumerate(names):
        texts += [
            f"エントリー{number + 1}は町{number + 3}から来た{20 + number}歳の参加者です。",
            f"{name}さんへの投票は最終ページからお願いします！",
        ]
    assert removed(*texts) == []


def test_a_double_of_the_lead_below_a_byline_still_goes() -> None:
    lead = "The lead paragraph tells about the contest and its rules at length."
    family = _items(
        [
            f"Vote for {name} on the last page of this contest and tell your friends!"
            for name in ("Olga", "Maria", "Anna")
        ]
    )
    texts = [family[0], "By Maria Kuznetsova", *family[1:], lead]
    assert [(index, rule) for index, _, rule in removed(*texts)] == [(len(texts) - 1, "exact")]


def test_a_label_that_becomes_the_headline_is_judged_alike_on_a_second_clean() -> None:
    from dedupe import clean_text

    text = (
        "Kerry made a stop in Kabul, where he told...\nKerry arrives in Kabul for talks with Karzai\n"
        + BODY
        + "\nKerry arrives in Kabul (video)\n"
    )
    once = clean_text(text)
    assert [r.index for r in once.removed] == [0]
    assert clean_text(once.text).removed == ()


@pytest.mark.parametrize(
    ("one", "other"),
    [("Iran", "Iraq"), ("Austria", "Australia"), ("Австрию", "Австралию"), ("Niger", "Nigeria")],
)
def test_a_letter_or_two_in_a_short_name_makes_another_place(one: str, other: str) -> None:
    sentence = "The EU extended sanctions on {} by one year, officials said on Monday."
    assert (
        removed("Title", sentence.format(one), "A paragraph of other facts in between.", sentence.format(other)) == []
    )


def test_one_word_in_two_spellings_is_a_near_copy() -> None:
    a = "من جهته، اعتبر العطية ان الاتفاق مع ايران كان أفضل خيار بين خيارات اخرى للتوصل الى حل."
    b = "من جهته، اعتبر العطية أنّ الاتفاق مع ايران كان أفضل خيار بين خيارات أخرى للتوصل إلى حل."
    assert [(i, rule) for i, _, rule in removed("Title", a, "A paragraph of other facts in between.", b)] == [
        (3, "near")
    ]
