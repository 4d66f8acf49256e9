"""Build import fixtures the way government offices publish plans.

    python tests/build_fixtures.py OUT_DIR [content/plans/ID.txt ...]

For every seed plan (and a crafted task-division plan with a merged-cell table, a footnote and a
text box) it writes:
  ID.docx  python-docx, official layout (3号仿宋, first-line indent of two characters, — N — page
           numbers); every numbered line of the seed (一、（一）1.（1）① 第X章 第X节) becomes real
           Word automatic numbering (chineseCounting / decimal / decimalEnclosedCircle), the rest of
           the text unchanged; [bookmark: X] residue becomes a real bookmark
  ID.pdf   LibreOffice headless, printed from the .docx
  ID.doc   LibreOffice headless, saved from the .docx in the Word 97 format
  ID.wps   the same bytes as ID.doc: WPS Office writes .wps in the Word 97 binary format
  ID.html  a 政府信息公开 page: navigation, info table (索引号 发文机关 发文字号 成文日期 发布日期),
           ArticleTitle / PubDate / ContentSource meta tags, 打印/关闭 buttons, 扫一扫, footer
and inputs that must be refused: scan.pdf (an image, no text layer) and encrypted.pdf (the
task-division plan printed with an open password).
All LibreOffice conversions of one format are one soffice call.
"""
from __future__ import annotations

import copy
import html
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT, RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.parse import classify  # noqa: E402
from generator.read import decode  # noqa: E402

BODY_PT = 16            # 3号
TITLE_PT = 22           # 2号
LINE_PITCH_PT = 28.95   # 22 lines on a page of A4 with the official margins
BOOKMARK = re.compile(r"\[bookmark: ([^\]]*)\]")

# numbering style -> (list level, Word number format)
LEVELS = {"chapter": (0, "chineseCounting"), "section": (1, "chineseCounting"), "cn": (2, "chineseCounting"),
          "paren-cn": (3, "chineseCounting"), "arabic": (4, "decimal"), "paren-arabic": (5, "decimal"),
          "circled": (6, "decimalEnclosedCircle")}


# ---------------------------------------------------------------- the crafted task-division plan

@dataclass
class Cell:
    text: str
    rows: int = 1
    cols: int = 1


TABLE_ROWS = [
    [Cell("序号"), Cell("重点任务"), Cell("牵头单位"), Cell("配合单位"), Cell("完成时限")],
    [Cell("一、人口迁徙制度", cols=5)],
    [Cell("1"), Cell("深化户籍制度改革"), Cell("县公安局", rows=2), Cell("县人社局\n县教育局"), Cell("2023年底")],
    [Cell("2"), Cell("推行居住证制度"), Cell("县卫健局"), Cell("长期")],
    [Cell("二、产业协同发展", cols=5)],
    [Cell("3"), Cell("建设城乡产业协同发展先行区"), Cell("县发改局"), Cell("县工信局、县商务局"),
     Cell("2024年底", rows=2)],
    [Cell("4"), Cell("培育农村电商"), Cell("县商务局"), Cell("县供销社", cols=1)],
]
# The table as the importer must write it: vertical merges repeated, section rows in the first cell.
TABLE_TEXT = """\
| 序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限 |
| --- | --- | --- | --- | --- |
| 一、人口迁徙制度 |  |  |  |  |
| 1 | 深化户籍制度改革 | 县公安局 | 县人社局 县教育局 | 2023年底 |
| 2 | 推行居住证制度 | 县公安局 | 县卫健局 | 长期 |
| 二、产业协同发展 |  |  |  |  |
| 3 | 建设城乡产业协同发展先行区 | 县发改局 | 县工信局、县商务局 | 2024年底 |
| 4 | 培育农村电商 | 县商务局 | 县供销社 | 2024年底 |"""

