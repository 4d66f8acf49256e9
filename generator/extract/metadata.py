"""Plan metadata: what the document says about itself (title, 文号, issuer, date, locality),
then what its wrapper says (a crawler's front matter, a database's header lines), completed
or corrected, never overridden silently, by an optional <id>.yml beside the text.

The document comes first: the title is the plan's own title line (not the notice that
forwards it), the date is the one printed under the signature (落款). The wrapper fills
what the document does not print."""
from __future__ import annotations

import datetime
import difflib
import re

from ..model import Diagnostic, Paragraph
from ..parse import Document, classify
from ..read import squeeze

YML_KEYS = {"title", "locality", "issuer", "doc_number", "date", "published", "source_url", "status"}   # shown metadata

FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
DOC_NUMBER_CORE = r"[\u4e00-\u9fff]{1,12}\s*[〔\[［(（【]\s*\d{4}\s*[〕\]］)）】]\s*\d{1,4}\s*号"
DOC_NUMBER = re.compile(rf"^{DOC_NUMBER_CORE}$")
DOC_NUMBER_AT_START = re.compile(rf"^({DOC_NUMBER_CORE})(?![\u4e00-\u9fff]{{0,2}}[）)])")
DATE_CN = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
DATE_ANY = re.compile(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})")
ISSUER_END = r"(?:人民政府办公室|人民政府办公厅|人民政府|办公室|办公厅|委员会|管委会|管理委员会|领导小组|局|委|厅|办)"
ISSUER = re.compile(rf"^[\u4e00-\u9fff（）()]{{2,40}}{ISSUER_END}$")
ISSUER_PARTS = re.compile(rf"(中共)?[\u4e00-\u9fff]{{2,30}}?{ISSUER_END}(?=中共|[\u4e00-\u9fff]{{2,8}}(?:省|市|县|区|旗)|$)")
NOTICE = re.compile(r"关于(?:印发|转发|颁发|下发|发布)(.{4,120}?)的通知")
DOCUMENT_TITLE = re.compile(r"^(?P<issuer>[\u4e00-\u9fff、（）()]{2,80}?)?关于[^。；;：:]{4,120}的?(?:通知|意见|决定|通告|公告|函|批复)$")
TITLE_QUOTED = re.compile(r"《([^《》]{4,120}?)》\s*(?:已经|现印发|现予印发|现转发|印发给|转发给|的通知|经)")
PLAN_WORD = re.compile(r"(?:方案|规划|计划|意见|办法|要点|清单|措施|细则|预案|纲要|分工|思路|安排|决定|通知书|行动)$")
YEARS_NOTE = re.compile(r"[（(][^（）()]{0,20}[）)]$")
STATUS = re.compile(r"[（(]\s*(征求意见稿|送审稿|草案|试行|稿)\s*[）)]\s*$")
SENTENCE_MARKS = re.compile(r"[。，,；;：:！？]")
NOT_PLACES = {"试验区", "示范区", "开发区", "集聚区", "产业区", "片区", "园区", "新区", "城区", "社区", "街区", "景区",
              "辖区", "本区", "全区", "全市", "本市", "全县", "本县", "地区", "市区", "县区", "城市", "都市"}
PLACE = re.compile(r"(?=((?:中共)?(?:[\u4e00-\u9fff]{2,5}?自治区|[\u4e00-\u9fff]{2,5}?(?:省|市|县|区|旗|自治州|盟))))")


def _date(m: re.Match) -> str | None:
    value = f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}"
    return value if valid_date(value) else None


def normal_doc_number(text: str) -> str:
    """A 文号 as data: spaces out, full-width digits as ASCII (the brackets stay as printed)."""
    return squeeze(text).translate(FULL_WIDTH_DIGITS)


def _title_like(text: str) -> bool:
    """A line that can be (part of) a title: short, not a sentence, not a salutation, not a
    note in brackets such as （此件公开发布）."""
    return 2 <= len(text) <= 60 and not SENTENCE_MARKS.search(text) and "通知" not in text \
        and not DATE_CN.match(text) and not DOC_NUMBER.match(text) and not re.fullmatch(r"[（(].*[）)]", text)


def _plan_word(text: str) -> bool:
    bare = YEARS_NOTE.sub("", STATUS.sub("", text))
    return bool(PLAN_WORD.search(bare))


