"""What the search index needs to know of each page beyond its text."""
from __future__ import annotations

from ..urls import agency_type_url, plan_url, task_url, topic_url, unit_url

INDEX_PAGES = (("", "首页"), ("plans/", "规划"), ("units/", "单位"), ("agency-types/", "机构类型"),
               ("topics/", "主题"), ("data/", "数据下载"), ("documents/", "引用的文件"), ("timeline/", "时间表"))


class SearchRecords:
    def search_records(self) -> list[dict]:
        """Kind, facets, names that should put a page first, and what a result shows."""
        records = []
        for plan in self.hb.plans:
            year = plan.date[:4] if plan.date else None
            base = {"plan": [plan.id], "locality": [plan.locality], "year": [year] if year else []}
            records.append(dict(url=plan_url(plan.id), kind="plan", title=plan.title, crumbs=["规划"],
                                plan=plan.title, units=[], names=[plan.title], facets=dict(base)))
            trail = self.trails(plan)
            for task in plan.tasks:
                rows = self.unit_roles(task)
                types = sorted({t for row in rows for t in [row["unit"].type] + row["unit"].also_types})
                records.append(dict(
                    url=task_url(task), kind="task", title=f"{task.number or ''}{task.title}",
                    crumbs=[plan.title] + [f"{s.number or ''}{s.title}" for s in trail[task.id]], plan=plan.title,
                    units=[row["names"][0] + ("（牵头）" if "lead" in row["roles"] else "") for row in rows],
                    names=[], facets=dict(base, type=types, unit=[row["unit"].id for row in rows],
                                          topic=list(task.topics))))
        for unit in self.hb.units:
            plan = self.plans[unit.plan]
            year = plan.date[:4] if plan.date else None
            records.append(dict(
                url=unit_url(unit), kind="unit", title=unit.name, crumbs=["单位", plan.locality], plan=plan.title,
                units=[], names=self.unit_names(unit),
                facets={"plan": [plan.id], "locality": [plan.locality], "year": [year] if year else [],
                        "type": [unit.type] + unit.also_types, "unit": [unit.id],
                        "topic": [t for t, _ in self.unit_topics(unit.id)]}))
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

    def search_labels(self) -> dict:
        return {"plan": {p.id: p.title for p in self.hb.plans},
                "type": {t.id: t.name for t in self.hb.agency_types},
                "topic": {t.id: t.name for t in self.hb.topics},
                "unit": {u.id: u.name for u in self.hb.units},
                "kind": {"task": "任务", "unit": "单位", "topic": "主题", "agency-type": "机构类型",
                         "plan": "规划", "index": "索引页"}}
