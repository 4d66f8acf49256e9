"""The public data: handbook.json (see the schema in the README) and CSV tables."""
from __future__ import annotations

import codecs
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
        "restates": task.restates, "restated_by": task.restated_by,
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
        **shared_records(handbook),
    }


def shared_records(handbook: Handbook) -> dict:
    """What handbook.json holds beyond the plans' own records: the knowledge and the documents
    cited across plans."""
    return {
        "agency_types": [{"id": t.id, "name": t.name, "url": agency_type_url(t.id)} for t in handbook.agency_types],
        "topics": [{"id": t.id, "name": t.name, "parent": t.parent, "pilot": t.pilot, "description": t.description,
                    "keywords": t.keywords, "url": topic_url(t.id)} for t in handbook.topics],
        "documents": [{"id": d.id, "title": d.title, "doc_number": d.doc_number, "plan": d.plan,
                       "url": document_url(d.id),
                       "citations": [{"plan": c.plan, "task": c.task, "line": c.line, "printed": c.printed}
                                     for c in d.citations]} for d in handbook.documents],
    }


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def handbook_json(handbook: Handbook, pieces: dict | None = None) -> str:
    """handbook.json, put together from each plan's pieces (plan_pieces; computed here when not
    given): the same text as json.dumps of handbook_dict."""
    if pieces is None:
        pieces = all_pieces(handbook)
    units = {key: text for p in handbook.plans for key, text in pieces[p.id]["units"].items()}
    shared = shared_records(handbook)
    return "".join(['{"schema_version":', dumps(SCHEMA_VERSION),          # one copy of tens of megabytes
                    ',"plans":[', ",".join(pieces[p.id]["plan"] for p in handbook.plans),
                    '],"tasks":[', ",".join(text for p in handbook.plans for text in pieces[p.id]["tasks"]),
                    '],"units":[', ",".join(units[u.id] for u in handbook.units), "]",
                    *(f",{dumps(key)}:{dumps(value)}" for key, value in shared.items()), "}\n"])


def plan_pieces(plan: Plan, units: list[Unit]) -> dict:
    """A plan's part of the data files (its JSON records and CSV rows, as text), which depends on
    the plan alone, its related tasks and the documents it cites."""
    by_id = {u.id: u for u in units}
    return {"plan": dumps(plan_record(plan)), "tasks": [dumps(task_record(t)) for t in plan.tasks],
            "units": {u.id: dumps(unit_record(u)) for u in units},
            "tasks_csv": _csv(task_rows(plan.tasks)), "task_units_csv": _csv(task_unit_rows(plan.tasks, by_id))}


def all_pieces(handbook: Handbook) -> dict:
    units: dict[str, list[Unit]] = {p.id: [] for p in handbook.plans}
    for unit in handbook.units:
        units.setdefault(unit.plan, []).append(unit)
    return {p.id: plan_pieces(p, units[p.id]) for p in handbook.plans}


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


