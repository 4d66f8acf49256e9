"""Render the model into Markdown pages and data files with Jinja2 templates.

Python decides what goes on which page; the templates under generator/templates decide
how it looks. Every string that comes from content is escaped by a filter (`h` inside
raw HTML, `md` inside Markdown), so a source line can never become markup. One module per
kind of page: tasks, units and agency types, topics, search records, data files."""
from .base import Page, front_matter, h, md_inline, relative, write_tree
from .renderer import Renderer

__all__ = ["Page", "Renderer", "front_matter", "h", "md_inline", "relative", "write_tree"]
