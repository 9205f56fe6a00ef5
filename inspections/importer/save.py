"""Save what was read from a report or letter: the inspection, findings and judgements.

Idempotent: every row is found by its natural key and written only when something differs,
so importing the same report again creates nothing and changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from inspections.importer.local_area import is_partnership_area, wrong_area_message
from inspections.importer.result import ImprovementArea, ParsedReport, PriorityArea
from inspections.models import (
    Addressee,
    Deadline,
    Finding,
    FocusPoint,
    Inspection,
    InspectionTeamMember,
    Judgement,
    Organisation,
    Partnership,
)
from inspections.services import inspection_record_implied_deadlines
from inspections.upsert import upsert
from send_tracker.presentation import format_date, format_date_range


class ImportRefused(Exception):
    """The report cannot be saved as it stands. The message is shown to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class ImportResult:
    """The inspection saved, and how many rows were created and updated to save it."""

    inspection: Inspection | None = None
    created: int = 0
    updated: int = 0

    @property
    def changed_anything(self) -> bool:
        return bool(self.created or self.updated)

    @property
    def summary(self) -> str:
        """'3 records created, 1 updated', or 'nothing changed'."""
        if not self.changed_anything:
            return "nothing changed: the record already matched the report"
        created = f"{self.created} record{'s' if self.created != 1 else ''} created"
        return f"{created}, {self.updated} updated"


# --- Organisations -------------------------------------------------------------------------

_DROP_WORDS = {"the", "nhs", "area", "of"}


def organisation_key(name: str) -> str:
    """A name reduced so that spelling variants compare equal.

    'NHS Hertfordshire and West Essex Integrated Care Board' and 'Hertfordshire and West
    Essex ICB' give the same key, as do 'NHS Norfolk and Waveney area ICB' and 'NHS Norfolk
    and Waveney ICB'.
    """
    text = name.lower().replace("&", " and ")
    text = re.sub(r"\bintegrated care boards?\b", "icb", text)
    text = re.sub(r"\bclinical commissioning groups?\b", "ccg", text)
    text = re.sub(r"\bparent carers?\b", "parent carer", text)
    words = re.findall(r"[a-z0-9]+", text)
    return " ".join(word for word in words if word not in _DROP_WORDS)


_ORG_END = re.compile(
    r"\b(?:council|icb|board|borough|forum|trust|ccg|authority|partnership|group)\s*$", re.I
)


def split_bodies(text: str) -> list[str]:
    """'A Council, B ICB and C ICB' as ['A Council', 'B ICB', 'C ICB'].

    Commas and semicolons always separate; 'and' separates only after a word that ends an
    organisation's name, so 'NHS Suffolk and North East Essex ICB' stays whole.
    """
    parts: list[str] = []
    for chunk in re.split(r"\s*[;,]\s*", text):
        chunk = re.sub(r"^(?:and|&)\s+", "", chunk.strip())
        if not chunk:
            continue
        pieces = re.split(r"\s+(?:and|&)\s+", chunk)
        current = pieces[0]
        for piece in pieces[1:]:
            if _ORG_END.search(current) or re.match(r"(?:NHS|the)\b", piece):
                parts.append(current)
                current = piece
            else:
                current = f"{current} and {piece}"
        parts.append(current)
    return [re.sub(r"\s+", " ", part).strip(" .") for part in parts if part.strip(" .")]


def guess_organisation_kind(name: str) -> str:
    lowered = name.lower()
    if re.search(r"parent carer|carers? forum|parent.*forum", lowered):
        return Organisation.Kind.PCF
    if re.search(r"\bicb\b|integrated care|\bnhs\b|\bccg\b|clinical commissioning", lowered):
        return Organisation.Kind.ICB
    if re.search(r"council|borough|county|city of|local authority|\bla\b", lowered):
        return Organisation.Kind.COUNCIL
    return Organisation.Kind.OTHER