# The columns of the CSV files: (name, Table Schema type, what it holds). The CSV writers, the
# data page's field dictionary and datapackage.json all read these lists.
TASK_COLUMNS = [
    ("id", "string", "任务编号：规划编号/按原文编号生成的短名（如 minhou-2021/2-1-1 表示 二、（一）1.），网址不随顺序变化"),
    ("plan", "string", "规划编号（content/plans/ 下的文件名）"),
    ("number", "string", "原文中的编号，如 1. 或 （三）；无编号的任务为空"),
    ("title", "string", "任务标题"),
    ("path", "string", "上级标题，由外到内，以 > 分隔"),
    ("first_line", "integer", "任务在原文中的起始行号"),
    ("last_line", "integer", "任务在原文中的结束行号"),
    ("units", "string", "责任单位（按原文补全地名前缀），以、分隔"),
    ("topics", "string", "主题编号，以空格分隔；一项任务提到一次主题名称或关键词即归入"),
    ("url", "string", "任务页面的网址（相对于网站根地址）"),
    ("text", "string", "任务原文（多段以换行分隔）"),
]
TASK_UNIT_COLUMNS = [
    ("task", "string", "任务编号（见 tasks.csv 的 id）"),
    ("plan", "string", "规划编号"),
    ("role", "string", "角色：lead 牵头、responsible 责任、support 配合、member 成员"),
    ("raw", "string", "原文写法，如 人社局"),
    ("name", "string", "补全地名前缀后的写法，如 县人社局"),
    ("unit", "string", "单位编号（单位页面网址 units/<编号>/）"),
    ("unit_name", "string", "单位全称，如 闽侯县人力资源和社会保障局"),
    ("agency_type", "string", "机构类型编号，如 human-resources"),
    ("line", "integer", "读到这个单位的原文行号"),
    ("origin", "string", "出处：clause 本任务原文、heading 上级标题、roster 工作组名单、section 本节末尾、"
                         "table 任务表、subject 行文主语、correction 人工更正"),
    ("quote", "string", "读到这个单位的原文字句，如 （牵头单位：县发改局）"),
]
# handbook.json: each collection and its main fields (the JSON Schema has the exact types).
JSON_FIELDS = {
    "plans": "规划：id、title 标题、locality 地区、issuer 发文机关、doc_number 发文字号、date 成文日期、published 发布日期、"
             "status 状态、source_url 官方原文网址、source 原文文件、url、task_count 任务数、line_count 行数、"
             "metadata_origin 各项信息的来源（text 原文、yml 补充文件、file name 文件名）",
    "tasks": "任务：tasks.csv 的各列，另有 source_lines 起止行号、units（每个单位的 raw、name、unit、role、line、origin、quote）、"
             "topic_reasons 归入每个主题的理由、deadlines 时限、targets 量化目标、related 其他规划中的相关任务、citations 引用的文件",
    "units": "单位：id、plan、name 全称、aliases 原文写法、type 机构类型、also_types 合并机构的其他类型、"
             "kind（agency 机构、collective 各乡镇等、place 镇街）、url",
    "agency_types": "机构类型：id、name、url",
    "topics": "主题：id、name、parent 上级主题、pilot 是否为国家试验任务、description、keywords 关键词、url",
    "documents": "引用的文件：id、title 标题、doc_number 发文字号、plan（本手册收录的规划）、url、citations 引用处（规划、任务、行号、原文写法）",
}


def csv_bytes(text: str) -> bytes:
    """A CSV file as spreadsheet software on Chinese Windows opens it: UTF-8 with a byte-order
    mark (without one, Excel reads UTF-8 as GBK and shows mojibake)."""
    return codecs.BOM_UTF8 + text.encode("utf-8")


def header(columns: list[tuple]) -> str:
    return _csv([[name for name, _type, _what in columns]])


def task_rows(tasks: list[Task]) -> list[list]:
    return [[t.id, t.plan, t.number or "", t.title, " > ".join(t.path), t.line, t.last_line,
             "、".join(dict.fromkeys(u.name for u in t.units)), " ".join(t.topics), task_url(t), t.text]
            for t in tasks]


def task_unit_rows(tasks: list[Task], units: dict[str, Unit]) -> list[list]:
    return [[t.id, t.plan, ref.role, ref.raw, ref.name, ref.unit, units[ref.unit].name, units[ref.unit].type,
             ref.line, ref.origin, ref.quote] for t in tasks for ref in t.units]


def tasks_csv(handbook: Handbook, pieces: dict | None = None) -> str:
    pieces = all_pieces(handbook) if pieces is None else pieces
    return header(TASK_COLUMNS) + "".join(pieces[p.id]["tasks_csv"] for p in handbook.plans)


def task_units_csv(handbook: Handbook, pieces: dict | None = None) -> str:
    pieces = all_pieces(handbook) if pieces is None else pieces
    return header(TASK_UNIT_COLUMNS) + "".join(pieces[p.id]["task_units_csv"] for p in handbook.plans)
