"""Plain data objects: the single source of truth between extraction and rendering."""
from __future__ import annotations

from dataclasses import dataclass, field

ROLES = ("lead", "responsible", "support", "member")
ROLE_LABELS = {"lead": "牵头", "responsible": "责任", "support": "配合", "member": "成员"}
# Where a task's unit was read (UnitRef.origin), as a reader is told on the task page.
ORIGINS = {
    "clause": "本任务原文",        # the task's own unit clause: （牵头单位：…）, X负责
    "heading": "上级标题",         # a unit list on a heading above the task, for all tasks under it
    "roster": "工作组名单",        # a working group's 成员单位 list, for the tasks of its part
    "section": "本节末尾",         # a unit clause closing a whole section, for all its items
    "table": "任务表",             # a row of a task-division table
    "subject": "行文主语",         # the unit is the subject of the task's sentence: X负责…, 由X牵头
    "correction": "人工更正",      # content/plans/<id>.yml corrections
}


@dataclass
class Paragraph:
    """One paragraph of a plan, kept verbatim (after cleaning), with the source line it stands on
    (several paragraphs share a line where a file ran them together)."""
    line: int
    text: str
    kind: str = "text"      # text | meta (a crawler's or database's metadata line) | note (a disclaimer)


@dataclass
class Cell:
    """One printed cell of a table (a cell printed over several paragraphs gives several)."""
    text: str
    line: int


@dataclass
class TableColumn:
    name: str       # the heading as printed, e.g. 牵头单位
    kind: str       # number | group | title | task | lead | responsible | support | owner | deadline | note
                    # | place | quantity | other (see table_columns in content/structure.yml)


@dataclass
class TableRow:
    cells: dict = field(default_factory=dict)       # column index -> [Cell] printed in this row
    inherited: dict = field(default_factory=dict)   # column index -> [Cell] of a merged cell printed above
    section: str | None = None                      # the text of a group row (行动一：…), or None for a data row
    line: int = 0

    def text(self, column: int, inherited: bool = True) -> str:
        cells = self.cells.get(column) or (self.inherited.get(column) if inherited else None) or []
        return "".join(cell.text for cell in cells)

    @property
    def last_line(self) -> int:
        return max([c.line for cells in self.cells.values() for c in cells] + [self.line])


@dataclass
class Table:
    """A table of a plan, read back from how it was printed (one cell per paragraph, or a
    Markdown pipe table), with merged cells carried down and group rows kept apart."""
    line: int
    last_line: int
    columns: list[TableColumn]
    rows: list[TableRow]
    form: str = "flattened"          # flattened | pipe
    kind: str = "table"              # what a paragraph-like block is (see Paragraph.kind)
    is_task_table: bool = False      # its rows are tasks (a task column and a unit column)

    @property
    def text(self) -> str:
        rows = [" ".join(c.name for c in self.columns)]
        for row in self.rows:
            rows.append(row.section or " ".join(cell.text for k in sorted(row.cells) for cell in row.cells[k]))
        return "\n".join(rows)


@dataclass
class UnitRef:
    """A unit as named in one list of one plan, linked to an organisation."""
    raw: str          # exactly as printed in the list, e.g. 人社局
    name: str         # prefix restored, e.g. 县人社局
    role: str         # lead | responsible | support | member
    line: int         # source line of the list
    unit: str = ""    # id of the Unit it resolves to
    origin: str = "clause"   # one of ORIGINS: where the unit was read
    quote: str = ""          # the printed words it was read from, e.g. （牵头单位：县发改局）
    role_line: int = 0       # the line of a note that gave the role (注：列第一位的为牵头单位), if any


@dataclass
class Unit:
    """One organisation in one plan's locality."""
    id: str
    plan: str
    name: str                      # display name, e.g. 闽侯县人力资源和社会保障局
    type: str                      # agency type id
    aliases: list[str] = field(default_factory=list)   # spellings as printed
    resolved: bool = True          # False when no rule knew this name
    first_line: int = 0
    also_types: list[str] = field(default_factory=list)   # a merged agency's other types
    kind: str = "agency"           # agency | collective (各乡镇) | place (神垕镇)


