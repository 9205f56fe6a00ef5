"""What was read from a report or letter: the classes `parse_report` returns.

`ParsedReport.to_json()` is the JSON object `import_report --json` prints (documented in the
README); the review form round-trips the same classes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from inspections.importer.dates import parse_date_range

Kind = Literal["full", "monitoring"]

OUTCOME_CODES = ("positive", "inconsistent", "systemic")

JUDGEMENT_CODES = ("effective", "ineffective")


@dataclass
class PriorityArea:
    number: int
    responsible_body: str
    statement: str
    focus_points: list[str] = field(default_factory=list)
    focus_points_intro: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "responsible_body": self.responsible_body,
            "statement": self.statement,
            "focus_points": list(self.focus_points),
        }


@dataclass
class ImprovementArea:
    number: int
    responsible_body: str | None
    statement: str
    focus_points: list[str] = field(default_factory=list)
    focus_points_intro: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "responsible_body": self.responsible_body,
            "statement": self.statement,
            "focus_points": list(self.focus_points),
        }


@dataclass
class JudgementRead:
    area_number: int
    outcome: Literal["effective", "ineffective"]
    narrative: str

    def to_json(self) -> dict[str, Any]:
        return {
            "area_number": self.area_number,
            "outcome": self.outcome,
            "narrative": self.narrative,
        }


@dataclass
class TeamMemberRead:
    name: str
    role: str
    inspectorate: Literal["ofsted", "cqc"]


@dataclass
class AddresseeRead:
    name: str
    role: str
    organisation: str


@dataclass
class ParsedReport:
    """What was read from one report or letter. `to_json()` is the documented JSON object."""

    kind: Kind
    local_area: str
    start_date: dt.date
    end_date: dt.date
    published_date: dt.date | None = None
    previous_inspection: str | None = None
    outcome: str | None = None
    outcome_text: str = ""
    priority_areas: list[PriorityArea] = field(default_factory=list)
    improvement_areas: list[ImprovementArea] = field(default_factory=list)
    judgements: list[JudgementRead] = field(default_factory=list)
    team: list[TeamMemberRead] = field(default_factory=list)
    addressees: list[AddresseeRead] = field(default_factory=list)

    @property
    def previous_dates(self) -> tuple[dt.date, dt.date] | None:
        """The previous (for a letter: the original) inspection's dates, when printed."""
        return parse_date_range(self.previous_inspection or "")

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "local_area": self.local_area,
            "start_date": self.start_date.isoformat(),
            "end_date": self.end_date.isoformat(),
            "published_date": self.published_date.isoformat() if self.published_date else None,
            "previous_inspection": self.previous_inspection,
            "outcome": self.outcome,
            "priority_areas": [area.to_json() for area in self.priority_areas],
            "improvement_areas": [area.to_json() for area in self.improvement_areas],
            "judgements": [judgement.to_json() for judgement in self.judgements],
        }
