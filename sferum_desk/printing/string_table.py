"""A platypus Table whose plain-string cells go into one text object per table.

reportlab draws each line of a string cell with its own `drawString`: a text object begun,
the font looked up, the line's width measured, the object ended — 28,800 times for the act
of a large school's 2,800 leavers (#17). Here every line of the table is a position and a
run of text inside one object; the glyphs land where `Table._drawCell` puts them (the same
padding, alignment and leading), the backgrounds before them and the grid after, as in a
Table. Cells this does not cover (flowables, right or decimal alignment, links, bidi) fall
back to the Table's own drawing.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.platypus import Table

_BATCHED_ALIGNMENTS = ("LEFT", "CENTER", "CENTRE")
_BATCHED_VALIGNS = ("TOP", "BOTTOM", "MIDDLE")


# document → {(font, line): [(subset, "(…) Tj")]}: a line's text operators as reportlab's
# `textOut` makes them. A glyph keeps the subset it was given first within one document,
# so a line once encoded is encoded the same ever after: the act's «Родитель», dates and
# categories repeat on every row, and the escape and subset split were a third of its time.
_RUNS: WeakKeyDictionary = WeakKeyDictionary()


class StringTable(Table):
    def draw(self):
        self._text = self.canv.beginText()
        self._text_style = None
        self._runs = _RUNS.setdefault(self.canv._doc, {})
        super().draw()

    def _drawLines(self):
        self.canv.drawText(self._text)  # the cells' text, before the grid as a Table has it
        super()._drawLines()

    def _drawCell(self, cellval, cellstyle, pos, size):
        if not _batched(cellval, cellstyle):
            return super()._drawCell(cellval, cellstyle, pos, size)
        text = self._text
        current = self._text_style
        if current is not cellstyle:
            if current is None or cellstyle.color != current.color:
                text.setFillColor(cellstyle.color)
            if current is None or (cellstyle.fontname, cellstyle.fontsize, cellstyle.leading) \
                    != (current.fontname, current.fontsize, current.leading):
                text.setFont(cellstyle.fontname, cellstyle.fontsize, cellstyle.leading)
            self._text_style = cellstyle
        (colpos, rowpos), (colwidth, rowheight) = pos, size
        lines = cellval.split("\n")
        leading, fontsize = cellstyle.leading, cellstyle.fontsize
        if cellstyle.valign == "TOP":
            y = rowpos + rowheight - cellstyle.topPadding - fontsize
        elif cellstyle.valign == "BOTTOM":
            y = rowpos + cellstyle.bottomPadding + len(lines) * leading - fontsize
        else:
            y = rowpos + (cellstyle.bottomPadding + rowheight - cellstyle.topPadding
                          + len(lines) * leading) / 2.0 - fontsize
        left = cellstyle.alignment == "LEFT"
        middle = colpos + (colwidth + cellstyle.leftPadding - cellstyle.rightPadding) * 0.5
        for line in lines:
            if line:
                x = colpos + cellstyle.leftPadding if left else (
                    middle - 0.5 * stringWidth(line, cellstyle.fontname, fontsize))
                text.setTextOrigin(x, y)
                self._text_out(line, cellstyle)
            y -= leading
        return None

    def _text_out(self, line: str, cellstyle) -> None:
        """`textOut(line)` with each distinct line's operators made once per document (the
        same bytes: the subset switch only where the subset changes, as reportlab writes)."""
        text = self._text
        key = (cellstyle.fontname, line)
        runs = self._runs.get(key)
        if runs is None:
            font = getFont(cellstyle.fontname)
            if not font._dynamicFont:
                text.textOut(line)
                return
            escape = self.canv._escape
            runs = self._runs[key] = [(subset, f"({escape(chunk)}) Tj") for subset, chunk
                                      in font.splitString(line, self.canv._doc)]
        parts = []
        for subset, operator in runs:
            if subset != text._curSubset:
                font = getFont(cellstyle.fontname)
                parts.append(f"{font.getSubsetInternalName(subset, self.canv._doc)} "
                             f"{fp_str(text._fontsize)} Tf {fp_str(text._leading)} TL")
                text._curSubset = subset
            parts.append(operator)
        text._code.append(" ".join(parts))


def _batched(cellval, cellstyle) -> bool:
    return (isinstance(cellval, str) and cellstyle.alignment in _BATCHED_ALIGNMENTS
            and cellstyle.valign in _BATCHED_VALIGNS and not cellstyle.direction
            and not cellstyle.shaping and not cellstyle.href and not cellstyle.destination)