@dataclass
class Section:
    """A heading of a plan that is not a task: a part, chapter or group of tasks."""
    id: str
    number: str | None
    title: str
    line: int
    last_line: int
    depth: int
    paragraphs: list[Paragraph] = field(default_factory=list)
    children: list = field(default_factory=list)   # Sections and Tasks in source order
    is_task_part: bool = False
    reason: str = ""          # why the reader made it a part and not a task (python -m generator explain)


@dataclass
class Task:
    id: str            # plan id / slug from numbering
    plan: str
    slug: str
    number: str | None
    title: str
    path: list[str]
    line: int
    last_line: int
    paragraphs: list[Paragraph] = field(default_factory=list)   # heading line first
    units: list[UnitRef] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    topic_reasons: dict = field(default_factory=dict)         # topic id -> why
    deadlines: list = field(default_factory=list)             # crossref.TimeMention
    targets: list = field(default_factory=list)               # (text, line)
    related: list = field(default_factory=list)               # (task id, similarity)
    citations: list = field(default_factory=list)             # cited document ids
    row: list = field(default_factory=list)     # a table row's cells: (column, text, line, inherited)
    corrected: list = field(default_factory=list)   # (what was corrected by hand, line in the plan's .yml)
    reason: str = ""                                # why the reader made it a task (python -m generator explain)
    table_row: object = None                        # the TableRow a task table's task was read from
    restates: str | None = None                     # a table row: the body task it repeats
    restated_by: list = field(default_factory=list) # a body task: the table rows that repeat it

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)

    @property
    def source_lines(self) -> list[int]:
        return [self.line, self.last_line]


@dataclass
class Plan:
    id: str
    source: str                     # path relative to the repository root
    title: str
    locality: str
    issuer: str | None = None
    doc_number: str | None = None
    date: str | None = None
    published: str | None = None
    status: str | None = None
    source_url: str | None = None
    meta_origin: dict = field(default_factory=dict)   # field -> "text" | "yml" | "file name"
    preamble: list[Paragraph] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    removed: list[Paragraph] = field(default_factory=list)   # debris taken out
    raw_lines: list[str] = field(default_factory=list)       # the source as decoded, for the source page
    clean_lines: list[str] = field(default_factory=list)     # after cleaning
    texts: list[Paragraph] = field(default_factory=list)     # every paragraph (layout stage): what the site must show

    @property
    def line_count(self) -> int:
        return len(self.raw_lines)

    def walk_sections(self):
        stack = list(reversed(self.sections))
        while stack:
            node = stack.pop()
            if isinstance(node, Section):
                yield node
                stack.extend(reversed(node.children))


@dataclass
class AgencyType:
    id: str
    name: str
    keywords: list[str] = field(default_factory=list)


@dataclass
class Topic:
    id: str
    name: str
    parent: str | None
    description: str = ""
    keywords: list[str] = field(default_factory=list)
    pilot: bool = False        # one of the eleven national pilot tasks
    short: str = ""            # a short label for table headers


@dataclass
class Diagnostic:
    file: str
    line: int
    level: str        # error | warning
    message: str

    def __str__(self) -> str:
        message = " ".join(self.message.split("\n"))       # one problem, one line
        return f"{self.file}:{self.line}: {self.level}: {message}"


@dataclass
class Handbook:
    plans: list[Plan]
    units: list[Unit]
    agency_types: list[AgencyType]
    topics: list[Topic]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    documents: list = field(default_factory=list)             # crossref.CitedDocument
    passages: dict | None = None       # plan id -> its passages outside tasks that name topics

    @property
    def tasks(self) -> list[Task]:
        return [t for p in self.plans for t in p.tasks]
