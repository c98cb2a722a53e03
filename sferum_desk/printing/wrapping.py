"""Line breaking for every paper: at spaces, after hyphens and dashes, and only where a word
alone is wider than its box, by Russian hyphenation rules (pyphen's ru_RU dictionary).

reportlab's own splitting cuts a long word anywhere without a hyphen («Преображенск|ая») and
its hyphenator skips words with «ё» or a hyphen, so the tables and slips break lines here.
"""

from __future__ import annotations

import re
from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfmetrics import stringWidth

_BREAK_AFTER = re.compile(r"(?<=[-‐–—/])(?=\w)")  # inside a word: after a hyphen, dash, slash
_SPACES = re.compile(r" +")  # a no-break space (U+00A0) keeps «+7 916 123-45-67» whole
_URL_BREAKS = "/?&=#._-"
HYPHEN = "-"


@lru_cache(maxsize=1)
def _hyphenator():
    import pyphen

    return pyphen.Pyphen(lang="ru_RU", left=2, right=2)


def _pieces(text: str) -> list[tuple[str, str]]:
    """(glue before, piece): words glued by a space, parts of a hyphenated word by nothing."""
    pieces: list[tuple[str, str]] = []
    for index, word in enumerate(_SPACES.split(text.strip(" "))):
        for part_index, part in enumerate(_BREAK_AFTER.split(word)):
            glue = "" if part_index else (" " if index else "")
            pieces.append((glue, part))
    return pieces


def _split_word(word: str, font: str, size: float, width: float) -> tuple[str, str]:
    """The longest head of `word` that fits with a hyphen, by the dictionary; else by letters
    (a run of digits or a code has no syllables)."""
    hyphen_width = stringWidth(HYPHEN, font, size)
    for head, tail in _hyphenator().iterate(word):
        if stringWidth(head, font, size) + hyphen_width <= width:
            return head + HYPHEN, tail
    cut = len(word) - 1
    while cut > 1 and stringWidth(word[:cut], font, size) + hyphen_width > width:
        cut -= 1
    return word[:cut] + (HYPHEN if word[cut - 1].isalpha() and word[cut].isalpha() else ""), \
        word[cut:]


@lru_cache(maxsize=4096)
def wrap_text(text: str, font: str, size: float, width: float) -> tuple[str, ...]:
    """The text broken into lines no wider than `width` points."""
    whole = " ".join(_SPACES.split(text.strip(" ")))
    if stringWidth(whole, font, size) <= width:  # what the loop below makes of a line that
        return (whole,)                           # fits, measured once instead of per word
    lines: list[str] = []
    current = ""
    for glue, piece in _pieces(text):
        candidate = f"{current}{glue}{piece}" if current else piece
        if stringWidth(candidate, font, size) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = piece
        while stringWidth(current, font, size) > width and len(current) > 1:
            head, current = _split_word(current, font, size, width)
            lines.append(head)
    if current or not lines:
        lines.append(current)
    return tuple(lines)


@lru_cache(maxsize=1024)
def wrap_url(url: str, font: str, size: float, width: float) -> tuple[str, ...]:
    """A link broken without adding characters, preferably after / ? & = . _ -, so that it
    can be typed back exactly as printed."""
    lines: list[str] = []
    rest = url
    while stringWidth(rest, font, size) > width and len(rest) > 1:
        cut = len(rest) - 1
        while cut > 1 and stringWidth(rest[:cut], font, size) > width:
            cut -= 1
        nicer = max((rest.rfind(ch, 0, cut) + 1 for ch in _URL_BREAKS), default=0)
        if nicer > cut * 0.6:
            cut = nicer
        lines.append(rest[:cut])
        rest = rest[cut:]
    lines.append(rest)
    return tuple(lines)


def fits(text: str, font: str, size: float, width: float) -> bool:
    return stringWidth(text, font, size) <= width


def fit_lines(text: str, font: str, size: float, width: float, max_lines: int,
              smallest: float) -> tuple[float, tuple[str, ...]]:
    """The largest size from `size` down to `smallest` at which the text takes at most
    `max_lines` lines (at `smallest`, as many lines as it needs)."""
    while True:
        lines = wrap_text(text, font, size, width)
        if len(lines) <= max_lines or size <= smallest:
            return size, lines
        size = max(smallest, size - 0.25)


def paragraph_markup(text: str, font: str, size: float, width: float) -> str:
    """Paragraph mini-markup with our own line breaks, so that reportlab never splits a word
    by itself."""
    return "<br/>".join(escape(line) for line in wrap_text(text, font, size, width))


TABLE_PADDING = 12  # a platypus Table's default: 6 pt left and 6 pt right


def wrapped_paragraph(value: str, style, width: float, bold: bool = False,
                      padding: float = TABLE_PADDING):
    """A table cell's Paragraph with our line breaks for a column `width` points wide."""
    from reportlab.platypus import Paragraph

    from sferum_desk.printing.fonts import SERIF_BOLD

    font = SERIF_BOLD if bold else style.fontName
    markup = paragraph_markup(value, font, style.fontSize, width - padding)
    return Paragraph(f"<b>{markup}</b>" if bold else markup, style)
