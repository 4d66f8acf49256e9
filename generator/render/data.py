"""The open data: CSV and JSON files, their description for tools (datapackage.json, Frictionless
Data), the schema of handbook.json, and an Atom feed of plans added or changed."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path

from ..export import (JSON_FIELDS, TASK_COLUMNS, TASK_UNIT_COLUMNS, csv_bytes, handbook_json, plan_pieces,
                      task_units_csv, tasks_csv)
from ..urls import plan_url

SCHEMA = Path(__file__).parent.parent / "schema" / "handbook.schema.json"
LICENSE = {"name": "CC-BY-4.0", "title": "知识共享 署名 4.0 国际许可协议（CC BY 4.0）",
           "path": "https://creativecommons.org/licenses/by/4.0/"}
ATOM = "http://www.w3.org/2005/Atom"
FEED_TITLE = "城乡融合发展规划手册：新增和更新的规划"


def iso(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def day(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, tz=timezone.utc).strftime("%Y-%m-%d")


class DataFiles:
    def data_files(self) -> dict[str, bytes]:
        pieces = self.data_pieces()
        files = {"data/handbook.json": handbook_json(self.hb, pieces).encode("utf-8"),
                 "data/handbook.schema.json": SCHEMA.read_bytes(),
                 "data/tasks.csv": csv_bytes(tasks_csv(self.hb, pieces)),
                 "data/task_units.csv": csv_bytes(task_units_csv(self.hb, pieces)),
                 "feed.xml": self.feed()}
        files["data/datapackage.json"] = (json.dumps(self.datapackage(), ensure_ascii=False, indent=1) + "\n").encode()
        return files

    def data_pieces(self) -> dict:
        """Each plan's pieces of the data files (export.plan_pieces); those of a plan whose key
        did not change come from the last build (tens of megabytes at a thousand plans)."""
        def make(plan):
            return plan_pieces(plan, self.units_of_plan(plan.id))
        if self.sections is None:
            return {p.id: make(p) for p in self.hb.plans}
        return self.sections.per_plan("data", self.sections.data_keys, make, self.hb.plans)

    def data_counts(self) -> dict:
        return {"plans": len(self.hb.plans), "tasks": len(self.hb.tasks), "units": len(self.hb.units),
                "links": sum(len(t.units) for t in self.hb.tasks), "agency_types": len(self.hb.agency_types),
                "topics": len(self.hb.topics), "documents": len(self.hb.documents)}

    def build_day(self) -> str:
        return day(self.epoch)

    def data_dictionary(self) -> list[dict]:
        """Every file of data/ with what it holds and its columns, for the data page and datapackage.json."""
        counts = self.data_counts()
        return [
            {"name": "tasks", "path": "tasks.csv", "title": "任务", "rows": counts["tasks"],
             "description": "每项任务一行：编号、标题、上级标题、原文行号、责任单位、主题和原文。", "columns": TASK_COLUMNS},
            {"name": "task-units", "path": "task_units.csv", "title": "任务与单位", "rows": counts["links"],
             "description": "任务与单位的每一条对应关系一行：角色、原文写法、单位、机构类型，以及读到它的原文行和字句。",
             "columns": TASK_UNIT_COLUMNS},
            {"name": "handbook", "path": "handbook.json", "title": "全部数据（JSON）", "rows": None,
             "description": "全部规划、任务、单位、机构类型、主题和引用的文件；结构见 handbook.schema.json。",
             "fields": JSON_FIELDS},
            {"name": "handbook-schema", "path": "handbook.schema.json", "title": "handbook.json 的结构（JSON Schema）",
             "rows": None, "description": "handbook.json 的 JSON Schema（2020-12）。"},
        ]

    def datapackage(self) -> dict:
        resources = []
        for item in self.data_dictionary():
            resource = {"name": item["name"], "path": item["path"], "title": item["title"],
                        "description": item["description"]}
            if "columns" in item:
                resource.update(type="table", profile="tabular-data-resource", format="csv", mediatype="text/csv",
                                encoding="utf-8-sig",
                                schema={"fields": [{"name": n, "type": t, "description": d} for n, t, d in item["columns"]]})
            else:
                # "type": a plain JSON file (Frictionless would otherwise read these as its own metadata)
                resource.update(type="json", format="json", mediatype="application/json", encoding="utf-8")
            resources.append(resource)
        resources[0]["schema"]["primaryKey"] = ["id"]
        resources[1]["schema"]["foreignKeys"] = [{"fields": ["task"], "reference": {"resource": "tasks", "fields": ["id"]}}]
        package = {"name": "plan-handbook", "title": "城乡融合发展规划手册 · 开放数据",
                   "description": "地方城乡融合发展规划的任务、责任单位及其出处、主题。规划原文是政府公文，"
                                  "依《中华人民共和国著作权法》第五条不受著作权保护；本手册整理的数据以 CC BY 4.0 发布。",
                   "licenses": [LICENSE], "created": iso(self.epoch), "resources": resources}
        if self.site_url:
            package["homepage"] = self.site_url + "data/"
        return package

    # ------------------------------------------------------------ feed

    def feed(self) -> bytes:
        """Atom: one entry per plan, newest change first, dated by the git history of its files."""
        ET.register_namespace("", ATOM)

        def sub(parent, tag, text=None, **attrs):
            element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
            element.text = text
            return element
        base = self.site_url
        feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "zh-CN"})
        sub(feed, "title", FEED_TITLE)
        sub(feed, "subtitle", "手册收录的地方城乡融合发展规划，按最近一次新增或修改排列。")
        sub(feed, "id", (base + "feed.xml") if base else "urn:plan-handbook:feed")
        sub(feed, "link", rel="self", href=base + "feed.xml")
        sub(feed, "link", rel="alternate", href=base or "./")
        dates = self.plan_dates
        plans = sorted(self.hb.plans, key=lambda p: (-dates[p.id][1], p.id))
        sub(feed, "updated", iso(max((dates[p.id][1] for p in plans), default=self.epoch)))
        author = sub(feed, "author")
        sub(author, "name", "城乡融合发展规划手册")
        sub(feed, "rights", "数据以 CC BY 4.0 发布；规划原文为政府公文")
        for plan in plans:
            added, changed = dates[plan.id]
            entry = sub(feed, "entry")
            sub(entry, "title", plan.title)
            sub(entry, "id", (base + plan_url(plan.id)) if base else f"urn:plan-handbook:{plan.id}")
            sub(entry, "link", rel="alternate", type="text/html", href=base + plan_url(plan.id))
            sub(entry, "published", iso(added))
            sub(entry, "updated", iso(changed))
            units = len({u.unit for t in plan.tasks for u in t.units})
            what = "新增" if added == changed else f"{day(added)} 新增，{day(changed)} 更新"
            sub(entry, "summary", f"{plan.locality} · {len(plan.tasks)} 项任务 · {units} 个单位 · {what}")
        ET.indent(feed)
        return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8") + b"\n"
