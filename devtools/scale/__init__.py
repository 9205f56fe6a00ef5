"""Generated partnerships at national scale, for the page benchmark and the load test.

`generate(partnerships, seed)` creates partnerships with the volumes of a real one: 1 to 3
inspections, 2 to 6 areas for priority action and 2 to 5 areas for improvement, 20 to 60
actions with 10 to 30 progress updates each, 5 to 10 measures with 36 monthly values, 10
deadlines and 20 users holding all four roles. Rows go in with `bulk_create` (a few dozen
statements per partnership), so no history rows are written: generated data has no past.

Generated rows are recognisable and never mistaken for real ones: every partnership's slug
starts `scale-` and its name ends "(scale test)"; users are `<slug>-<role>-<n>` with an
unusable password (set one with `manage.py changepassword`, as devtools/loadtest/run.sh
does). The same seed and the same `today` give the same data.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from devtools.scale.record import build_deadlines, build_record, next_index
from devtools.scale.response import build_response
from devtools.scale.volumes import NAME_SUFFIX, SLUG_PREFIX, SMALLEST, TYPICAL, Draws, Volumes
from inspections.models import Partnership

__all__ = ["NAME_SUFFIX", "SLUG_PREFIX", "SMALLEST", "TYPICAL", "Volumes", "generate"]


def build(draw: Draws, index: int) -> Partnership:
    """One partnership's rows, drawn in a fixed order: the record, the response, then the
    deadlines (the order decides which random numbers each part gets)."""
    record = build_record(draw, index)
    build_response(draw, record)
    build_deadlines(draw, record)
    return record.partnership


def generate(
    partnerships: int,
    seed: int = 0,
    *,
    volumes: Volumes = TYPICAL,
    today: dt.date | None = None,
) -> list[Partnership]:
    """Create `partnerships` generated partnerships (see the module docstring); one transaction.

    Numbering continues after any generated partnerships already present, so running it
    twice adds more rather than failing.
    """
    rng = random.Random(seed)
    draw = Draws(rng, today or timezone.localdate(), volumes)
    with transaction.atomic():
        first = next_index()
        return [build(draw, index) for index in range(first, first + partnerships)]
