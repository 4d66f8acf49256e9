"""Unit pages, the units index and agency-type pages: who does what, by kind of agency."""
from __future__ import annotations

import re
from collections import Counter, defaultdict

from ..model import ROLES, Task

HEATMAP_COLUMNS = 12


class UnitPages:
    def unit_topics(self, unit_id: str) -> list[tuple[str, int]]:
        counts = Counter(t for task, _role in self.tasks_by_unit[unit_id] for t in set(task.topics))
        order = {t.id: i for i, t in enumerate(self.hb.topics)}
        return sorted(counts.items(), key=lambda kv: (-kv[1], order[kv[0]]))

    def role_counts(self, unit_id: str) -> Counter:
        return Counter(role for _task, role in self.tasks_by_unit[unit_id])

    def places(self, plan) -> tuple[list[str], list[str]]:
        """The place names a unit of this plan may begin with (清远市清城区, 清远市, 清远, 清城区,
        清城), longest first, and those a reader puts before a unit's name (清城区, 清城)."""
        levels = re.findall(r"[\u4e00-\u9fff]+?[省市县区旗]", plan.locality)
        bare = [level[:-1] for level in levels if len(level) > 2]
        every = sorted({plan.locality, *levels, *bare}, key=len, reverse=True)
        return every, sorted({plan.locality, *(levels[-1:]), *(bare[-1:] if levels and len(levels[-1]) > 2 else [])})

    def common_names(self, unit) -> list[str]:
        """A unit's names without its place (县人社局 → 人社局, 区委组织部 → 组织部) and the short
        forms content/units.yml gives for them (人社局, 人力资源社会保障局 for 人力资源和社会保障局)."""
        strip, _ = self.places(self.plans[unit.plan])
        stems = set()
        for name in [unit.name] + unit.aliases:
            for place in strip:
                if name.startswith(place) and len(name) > len(place) + 1:
                    name = name[len(place):]
                    break
            level = re.match(r"[省市县区](?!场|政|域)委?|委", name)
            stems.add(name[level.end():] if level and len(name) - level.end() >= 2 else name)
        if unit.kind == "agency":
            full = {self.abbreviations.get(stem, stem) for stem in stems}
            stems |= full | {short for short, long in self.abbreviations.items() if long in full}
        return sorted(stems - {unit.name})

    def unit_names(self, unit) -> list[str]:
        """Every name a reader may type for a unit: as printed, in full, its common names, and
        those after its place (闽侯财政局, 清城区人社局, for the query 闽侯 财政局)."""
        common = self.common_names(unit)
        _, before = self.places(self.plans[unit.plan])
        placed = [place + name for place in before for name in common] if unit.kind == "agency" else []
        return sorted({unit.name, *unit.aliases, *common, *placed})

    def type_names(self, type_id: str) -> list[str]:
        """The common names of an agency type's units (人社局 … for 人社), for search."""
        if type_id in ("other", "towns"):
            return []
        pieces = self.search_pieces()
        return sorted({n for p in self.hb.plans for n in pieces[p.id]["type_names"].get(type_id, ())})

    def units_of_plan(self, plan_id: str) -> list:
        if getattr(self, "_units_of_plan", None) is None:
            self._units_of_plan = defaultdict(list)
            for unit in self.hb.units:
                self._units_of_plan[unit.plan].append(unit)
        return self._units_of_plan.get(plan_id, [])

    def unit_tasks(self, unit_id: str) -> list[tuple[str, list[Task]]]:
        grouped = defaultdict(list)
        for task, role in self.tasks_by_unit[unit_id]:
            grouped[role].append(task)
        return [(role, grouped[role]) for role in ROLES if grouped[role]]

    def unit_groups(self):
        """Agency types with their units, in the order of content/units.yml."""
        if getattr(self, "_groups", None) is None:
            self._groups = [(t, sorted(self.units_of_type[t.id], key=lambda u: (u.plan, u.name)))
                            for t in self.hb.agency_types if self.units_of_type[t.id]]
        return self._groups

    def type_heatmap(self):
        """Tasks per agency type per plan (a task counts once per type, whatever the role)."""
        if getattr(self, "_heatmap", None) is None:
            self._heatmap = self._type_heatmap()
        return self._heatmap

    def _type_heatmap(self):
        groups = self.unit_groups()
        counts = {t.id: {p.id: 0 for p in self.hb.plans} for t, _ in groups}
        for agency_type, units in groups:
            for unit in units:
                counts[agency_type.id][unit.plan] += len({task.id for task, _ in self.tasks_by_unit[unit.id]})
        peak = max((n for row in counts.values() for n in row.values()), default=0) or 1
        plans = [p for p in self.hb.plans if any(counts[t.id][p.id] for t, _ in groups)]
        # the agency types most plans ask for, as columns; the rest are one click away
        busiest = sorted(groups, key=lambda g: (-sum(counts[g[0].id].values()), [t for t, _ in groups].index(g[0])))
        types = [t for t, _ in busiest[:HEATMAP_COLUMNS]]
        types.sort(key=lambda t: [g[0] for g in groups].index(t))
        return {"types": types, "plans": plans, "counts": counts, "peak": peak,
                "others": max(0, len(groups) - len(types))}

    def type_units(self, type_id: str, plan_id: str) -> list:
        """The plan's units of the agency type."""
        if getattr(self, "_type_units", None) is None:
            self._type_units = defaultdict(list)
            for agency_type, units in self.units_of_type.items():
                for unit in units:
                    self._type_units[(agency_type, unit.plan)].append(unit)
        return self._type_units.get((type_id, plan_id), [])

    def type_plans(self, type_id: str) -> list:
        """The plans that list units of the agency type."""
        return [plan for plan in self.hb.plans if self.type_units(type_id, plan.id)]
