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

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Table

_BATCHED_ALIGNMENTS = ("LEFT", "CENTER", "CENTRE")
_BATCHED_VALIGNS = ("TOP", "BOTTOM", "MIDDLE")


class StringTable(Table):
    def draw(self):
        self._text = self.canv.beginText()
        self._text_style = None
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
                text.textOut(line)
            y -= leading
        return None


def _batched(cellval, cellstyle) -> bool:
    return (isinstance(cellval, str) and cellstyle.alignment in _BATCHED_ALIGNMENTS
            and cellstyle.valign in _BATCHED_VALIGNS and not cellstyle.direction
            and not cellstyle.shaping and not cellstyle.href and not cellstyle.destination)