TASK_DIVISION = """\
测试县人民政府办公室
测政办〔2023〕5号
测试县人民政府办公室关于印发测试县城乡融合发展重点任务分工方案的通知
各乡镇人民政府，县直有关部门：
《测试县城乡融合发展重点任务分工方案》已经县政府同意，现印发给你们，请认真贯彻执行。
测试县人民政府办公室
2023年3月15日
测试县城乡融合发展重点任务分工方案
为加快推进城乡融合发展，结合我县实际，制定本方案。
一、总体要求
（一）指导思想
坚持农业农村优先发展，以缩小城乡发展差距为目标，推动城乡要素双向自由流动。
二、重点任务
（一）建立城乡有序流动的人口迁徙制度
1.深化户籍制度改革。全面放开城镇落户限制，推行以经常居住地登记户口制度。（责任单位：县公安局、县人社局）
2.推行居住证制度。推动居住证持有人享有与户籍人口同等的基本公共服务。（牵头单位：县公安局；配合单位：县卫健局）
（二）搭建城乡产业协同发展平台
1.建设城乡产业协同发展先行区。依托县经济开发区建设先行区，引导产业向园区集中。（责任单位：县发改局、县工信局）
（1）完善园区基础设施。建成标准厂房十万平方米。
（2）健全园区管理体制。推行“管委会+公司”模式。
2.培育农村电商。建设县级电商公共服务中心，实现村级服务站全覆盖。（责任单位：县商务局、县供销社）
三、保障措施
（一）加强组织领导。县城乡融合发展工作领导小组统筹推进各项任务。
（二）强化督促落实。县政府督查室定期通报任务进展。
附件：重点任务分工表
{table}
"""
FOOTNOTE = "先行区范围以县政府批复的规划为准。"
FOOTNOTE_AFTER = "依托县经济开发区建设先行区"     # the footnote mark follows these words
TEXT_BOX = "（此件公开发布）"
TEXT_BOX_AFTER = "2023年3月15日"                 # the text box is anchored in this paragraph
RUNNING_HEAD = "测试县人民政府办公室文件"            # a page header on every page


def task_division_lines() -> list[str]:
    return TASK_DIVISION.splitlines()


# ---------------------------------------------------------------- Word: numbering

class Numbering:
    """Word list definitions for the document: a num (and abstractNum) per run of consecutive
    numbering; a new one starts where Word's own counting would print another number."""

    def __init__(self, document):
        self.root = document.part.numbering_part.element
        self.next_id = 100
        self.current = None        # (num id, {level: lvlText}, {level: start})
        self.counters: dict[int, int | None] = {}

    def number(self, style: str, marker: str, digits: str, ordinal: int) -> tuple[int, int]:
        level, fmt = LEVELS[style]
        if digits[0] in "０１２３４５６７８９":
            fmt = "decimalFullWidth"
        lvl_text = marker.replace(digits, f"%{level + 1}", 1)
        expected = self._next_value(level)
        if self.current is None or self.current[1].get(level) != lvl_text or expected != ordinal:
            texts = dict(self.current[1]) if self.current else {}
            formats = dict(self.current[3]) if self.current else {}
            texts[level], formats[level] = lvl_text, fmt
            self._new_num(texts, {level: ordinal}, formats)
        self._count(level)
        return self.current[0], level

    def _next_value(self, level: int) -> int:
        value = self.counters.get(level)
        return (value + 1) if value is not None else self.current[2].get(level, 1) if self.current else 1

    def _count(self, level: int) -> None:
        self.counters[level] = self._next_value(level)
        for deeper in range(level + 1, 9):
            self.counters[deeper] = None

    def _new_num(self, texts: dict[int, str], starts: dict[int, int], formats: dict[int, str]) -> None:
        num_id = abstract_id = self.next_id
        self.next_id += 1
        levels = "".join(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="{starts.get(i, 1)}"/>'
            f'<w:numFmt w:val="{formats.get(i, "decimal")}"/><w:suff w:val="nothing"/>'
            f'<w:lvlText w:val="{html.escape(texts.get(i, f"%{i + 1}."), quote=True)}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="0" w:firstLine="640"/></w:pPr></w:lvl>' for i in range(9))
        abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
                             f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>')
        first_num = self.root.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            self.root.append(abstract)
        self.root.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}">'
                                   f'<w:abstractNumId w:val="{abstract_id}"/></w:num>'))
        self.current = (num_id, texts, starts, formats)
        self.counters = {}


