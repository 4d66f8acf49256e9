"""Property tests: whatever the text, the converter does not crash, loses no sentence and
emits no live markup."""
import re

import markdown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pymdownx.slugs import slugify

from conftest import ROOT, make_root
from generator.pipeline import build_handbook
from generator.render import Renderer
from generator.site import MARKDOWN_EXTENSIONS, sentences, visible_text

MARKERS = ["一、", "二、", "（一）", "(二)", "1.", "2．", "3、", "（1）", "①", "第一章 ", "第二节 ", "附件：", "——"]
NASTY = ["<script>alert(1)</script>", "[x](javascript:alert(1))", "<img src=x onerror=alert(1)>", "**粗**",
         "# 标题", "| a | b |", "{{ 1+1 }}", "{% raw %}", "&amp;", "`code`", "<!-- c -->", "\\", "{: .x }"]
PIECES = ["建立城乡融合发展机制", "责任单位：县财政局、人社局", "（牵头单位：县发改局）", "成员单位：区农业农村局。",
          "。", "，", "；", "：", " ", "\u00a0", "\u3000", "2025年", "5G", "⽼", "\u200b"]
TAG = re.compile(r"<([a-zA-Z][\w-]*)([^>]*)>")
FORBIDDEN_TAGS = {"script", "img", "iframe", "strong", "em", "b", "code", "style", "object", "embed", "h1"}


def live_markup(page_html: str) -> list[str]:
    """Tags that source text could have turned into markup (our templates use none of them
    on plan and task pages, except one <h1>), and attributes that run script."""
    found = []
    h1 = 0
    for m in TAG.finditer(page_html):
        name, attrs = m.group(1).lower(), m.group(2)
        h1 += name == "h1"
        if (name in FORBIDDEN_TAGS and not (name == "h1" and h1 == 1)) or re.search(r"\son\w+\s*=|javascript:", attrs, re.I):
            found.append(m.group(0))
    return found

line = st.lists(st.sampled_from(MARKERS + NASTY + PIECES) | st.text(alphabet="城乡融合发展试验区任务县局。，", max_size=8),
                max_size=8).map("".join)


def rendered_text(root, handbook):
    """The plan and task pages as HTML, converted as MkDocs would (same Markdown extensions)."""
    files = Renderer(handbook, None).render()
    md = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS,
                           extension_configs={"toc": {"slugify": slugify(case="lower")}})
    pages = {}
    for path, data in files.items():
        if path.startswith("plans/") and path.endswith(".md") and "/source/" not in path and path != "plans/index.md":
            text = data.decode("utf-8")
            text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
            pages[path] = md.reset().convert(text)
    return pages


def assert_nothing_lost_nothing_live(root):
    handbook = build_handbook(root)
    pages = rendered_text(root, handbook)
    for path, page_html in pages.items():
        assert not live_markup(page_html), (path, live_markup(page_html))
    for plan in handbook.plans:
        text = "".join(visible_text(h) for p, h in pages.items() if p.startswith(f"plans/{plan.id}/"))
        for paragraph in plan.texts:
            for sentence in sentences(paragraph.text):
                assert sentence in text, (plan.id, paragraph.line, sentence)


SETTINGS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(lines=st.lists(line, min_size=1, max_size=25))
def test_arbitrary_text(tmp_path_factory, lines):
    root = make_root(tmp_path_factory.mktemp("p"), {"random-2024.txt": "\n".join(lines) + "\n"})
    assert_nothing_lost_nothing_live(root)


SEEDS = sorted(p.name for p in (ROOT / "content" / "plans").glob("*.txt"))
REBRACKET = str.maketrans({"（": "(", "）": ")", "(": "（", ")": "）", "．": ".", "、": "，"})


@st.composite
def mutated_seed(draw):
    name = draw(st.sampled_from(SEEDS))
    lines = (ROOT / "content" / "plans" / name).read_text(encoding="utf-8").splitlines()
    for _ in range(draw(st.integers(0, 6))):
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "duplicate", "rebracket", "renumber", "inject"]))
        if action == "drop":
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "rebracket":
            lines[i] = lines[i].translate(REBRACKET)
        elif action == "renumber":
            lines[i] = re.sub(r"\d+|[一二三四五六七]", lambda m: draw(st.sampled_from(["1", "7", "十", "二"])), lines[i], count=1)
        else:
            lines[i] = lines[i] + draw(st.sampled_from(NASTY))
        if not lines:
            lines = ["空"]
    return name, "\n".join(lines) + "\n"


@SETTINGS
@given(seed=mutated_seed())
def test_mutated_seed_plans(tmp_path_factory, seed):
    name, text = seed
    root = make_root(tmp_path_factory.mktemp("s"), {name: text})
    assert_nothing_lost_nothing_live(root)
