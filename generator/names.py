"""Names of responsible units: restore omitted prefixes (县公安局、人社局 → 县人社局) and resolve
every spelling to one organisation of a plan's locality, with an agency type."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from pypinyin import lazy_pinyin

from .model import AgencyType, Unit, UnitRef

LEVELS = ("省委", "市委", "县委", "区委", "省", "市", "县", "区")


@dataclass
class UnitKnowledge:
    """The contents of content/units.yml."""
    abbreviations: dict[str, str]
    not_prefixes: list[str]
    party_organs: list[str]
    collective_prefixes: list[str]
    place_suffixes: list[str]
    complete_prefixes: list[str]
    types: list[AgencyType]
    agency_suffixes: tuple[str, ...] = ()
    not_units: frozenset[str] = frozenset()
    not_unit_endings: tuple[str, ...] = ()
    complete_suffixes: tuple[str, ...] = ()
    shared_area_words: tuple[str, ...] = ()

    @classmethod
    def from_config(cls, config: dict) -> "UnitKnowledge":
        types = [AgencyType(t["id"], t["name"], list(t.get("keywords") or [])) for t in config["types"]]
        return cls(dict(config.get("abbreviations") or {}), list(config.get("not_prefixes") or []),
                   list(config.get("party_organs") or []), list(config.get("collective_prefixes") or []),
                   list(config.get("place_suffixes") or []), list(config.get("complete_prefixes") or []),
                   types, tuple(config.get("agency_suffixes") or ()), frozenset(config.get("not_units") or ()),
                   tuple(config.get("not_unit_endings") or ()), tuple(config.get("complete_suffixes") or ()),
                   tuple(config.get("shared_area_words") or ()))

    def is_unit_name(self, name: str) -> bool:
        """Whether a printed name reads as an organisation: an agency ending (局, 委, 街道 …, or a
        known abbreviation), no sentence inside, not a generic actor (物业, 相关部门)."""
        bare = re.sub(r"[（(〔［\[][^（）()〔〕［］\[\]]{1,30}[）)〕］\]]$", "", name).strip()     # 各乡镇（街道）, 〔街道〕
        bare = re.sub(r"(?<=[局委办部室会社司行心团府道镇乡])等$", "", bare)
        if not 2 <= len(bare) <= 30 or not re.fullmatch(r"[\u4e00-\u9fff“”\"（）()·]+", bare):
            return False
        if re.fullmatch(r"(?:各)?[省市区县乡]级(?:各|有关|相关)?(?:部门|单位|机关|政府)", bare):
            return False            # 省级部门要…: a level of government, not a named agency
        if re.fullmatch(r"各(?:省|市|区|县|旗|盟|州|设区市|县（市、区）|县（市）|区县|市县)", bare):
            return True             # 各区要…: the governments of each district
        if re.fullmatch(r"[省市区县]直(?:各)?(?:有关|相关)?(?:部门|单位|机关)", bare):
            return True             # 区直各部门: every department of the district, a group the plan names
        if "的" in bare:
            return False            # 有防汛排涝任务的单位, 涉及的部门: a description, not a name
        if bare in self.not_units or re.sub(r"^(?:各|区|县|市|省)", "", bare) in self.not_units \
                or bare.endswith(self.not_unit_endings):
            return False
        if re.match(r"^(?:按照|根据|依据|对于|关于|通过|围绕|结合|针对|为了|由于|在|对|把|从)", bare):
            return False            # a preposition starts a phrase, not a name (将乐县, 和平区, 应县 are names)
        stem = re.sub(r"^(?:各|区|县|市|省|区委|县委|市委|省委)", "", bare)
        return bare.endswith(self.agency_suffixes) or stem in self.abbreviations

    def complete_list(self, items: list[str]) -> list[str] | None:
        """The names of a list with shared endings written out (金井、澳前片区开发管理局 →
        金井片区开发管理局, 澳前片区开发管理局), or None when an item still names no agency.
        Only a bare place of two to four characters shares the ending of the next name."""
        names = list(items)
        for k in range(len(names) - 2, -1, -1):
            if self.is_unit_name(names[k]) or not re.fullmatch(r"[\u4e00-\u9fff]{2,4}", names[k]):
                continue
            ending = self._area_ending(names[k + 1])
            if ending and self.is_unit_name(names[k] + ending):
                names[k] += ending
        return names if all(self.is_unit_name(n) for n in names) else None

    def _area_ending(self, name: str) -> str | None:
        """What follows the place of a name: 澳前片区开发管理局 → 片区开发管理局."""
        for i in range(2, min(5, len(name) - 1)):
            if name.startswith(self.shared_area_words, i):
                return name[i:]
        return None


# ---------------------------------------------------------------- prefixes

class Names:
    """Name rules for one plan: its locality and the shared knowledge."""

    def __init__(self, knowledge: UnitKnowledge, locality: str):
        self.k = knowledge
        self.locality = locality
        self.levels = locality_levels(locality)
        self.short_names = sorted({n for full in self.levels.values() for n in (full, _short(full))
                                   if len(n) >= 2}, key=len, reverse=True)

    def prefix_of(self, name: str) -> str | None:
        for place in self.short_names:
            if name.startswith(place):
                return place
        if any(name.startswith(w) for w in self.k.not_prefixes):
            return None
        for level in LEVELS:
            if name.startswith(level) and len(name) > len(level):
                return level
        return None

    def is_collective(self, name: str) -> bool:
        return any(name.startswith(p) for p in self.k.collective_prefixes)

    def is_place(self, name: str) -> bool:
        return any(name.endswith(s) for s in self.k.place_suffixes) and not name.endswith(("局", "委"))

    def needs_prefix(self, name: str) -> bool:
        if self.prefix_of(name) or self.is_collective(name) or self.is_place(name):
            return False
        if any(name.startswith(p) for p in self.k.complete_prefixes) or name.endswith(self.k.complete_suffixes):
            return False
        if re.match(r"^[\u4e00-\u9fff]{2,3}(?:省|市|县|区|州)(?!场|政|域)", name):
            return False        # starts with another place name: complete as printed
        return True

    def restore(self, items: list[str]) -> list[str]:
        """县公安局、人社局 → 县公安局、县人社局; 县委组织部、宣传部 → 县委组织部、县委宣传部."""
        restored, previous = [], None
        for raw in self.k.complete_list(items) or items:
            name = raw
            if previous and self.needs_prefix(raw):
                prefix = previous
                if prefix.endswith("委") and not any(raw.startswith(p) for p in self.k.party_organs):
                    prefix = prefix[:-1]
                name = prefix + raw
            restored.append(name)
            own = self.prefix_of(name)
            if own in LEVELS:       # 闽侯医保局 does not make the next bare name 闽侯…
                previous = own
        return restored

    # ------------------------------------------------------------ resolution

    def display(self, name: str) -> tuple[str, str]:
        """Full name and the name without locality (its stem)."""
        prefix = self.prefix_of(name)
        stem = name[len(prefix):] if prefix else name
        canonical = self.k.abbreviations.get(stem, stem)
        if prefix in LEVELS:
            level = prefix[0]
            place = self.levels.get(level)
            full = (place + prefix[1:] if place else prefix) + canonical
        elif prefix:
            full = prefix + canonical
        elif self.is_collective(name) or self.is_place(name):
            full = self.locality_name() + canonical      # 各乡镇（街道）, 神垕镇: of this plan's place
        else:
            full = canonical
        return full, canonical

    def locality_name(self) -> str:
        for level in ("区", "县", "市", "省"):
            if level in self.levels:
                return self.levels[level]
        return self.locality if self.locality != "未注明" else ""

    def types_of(self, name: str) -> list[str]:
        if self.is_collective(name) or self.is_place(name):
            return ["towns"]
        found = [t.id for t in self.k.types if any(w in name for w in t.keywords)]
        return found or ["other"]


def locality_levels(locality: str) -> dict[str, str]:
    """清远市清城区 → {市: 清远市, 区: 清远市清城区}; 闽侯县 → {县: 闽侯县}."""
    levels = {}
    m = re.match(r"^([\u4e00-\u9fff]+?省)?([\u4e00-\u9fff]+?市)?([\u4e00-\u9fff]+?[县区旗])?$", locality or "")
    if not m:
        return levels
    province, city, county = m.groups()
    if province:
        levels["省"] = province
    if city:
        levels["市"] = city
    if county:
        level = "区" if county.endswith("区") else "县"
        levels[level] = (city or "") + county if level == "区" else county
    return levels


def _short(place: str) -> str:
    """闽侯县 → 闽侯, 清远市清城区 → 清城: the bare place name printed without its level."""
    last = re.findall(r"[\u4e00-\u9fff]+?[省市县区旗]", place)
    bare = last[-1][:-1] if last else place
    return bare if len(bare) >= 2 else place


def unit_slug(stem: str) -> str:
    letters = "".join(lazy_pinyin(re.sub(r"[^\u4e00-\u9fff0-9A-Za-z]", "", stem)))
    return re.sub(r"[^a-z0-9]", "", letters.lower())[:48] or "unit"


# ---------------------------------------------------------------- registry

@dataclass
class UnitRegistry:
    """Every organisation of every plan, keyed by plan and full name."""
    units: dict[tuple[str, str], Unit] = field(default_factory=dict)
    slugs: set[str] = field(default_factory=set)
    unresolved: list[tuple[str, UnitRef]] = field(default_factory=list)

    def resolve(self, plan_id: str, names: Names, ref: UnitRef, source: str) -> Unit:
        full, stem = names.display(ref.name)
        key = (plan_id, full)
        unit = self.units.get(key)
        if unit is None:
            types = names.types_of(full)
            slug = unit_slug(stem if not names.is_collective(full) else full)
            unit_id = f"{plan_id}/{slug}"
            n = 2
            while unit_id in self.slugs:
                unit_id = f"{plan_id}/{slug}-{n}"
                n += 1
            self.slugs.add(unit_id)
            kind = "collective" if names.is_collective(ref.name) else "place" if names.is_place(ref.name) else "agency"
            unit = Unit(unit_id, plan_id, full, types[0], [], types[0] != "other", ref.line, types[1:], kind)
            self.units[key] = unit
            if types[0] == "other":
                self.unresolved.append((source, ref))
        for alias in (ref.raw, ref.name):
            if alias not in unit.aliases and alias != unit.name:
                unit.aliases.append(alias)
        ref.unit = unit.id
        return unit
