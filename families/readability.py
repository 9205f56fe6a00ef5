"""Plain English help for drafters: reading level, long sentences, unexplained
abbreviations and words that may be someone's name, against the partnership's target.

The reading level is Flesch's: reading ease (0 to 100, higher is easier) and the
Flesch-Kincaid grade, read as a reading age (US grade + 5). Syllables are counted with
Pyphen's English hyphenation patterns (already installed for WeasyPrint) and vowel groups,
so the figures
are estimates to guide a writer, not a verdict. Nothing here touches the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

import pyphen

from send_tracker.glossary import BY_SHORT

LONG_SENTENCE = 25  # words: GOV.UK's guidance keeps sentences shorter than this
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\s*\n|\n(?=\s*[-*•])")
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
ABBREVIATION = re.compile(r"\b[A-Z][A-Za-z]*[A-Z]+[a-z]?\b")  # EHC, SEND, ICB, DfE, EHCPs
DEFINED = re.compile(r"\(([A-Z][A-Za-z]*[A-Z]+[a-z]?)\)")  # "parent carer forum (PCF)"
# A title before a capitalised word reads as a person's name: never on a public page.
TITLED_NAME = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Master)\.?\s+[A-Z][a-z]+")
TITLES = frozenset({"Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Master"})
POSSESSIVE = re.compile(r"['’]s$")
# Capitalised words that are not names: days, months, and words families' pages use.
_NOT_NAMES = """I Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March
    April May June July August September October November December England English
    Ofsted Council Forum Parent Carer Local Area Partnership Board Education Health Care
    Children Young People Families Services Service School Schools NHS Department The We
    You Your Our They This That These Those It In On At By For From With And But Or If
    When What Where Why How Who Next Since After Before During Plan Plans Team"""
NOT_NAMES = frozenset(_NOT_NAMES.split())


@cache
def _hyphenator() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="en_GB")


VOWEL_GROUP = re.compile(r"[aeiouy]+")


def syllables(word: str) -> int:
    """Syllables in one word (at least one): its hyphenation points plus one, or its vowel
    groups (less a silent final e) where that is more: hyphenation leaves the first and last
    two letters whole, so "county" and "every" would count too few."""
    lowered = word.lower()
    groups = len(VOWEL_GROUP.findall(lowered))
    if lowered.endswith("e") and not lowered.endswith(("le", "ee")) and groups > 1:
        groups -= 1
    return max(len(_hyphenator().positions(lowered)) + 1, groups, 1)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(text) if s and WORD.search(s)]


@dataclass(frozen=True)
class Readability:
    """What the help panel shows for a draft."""

    target_age: int
    words: int = 0
    sentences: int = 0
    reading_ease: float | None = None
    reading_age: int | None = None
    long_sentences: list[str] = field(default_factory=list)
    abbreviations: list[str] = field(default_factory=list)
    possible_names: list[str] = field(default_factory=list)
    titled_names: list[str] = field(default_factory=list)

    @property
    def meets_target(self) -> bool | None:
        """Whether the estimated reading age is at or below the target (None: no text)."""
        return None if self.reading_age is None else self.reading_age <= self.target_age

    @property
    def ease_words(self) -> str:
        """Flesch's own bands, in words."""
        ease = self.reading_ease
        if ease is None:
            return ""
        for floor, words in ((80, "easy"), (60, "plain English"), (50, "fairly difficult")):
            if ease >= floor:
                return words
        return "difficult"


def unexplained_abbreviations(text: str) -> list[str]:
    """Abbreviations used without their words: explained by "words (ABC)" in the text, or
    by the glossary's words for it appearing anywhere in the text."""
    lowered = text.lower()
    defined = set(DEFINED.findall(text))
    found: list[str] = []
    for short in ABBREVIATION.findall(text):
        if short in defined or short in found:
            continue
        term = BY_SHORT.get(short) or BY_SHORT.get(f"{short} plan")
        if term is not None and term.words.lower() in lowered:
            continue
        found.append(short)
    return found


def possible_names(text: str, allowed: frozenset[str] = frozenset()) -> list[str]:
    """Capitalised words inside a sentence that are not known words: a prompt to check
    that no child or family is named (a place or a service may be flagged too)."""
    found: list[str] = []
    for sentence in sentences(text):
        words = WORD.findall(sentence)
        for position, word in enumerate(words):
            # A sentence's first word is capitalised anyway, unless it is someone's ("Sam's").
            if position == 0 and not POSSESSIVE.search(word):
                continue
            word = POSSESSIVE.sub("", word)
            if (
                word[0].isupper()
                and word not in TITLES
                and not word.isupper()
                and word not in NOT_NAMES
                and word not in allowed
                and not ABBREVIATION.fullmatch(word)
                and word not in found
            ):
                found.append(word)
    return found


def assess(text: str, *, target_age: int, allowed: frozenset[str] = frozenset()) -> Readability:
    """The help panel's figures for `text` (every part of an item, joined)."""
    parts = sentences(text)
    words = WORD.findall(text)
    if not words or not parts:
        return Readability(target_age=target_age)
    syllable_count = sum(syllables(w) for w in words)
    per_sentence = len(words) / len(parts)
    per_word = syllable_count / len(words)
    ease = 206.835 - 1.015 * per_sentence - 84.6 * per_word
    grade = 0.39 * per_sentence + 11.8 * per_word - 15.59
    return Readability(
        target_age=target_age,
        words=len(words),
        sentences=len(parts),
        reading_ease=round(max(0.0, min(100.0, ease)), 1),
        reading_age=max(5, round(grade + 5)),
        long_sentences=[s for s in parts if len(WORD.findall(s)) > LONG_SENTENCE],
        abbreviations=unexplained_abbreviations(text),
        possible_names=possible_names(text, allowed),
        titled_names=TITLED_NAME.findall(text),
    )
