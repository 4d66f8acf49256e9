"""What the search index needs to know of each page beyond its text."""
from __future__ import annotations

import json

from ..search_pages import sidecar_line
from ..urls import agency_type_url, plan_url, task_url, topic_url, unit_url

INDEX_PAGES = (("", "首页"), ("plans/", "规划"), ("units/", "单位"), ("agency-types/", "机构类型"),
               ("topics/", "主题"), ("data/", "数据下载"), ("documents/", "引用的文件"), ("timeline/", "时间表"))


class SearchRecords:
    def search_records(self) -> list[dict]:
        """Kind, facets, names that should put a page first, and what a result shows."""
        return [json.loads(line) for line in self.search_lines()]

    def search_lines(self) -> list[str]:
        """The records as the search sidecar's lines (search_pages.sidecar_line); a plan's come
        from its pieces, kept from the last build when the plan's part did not change."""
        pieces = self.search_pieces()
        lines = [line for plan in self.hb.plans for line in pieces[plan.id]["pages"]]
        units = {unit_id: line for plan in self.hb.plans for unit_id, line in pieces[plan.id]["units"].items()}
        lines += [units[unit.id] for unit in self.hb.units]
        return lines + [sidecar_line(r) for r in self.listing_records()]

    def listing_records(self) -> list[dict]:
        """The records of the pages that belong to no plan: agency types, topics, index pages."""
        records = []
        for agency_type in self.hb.agency_types:
            records.append(dict(url=agency_type_url(agency_type.id), kind="agency-type", title=agency_type.name,
                                crumbs=["机构类型"], plan="", units=[],
                                names=[agency_type.name] + self.type_names(agency_type.id),
                                facets={"type": [agency_type.id]}))
        for topic in self.hb.topics:
            family = [topic.id] + ([topic.parent] if topic.parent else [])
            records.append(dict(url=topic_url(topic.id), kind="topic", title=topic.name, crumbs=["主题"], plan="",
                                units=[], names=[topic.name], facets={"topic": family}))
        for url, title in INDEX_PAGES:
            records.append(dict(url=url, kind="index", title=title, crumbs=[], plan="", units=[], names=[],
                                facets={}))
        return records

    def search_pieces(self) -> dict:
        """Per plan, its pages' records and its units' (as sidecar lines) and the common names of
        its units by agency type; those of a plan whose part did not change come from the last build."""
        if getattr(self, "_search_pieces", None) is None:
            if self.sections is None:
                self._search_pieces = {p.id: self.plan_search_records(p) for p in self.hb.plans}
            else:
                self._search_pieces = self.sections.per_plan("search", self.sections.parts, self.plan_search_records,
                                                             self.hb.plans)
        return self._search_pieces

    def plan_search_records(self, plan) -> dict:
        year = plan.date[:4] if plan.date else None
        base = {"plan": [plan.id], "locality": [plan.locality], "year": [year] if year else []}
        pages = [dict(url=plan_url(plan.id), kind="plan", title=plan.title, crumbs=["规划"],
                      plan=plan.title, units=[], names=[plan.title], facets=dict(base))]
        trail = self.trails(plan)
        for task in plan.tasks:
            rows = self.unit_roles(task)
            types = sorted({t for row in rows for t in [row["unit"].type] + row["unit"].also_types})
            pages.append(dict(
                url=task_url(task), kind="task", title=f"{task.number or ''}{task.title}",
                crumbs=[plan.title] + [f"{s.number or ''}{s.title}" for s in trail[task.id]], plan=plan.title,
                units=[row["names"][0] + ("（牵头）" if "lead" in row["roles"] else "") for row in rows],
                names=[], facets=dict(base, type=types, unit=[row["unit"].id for row in rows],
                                      topic=list(task.topics))))
        units, type_names = {}, {}
        for unit in self.units_of_plan(plan.id):
            units[unit.id] = dict(
                url=unit_url(unit), kind="unit", title=unit.name, crumbs=["单位", plan.locality], plan=plan.title,
                units=[], names=self.unit_names(unit),
                facets={"plan": [plan.id], "locality": [plan.locality], "year": [year] if year else [],
                        "type": [unit.type] + unit.also_types, "unit": [unit.id],
                        "topic": [t for t, _ in self.unit_topics(unit.id)]})
            if unit.kind == "agency":
                for type_id in [unit.type] + unit.also_types:
                    type_names.setdefault(type_id, set()).update(self.common_names(unit))
        return {"pages": [sidecar_line(r) for r in pages], "units": {i: sidecar_line(r) for i, r in units.items()},
                "type_names": {t: sorted(n) for t, n in type_names.items()}}

    def search_labels(self) -> dict:
        return {"plan": {p.id: p.title for p in self.hb.plans},
                "type": {t.id: t.name for t in self.hb.agency_types},
                "topic": {t.id: t.name for t in self.hb.topics},
                "unit": {u.id: u.name for u in self.hb.units},
                "kind": {"task": "任务", "unit": "单位", "topic": "主题", "agency-type": "机构类型",
                         "plan": "规划", "index": "索引页"}}