def own_title(lines: list[tuple[int, str]]) -> tuple[str, int] | None:
    """The plan's own title as printed: the last title-like line of the preamble that ends with
    a plan word, joined with the title-like line before it when the title is broken over two."""
    found = None
    for k, (number, text) in enumerate(lines):
        if _title_like(text) and _plan_word(text) and not ISSUER.match(text):
            title, where = STATUS.sub("", text), number
            for j in range(k - 1, max(k - 3, -1), -1):         # a title broken over up to three lines
                before = lines[j][1]
                if not _title_like(before) or _plan_word(before) or ISSUER.match(before) or classify(before) \
                        or len(before) + len(title) > 80:
                    break
                title, where = before + title, lines[j][0]
            found = (title, where)
    return found


def notice_title(text: str) -> str | None:
    """关于印发《X》的通知 / 关于转发Y制订的《X》的通知 → X; 关于印发X的通知 → X."""
    m = NOTICE.search(text)
    if not m or text[:m.start()].count("《") > text[:m.start()].count("》"):
        return None                 # 根据《…关于印发〈X〉的通知》: a notice cited, not this one
    inner = m.group(1)
    quoted = re.findall(r"《([^《》]+(?:《[^《》]*》[^《》]*)*)》", inner)
    title = max(quoted, key=len) if quoted else inner
    return title.replace("〈", "《").replace("〉", "》")


def quoted_title(text: str) -> str | None:
    m = TITLE_QUOTED.search(text)
    if m and _plan_word(m.group(1)):
        return m.group(1).replace("〈", "《").replace("〉", "》")
    return None


def split_issuers(text: str) -> str:
    """Joint issuers printed without separators: 中共X县委办公室X县人民政府办公室 →
    中共X县委办公室、X县人民政府办公室."""
    parts = [m.group(0) for m in ISSUER_PARTS.finditer(text)]
    return "、".join(parts) if len(parts) > 1 and "".join(parts) == text else text


def from_preamble(preamble: list[Paragraph]) -> dict:
    """field -> (value, line) from the paragraphs before the first heading."""
    found: dict = {}
    lines = [(p.line, squeeze(p.text)) for p in preamble if p.kind == "text"]
    for number, text in lines:
        plain = text.translate(FULL_WIDTH_DIGITS)
        bracketed = re.fullmatch(r"[（(](.+)[）)]", plain)        # （粤自然资函〔2019〕1986号）
        if bracketed and DOC_NUMBER.match(bracketed.group(1)):
            plain = bracketed.group(1)
        if "doc_number" not in found:
            m = DOC_NUMBER_AT_START.match(plain)
            if m and (DOC_NUMBER.match(plain) or len(text) > len(m.group(1))):
                found["doc_number"] = (normal_doc_number(m.group(1)), number)
        if "issuer" not in found and ISSUER.match(text):
            found["issuer"] = (split_issuers(text), number)
        m = DATE_CN.match(plain)
        if m and "date" not in found and _date(m):
            found["date"] = (_date(m), number)
    for number, text in lines:
        title = notice_title(text) or quoted_title(text)
        if title:
            found.setdefault("notice_title", (title, number))
        if "issuer" not in found and "关于" in text and NOTICE.search(text):
            issuer = text[:text.index("关于")]
            if ISSUER.match(issuer):
                found["issuer"] = (split_issuers(issuer), number)
    own = own_title(lines)
    notice = found.pop("notice_title", None)
    if own and (not notice or _same_title(own[0], notice[0])):
        found["title"] = own            # the title as printed over the plan
    elif notice or own:
        found["title"] = notice or own
    else:
        document = next(((number, m) for number, text in lines[:20] for m in [DOCUMENT_TITLE.match(text)] if m), None)
        if document:                    # the document is itself a notice or an opinion
            number, m = document
            found["title"] = (m.group(0), number)
            issuer = m.group("issuer")
            if issuer and "issuer" not in found and all(ISSUER.match(p) for p in re.split(r"[、，,]", issuer)):
                found["issuer"] = (split_issuers(issuer), number)
    return found


