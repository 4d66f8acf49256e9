"""`python -m generator explain <plan-id>`: the plan as the converter read it.

Each part and task with its numbering and line, whether it is a task and by which rule, each
unit with the words it was read from and its role, the tables found, and the doubts a
reviewer should look at (the same warnings `check` prints at their lines)."""
from __future__ import annotations

from pathlib import Path

from .model import ORIGINS, ROLE_LABELS, Plan, Section, Table, Task
from .pipeline import build_handbook


def _tables(plan: Plan) -> list[Table]:
    found, seen = [], set()
    blocks = list(plan.preamble)
    stack = list(plan.sections)
    while stack:
        node = stack.pop()
        blocks.extend(node.paragraphs)
        if isinstance(node, Section):
            stack.extend(node.children)
    for block in blocks:
        if isinstance(block, Table) and id(block) not in seen:
            seen.add(id(block))
            found.append(block)
    return sorted(found, key=lambda t: t.line)


def _node_lines(node, depth: int) -> list[str]:
    indent = "  " * depth
    label = f"{node.number or ''}{' ' if (node.number or '').isdigit() else ''}{node.title}"
    if isinstance(node, Task):
        lines = [f"{node.line:>6}  {indent}任务 {label}  — {node.reason}"]
        for ref in node.units:
            quote = ref.quote if len(ref.quote) <= 40 else ref.quote[:39] + "…"
            lines.append(f"{'':>6}  {indent}    {ROLE_LABELS[ref.role]} {ref.name}"
                         f"{'' if ref.raw == ref.name else f'（印作 {ref.raw}）'} ← {ORIGINS[ref.origin]}"
                         f"，第{ref.line}行：{quote}"
                         f"{f'（角色按第{ref.role_line}行的说明）' if ref.role_line else ''}")
        if not node.units:
            lines.append(f"{'':>6}  {indent}    （未读出单位）")
        for what, yml_line in node.corrected:
            lines.append(f"{'':>6}  {indent}    人工更正（.yml 第{yml_line}行）：{what}")
        return lines
    lines = [f"{node.line:>6}  {indent}部分 {label}  — {node.reason}"]
    for child in node.children:
        lines.extend(_node_lines(child, depth + 1))
    return lines


def explain_lines(root: Path, plan_id: str) -> list[str] | None:
    handbook = build_handbook(root)
    plan = next((p for p in handbook.plans if p.id == plan_id), None)
    if plan is None:
        return None
    out = [f"{plan.source}: {plan.title}", "", "元数据（来源：text:行 = 原文，wrapper:行 = 抓取时附加的信息，yml = 规划的 .yml）："]
    for key in ("title", "locality", "issuer", "doc_number", "date", "published", "status", "source_url"):
        value = getattr(plan, key)
        if value:
            out.append(f"  {key}: {value}  ({plan.meta_origin.get(key, '')})")
    out += ["", f"结构（{len(plan.tasks)} 项任务，{sum(1 for t in plan.tasks if t.units)} 项读出单位）："]
    for node in plan.sections:
        out.extend(_node_lines(node, 0))
    tables = _tables(plan)
    out += ["", f"表格（{len(tables)} 个）："]
    for table in tables:
        columns = "、".join(f"{c.name}[{c.kind}]" for c in table.columns)
        rows = sum(1 for r in table.rows if r.section is None)
        kind = "任务表：每行一项任务" if table.is_task_table else "不是任务表"
        out.append(f"  第{table.line}–{table.last_line}行：{len(table.columns)} 列（{columns}），{rows} 行，{kind}")
    yml = plan.source[:-4] + ".yml"
    doubts = [d for d in handbook.diagnostics if d.file in (plan.source, yml)]
    out += ["", f"存疑之处（{len(doubts)} 处，`check` 也列出）："]
    out += [f"  {d}" for d in sorted(doubts, key=lambda d: (d.file, d.line))]
    return out
