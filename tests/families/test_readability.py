"""The plain English help's figures: reading level, long sentences, abbreviations, names."""

from __future__ import annotations

from families.readability import assess, syllables, unexplained_abbreviations

LONG = (
    "We are hiring more staff so that SEND support teams across the county can respond to "
    "every request for an assessment within twenty weeks, which is the legal limit that the "
    "Department for Education sets for councils."
)


def test_short_everyday_sentences_meet_a_young_target():
    help = assess(
        "Families told us they wait too long. We now answer in four weeks.", target_age=11
    )
    assert help.words == 13 and help.sentences == 2
    assert help.meets_target and help.ease_words == "easy"
    assert not help.long_sentences and not help.abbreviations and not help.possible_names


def test_long_sentences_and_hard_words_miss_the_target():
    help = assess(LONG, target_age=11)
    assert help.long_sentences == [LONG]
    assert help.reading_age is not None and help.reading_age > 11
    assert help.meets_target is False


def test_an_empty_draft_has_no_figures():
    help = assess("   ", target_age=11)
    assert help.words == 0 and help.reading_age is None and help.meets_target is None


def test_abbreviations_count_as_explained_when_spelt_out():
    assert unexplained_abbreviations("Help with SEND and EHCPs.") == ["SEND", "EHCPs"]
    assert (
        unexplained_abbreviations(
            "Special educational needs and disabilities (SEND) matter. SEND is for all."
        )
        == []
    )
    assert unexplained_abbreviations("The parent carer forum helps. The PCF meets.") == []
    assert unexplained_abbreviations("The Local Offer Group (LOG) meets. LOG is new.") == []


def test_words_that_may_be_names_are_flagged():
    help = assess(
        "Sophie's mum asked us. We told Mrs Jones and Ahmed. The Council agreed in May.",
        target_age=11,
        allowed=frozenset({"Testshire"}),
    )
    assert help.possible_names == ["Sophie", "Jones", "Ahmed"]
    assert help.titled_names == ["Mrs Jones"]
    assert (
        assess(
            "Testshire families said so.", target_age=11, allowed=frozenset({"Testshire"})
        ).possible_names
        == []
    )


def test_syllables_are_counted_at_least_by_vowel_groups():
    assert syllables("every") == 3
    assert syllables("county") == 2
    assert syllables("plan") == 1
