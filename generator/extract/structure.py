"""How the converter reads the structure of a plan: the contents of content/structure.yml."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Structure:
    """The contents of content/structure.yml."""
    non_task_parts: list[str]
    unit_labels: dict[str, str]
    people_labels: list[str]
    metadata_labels: dict[str, str | None]
    table_columns: dict[str, str]
    duty_parts: list[str]
    non_task_endings: list[str]
    action_words: list[str]
    role_verbs: dict[str, list[str]]
    clause_openers: list[str]
    stage_words: list[str]

    @classmethod
    def from_config(cls, config: dict) -> "Structure":
        return cls(list(config["non_task_parts"]), dict(config["unit_labels"]),
                   list(config.get("people_labels") or []), dict(config.get("metadata_labels") or {}),
                   dict(config.get("table_columns") or {}), list(config.get("duty_parts") or []),
                   list(config.get("non_task_endings") or []), list(config.get("action_words") or []),
                   dict(config.get("role_verbs") or {}), list(config.get("clause_openers") or []),
                   list(config.get("stage_words") or []))

    def __post_init__(self):
        self.block_labels = frozenset(self.unit_labels) | frozenset(self.people_labels)
