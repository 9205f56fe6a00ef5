"""How much the generator makes, how generated partnerships are named, and the seeded
random draws (dates, people, narrative) that every part of a partnership shares."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from devtools.scale.text import FIRST_NAMES, LAST_NAMES, PLACE_ENDS, PLACE_STARTS, UPDATE_SENTENCES

SLUG_PREFIX = "scale-"
NAME_SUFFIX = " (scale test)"


@dataclass(frozen=True)
class Volumes:
    """Inclusive (low, high) ranges per partnership."""

    inspections: tuple[int, int] = (1, 3)
    priority_areas: tuple[int, int] = (2, 6)
    improvement_areas: tuple[int, int] = (2, 5)
    actions: tuple[int, int] = (20, 60)
    updates_per_action: tuple[int, int] = (10, 30)
    measures: tuple[int, int] = (5, 10)
    values_per_measure: int = 36
    deadlines: int = 10


TYPICAL = Volumes()
# The lower bound of every range, for "the same pages with the least data". Two inspections
# (a full inspection and its monitoring inspection) rather than one, so that every page has
# the same shape as a large partnership's: a page with no judgements at all skips a
# prefetch query, which would make the counts differ for a reason that is not growth.
SMALLEST = Volumes(
    inspections=(2, 2),
    priority_areas=(2, 2),
    improvement_areas=(2, 2),
    actions=(20, 20),
    updates_per_action=(10, 10),
    measures=(5, 5),
)


def place_name(index: int) -> str:
    """A made-up English place name, unique for indexes 1 to 200 (then numbered)."""
    i = index - 1
    name = PLACE_STARTS[i % len(PLACE_STARTS)] + PLACE_ENDS[(i // len(PLACE_STARTS)) % 10]
    if i >= len(PLACE_STARTS) * len(PLACE_ENDS):
        name += f" {i // (len(PLACE_STARTS) * len(PLACE_ENDS)) + 1}"
    return name


def month_ends(last: dt.date, count: int) -> list[dt.date]:
    """The last day of each of `count` months ending with `last`'s month, oldest first."""
    out = []
    year, month = last.year, last.month
    for _ in range(count):
        following = dt.date(year + (month == 12), month % 12 + 1, 1)
        out.append(following - dt.timedelta(days=1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return out[::-1]


def monday_on_or_after(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)


class Draws:
    """The random draws for one run; `rng` is shared so one seed fixes the whole run."""

    def __init__(self, rng: random.Random, today: dt.date, volumes: Volumes) -> None:
        self.rng = rng
        self.today = today
        self.v = volumes

    def between(self, bounds: tuple[int, int]) -> int:
        return self.rng.randint(*bounds)

    def date_between(self, start: dt.date, end: dt.date) -> dt.date:
        if end <= start:
            return start
        return start + dt.timedelta(days=self.rng.randint(0, (end - start).days))

    def person(self) -> tuple[str, str]:
        return self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)

    def narrative(self, sentences: int) -> str:
        chosen = self.rng.sample(UPDATE_SENTENCES, sentences)
        return " ".join(
            s.format(
                n=self.rng.randint(3, 240), m=self.rng.randint(10, 400), pct=self.rng.randint(8, 95)
            )
            for s in chosen
        )
