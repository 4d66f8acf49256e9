"""Synthetic corpus: N realistic plans made by recombining the seed plans.

Each synthetic plan takes one seed as its template and changes, deterministically for a
given seed number:
  - the locality (禹州市 → a generated 县, 市 or 区 name, short forms too);
  - which groups of tasks its task parts hold, and their order (groups renumbered);
  - the numbering style (（一）/(一), 1./1．/1、);
  - the unit lists (order shuffled, abbreviations swapped with full names and back).
"""
from __future__ import annotations

import random
import re
from pathlib import Path

import yaml

from generator.extract import Structure
from generator.parse import CN_DIGITS, parse
from generator.pipeline import build_handbook
from generator.read import Debris, read_source

SYLLABLES = "安宁平和兴新东西南北永长青河山江桥阳丰泰华德嘉云凤鹤松柏桂兰梅竹泉溪湖海川原林石金玉"
NUMERALS = "零一二三四五六七八九十"


def cn(n: int) -> str:
    if n <= 10:
        return NUMERALS[n]
    if n < 20:
        return "十" + (NUMERALS[n % 10] if n % 10 else "")
    return NUMERALS[n // 10] + "十" + (NUMERALS[n % 10] if n % 10 else "")


def place(rng: random.Random, used: set[str]) -> tuple[str, list[str]]:
    """A new locality and the names to print for it: (full name, [full, short])."""
    while True:
        short = rng.choice(SYLLABLES) + rng.choice(SYLLABLES)
        level = rng.choice(["县", "县", "市", "区"])
        if level == "区":
            city = rng.choice(SYLLABLES) + rng.choice(SYLLABLES) + "市"
            full = city + short + level
        else:
            full = short + level
        if full not in used and short[0] != short[1]:
            used.add(full)
            return full, short


class Seed:
    """One seed plan: its lines, its locality names and its groups of tasks."""

    def __init__(self, path: Path, plan, structure: Structure, debris: Debris):
        self.lines = path.read_text(encoding="utf-8").splitlines()
        self.locality = plan.locality
        self.levels = re.findall(r"[\u4e00-\u9fff]{2,3}?[省市县区]", plan.locality)   # 清远市, 清城区
        self.yml_title = plan.title if plan.meta_origin.get("title") == "yml" else None
        doc = parse(str(path), read_source(path.read_bytes(), str(path), debris).lines, structure.block_labels)
        self.parts = []           # (first line index, last line index, [group (first, last)] or None)
        top = doc.root.children
        for k, node in enumerate(top):
            end = (top[k + 1].line - 1) if k + 1 < len(top) else len(self.lines)
            task_part = node.style != "annex" and not any(w in node.title for w in structure.non_task_parts)
            groups = []
            if task_part and len(node.children) >= 2:
                kids = node.children
                for j, child in enumerate(kids):
                    g_end = (kids[j + 1].line - 1) if j + 1 < len(kids) else end
                    groups.append((child.line - 1, g_end, child.style))
            self.parts.append((node.line - 1, end, groups or None))
        self.preamble_end = top[0].line - 1 if top else len(self.lines)


def _renames(seed: "Seed", full: str, short: str) -> dict[str, str]:
    """Old place names → new ones, longest first: 清远市清城区 → 凤阳市松江区, 清城 → 松江."""
    new_levels = re.findall(r"[\u4e00-\u9fff]{2,3}?[省市县区]", full)
    mapping = {seed.locality: full}
    for k, old in enumerate(seed.levels):
        new = new_levels[min(k, len(new_levels) - 1)] if len(seed.levels) == len(new_levels) else \
            (new_levels[-1] if k == len(seed.levels) - 1 else new_levels[0][:-1] + old[-1])
        mapping[old] = new
        mapping[old[:-1]] = new[:-1]
    return dict(sorted(mapping.items(), key=lambda kv: -len(kv[0])))


Seed.renames = _renames


def renumber(line: str, style: str, n: int, paren_half: bool) -> str:
    if style == "paren-cn":
        left, right = ("(", ")") if paren_half else ("（", "）")
        return re.sub(r"^(\s*)[（(][" + CN_DIGITS + r"]+[）)]", lambda m: f"{m.group(1)}{left}{cn(n)}{right}", line, 1)
    if style == "section":
        return re.sub(r"^(\s*(?:\[bookmark: [^\]]*\])*\s*)第[" + CN_DIGITS + r"]+节", lambda m: f"{m.group(1)}第{cn(n)}节", line, 1)
    if style == "arabic":
        return re.sub(r"^(\s*)\d+", lambda m: f"{m.group(1)}{n}", line, 1)
    return line


def vary_units(line: str, rng: random.Random, swaps: dict[str, str]) -> str:
    """Shuffle a unit list and swap abbreviations with full names."""
    m = re.search(r"(责任单位|成员单位|牵头单位)([:：])([^（）()]*?)([）)。]?\s*)$", line)
    if not m or "、" not in m.group(3):
        return line
    items = m.group(3).split("、")
    first = items[0]
    rest = items[1:]
    rng.shuffle(rest)
    items = [first] + rest
    items = [swaps.get(i, i) if rng.random() < 0.3 else i for i in items]
    return line[:m.start(3)] + "、".join(items) + line[m.end(3):]


def synthesize(seeds: list[Seed], n_plans: int, seed: int, out_dir: Path, swaps: dict[str, str]) -> list[str]:
    """Write n_plans plan texts into out_dir; returns their ids."""
    out_dir.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    ids = []
    for i in range(n_plans):
        rng = random.Random(seed * 1_000_003 + i)
        template = seeds[i % len(seeds)]
        full, short = place(rng, used)
        paren_half = rng.random() < 0.4
        arabic_mark = rng.choice([".", "．", "、"])
        lines = list(template.lines[:template.preamble_end])
        for first, last, groups in template.parts:
            if not groups:
                lines.extend(template.lines[first:last])
                continue
            lines.extend(template.lines[first:groups[0][0]])
            keep = [g for g in groups if rng.random() > 0.25] or groups[:1]
            rng.shuffle(keep)
            for n, (g_first, g_last, style) in enumerate(keep, start=1):
                block = list(template.lines[g_first:g_last])
                block[0] = renumber(block[0], style, n, paren_half)
                lines.extend(block)
        text = "\n".join(lines)
        for name, replacement in template.renames(full, short).items():
            text = text.replace(name, replacement)
        text = re.sub(r"^(\s*\d+)\.(?!\d)", lambda m: m.group(1) + arabic_mark, text, flags=re.M)
        text = "\n".join(vary_units(l, rng, swaps) for l in text.split("\n")) + "\n"
        plan_id = f"plan-{i + 1:04d}"
        (out_dir / f"{plan_id}.txt").write_text(text, encoding="utf-8")
        if template.yml_title:
            title = template.yml_title
            for name, replacement in template.renames(full, short).items():
                title = title.replace(name, replacement)
            (out_dir / f"{plan_id}.yml").write_text(f"title: {title}\nlocality: {full}\n", encoding="utf-8")
        ids.append(plan_id)
    return ids


def load_seeds(root: Path) -> tuple[list[Seed], dict[str, str]]:
    handbook = build_handbook(root)
    structure = Structure.from_config(yaml.safe_load((root / "content" / "structure.yml").read_text(encoding="utf-8")))
    units = yaml.safe_load((root / "content" / "units.yml").read_text(encoding="utf-8"))
    swaps = {}
    for short, full in units.get("abbreviations", {}).items():
        for level in "县市区":
            swaps[level + short] = level + full
            swaps.setdefault(level + full, level + short)
    debris = Debris.from_config(yaml.safe_load((root / "content" / "debris.yml").read_text(encoding="utf-8")))
    seeds = [Seed(root / p.source, p, structure, debris) for p in handbook.plans]
    return seeds, swaps
