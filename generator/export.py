"""The public data: handbook.json (see the schema in the README) and CSV tables."""
from __future__ import annotations

import csv
import io
import json

from .model import Handbook, Plan, Task, Unit
from .urls import agency_type_url, document_url, plan_url, task_url, topic_url, unit_url

SCHEMA_VERSION = "1.0"


def plan_record(plan: Plan) -> dict:
    return {
        "id": plan.id, "title": plan.title, "locality": plan.locality, "issuer": plan.issuer,
        "doc_number": plan.doc_number, "date": plan.date, "published": plan.published,
        "status": plan.status, "source_url": plan.source_url, "source": plan.source,
        "url": plan_url(plan.id), "task_count": len(plan.tasks), "line_count": plan.line_count,
        "metadata_origin": plan.meta_origin,
    }


def task_record(task: Task) -> dict:
    return {
        "id": task.id, "plan": task.plan, "number": task.number, "title": task.title,
        "path": task.path, "text": task.text, "source_lines": task.source_lines,
        "units": [{"raw": u.raw, "name": u.name, "unit": u.unit, "role": u.role, "line": u.line,
                   "origin": u.origin, "quote": u.quote} for u in task.units],
        "topics": task.topics, "topic_reasons": task.topic_reasons,
        "deadlines": [{"text": d.text, "year": d.year, "line": d.line} for d in task.deadlines],
        "targets": [{"text": text, "line": line} for text, line in task.targets],
        "related": [{"task": other, "score": score} for other, score in task.related],
        "citations": task.citations, "url": task_url(task),
        "corrected": [{"what": what, "yml_line": line} for what, line in task.corrected],
    }


def unit_record(unit: Unit) -> dict:
    return {"id": unit.id, "plan": unit.plan, "name": unit.name, "aliases": unit.aliases,
            "type": unit.type, "also_types": unit.also_types, "kind": unit.kind, "url": unit_url(unit)}


def handbook_dict(handbook: Handbook) -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
        "plans": [plan_record(p) for p in handbook.plans],
        "tasks": [task_record(t) for t in handbook.tasks],
        "units": [unit_record(u) for u in handbook.units],
        "agency_types": [{"id": t.id, "name": t.name, "url": agency_type_url(t.id)} for t in handbook.agency_types],
        "topics": [{"id": t.id, "name": t.name, "parent": t.parent, "pilot": t.pilot, "description": t.description,
                    "keywords": t.keywords, "url": topic_url(t.id)} for t in handbook.topics],
        "documents": [{"id": d.id, "title": d.title, "doc_number": d.doc_number, "plan": d.plan,
                       "url": document_url(d.id),
                       "citations": [{"plan": c.plan, "task": c.task, "line": c.line, "printed": c.printed}
                                     for c in d.citations]} for d in handbook.documents],
    }


def handbook_json(handbook: Handbook) -> str:
    return json.dumps(handbook_dict(handbook), ensure_ascii=False, separators=(",", ":")) + "\n"


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell):
    """A text cell that a spreadsheet would run as a formula (=, +, -, @) gets a leading
    apostrophe, the form spreadsheet software shows as text (OWASP's advice for CSV files)."""
    if isinstance(cell, str) and cell.startswith(FORMULA_START):
        return "'" + cell
    return cell


def _csv(rows: list[list]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows([[spreadsheet_safe(cell) for cell in row] for row in rows])
    return out.getvalue()


def tasks_csv(handbook: Handbook) -> str:
    rows = [["id", "plan", "number", "title", "path", "first_line", "last_line", "units", "topics", "url", "text"]]
    for t in handbook.tasks:
        rows.append([t.id, t.plan, t.number or "", t.title, " > ".join(t.path), t.line, t.last_line,
                     "、".join(dict.fromkeys(u.name for u in t.units)), " ".join(t.topics), task_url(t), t.text])
    return _csv(rows)


def task_units_csv(handbook: Handbook) -> str:
    units = {u.id: u for u in handbook.units}
    rows = [["task", "plan", "role", "raw", "name", "unit", "unit_name", "agency_type", "line"]]
    for t in handbook.tasks:
        for ref in t.units:
            unit = units[ref.unit]
            rows.append([t.id, t.plan, ref.role, ref.raw, ref.name, ref.unit, unit.name, unit.type, ref.line])
    return _csv(rows)