def _same_title(a: str, b: str) -> bool:
    """One title printed twice: in the notice and over the plan, perhaps with a word more or
    less (规划（2015-2020）/ 规划（2015-2020年））."""
    strip = lambda s: re.sub(r"[\s《》〈〉“”\"（）()\-—–]", "", s)
    a, b = strip(a), strip(b)
    return a in b or b in a or difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.9


def closing_date(doc: Document) -> tuple[str, int] | None:
    """The date under the signature at the end of a plan without a forwarding notice: a
    standalone date after the body, before any annex."""
    last = None
    for node in doc.root.children:
        if node.style == "annex":
            break
        for p in node.paragraphs():
            m = DATE_CN.match(squeeze(p.text).translate(FULL_WIDTH_DIGITS))
            if m and _date(m):
                last = (_date(m), p.line)
    return last


def from_wrapper(meta: dict) -> dict:
    """field -> (value, line) from a crawler's or database's metadata lines."""
    found = {}
    for key, (value, line) in meta.items():
        value = value.strip()
        if not value:
            continue
        if key == "title":
            value = notice_title(value) or value
        elif key == "doc_number":
            value = re.sub(r"^[（(]\s*(.*?)\s*[）)]$", r"\1", value)          # (川发改价格〔2025〕480号)
            if not DOC_NUMBER.match(normal_doc_number(value)):
                continue
            value = normal_doc_number(value)
        elif key in ("date", "published"):
            m = DATE_ANY.search(value.translate(FULL_WIDTH_DIGITS))
            if not m or not _date(m):
                continue
            value = _date(m)
        elif key == "issuer":
            if not ISSUER.match(squeeze(value)):
                continue
            value = split_issuers(squeeze(value))
        found[key] = (value, line)
    return found


def status_of(preamble: list[Paragraph]) -> tuple[str, int] | None:
    for p in [p for p in preamble if p.kind == "text"][:8]:
        m = STATUS.search(squeeze(p.text))
        if m:
            return m.group(1), p.line
    return None


# what jieba made of a text: ("edges", text) -> its word boundaries, ("place", name) -> whether it
# reads the name as a place. Kept by the build cache from one build to the next, since loading
# jieba's dictionaries takes a second or two and an edit seldom brings a new title or name.
JIEBA_READINGS: dict[tuple[str, str], object] = {}

PLACE_TAGS = {"ns", "nr", "nrt", "nz"}


def _boundaries(text: str) -> frozenset[int]:
    """Word boundaries (jieba's cut) of a text: a place name starts and ends on one."""
    key = ("edges", text)
    if key not in JIEBA_READINGS:
        import jieba
        edges, position = {0}, 0
        for word in jieba.lcut(text, HMM=False):
            position += len(word)
            edges.add(position)
        JIEBA_READINGS[key] = frozenset(edges)
    return JIEBA_READINGS[key]


def _reads_as_place(name: str) -> bool:
    key = ("place", name)
    if key not in JIEBA_READINGS:
        JIEBA_READINGS[key] = _tagged_as_place(name)
    return JIEBA_READINGS[key]


def _tagged_as_place(name: str) -> bool:
    """jieba reads the name as a place: one place word (松江区), or a place word and its level
    (崇明|区); 用地|入市 is a noun and a verb."""
    import jieba.posseg
    words = [(w.word, w.flag) for w in jieba.posseg.lcut(name, HMM=False)]
    if len(words) == 1:
        return True
    *stem, level = words
    return level[0] in ("省", "市", "县", "区", "旗", "盟", "自治州") and all(flag in PLACE_TAGS for _w, flag in stem)


def locality_from(text: str, strict: bool = False) -> str | None:
    """The place a title or issuer is about: 禹州市人民政府办公室 → 禹州市;
    上海市奉贤区人民政府办公室 → 上海市奉贤区; …广清接合片区清远市清城区实施方案 → 清远市清城区.
    A place name starts and ends on a word boundary (建设用地入市 names no place 地入市); in a
    title (`strict`), jieba must also read it as a place."""
    text = re.sub(r"^中共", "", re.sub(r"(人民政府.*|办公室|办公厅)$", "", squeeze(text)))
    edges = _boundaries(text)
    places = []
    for m in PLACE.finditer(text):
        name = m.group(1)
        start, end = m.start(1), m.start(1) + len(name)
        if name in NOT_PLACES or any(name.endswith(w) for w in NOT_PLACES if len(w) > 2) or start not in edges:
            continue
        if (end in edges or end == len(text)) and (not strict or _reads_as_place(name)):
            places.append((start, name))
    if not places:
        return None
    start, last = places[-1]
    previous = [(s, n) for s, n in places if s + len(n) == start and n.endswith(("省", "市"))]
    if previous and last[-1] in "区县旗":
        return previous[-1][1] + last
    return last


