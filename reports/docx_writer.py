"""The weekly note as DOCX (python-docx) in Russian official style: Times New Roman 14, margins 3/1,5/2/2 cm,
a title page, numbered headings, tables with borders, page numbers in the footer (not on the title page)."""
from __future__ import annotations

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from reports.model import Image, Note, Paragraph, Table
from reports.note import COMPARISONS
from reports.week import week_title

FONT = "Times New Roman"  # LibreOffice draws it with the metric-compatible Liberation Serif
BODY_PT, TABLE_PT, NOTE_PT = 14, 10, 10
FIGURE_COLUMNS = ("Показатель", "Значение", "Единица", "К предыдущей неделе", "К тому же периоду прошлого года", "Цель")


def _font(style, size: int, bold: bool = False) -> None:
    style.font.name, style.font.size, style.font.bold = FONT, Pt(size), bold
    style.font.color.rgb = RGBColor(0, 0, 0)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):  # theme fonts win over names
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    for color in rpr.findall(qn("w:color")):
        color.attrib.pop(qn("w:themeColor"), None)
        color.attrib.pop(qn("w:themeShade"), None)


def _page_number(paragraph) -> None:
    """A PAGE field (Word and LibreOffice fill it in)."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = " PAGE "
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)


def _setup(doc: Document) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.different_first_page_header_footer = True
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number(footer)
    _font(doc.styles["Normal"], BODY_PT)
    normal = doc.styles["Normal"].paragraph_format
    normal.space_after, normal.line_spacing = Pt(6), 1.15
    for name, size in (("Heading 1", BODY_PT), ("Heading 2", BODY_PT)):
        _font(doc.styles[name], size, bold=True)
    doc.styles["Heading 1"].paragraph_format.space_before = Pt(12)
    _font(doc.styles["Table Grid"], TABLE_PT)


TEXT_WIDTH_CM = 16.5


def column_widths(table: Table) -> list[float]:
    """Column widths (cm) in proportion to the longest cell of each column (bounded), over the text width."""
    weights = []
    for i, name in enumerate(table.columns):
        longest = max([len(str(r[i])) for r in table.rows] + [max(len(w) for w in name.split()) + 2], default=6)
        weights.append(min(max(longest + 2, 7), 40))
    total = sum(weights)
    return [TEXT_WIDTH_CM * w / total for w in weights]


def _cell(cell, text: str, width_cm: float, bold: bool = False) -> None:
    cell.width = Cm(width_cm)
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = 1.0
    run = paragraph.add_run(text)
    run.font.size, run.bold = Pt(TABLE_PT), bold


def _para(doc, text: str, *, align=WD_ALIGN_PARAGRAPH.JUSTIFY, size: int | None = None, bold=False, indent=True):
    p = doc.add_paragraph()
    p.alignment = align
    if indent and align == WD_ALIGN_PARAGRAPH.JUSTIFY:
        p.paragraph_format.first_line_indent = Cm(1.25)
    run = p.add_run(text)  # citizens' texts go in as plain runs: nothing in them is interpreted
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    return p


def _table(doc, table: Table) -> None:
    if table.caption:
        _para(doc, table.caption, align=WD_ALIGN_PARAGRAPH.LEFT, bold=True, indent=False)
    t = doc.add_table(rows=1, cols=len(table.columns))
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    widths = column_widths(table)
    for column, width in zip(t.columns, widths):
        column.width = Cm(width)
    for cell, name, width in zip(t.rows[0].cells, table.columns, widths):
        _cell(cell, name, width, bold=True)
    header = t.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # the header row repeats on each page the table runs over
    repeat.set(qn("w:val"), "true")
    header.append(repeat)
    for row in table.rows:
        for cell, value, width in zip(t.add_row().cells, row, widths):
            _cell(cell, str(value), width)  # citizens' texts too: a plain run, nothing interpreted
    if table.note:
        _para(doc, table.note, size=NOTE_PT, indent=False)
    else:
        doc.add_paragraph()


def write_docx(note: Note, out) -> None:
    """Write ``note`` as DOCX to ``out`` (a path or a binary file object)."""
    doc = Document()
    _setup(doc)
    for _ in range(4):
        doc.add_paragraph()
    _para(doc, note.municipality, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    _para(doc, "Муниципальный центр управления", align=WD_ALIGN_PARAGRAPH.CENTER)
    for _ in range(6):
        doc.add_paragraph()
    _para(doc, note.title.upper(), align=WD_ALIGN_PARAGRAPH.CENTER, size=18, bold=True)
    _para(doc, "для представления главе города", align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, week_title(note.week), align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, f"Охват: {note.scope}", align=WD_ALIGN_PARAGRAPH.CENTER)
    for _ in range(8):
        doc.add_paragraph()
    _para(doc, f"Дата составления: {note.issued:%d.%m.%Y}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    doc.paragraphs[-1].runs[-1].add_break(WD_BREAK.PAGE)

    doc.add_heading("1. Краткие выводы", level=1)
    _para(doc, note.summary)
    doc.add_heading("2. Основные показатели", level=1)
    _table(doc, Table("", FIGURE_COLUMNS, tuple((f.label, f.value, f.unit, f.previous, f.year, f.target)
                                                for f in note.figures),
                      "Показатели и их методика — из реестра мер приложения (те же, что на страницах). " + COMPARISONS))
    for number, section in enumerate(note.sections, start=3):
        doc.add_heading(f"{number}. {section.title}", level=1)
        for block in section.blocks:
            if isinstance(block, Paragraph):
                _para(doc, block.text)
            elif isinstance(block, Table):
                _table(doc, block)
            elif isinstance(block, Image):
                doc.add_picture(io.BytesIO(block.png), width=Cm(block.width_cm))
                doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
                _para(doc, block.caption, align=WD_ALIGN_PARAGRAPH.CENTER, size=NOTE_PT)
    doc.save(out)


def docx_bytes(note: Note) -> bytes:
    buf = io.BytesIO()
    write_docx(note, buf)
    return buf.getvalue()

