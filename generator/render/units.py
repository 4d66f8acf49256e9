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

    @staticmethod
    def short_names(unit) -> list[str]:
        """人社局 for 闽侯县人社局: the names without their locality, as people type them."""
        short = set()
        for name in [unit.name] + unit.aliases:
            name = re.sub(r"^(?:[\u4e00-\u9fff]{2,3}?[省市县区])+(?=[\u4e00-\u9fff]{3})", "", name)
            short.add(name)
            for prefix in ("省委", "市委", "县委", "区委", "省", "市", "县", "区"):
                if name.startswith(prefix) and len(name) > len(prefix) + 1:
                    short.add(name[len(prefix):])
                    break
        return sorted(short)

    def unit_tasks(self, unit_id: str) -> list[tuple[str, list[Task]]]:
        grouped = defaultdict(list)
        for task, role in self.tasks_by_unit[unit_id]:
            grouped[role].append(task)
        return [(role, grouped[role]) for role in ROLES if grouped[role]]

    def unit_groups(self):
        """Agency types with their units, in the order of content/units.yml."""
        return [(t, sorted(self.units_of_type[t.id], key=lambda u: (u.plan, u.name)))
                for t in self.hb.agency_types if self.units_of_type[t.id]]

    def type_heatmap(self):
        """Tasks per agency type per plan (a task counts once per type, whatever the role)."""
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

    def type_by_plan(self, type_id: str):
        by_plan = defaultdict(list)
        for unit in self.units_of_type[type_id]:
            by_plan[unit.plan].append(unit)
        return [(plan, [(u, self.unit_tasks(u.id), self.role_counts(u.id)) for u in by_plan[plan.id]])
                for plan in self.hb.plans if by_plan[plan.id]]
