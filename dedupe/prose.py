"""Whether a text reads as prose paragraphs: the guard that keeps the pre-commit hooks to articles.

A repository holds more than articles under names the hook takes: build files, dependency lists,
logs and expected outputs, where two identical lines are meaning, not a scraper's double. Such
text is lines of code, names, numbers and signs; an article is mostly lines of words.
"""

from __future__ import annotations

import re
import unicodedata

# A word between spaces: letters, with punctuation before or after ("cmake_minimum_required(A" is none).
WORD = re.compile(r"(?<!\S)[\"'«„“‘(\[¿¡]*[^\W\d_]{2,}(?:[-'’][^\W\d_]+)*[\"'»”’)\].,;:!?…]*(?!\S)")
LOG_LINE = re.compile(
    r"\s*[\[(]?(\d{4}-\d\d-\d\d[ T_]\d\d:\d\d|\d\d:\d\d:\d\d|(TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL|CRITICAL)\b)"
)
PROSE_WORDS = 4  # words of two letters or more in a line of prose
UNSPACED_LETTERS = 10  # or letters of a script written without spaces (Chinese, Japanese, Thai)
LETTER_SHARE = 0.6  # letters (and their marks) among a prose line's characters other than spaces


def reads_as_prose(text: str) -> bool:
    """Whether lines of prose hold at least half of the characters of ``text``'s lines.

    >>> reads_as_prose("The minister said on Monday that talks would go on.\\nThey did.")
    True
    >>> reads_as_prose("if(A)\\n  add_subdirectory(b)\\nendif()\\nendif()")
    False
    """
    prose = total = 0
    for line in text.splitlines():
        verdict = _prose_line(line)
        if verdict is not None:
            total += len(line)
            prose += len(line) if verdict else 0
    return total > 0 and prose * 2 >= total


def _prose_line(line: str) -> bool | None:
    """Whether ``line`` is a line of prose; None for a blank one. A line that begins with a
    date and a time, or a log level, is a log's, whatever words follow."""
    chars = [char for char in line if not char.isspace()]
    if not chars:
        return None
    if LOG_LINE.match(line):
        return False
    letters = sum(1 for char in chars if char.isalpha() or unicodedata.category(char)[0] == "M")
    if letters < LETTER_SHARE * len(chars):
        return False
    unspaced = sum(1 for char in chars if char >= "\u2e80" or "\u0e00" <= char <= "\u109f")
    return len(WORD.findall(line)) >= PROSE_WORDS or unspaced >= UNSPACED_LETTERS