def responsible_organisations(
    *, partnership: Partnership, text: str, result: ImportResult, inspection: Inspection
) -> list[Organisation]:
    """The partnership's organisations a 'responsible body' cell names, adding any missing
    as added by `inspection` (withdrawing it takes them too, if nothing else uses them)."""
    existing = list(Organisation.objects.filter(partnership=partnership))
    by_key: dict[str, Organisation] = {}
    for known in existing:
        for name in (known.name, known.short_name):
            if name and organisation_key(name):
                by_key.setdefault(organisation_key(name), known)

    # First, names the partnership already has, wherever they occur in the text (this
    # copes with an 'and' inside a name that splitting would get wrong).
    remaining = f" {organisation_key(text)} "
    found: list[tuple[int, Organisation]] = []
    for key in sorted(by_key, key=len, reverse=True):
        where = remaining.find(f" {key} ")
        if where >= 0:
            found.append((where, by_key[key]))
            remaining = (
                remaining[:where] + " " + "#" * len(key) + " " + remaining[where + len(key) + 2 :]
            )
    leftover = re.sub(r"#+|\band\b", " ", remaining).strip()
    if found and not leftover:
        ordered = [org for _, org in sorted(found, key=lambda pair: pair[0])]
        return list(dict.fromkeys(ordered))

    orgs: list[Organisation] = []
    for name in split_bodies(text):
        org = by_key.get(organisation_key(name))
        if org is None:
            org = Organisation.objects.filter(partnership=partnership, name__iexact=name).first()
        if org is None:
            org = Organisation.objects.create(
                partnership=partnership,
                name=name[:200],
                kind=guess_organisation_kind(name),
                added_by_inspection=inspection,
            )
            result.created += 1
            by_key[organisation_key(name)] = org
        if org not in orgs:
            orgs.append(org)
    return orgs


def _set_responsible(
    finding: Finding, orgs: list[Organisation], result: ImportResult, *, new: bool
) -> None:
    if {o.pk for o in finding.responsible_bodies.all()} != {o.pk for o in orgs}:
        finding.responsible_bodies.set(orgs)
        if not new:  # a new finding's bodies are part of creating it
            result.updated += 1


# --- Saving --------------------------------------------------------------------------------


@transaction.atomic
def report_import(
    *, partnership: Partnership, parsed: ParsedReport, document_area: str | None = None
) -> ImportResult:
    """Create or update the partnership's inspection, findings and judgements from a report.

    `document_area` is the local area the document itself names (`parsed.local_area` when
    not given, as when nobody could have corrected it); a document about another area is
    refused (ImportRefused), whatever the corrected values say. A monitoring letter's
    judgements attach to the findings of the full inspection it follows, which must already
    be recorded (ImportRefused otherwise: findings are never invented from a letter).
    """
    area = parsed.local_area if document_area is None else document_area
    if not is_partnership_area(partnership, area):
        raise ImportRefused(wrong_area_message(partnership, area))
    if parsed.end_date < parsed.start_date:
        raise ImportRefused("The inspection cannot end before it starts.")
    Partnership.objects.filter(pk=partnership.pk).mark_changed()  # its cached pages
    if parsed.kind == "monitoring":
        return _import_letter(partnership, parsed)
    return _import_full(partnership, parsed)


def _source(parsed: ParsedReport) -> str:
    if parsed.kind == "monitoring":
        when = f", {format_date(parsed.published_date)}" if parsed.published_date else ""
        return f"Published monitoring letter, Ofsted/CQC{when}"
    return (
        f"Published report, Ofsted/CQC (Area SEND inspection of {parsed.local_area} Local Area "
        f"Partnership, {format_date_range(parsed.start_date, parsed.end_date)})"
    )


def _inspection(
    partnership: Partnership,
    parsed: ParsedReport,
    kind: str,
    values: dict[str, Any],
    result: ImportResult,
) -> Inspection:
    lookup = {"partnership": partnership, "kind": kind, "start_date": parsed.start_date}
    existing = Inspection.objects.filter(**lookup).first()
    values = {"end_date": parsed.end_date, **values}
    # What the report does not say is left as it was recorded.
    if parsed.published_date:
        values["published_date"] = parsed.published_date
    if existing is None or not existing.source:
        values["source"] = _source(parsed)[:300]
    if (
        "published_date" not in values
        and existing is not None
        and existing.published_date
        and existing.published_date < parsed.end_date
    ):
        # The corrected dates end after the recorded publication date, which cannot be.
        values["published_date"] = None
    inspection = upsert(Inspection, result, lookup, values)
    result.inspection = inspection
    return inspection


def _save_team(inspection: Inspection, parsed: ParsedReport, result: ImportResult) -> None:
    if not parsed.team:
        return
    signatory = parsed.kind == "monitoring"
    for order, member in enumerate(parsed.team, start=1):
        upsert(
            InspectionTeamMember,
            result,
            {"inspection": inspection, "order": order},
            {
                "name": member.name[:120],
                "role": member.role[:200],
                "inspectorate": member.inspectorate,
                "is_signatory": signatory,
            },
        )
    extra = InspectionTeamMember.objects.filter(inspection=inspection, order__gt=len(parsed.team))
    result.updated += extra.delete()[0]


