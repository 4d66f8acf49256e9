"""YAML from strangers: one loader for every file under content/, and a schema per file.

Content files need plain mappings, lists and text. The loader refuses what they never
need and what can hurt: anchors and aliases (a ten-line file of nested aliases grows to
gigabytes), duplicate keys (one value would silently win), tags, several documents,
nesting deeper than a person writes. Dates stay text (`2022-13-45` is reported, not a
traceback). Every problem, whether the file does not parse or does not fit its schema,
is one `file:line: error:` diagnostic.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator

from . import chars
from .content import UnsafeFile, read_text, shown
from .model import Diagnostic

SCHEMAS = Path(__file__).parent / "schema" / "content"
MAX_DEPTH = 12


class _Refused(yaml.MarkedYAMLError):
    pass


class ContentLoader(yaml.SafeLoader):
    """SafeLoader without timestamps, anchors, aliases, tags, duplicate or non-text keys."""

    yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(problem="aliases (*name) are not allowed in content files; write the value out",
                           problem_mark=event.start_mark)
        if getattr(event, "anchor", None):
            raise _Refused(problem="anchors (&name) are not allowed in content files",
                           problem_mark=event.start_mark)
        tag = getattr(event, "tag", None)
        if tag is not None and tag != "!":
            raise _Refused(problem=f"tags such as {tag} are not allowed in content files", problem_mark=event.start_mark)
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _Refused(problem=f"nested deeper than {MAX_DEPTH} levels", problem_mark=event.start_mark)
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node, deep=False):
        seen = {}
        for key_node, _value in node.value:
            if not (isinstance(key_node, yaml.ScalarNode) and key_node.tag == "tag:yaml.org,2002:str"):
                raise _Refused(problem="keys must be text (put numbers and yes/no in quotes)",
                               problem_mark=key_node.start_mark)
            if key_node.value in seen:
                raise _Refused(problem=f"duplicate key {key_node.value!r} (first at line {seen[key_node.value]})",
                               problem_mark=key_node.start_mark)
            seen[key_node.value] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=True)


@dataclass
class YamlFile:
    path: str                                   # as shown in messages
    data: object = None
    lines: dict = field(default_factory=dict)   # path of keys/indexes (a tuple) -> line
    problems: list = field(default_factory=list)
    invalid: set = field(default_factory=set)    # paths of values that do not fit the schema

    @property
    def ok(self) -> bool:
        return not any(p.level == "error" for p in self.problems)

    def valid_entries(self) -> dict:
        """The top-level entries of a mapping that parsed, without those that do not fit the schema."""
        if not isinstance(self.data, dict) or any(p.message.startswith("YAML does not parse") for p in self.problems):
            return {}
        return {key: value for key, value in self.data.items() if (key,) not in self.invalid and () not in self.invalid}

    def line_of(self, where: tuple = ()) -> int:
        """The line of a value, or of its nearest parent that has one."""
        where = tuple(where)
        while where and where not in self.lines:
            where = where[:-1]
        return self.lines.get(where, 1)

    def error(self, where: tuple, message: str) -> None:
        self.problems.append(Diagnostic(self.path, self.line_of(where), "error", message))


def _lines(node, where: tuple, out: dict) -> None:
    out.setdefault(where, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            out[where + (key.value,)] = key.start_mark.line + 1
            _lines(value, where + (key.value,), out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _lines(item, where + (index,), out)


def _check_text(doc: YamlFile, value, where: tuple) -> None:
    """Refuse control characters and bidirectional overrides in any string value or key."""
    if isinstance(value, str):
        if chars.has_unsafe(value):
            _clean, problems = chars.clean(value)
            doc.error(where, "; ".join(p.message.replace(" removed", "") for p in problems)
                      + ": not allowed in content files")
            doc.invalid.add(where[:1])
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(doc, key, where + (key,))
            _check_text(doc, item, where + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_text(doc, item, where + (index,))


def parse(text: str, shown: str) -> YamlFile:
    doc = YamlFile(shown)
    try:
        loader = ContentLoader(text)
        try:
            node = loader.get_single_node()
            doc.data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.reader.ReaderError as exc:
        line = text[:exc.position].count("\n") + 1 if isinstance(exc.position, int) else 1
        doc.problems.append(Diagnostic(shown, line, "error", f"YAML does not parse: character "
                                                             f"U+{exc.character if isinstance(exc.character, int) else 0:04X} is not allowed"))
        return doc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        doc.problems.append(Diagnostic(shown, mark.line + 1 if mark else 1, "error", f"YAML does not parse: {problem}"))
        return doc
    except RecursionError:
        doc.problems.append(Diagnostic(shown, 1, "error", f"YAML does not parse: nested deeper than {MAX_DEPTH} levels"))
        return doc
    if node is not None:
        _lines(node, (), doc.lines)
    _check_text(doc, doc.data, ())
    return doc


@lru_cache(maxsize=None)
def _validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


def _message(error) -> str:
    where = ".".join(str(p) for p in error.absolute_path)
    label = f"{where}: " if where else ""
    value = error.instance
    if error.validator == "required":
        return f"{label}missing key {error.message.split(' ')[0]}"
    if error.validator == "type":
        wanted = error.validator_value
        wanted = " or ".join(wanted) if isinstance(wanted, list) else wanted
        names = {"string": "text", "array": "a list", "object": "`key: value` lines", "integer": "a whole number",
                 "boolean": "true or false", "null": "empty"}
        for english, plain in names.items():
            wanted = wanted.replace(english, plain)
        return f"{label}must be {wanted}, not {type(value).__name__}"
    if error.validator == "pattern" and "description" in error.schema:
        return f"{label}{value!r} must be {error.schema['description']}"
    if error.validator in ("maxLength", "minLength", "maxItems", "minItems", "enum", "pattern", "const"):
        return f"{label}{value!r}: {error.message.split(' is ', 1)[-1] if ' is ' in error.message else error.message}"
    return f"{label}{error.message}"


def validate(doc: YamlFile, schema: str) -> bool:
    """Check doc.data against generator/schema/content/<schema>.schema.json; True when it fits."""
    if not doc.ok:
        return False
    errors = sorted(_validator(schema).iter_errors(doc.data), key=lambda e: (doc.line_of(e.absolute_path),
                                                                             list(map(str, e.absolute_path))))
    for error in errors:
        where = tuple(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            known = sorted(error.schema.get("properties", {}))
            for extra in sorted(set(error.instance) - set(known), key=lambda k: doc.line_of(where + (k,))):
                label = ".".join(map(str, where)) + ": " if where else ""
                doc.error(where + (extra,), f"{label}unknown key {extra!r}; known keys: {', '.join(known)}")
                doc.invalid.add((where + (extra,))[:1])
            continue
        doc.error(where, _message(error))
        doc.invalid.add(where[:1])
    return not errors


def load(root: Path, path: Path, schema: str) -> YamlFile:
    """Read (refusing unsafe files), parse and validate one content YAML file."""
    where = shown(root, path)
    try:
        text = read_text(root, path)
    except UnsafeFile as exc:
        return YamlFile(where, problems=[exc.diagnostic])
    doc = parse(text, where)
    validate(doc, schema)
    return doc