DATE_FORMS = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def valid_date(value: str) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD naming a day that exists."""
    m = DATE_FORMS.match(value)
    if not m:
        return False
    year, month, day = int(m[1]), int(m[2] or 1), int(m[3] or 1)
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return 1900 <= year <= 2200


def _read(doc: Document, wrapper: dict) -> tuple[dict, dict]:
    """values and where each came from (text:LINE or wrapper:LINE), document first."""
    found = from_preamble(doc.preamble)
    if "date" not in found:
        closing = closing_date(doc)
        if closing:
            found["date"] = closing
    values = {key: value for key, (value, _line) in found.items()}
    origin = {key: f"text:{line}" for key, (_value, line) in found.items()}
    for key, (value, line) in from_wrapper(wrapper).items():
        if key not in values:
            values[key], origin[key] = value, f"wrapper:{line}"
    if "date" not in values and "published" in values:
        values["date"], origin["date"] = values["published"], origin["published"]
    status = status_of(doc.preamble)
    if status:
        values["status"], origin["status"] = status[0], f"text:{status[1]}"
    if "locality" not in values:
        for key in ("issuer", "title"):
            place = locality_from(values.get(key) or "", strict=key == "title")
            if place:
                values["locality"], origin["locality"] = place, origin[key]
                break
    return values, origin


def plan_metadata(plan_id: str, source: str, doc: Document, yml: dict | None,
                  yml_lines: dict[str, int] | None = None, wrapper: dict | None = None) -> tuple[dict, dict, list]:
    """Metadata from the text and its wrapper, completed or corrected by the yml; also where
    each value came from."""
    problems = []
    values, origin = _read(doc, wrapper or {})
    for key, value in (yml or {}).items():
        if key in YML_KEYS and value not in (None, ""):
            values[key], origin[key] = str(value), "yml"
    yml_path = source[:-4] + ".yml"
    for key in ("date", "published"):
        value = values.get(key)
        if value and not valid_date(value):
            if origin.get(key) == "yml":
                where, level = (yml_path, (yml_lines or {}).get(key, 1)), "error"
            else:       # as printed: the text keeps it, the handbook shows no date
                where, level = (source, int(origin.get(key, "text:1").split(":")[1])), "warning"
            problems.append(Diagnostic(*where, level, f"{key} {value!r} is not a real date as YYYY, YYYY-MM or "
                                                      "YYYY-MM-DD"))
            values[key] = None
    number = values.get("doc_number")
    if number and origin.get("doc_number") == "yml" and not DOC_NUMBER.match(normal_doc_number(number)):
        problems.append(Diagnostic(yml_path, (yml_lines or {}).get("doc_number", 1), "error",
                                   f"doc_number {number!r} does not look like 禹政办〔2022〕3号"))
    url = values.get("source_url")
    if url and not re.fullmatch(r"https?://[^\s<>\"'`\\]+", url):
        if origin.get("source_url") == "yml":
            problems.append(Diagnostic(yml_path, (yml_lines or {}).get("source_url", 1), "error",
                                       f"source_url {url!r} must be an http:// or https:// address"))
        values["source_url"] = None
    if "title" not in values:
        values["title"], origin["title"] = plan_id, "file name"
        problems.append(Diagnostic(source, 1, "warning",
                                   f"no title found in the text; add `title:` to {yml_path}"))
    if "locality" not in values:
        values["locality"], origin["locality"] = "未注明", "default"
        problems.append(Diagnostic(source, 1, "warning",
                                   f"no locality found in the text; add `locality:` to {yml_path}"))
    if not values.get("date"):
        problems.append(Diagnostic(source, 1, "warning",
                                   f"no date found in the text; add `date:` to {yml_path}"))
    return values, origin, problems
