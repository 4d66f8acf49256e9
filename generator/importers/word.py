"""Word .docx: paragraphs in order with their automatic numbering as printed, tables with merged
cells, text boxes after the paragraph that anchors them, footnotes after the paragraph citing them."""
from __future__ import annotations

import io
import zipfile

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from .common import Block, ImportRefused, Imported, SpanCell, cell_text, resolve_spans, table_or_paragraphs
from .numbering import W, ListDefinitions

MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# Deleted and moved-away text, field codes, formatting, and the VML copy of a text box (mc:Fallback)
SKIPPED = {W + "del", W + "moveFrom", W + "instrText", W + "delText", MC + "Fallback", W + "rPr", W + "pPr",
           W + "commentReference"}
NOTE_PARTS = {"footnoteReference": RT.FOOTNOTES, "endnoteReference": RT.ENDNOTES}


def read_docx(data: bytes, name: str, fmt: str = "docx") -> Imported:
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise ImportRefused(f"{name} is a damaged Word document ({exc}); open it in Word or WPS and save it "
                            "again") from None
    reader = DocxReader(document)
    return Imported(fmt, reader.blocks(document.element.body), notes=reader.notes_report())


class DocxReader:
    def __init__(self, document):
        self.styles = _style_numbering(document)
        part = document.part
        numbering = part.numbering_part.element if _has_part(part, RT.NUMBERING) else None
        self.lists = ListDefinitions.from_xml(numbering, {s: num for s, (num, _lvl) in self.styles.items() if num})
        self.notes = {kind: _notes(part, rel) for kind, rel in NOTE_PARTS.items()}
        self.cited = 0
        self.boxes = 0

    def notes_report(self) -> list[str]:
        found = []
        if self.cited:
            found.append(f"{self.cited} footnotes written after the paragraphs citing them (注N：…)")
        if self.boxes:
            found.append(f"{self.boxes} text boxes written after the paragraphs anchoring them")
        return found

    def blocks(self, container) -> list[Block]:
        out: list[Block] = []
        for child in container:
            if child.tag == W + "p":
                out.extend(self.paragraph(child))
            elif child.tag == W + "tbl":
                out.extend(table_or_paragraphs(self.table(child)))
            elif child.tag in (W + "sdt", W + "customXml", W + "sdtContent"):
                out.extend(self.blocks(child.find(W + "sdtContent") if child.tag == W + "sdt" else child))
        return out

    # ------------------------------------------------------------ paragraphs

    def paragraph(self, p) -> list[Block]:
        """The paragraph's lines (a manual line break starts a new one), numbering label first,
        then its text boxes and the notes it cites."""
        lines, boxes, notes = [""], [], []
        self._collect(p, lines, boxes, notes)
        label = self._label(p)
        if label is not None and (label[0] or any(lines)):
            lines[0] = label[0] + _separator(label) + lines[0]
        out: list[Block] = [line for line in lines if line.strip()]
        for box in boxes:
            self.boxes += 1
            out.extend(self.blocks(box))
        for kind, note_id in notes:
            paragraphs = self.notes[kind].get(note_id)
            if paragraphs:
                self.cited += 1
                out.append(f"注{self.cited}：" + " ".join(paragraphs))
        return out

    def _collect(self, element, lines: list[str], boxes: list, notes: list) -> None:
        for child in element:
            tag = child.tag
            if tag in SKIPPED or not isinstance(tag, str):
                continue
            if tag == W + "r" and _hidden(child):
                continue
            if tag == W + "t":
                lines[-1] += child.text or ""
            elif tag in (W + "tab", W + "ptab"):
                lines[-1] += " "
            elif tag in (W + "br", W + "cr"):
                if child.get(W + "type") not in ("page", "column"):
                    lines.append("")
            elif tag == W + "noBreakHyphen":
                lines[-1] += "-"
            elif tag == W + "sym":
                code = int(child.get(W + "char", "0"), 16)
                lines[-1] += chr(code) if code < 0xF000 else ""
            elif tag == W + "txbxContent":
                boxes.append(child)
            elif tag in (W + "footnoteReference", W + "endnoteReference"):
                notes.append((tag[len(W):], child.get(W + "id")))
            else:
                self._collect(child, lines, boxes, notes)

    def _label(self, p) -> tuple[str, str] | None:
        ppr = p.find(W + "pPr")
        num_pr = ppr.find(W + "numPr") if ppr is not None else None
        num_id = ilvl = None
        if num_pr is not None:
            num_id = _child_val(num_pr, "numId")
            ilvl = _child_val(num_pr, "ilvl")
        style = _child_val(ppr, "pStyle") if ppr is not None else None
        if num_id is None and style in self.styles:
            num_id, style_level = self.styles[style]
            ilvl = ilvl if ilvl is not None else style_level
        if not num_id or num_id == "0":
            return None
        return self.lists.label(num_id, int(ilvl or 0))

    # ------------------------------------------------------------ tables

    def table(self, tbl):
        rows: list[list[SpanCell]] = []
        open_merges: dict[int, SpanCell] = {}        # grid column -> the cell a vertical merge started in
        for tr in tbl.iter(W + "tr"):
            if _ancestor_table(tr) is not tbl:
                continue
            row, column = [], _grid_skip(tr, "gridBefore")
            if column:
                row.append(SpanCell("", cols=column))
            for tc in tr.findall(W + "tc") + [c for sdt in tr.findall(W + "sdt") for c in sdt.iter(W + "tc")]:
                tcpr = tc.find(W + "tcPr")
                span = int(_child_val(tcpr, "gridSpan") or 1) if tcpr is not None else 1
                merge = tcpr.find(W + "vMerge") if tcpr is not None else None
                if merge is not None and merge.get(W + "val", "continue") == "continue" and column in open_merges:
                    open_merges[column].rows += 1
                else:
                    cell = SpanCell(cell_text(self._cell_paragraphs(tc)), cols=span)
                    row.append(cell)
                    if merge is not None:
                        open_merges[column] = cell
                    else:
                        open_merges.pop(column, None)
                column += span
            rows.append(row)
        return resolve_spans(rows)

    def _cell_paragraphs(self, tc) -> list[str]:
        texts = []
        for block in self.blocks(tc):
            texts.append(" ".join(" ".join(r) for r in block.rows) if not isinstance(block, str) else block)
        return texts