def set_numbering(paragraph, num_id: int, level: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.insert(0, parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))


# ---------------------------------------------------------------- Word: layout

def official_document():
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    section.footer_distance = Cm(2.5)
    normal = document.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    normal.font.name = "FangSong"
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋_GB2312")
    normal.paragraph_format.line_spacing = Pt(LINE_PITCH_PT)
    normal.paragraph_format.space_after = Pt(0)
    document.settings.odd_and_even_pages_header_footer = True
    page_number_footer(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    page_number_footer(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)
    return document


def page_number_footer(footer, alignment) -> None:
    """— N — in 4号宋体, odd pages on the right, even pages on the left, one character in."""
    paragraph = footer.paragraphs[0]
    paragraph.alignment = alignment
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = Pt(14)
    paragraph._p.append(parse_xml(
        f'<w:r {nsdecls("w")}><w:rPr><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve">— </w:t></w:r>'))
    paragraph._p.append(parse_xml(
        f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:rPr><w:sz w:val="28"/></w:rPr>'
        f'<w:t>1</w:t></w:r></w:fldSimple>'))
    paragraph._p.append(parse_xml(
        f'<w:r {nsdecls("w")}><w:rPr><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve"> —</w:t></w:r>'))


def is_centered_title(text: str, before_body: bool) -> bool:
    return before_body and len(text) <= 40 and not re.search(r"[。，,：:；;]", text) and \
        re.search(r"(方案|规划|计划|通知|意见|办法)$", text) is not None


def is_signature(text: str, before_body: bool) -> bool:
    return before_body and bool(re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日|[\u4e00-\u9fff]{2,20}(人民政府|办公室)", text))


def add_text(paragraph, text: str) -> None:
    """Text with [bookmark: X] residue turned into real bookmarks."""
    position = 0
    for k, m in enumerate(BOOKMARK.finditer(text)):
        if m.start() > position:
            paragraph.add_run(text[position:m.start()])
        paragraph._p.append(parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="{k + 1000}" w:name="{m.group(1)}"/>'))
        paragraph._p.append(parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="{k + 1000}"/>'))
        position = m.end()
    if position < len(text):
        paragraph.add_run(text[position:])


def numbered_parts(text: str):
    """(style, marker, digits, ordinal, rest) of a numbered line, the rest with its own spacing."""
    found = classify(text)
    if not found or found[0] not in LEVELS:
        return None
    style, _rank, marker, ordinal, _rest = found
    m = re.match(r"\s*[第（(]?\s*([零〇一二三四五六七八九十百两]+|[0-9０-９]+|[\u2460-\u2473])", text)
    digits = m.group(1)
    if style == "circled":
        marker = text[0]
    return style, marker, digits, ordinal, text[len(marker):]


def write_docx(lines: list[str], path: Path, table_rows=None) -> None:
    document = official_document()
    numbering = Numbering(document)
    first_numbered = next((i for i, t in enumerate(lines) if numbered_parts(BOOKMARK.sub("", t))), len(lines))
    for index, raw in enumerate(lines):
        text = raw.strip()
        if not text:
            continue
        if text == "{table}" and table_rows:
            write_table(document, table_rows)
            continue
        paragraph = document.add_paragraph()
        before_body = index < first_numbered
        parts = numbered_parts(BOOKMARK.sub("", text))
        if parts:
            style, marker, digits, ordinal, rest = parts
            num_id, level = numbering.number(style, marker, digits, ordinal)
            set_numbering(paragraph, num_id, level)
            prefix = "".join(m.group(0) for m in BOOKMARK.finditer(text[:text.find(marker)]))
            add_text(paragraph, prefix + rest)
            if style in ("chapter", "cn"):
                bold_font(paragraph, "SimHei", "黑体")
            elif style in ("section", "paren-cn"):
                bold_font(paragraph, "KaiTi", "楷体_GB2312")
            continue
        if is_centered_title(text, before_body):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            add_text(paragraph, text)
            for run in paragraph.runs:
                run.font.size = Pt(TITLE_PT)
            continue
        if is_signature(text, before_body):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.paragraph_format.right_indent = Pt(BODY_PT * 4)
        else:
            paragraph.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
        add_text(paragraph, text)
    if table_rows:
        for header in (document.sections[0].header, document.sections[0].even_page_header):
            header.paragraphs[0].text = RUNNING_HEAD
            header.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_footnote(document, FOOTNOTE_AFTER, FOOTNOTE)
        add_text_box(document, TEXT_BOX_AFTER, TEXT_BOX)
    document.save(path)


def bold_font(paragraph, latin: str, east_asian: str) -> None:
    for run in paragraph.runs:
        run.font.name = latin
        run._r.get_or_add_rPr().rFonts.set(qn("w:eastAsia"), east_asian)


def write_table(document, rows: list[list[Cell]]) -> None:
    width = sum(c.cols for c in rows[0])
    table = document.add_table(rows=len(rows), cols=width)
    table.style = document.styles["Table Grid"]
    occupied: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in occupied:
                c += 1
            first = table.cell(r, c)
            last = table.cell(r + cell.rows - 1, c + cell.cols - 1)
            merged = first.merge(last) if (cell.rows, cell.cols) != (1, 1) else first
            paragraphs = cell.text.split("\n")
            merged.paragraphs[0].text = paragraphs[0]
            for more in paragraphs[1:]:
                merged.add_paragraph(more)
            for rr in range(r, r + cell.rows):
                for cc in range(c, c + cell.cols):
                    occupied.add((rr, cc))
            c += cell.cols
    header = table.rows[0]._tr.get_or_add_trPr()
    header.append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))


def paragraph_containing(document, text: str):
    return next(p for p in document.paragraphs if text in p.text)


def add_footnote(document, after: str, note: str) -> None:
    xml = (f'<w:footnotes {nsdecls("w")}>'
           '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
           '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
           '</w:footnote>'
           f'<w:footnote w:id="1"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
           f'<w:r><w:t xml:space="preserve"> {note}</w:t></w:r></w:p></w:footnote></w:footnotes>')
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, xml.encode("utf-8"), document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    paragraph = paragraph_containing(document, after)
    split_run_after(paragraph, after).addnext(parse_xml(
        f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        '<w:footnoteReference w:id="1"/></w:r>'))


def split_run_after(paragraph, text: str):
    """Split the run holding `text` just after it; return the first half."""
    run = next(r for r in paragraph.runs if text in r.text)
    cut = run.text.index(text) + len(text)
    head, tail = run.text[:cut], run.text[cut:]
    run.text = head
    if tail:
        rest = copy.deepcopy(run._r)
        run._r.addnext(rest)
        rest.find(qn("w:t")).text = tail
    return run._r


EXTRA_NS = ('xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
            'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
            'xmlns:v="urn:schemas-microsoft-com:vml"')


def add_text_box(document, anchor_text: str, text: str) -> None:
    """A text box as Word 2010+ writes it: DrawingML in mc:Choice, the same box in VML as fallback."""
    body = f'<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>'
    run = parse_xml(
        f'<w:r {nsdecls("w", "wp", "a", "r")} {EXTRA_NS}><mc:AlternateContent><mc:Choice Requires="wps">'
        '<w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>400000</wp:posOffset></wp:positionV>'
        '<wp:extent cx="2400000" cy="400000"/><wp:wrapNone/><wp:docPr id="501" name="Text Box 1"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f'<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="2400000" cy="400000"/>'
        f'</a:xfrm><a:prstGeom prst="rect"/></wps:spPr><wps:txbx>{body}</wps:txbx><wps:bodyPr/></wps:wsp>'
        '</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
        f'<mc:Fallback><w:pict><v:shape style="width:189pt;height:31pt"><v:textbox>{body}</v:textbox>'
        '</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>')
    paragraph_containing(document, anchor_text)._p.append(run)


# ---------------------------------------------------------------- HTML page

PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<meta name="SiteName" content="测试县人民政府">
<meta name="SiteIDCode" content="3501210001">
<meta name="ColumnName" content="政策文件">
<meta name="ArticleTitle" content="{title}">
<meta name="PubDate" content="{published} 15:46">
<meta name="ContentSource" content="{source}">
<title>{title}_政策文件_测试县人民政府</title>
<script>var _hmt = _hmt || []; function changeSize(s) {{ document.getElementById('zoom').style.fontSize = s; }}</script>
<style>.nav li {{ display: inline; }} #zoom p {{ text-indent: 2em; }}</style>
</head><body>
<div class="top"><a href="/">无障碍</a> <a href="/">长者模式</a> <a href="/">English</a></div>
<div class="header"><div class="logo">测试县人民政府</div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zwfw/">政务服务</a></li>
<li><a href="/hdjl/">互动交流</a></li><li><a href="/zjcs/">走进测试</a></li></ul></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政府信息公开</a> &gt; <a href="/zwgk/zcwj/">政策文件</a></div>
<div class="xxgk_table"><table class="info">
<tr><td>索引号：</td><td>11350121MB1234567X/2021-00123</td><td>主题分类：</td><td>综合政务</td></tr>
<tr><td>发文机关：</td><td>{issuer}</td><td>成文日期：</td><td>{date}</td></tr>
<tr><td>标　　题：</td><td colspan="3">{title}</td></tr>
<tr><td>发文字号：</td><td>{doc_number}</td><td>发布日期：</td><td>{published}</td></tr>
</table></div>
<div class="article">
<h1 class="article-title">{title}</h1>
<div class="article-info">发布时间：{published} 来源：{source} 浏览次数：<span id="views">1024</span>
字号：<a href="javascript:changeSize('18px')">大</a> <a href="javascript:changeSize('16px')">中</a>
<a href="javascript:changeSize('14px')">小</a></div>
<div class="TRS_Editor" id="zoom">
{body}
</div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>
<div class="tools"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
<div class="qrcode"><img src="qr.png" alt=""><p>扫一扫在手机打开当前页</p></div>
</div>
<div class="related"><h3>相关文件</h3><ul><li><a href="/a.html">测试县2020年政府工作报告</a></li>
<li><a href="/b.html">关于做好春耕生产工作的通知</a></li></ul></div>
<div class="footer"><p><a href="/">网站地图</a> | <a href="/">联系我们</a> | <a href="/">网站声明</a></p>
<p>主办单位：测试县人民政府办公室　承办单位：测试县大数据中心</p>
<p>网站标识码：3501210001　闽ICP备12345678号　闽公网安备 35012102000123号</p></div>
</body></html>
"""


def html_table(rows: list[list[Cell]]) -> str:
    out = ['<table border="1" cellspacing="0" cellpadding="0" style="width:100%">']
    for row in rows:
        cells = []
        for cell in row:
            spans = (f' rowspan="{cell.rows}"' if cell.rows > 1 else "") + (f' colspan="{cell.cols}"' if cell.cols > 1 else "")
            inner = "".join(f"<p>{html.escape(p)}</p>" for p in cell.text.split("\n"))
            cells.append(f"<td{spans}>{inner}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    return "\n".join(out + ["</table>"])


def write_html(lines: list[str], path: Path, meta: dict, table_rows=None, charset: str = "utf-8") -> None:
    body = []
    for raw in lines:
        text = BOOKMARK.sub("", raw.strip())
        if text == "{table}" and table_rows:
            body.append(html_table(table_rows))
        elif text:
            body.append(f'<p style="text-indent:2em;">{html.escape(text)}</p>')
    values = {k: html.escape(meta.get(k) or "", quote=True) for k in ("title", "issuer", "date", "published",
                                                                        "doc_number", "source")}
    page = PAGE.format(charset=charset, body="\n".join(body), **values)
    path.write_bytes(page.encode("gb18030" if charset.lower().startswith("gb") else charset))


# ---------------------------------------------------------------- LibreOffice

def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


ENCRYPTED_PDF = ('pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
                 '"DocumentOpenPassword":{"type":"string","value":"secret"}}')


def convert_all(docx_files: list[Path], target: str, out_dir: Path) -> None:
    """One soffice call converts every file (LibreOffice starts once)."""
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run([soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                        "--convert-to", target, "--outdir", str(out_dir), *map(str, docx_files)],
                       check=True, capture_output=True, timeout=600)


# ---------------------------------------------------------------- all fixtures

def seed_meta(plan) -> dict:
    return {"title": plan.title, "issuer": plan.issuer or f"{plan.locality}人民政府", "date": plan.date or "",
            "published": plan.published or plan.date or "", "doc_number": plan.doc_number or "",
            "source": plan.issuer or f"{plan.locality}人民政府"}


TASK_DIVISION_META = {"title": "测试县人民政府办公室关于印发测试县城乡融合发展重点任务分工方案的通知",
                      "issuer": "测试县人民政府办公室", "date": "2023-03-15", "published": "2023-03-20",
                      "doc_number": "测政办〔2023〕5号", "source": "测试县人民政府办公室"}


def build(out_dir: Path, seeds: list[Path], office: bool = True) -> dict[str, Path]:
    """Write every fixture into out_dir; returns {stem: docx path}. Without LibreOffice (or with
    office=False) only .docx and .html are made."""
    from generator.pipeline import build_handbook
    out_dir.mkdir(parents=True, exist_ok=True)
    made = {}
    plans = {p.id: p for p in build_handbook(ROOT).plans} if seeds else {}
    for seed in seeds:
        lines = decode(seed.read_bytes(), str(seed))[0].splitlines()
        write_docx(lines, out_dir / f"{seed.stem}.docx")
        write_html(lines, out_dir / f"{seed.stem}.html", seed_meta(plans[seed.stem]))
        made[seed.stem] = out_dir / f"{seed.stem}.docx"
    write_docx(task_division_lines(), out_dir / "task-division.docx", TABLE_ROWS)
    write_html(task_division_lines(), out_dir / "task-division.html", TASK_DIVISION_META, TABLE_ROWS, "gb2312")
    made["task-division"] = out_dir / "task-division.docx"
    if office and soffice():
        convert_all(list(made.values()), "pdf", out_dir)
        convert_all(list(made.values()), "doc:MS Word 97", out_dir)
        for stem in made:
            shutil.copyfile(out_dir / f"{stem}.doc", out_dir / f"{stem}.wps")
        with tempfile.TemporaryDirectory() as work:
            convert_all([made["task-division"]], ENCRYPTED_PDF, Path(work))
            shutil.move(Path(work) / "task-division.pdf", out_dir / "encrypted.pdf")
    write_scan(out_dir / "scan.pdf")
    return made


def write_scan(path: Path) -> None:
    """A scanned page: an image of text, no text layer."""
    from PIL import Image, ImageDraw
    page = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(page)
    for y in range(200, 1500, 60):
        draw.rectangle((150, y, 1090, y + 30), fill=40)
    page.save(path, "PDF", resolution=150)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    target = Path(sys.argv[1])
    seed_paths = [Path(p) for p in sys.argv[2:]] or sorted((ROOT / "content" / "plans").glob("*.txt"))
    for name in build(target, seed_paths):
        print(name)