def _import_full(partnership: Partnership, parsed: ParsedReport) -> ImportResult:
    result = ImportResult()
    values: dict[str, Any] = {"outcome": parsed.outcome or ""}
    if parsed.outcome_text:
        values["outcome_text"] = parsed.outcome_text
    inspection = _inspection(partnership, parsed, Inspection.Kind.FULL, values, result)
    _save_team(inspection, parsed, result)

    areas: list[tuple[str, PriorityArea | ImprovementArea]] = [
        (Finding.Kind.PRIORITY_ACTION, area) for area in parsed.priority_areas
    ]
    areas += [(Finding.Kind.IMPROVEMENT, area) for area in parsed.improvement_areas]
    for kind, area in areas:
        created_before = result.created
        finding = upsert(
            Finding,
            result,
            {"inspection": inspection, "kind": kind, "number": area.number},
            {"statement": area.statement, "focus_points_intro": area.focus_points_intro[:300]},
        )
        if area.responsible_body:
            orgs = responsible_organisations(
                partnership=partnership,
                text=area.responsible_body,
                result=result,
                inspection=inspection,
            )
            _set_responsible(finding, orgs, result, new=result.created > created_before)
        for order, text in enumerate(area.focus_points, start=1):
            upsert(FocusPoint, result, {"finding": finding, "order": order}, {"text": text})
        extra = FocusPoint.objects.filter(finding=finding, order__gt=len(area.focus_points))
        result.updated += extra.delete()[0]

    before = Deadline.objects.filter(inspection=inspection).count()
    inspection_record_implied_deadlines(inspection=inspection)
    result.created += Deadline.objects.filter(inspection=inspection).count() - before
    return result


def _import_letter(partnership: Partnership, parsed: ParsedReport) -> ImportResult:
    original_dates = parsed.previous_dates
    if original_dates is None:
        raise ImportRefused(
            "The letter does not say when the full inspection it follows took place, so its "
            "judgements cannot be matched to findings. Enter the dates of that inspection."
        )
    follows = (
        Inspection.objects.filter(
            partnership=partnership, kind=Inspection.Kind.FULL, start_date=original_dates[0]
        ).first()
        or Inspection.objects.filter(
            partnership=partnership, kind=Inspection.Kind.FULL, end_date=original_dates[1]
        ).first()
    )
    if follows is None:
        raise ImportRefused(
            f"The letter follows the full inspection of "
            f"{format_date_range(*original_dates)}, which is not recorded for "
            f"{partnership.name}. Import that inspection’s report first, then the letter."
        )
    findings = {f.number: f for f in follows.findings.filter(kind=Finding.Kind.PRIORITY_ACTION)}
    missing = [j.area_number for j in parsed.judgements if j.area_number not in findings]
    if missing:
        numbers = ", ".join(str(n) for n in missing)
        raise ImportRefused(
            f"The letter judges area for priority action {numbers}, but the recorded "
            f"{follows.short_kind} of {follows.date_range} has no such area. Check the "
            "areas’ numbers, or import that inspection’s report first."
        )

    result = ImportResult()
    inspection = _inspection(
        partnership, parsed, Inspection.Kind.MONITORING, {"outcome": "", "follows": follows}, result
    )
    _save_team(inspection, parsed, result)
    for order, person in enumerate(parsed.addressees, start=1):
        upsert(
            Addressee,
            result,
            {"inspection": inspection, "order": order},
            {
                "name": person.name[:120],
                "role": person.role[:200],
                "organisation": person.organisation[:200],
            },
        )
    for judgement in parsed.judgements:
        upsert(
            Judgement,
            result,
            {"finding": findings[judgement.area_number], "inspection": inspection},
            {"outcome": judgement.outcome, "narrative": judgement.narrative},
        )
    # The monitoring inspection the framework required has now happened.
    before = Deadline.objects.filter(inspection=follows, status=Deadline.Status.MET).count()
    inspection_record_implied_deadlines(inspection=follows)
    result.updated += (
        Deadline.objects.filter(inspection=follows, status=Deadline.Status.MET).count() - before
    )
    return result
