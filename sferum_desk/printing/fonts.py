"""The embedded TrueType fonts every PDF uses (Liberation Serif: metric-compatible with
Times New Roman; Liberation Mono for links typed by hand, where l/I/1 and O/0 differ; SIL OFL
1.1, licence beside the files)."""

from __future__ import annotations

from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from sferum_desk.resources_path import resource

FONTS_DIR = resource("fonts")
SERIF = "SferumSerif"
SERIF_BOLD = "SferumSerif-Bold"
SERIF_ITALIC = "SferumSerif-Italic"
SERIF_BOLD_ITALIC = "SferumSerif-BoldItalic"
MONO = "SferumMono"
_FILES = {
    SERIF: "LiberationSerif-Regular.ttf",
    SERIF_BOLD: "LiberationSerif-Bold.ttf",
    SERIF_ITALIC: "LiberationSerif-Italic.ttf",
    SERIF_BOLD_ITALIC: "LiberationSerif-BoldItalic.ttf",
    MONO: "LiberationMono-Regular.ttf",
}


@cache
def register_fonts() -> str:
    """Register the serif family and the monospace once; returns the regular face's name.

    Pass it as `initialFontName=` to a Canvas or doc template so that no
    non-embedded Helvetica sneaks into the file.
    """
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONTS_DIR / filename)))
    addMapping(SERIF, 0, 0, SERIF)
    addMapping(SERIF, 1, 0, SERIF_BOLD)
    addMapping(SERIF, 0, 1, SERIF_ITALIC)
    addMapping(SERIF, 1, 1, SERIF_BOLD_ITALIC)
    return SERIF
