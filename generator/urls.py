"""Site-relative URLs of every kind of page, in one place (MkDocs directory URLs)."""
from __future__ import annotations


def plan_url(plan_id: str) -> str:
    return f"plans/{plan_id}/"


def task_url(task) -> str:
    return f"plans/{task.plan}/{task.slug}/"


def unit_url(unit) -> str:
    return f"units/{unit.id}/"


def agency_type_url(type_id: str) -> str:
    return f"agency-types/{type_id}/"


def topic_url(topic_id: str) -> str:
    return f"topics/{topic_id}/"


def document_url(doc_id: str) -> str:
    return f"documents/#{doc_id}"


def page_path(url: str) -> str:
    """The Markdown file that gives a URL: plans/x/ → plans/x/index.md."""
    return url + "index.md"
