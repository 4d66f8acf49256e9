"""The page actions (edit, view the source, report a problem) as finished links in each page's
front matter, so that the theme only prints them: MkDocs's Jinja2 and Zensical's MiniJinja
share no string methods, and the links come out the same under both engines.

Every link is built from repo_url and edit_uri in mkdocs.yml, so a fork works unchanged."""
from __future__ import annotations

import html
from urllib.parse import quote


def urlencode(text: str) -> str:
    """What Jinja2's urlencode filter gives for a string."""
    return quote(text, safe="/")


class PageActions:
    """`repo_url`, `edit_uri` and `site_url` as mkdocs.yml gives them."""

    def __init__(self, repo_url: str | None, edit_uri: str | None, site_url: str | None):
        self.repo = (repo_url or "").rstrip("/")
        self.edit_base = self.repo + "/" + (edit_uri or "edit/main/").strip("/")
        self.site_url = site_url or ""

    def links(self, page_url: str, fields: dict) -> dict | None:
        """The links, escaped for an HTML attribute. Front matter fields say where a page comes from: hb_source / hb_line / hb_last_line
        (the text it shows), hb_edit (the file to edit, when another one: a unit's knowledge is
        in content/units.yml) and hb_edit_new (that file does not exist yet)."""
        source = fields.get("hb_source")
        if not self.repo or not source:
            return None
        target = fields.get("hb_edit") or source
        line, last = fields.get("hb_line"), fields.get("hb_last_line")
        if fields.get("hb_edit_new"):
            folder, _, name = target.rpartition("/")
            edit = self.edit_base.replace("/edit/", "/new/", 1) + "/" + folder + "?filename=" + urlencode(name)
            edit_title = "新建 " + target
        else:
            edit = self.edit_base + "/" + target
            edit_title = "编辑 " + target
        if line and not fields.get("hb_edit"):
            edit_title += f"（第{line}行）"
        lines = ""
        if line:
            lines = f"#L{line}" + (f"-L{last}" if last and last != line else "")
        view_title = f"在代码库中查看 {source}" + (f" 第{line}行" if line else "")
        page = (self.site_url.rstrip("/") + "/" + page_url) if self.site_url else page_url
        title = html.unescape(str(fields.get("title", "")))
        body = f"页面：{page}\n来源：{source}{lines}\n\n问题：\n"
        report = f"{self.repo}/issues/new?title={urlencode('[纠错] ' + title)}&body={urlencode(body)}"
        links = {"edit": edit, "edit_title": edit_title,
                 "view": self.edit_base.replace("/edit/", "/blob/", 1) + "/" + source + lines, "view_title": view_title,
                 "report": report}
        return {key: html.escape(value, quote=True) for key, value in links.items()}