def _separator(label: tuple[str, str]) -> str:
    """Word prints a tab or a space after the label; in text a tab after 一、 is nothing, but a
    bare number (1 …) keeps a space so that it stays a label."""
    text, suffix = label
    if suffix == "nothing" or not text:
        return ""
    if suffix == "space":
        return " "
    return "" if text[-1] in "、.．)）:：" else " "


def _child_val(element, tag: str):
    child = element.find(W + tag) if element is not None else None
    return child.get(W + "val") if child is not None else None


def _hidden(run) -> bool:
    rpr = run.find(W + "rPr")
    vanish = rpr.find(W + "vanish") if rpr is not None else None
    return vanish is not None and vanish.get(W + "val", "true") not in ("0", "false")


def _grid_skip(tr, tag: str) -> int:
    trpr = tr.find(W + "trPr")
    return int(_child_val(trpr, tag) or 0) if trpr is not None else 0


def _ancestor_table(element):
    parent = element.getparent()
    while parent is not None and parent.tag != W + "tbl":
        parent = parent.getparent()
    return parent


def _has_part(part, reltype: str) -> bool:
    return any(rel.reltype == reltype for rel in part.rels.values())


def _notes(part, reltype: str) -> dict[str, list[str]]:
    """Footnotes or endnotes by id: their paragraphs' text (separators have none)."""
    rel = next((r for r in part.rels.values() if r.reltype == reltype and not r.is_external), None)
    if rel is None:
        return {}
    root = etree.fromstring(rel.target_part.blob)
    notes = {}
    for note in root:
        paragraphs = ["".join(t.text or "" for t in p.iter(W + "t")).strip() for p in note.iter(W + "p")]
        notes[note.get(W + "id")] = [p for p in paragraphs if p]
    return notes


def _style_numbering(document) -> dict[str, tuple[str | None, int]]:
    """Paragraph style id -> (numId, level) from its numPr or the numPr of a style it is based on."""
    own = {}
    for style in document.styles.element.iter(W + "style"):
        ppr = style.find(W + "pPr")
        num_pr = ppr.find(W + "numPr") if ppr is not None else None
        based_on = _child_val(style, "basedOn")
        own[style.get(W + "styleId")] = (
            (_child_val(num_pr, "numId"), int(_child_val(num_pr, "ilvl") or 0)) if num_pr is not None else None,
            based_on)
    resolved = {}
    for style_id in own:
        seen, current = set(), style_id
        while current in own and current not in seen:
            seen.add(current)
            numbering, based_on = own[current]
            if numbering is not None:
                resolved[style_id] = numbering
                break
            current = based_on
    return resolved
