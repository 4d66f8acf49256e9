"""generator/mkdocs_render.py renders a page as MkDocs's own Page.render does: the same HTML,
table of contents, anchors, links and title, for every page of the seed site and for crafted
pages full of what Markdown and HTML make of `*`, `_`, `<`, `&`, `[`, backslashes and ids."""
import markdown
import pytest
from markdown.inlinepatterns import InlineProcessor

from generator import mkdocs_render
from generator.mkdocs_render import ANCHOR_ATTRIBUTE, Converter, inline_triggers, pattern_needs

from conftest import ROOT

CRAFTED = [
    "# 标题 *强调* 与 _下划线_\n\n正文**加粗**，__也加粗__，* 不是强调 *，a_b_c 与 2*3*4。\n",
    "# 转义\n\n\\*不是强调\\*，\\[不是链接\\]，\\<span>，反斜杠 \\\\ 与 `代码 *x*` 和 ``双`反引号``。\n",
    "# 实体与 HTML\n\n&amp; &#20013; &#x4e2d; &copy; &nbsp;& 不是实体；<span id=\"s1\">行内</span> <b>粗</b>\n",
    "# 链接\n\n[相对](other.md) [锚点](#part) [外部](https://example.com) <https://example.com/a>"
    " <a@example.com> ![图](pic.png) [引用][r] [r]\n\n[r]: other.md#x\n\n## 部分 {#part}\n\n文字\n",
    "# 换行\n\n第一行  \n第二行\\\n第三行\n\n- 列表 *一*\n- 列表 [二](other.md)\n\n| 甲 | 乙 |\n|---|---|\n| *丙* | <i>丁</i> |\n",
    "# 原始 HTML\n\n<div class=\"x\" ID=\"Upper\">\n<p>段落 a_b</p>\n</div>\n\n<a name=\"n1\"></a>\n\n"
    "<p data-id=\"no\" title=\"id=name\">无锚点</p>\n\n<img/id=slash src=\"a.png\">\n",
    "# 无锚点的 HTML\n\n<div class=\"hb-text\">\n<p class=\"hb-line\"><a href=\"#L1\">1</a>原文 *星号* 与 _下划线_ &lt;</p>\n</div>\n",
    # one paragraph per pattern, each with no other pattern's character
    "# 每段一种\n\n甲 &copy; 乙\n\n甲 *强* 乙\n\n甲 _强_ 乙\n\n甲 `码` 乙\n\n甲 \\\\ 乙\n\n甲 [链](other.md) 乙\n\n"
    "甲 <b>粗</b> 乙\n\n甲  \n乙\n\n甲 ![图](pic.png) 乙\n\n甲 <https://example.com> 乙\n",
    "没有标题的页\n\n<!-- 注释 id=\"c\" -->\n\n文字 `a<b` 与 <br/> 与 <hr id=h>\n",
]


def outcome(page):
    return (page.content, str(page.toc), [(t.id, t.level, len(t.children)) for t in page.toc],
            page._title_from_render, sorted(page.present_anchor_ids),
            {f.src_uri: a for f, a in page.links_to_anchors.items()})


def rendered_alike(convert: Converter, file) -> bool:
    """MkDocs's own Page.render and `convert` give the page the same outcome."""
    from mkdocs.structure.pages import Page
    stock, ours = Page(None, file, convert.config), Page(None, file, convert.config)
    for page in (stock, ours):
        page.read_source(convert.config)
    stock.render(convert.config, convert.files)
    convert.render(ours)
    return outcome(ours) == outcome(stock)


@pytest.fixture
def docs_config(tmp_path, monkeypatch):
    """MkDocs's configuration of a docs folder under tmp_path, with the project's mkdocs.yml."""
    from mkdocs.config import load_config
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")

    def load(docs):
        return load_config(config_file=str(ROOT / "mkdocs.yml"), strict=False, docs_dir=str(docs),
                           site_dir=str(tmp_path / "site"))
    return load


def test_every_seed_page_renders_as_mkdocs_renders_it(built_site, docs_config):
    from mkdocs.structure.files import get_files
    config = docs_config(ROOT / "build" / "docs")
    files = get_files(config)
    convert = Converter(config, files)             # one instance for every page, as in a build
    assert isinstance(convert.md.treeprocessors["inline"], mkdocs_render._SkippingInline)
    pages = files.documentation_pages()
    assert len(pages) > 300
    for file in pages:
        assert rendered_alike(convert, file), file.src_uri


def test_crafted_pages_render_as_mkdocs_renders_them(tmp_path, docs_config):
    from mkdocs.structure.files import get_files
    from mkdocs.structure.pages import Page
    docs = tmp_path / "docs"
    docs.mkdir()
    for i, text in enumerate(CRAFTED):
        (docs / f"p{i}.md").write_text(text, encoding="utf-8")
    (docs / "other.md").write_text("# 其他\n\n## x {#x}\n", encoding="utf-8")
    (docs / "pic.png").write_bytes(b"")
    config = docs_config(docs)
    files = get_files(config)
    convert = Converter(config, files)
    for file in files.documentation_pages():
        assert rendered_alike(convert, file), file.src_uri
    raw = Page(None, files.get_file_from_path("p5.md"), config)
    raw.read_source(config)
    convert.render(raw)
    assert {"Upper", "n1", "slash"} <= raw.present_anchor_ids          # the crafted ids are found


def test_an_unknown_inline_pattern_turns_the_shortcut_off():
    md = markdown.Markdown(extensions=["tables", "attr_list", "md_in_html", "toc"])
    needs = pattern_needs(md)
    assert needs is not None
    found = inline_triggers(needs)
    assert found.search("中文，没有标记") is None and found.search("a*b") and found.search("a  \nb")
    md.inlinePatterns.register(InlineProcessor(r"~~(.+?)~~"), "strike", 50)
    assert pattern_needs(md) is None


def test_the_shortcut_leaves_unknown_patterns_to_python_markdown():
    md = markdown.Markdown()
    md.inlinePatterns.register(InlineProcessor(r"中文"), "chinese", 50)
    assert pattern_needs(md) is None


@pytest.mark.parametrize("html", ['<a id="x">', "<A\nID='x'>", "<p/id=x>", '<a name="n">', "<b id>",
                                  '<i class="c" id=x>', "<a title='t' name=n/>"])
def test_an_anchor_attribute_is_always_seen(html):
    from mkdocs.structure.pages import _HTMLHandler
    parser = _HTMLHandler()
    parser.feed(html)
    parser.close()
    assert parser.present_anchor_ids          # MkDocs finds an anchor …
    assert ANCHOR_ATTRIBUTE.search(html)      # … and so the shortcut parses the page


def test_sections_split_before_each_plan_heading():
    text = "# 主题\n\n导语\n\n## 甲地 · 规划 {#plan-a}\n\n内容\n\n## 乙地 · 规划 {#plan-b}\n\n内容\n"
    assert len(mkdocs_render.sections(text)) == 3
