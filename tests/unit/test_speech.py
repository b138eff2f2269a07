"""The speech normaliser: spoken emails, phones, numbers, amounts, dates and addresses."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hard_e.brain.speech import normalise


def _split(words: str) -> list[str]:
    return words.split()


def _cases(*pairs: tuple[str, str]) -> list[object]:
    return [pytest.param(spoken, written, id=spoken) for spoken, written in pairs]


EMAILS = _cases(
    ("emily at demo dot com", "emily@demo.com"),
    ("her email is emily at demo dot com", "her email is emily@demo.com"),
    ("john dot smith at gmail dot com", "john.smith@gmail.com"),
    ("j smith at summit exteriors dot com", "jsmith@summitexteriors.com"),
    ("e m i l y at demo dot com", "emily@demo.com"),
    ("a b smith at demo dot org", "absmith@demo.org"),
    ("John underscore Smith at Gmail dot Com", "john_smith@gmail.com"),
    ("EMILY AT DEMO DOT COM", "emily@demo.com"),
    ("mary dash jones at acme hyphen roofing dot net", "mary-jones@acme-roofing.net"),
    ("info at summit exteriors dot co dot uk", "info@summitexteriors.co.uk"),
    ("john two at gmail dot com", "john2@gmail.com"),
    ("bob seventy seven at yahoo dot com", "bob77@yahoo.com"),
    ("send it to dana at brooks roofing dot io.", "send it to dana@brooksroofing.io."),
    ("mike at o'brien's exteriors dot com", "mike@obriensexteriors.com"),
    ("joe at bob's siding and windows dot net", "joe@bobssidingandwindows.net"),
    ("info at smith and sons roofing dot com", "info@smithandsonsroofing.com"),
    ("reach him at summit exteriors dot com", "reach him at summitexteriors.com"),
    ("can you look at gmail dot com", "can you look at gmail.com"),
    ("email is a smith at demo dot org", "email is a smith@demo.org"),
    (
        "sales at demo dot com or billing at demo dot net",
        "sales@demo.com or billing@demo.net",
    ),
    (
        "add a note to emily johnson's job her email is emily at demo dot com and her cell "
        "is five five five one two one two",
        "add a note to emily johnson's job her email is emily@demo.com and her cell is 5551212",
    ),
)

PHONES = _cases(
    ("five five five one two one two", "5551212"),
    ("five five five, one two one two", "555-1212"),
    ("five five five, one two three, four five six seven", "555-123-4567"),
    ("one twenty three, four fifty six, seventy eight ninety", "123-456-7890"),
    ("one, eight hundred, five five five, one two one two", "1-800-555-1212"),
    ("eight hundred, five five five, one two one two", "800-555-1212"),
    ("one eight hundred five five five one two one two", "18005551212"),
    ("call five, five five five, one two one two", "call five, 555-1212"),
    ("five oh two", "502"),
    ("five o two", "502"),
    ("double five triple seven", "55777"),
    ("five five five double oh seven", "555007"),
    ("5 5 5 1 2 1 2", "5551212"),
    ("5 5 5 one two one two", "5551212"),
    ("nine one one", "911"),
    ("her cell is five five five one two one two.", "her cell is 5551212."),
    ("The Five Five Five One Two One Two", "The 5551212"),
    ("extension four", "extension 4"),
    ("six one four dash five five five dash oh one eight two", "614-555-0182"),
    ("cell six one four hyphen five five five hyphen one two one two", "cell 614-555-1212"),
    ("5 5 5 dash 1 2 1 2", "555-1212"),
    (
        "text Mike at five five five, eight six seven, five three oh nine",
        "text Mike at 555-867-5309",
    ),
)

NUMBERS = _cases(
    ("twelve thousand five hundred", "12500"),
    ("two hundred and fifty", "250"),
    ("a hundred", "100"),
    ("a hundred and fifty", "150"),
    ("nine hundred and ninety nine", "999"),
    ("one hundred twenty three thousand four hundred fifty six", "123456"),
    ("twenty-six", "26"),
    ("twelve hundred", "1200"),
    ("twenty five hundred square feet", "2500 square feet"),
    ("we did forty five squares", "we did 45 squares"),
    ("Twenty Five Windows", "25 Windows"),
    ("eight point two five", "8.25"),
    ("eight point two five lap", "8.25 lap"),
    ("eight point oh five", "8.05"),
    ("three and a half", "3.5"),
    ("two and a half squares", "2.5 squares"),
    ("one and a quarter inches", "1.25 inches"),
    ("two point five million", "2500000"),
    ("two windows and three doors", "2 windows and 3 doors"),
    ("five or six windows", "5 or 6 windows"),
    ("two to three days", "2 to 3 days"),
    ("a thousand times", "1000 times"),
    ("five hundred six hundred", "500 600"),
    ("one year warranty", "1 year warranty"),
    ("move the Smith job to stage three", "move the Smith job to stage 3"),
    ("we had four hundred and twelve leads last month", "we had 412 leads last month"),
)

MONEY_AND_PERCENT = _cases(
    ("the supplement is 3 grand", "the supplement is $3,000"),
    ("about 2.5 grand", "about $2,500"),
    ("twelve thousand dollars", "$12,000"),
    ("twelve thousand five hundred dollars", "$12,500"),
    ("a hundred bucks", "$100"),
    ("one dollar", "$1"),
    ("twelve dollars and fifty cents", "$12.50"),
    ("eight point five dollars", "$8.50"),
    ("twelve grand", "$12,000"),
    ("two point five million dollars", "$2,500,000"),
    ("a million dollars", "$1,000,000"),
    ("fifty cents", "50 cents"),
    ("fifteen percent", "15%"),
    ("fifteen per cent", "15%"),
    ("eight point five percent", "8.5%"),
    ("one hundred percent", "100%"),
    ("zero percent financing", "0% financing"),
    (
        "the quote was twelve thousand dollars, with ten percent down",
        "the quote was $12,000, with 10% down",
    ),
)

DATES_AND_TIMES = _cases(
    ("twenty twenty six", "2026"),
    ("twenty twenty-six", "2026"),
    ("in nineteen ninety nine", "in 1999"),
    ("two thousand and five", "2005"),
    ("nineteen oh five", "1905"),
    ("march twenty first", "march 21st"),
    ("March twenty first", "March 21st"),
    ("march first", "march 1st"),
    ("march eleventh", "march 11th"),
    ("april twenty second", "april 22nd"),
    ("june twenty third", "june 23rd"),
    ("May second", "May 2nd"),
    ("may fifth", "may 5th"),
    ("june twelve", "june 12"),
    ("march the third", "march the 3rd"),
    ("the fifth of march", "the 5th of march"),
    ("the twenty second", "the 22nd"),
    ("the first of june", "the 1st of june"),
    ("june first at ten thirty", "june 1st at 10:30"),
    ("march first twenty twenty six", "march 1st 2026"),
    ("March fifth, twenty twenty six", "March 5th, 2026"),
    ("one hundredth", "100th"),
    ("meet at three thirty", "meet at 3:30"),
    ("at ten oh five pm", "at 10:05 pm"),
    ("three thirty pm", "3:30 pm"),
    ("one thirty in the afternoon", "1:30 in the afternoon"),  # the day's part makes it a time
    ("nine fifteen this morning", "9:15 this morning"),
    ("eleven forty five tonight", "11:45 tonight"),
    ("one twenty in the yard", "120 in the yard"),  # no part of the day: a count
    ("by eleven fifteen", "by 11:15"),
    ("three pm", "3 pm"),
    ("eleven thirty a m", "11:30 am"),  # speech-to-text spells the letters
    ("at two p. m.", "at 2 pm"),
    ("at seven a.m.", "at 7 am"),
    ("at 11 30 am", "at 11:30 am"),
    ("at 3.30pm", "at 3:30 pm"),
    ("at 10.15 a.m.", "at 10:15 am"),
    ("we run twenty four seven", "we run 24/7"),
)

PITCHES = _cases(
    ("a six twelve pitch", "a 6/12 pitch"),
    ("can we shingle a like three twelve porch roof", "can we shingle a like 3/12 porch roof"),
    ("the pitch is four on twelve", "the pitch is 4/12"),
    ("a three in twelve slope", "a 3/12 slope"),
    ("pitch of eight twelve", "pitch of 8/12"),
    ("the roof is ten twelve", "the roof is 10/12"),
    ("a 4 12 pitch", "a 4/12 pitch"),
    ("two twelve roofs", "2/12 roofs"),
    ("a twenty twelve roof", "a 2012 roof"),  # a year: no rise is said as "twenty"
    ("in twenty twelve the roof leaked", "in 2012 the roof leaked"),
    ("twenty one twelve roof", "2112 roof"),
    ("seven twelve windows", "712 windows"),
)

ADDRESSES = _cases(
    ("one twenty three main street", "123 main street"),
    ("one two three Main Street", "123 Main Street"),
    ("four oh five oak avenue", "405 oak avenue"),
    ("fourteen twenty two north maple drive", "1422 north maple drive"),
    ("two oak lane", "2 oak lane"),
    ("at one twenty three main street", "at 123 main street"),
    ("one twenty first street", "121st street"),
    ("apartment four b", "apartment 4B"),
    ("Suite two a.", "Suite 2A."),
    ("unit twelve", "unit 12"),
    ("zip code nine oh two one oh", "zip code 90210"),
    ("zip zero two one three nine", "zip 02139"),
)

UNTOUCHED = [
    pytest.param(text, id=text or "empty")
    for text in (
        "",
        "call 555-1212",
        "jane@x.com",
        "write to jane@x.com at noon",
        "$12,500",
        "8.25 lap",
        "meet at 3:30 pm",
        "It's 10 percent off",
        "in 2026",
        "one of them",
        "one of the jobs",
        "I need one more",
        "the two of us",
        "one or two",
        "I want to",
        "for sure",
        "at home",
        "dot the i's and cross the t's",
        "look at the dot com bubble",
        "meet me at the office",
        "emily at demo dot something",
        "emily at demo.com",
        "the first time we met",
        "first and foremost",
        "wait a second",
        "five second delay",
        "oh no",
        "at one point two of them said yes",
        "thanks a million",
        "give me five",
        "I'll be there at nine",
        "one-on-one",
        "two-story colonial",
        "a couple hundred",
        "hundreds of leads",
        "may first we need to call",
        "it's about a half hour",
        "she said no one was home",
        "that's a one time deal",
        "first things first",
        "it's the second house on the left",
        "nine to five",
        "two by fours",
        "I'll be there in five",
        "contact me at the office dot net",
        "I am a manager",
        "plan a m",
        "two dash three",
        "rock and roll at bob's and dot com",
        "the 8.25 lap is 7 in exposure",
    )
]


@pytest.mark.parametrize(("spoken", "written"), EMAILS)
def test_spelled_out_emails_are_written_as_addresses(spoken: str, written: str) -> None:
    assert normalise(spoken) == written


@pytest.mark.parametrize(("spoken", "written"), PHONES)
def test_digit_runs_join_and_paused_phone_groups_get_dashes(spoken: str, written: str) -> None:
    assert normalise(spoken) == written


@pytest.mark.parametrize(("spoken", "written"), NUMBERS)
def test_spoken_numbers_become_digits(spoken: str, written: str) -> None:
    assert normalise(spoken) == written


@pytest.mark.parametrize(("spoken", "written"), MONEY_AND_PERCENT)
def test_money_and_percentages_take_their_symbols(spoken: str, written: str) -> None:
    assert normalise(spoken) == written


@pytest.mark.parametrize(("spoken", "written"), DATES_AND_TIMES)
def test_years_dates_and_clock_times(spoken: str, written: str) -> None:
    assert normalise(spoken) == written


@pytest.mark.parametrize(("spoken", "written"), PITCHES)
def test_a_roof_pitch_said_aloud_is_written_rise_over_twelve(spoken: str, written: str) -> None:
    assert normalise(spoken) == written


@pytest.mark.parametrize(("spoken", "written"), ADDRESSES)
def test_house_numbers_apartments_and_zip_codes(spoken: str, written: str) -> None:
    assert normalise(spoken) == written


@pytest.mark.parametrize("text", UNTOUCHED)
def test_written_text_and_ordinary_words_are_left_alone(text: str) -> None:
    assert normalise(text) == text


# --- properties ------------------------------------------------------------------

_ONES = _split("one two three four five six seven eight nine")
_TEENS = _split("ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen")
_TENS = _split("twenty thirty forty fifty sixty seventy eighty ninety")
_ORDINALS = _split(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth "
    "thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth hundredth "
    "thousandth millionth billionth"
)
NUMBER_WORDS = frozenset(
    [*_ONES, *_TEENS, *_TENS, *_ORDINALS, "zero", "hundred", "thousand", "million", "billion"]
)


def _below_thousand(n: int, use_and: bool) -> str:
    """An independent number→words speller, the oracle for round trips."""
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        words += [_ONES[hundreds - 1], "hundred"]
        if rest and use_and:
            words.append("and")
    if 10 <= rest < 20:
        words.append(_TEENS[rest - 10])
    else:
        tens, ones = divmod(rest, 10)
        if tens:
            words.append(_TENS[tens - 2])
        if ones:
            words.append(_ONES[ones - 1])
    return " ".join(words)


def spell(n: int, use_and: bool = False) -> str:
    parts: list[str] = []
    for scale, name in ((10**9, "billion"), (10**6, "million"), (10**3, "thousand")):
        if n >= scale:
            parts.append(f"{_below_thousand(n // scale, use_and)} {name}")
            n %= scale
    if n:
        parts.append(_below_thousand(n, use_and))
    return " ".join(parts)


@settings(max_examples=60)
@given(st.integers(min_value=1, max_value=999_999_999_999), st.booleans())
def test_any_spoken_dollar_amount_reads_back_as_written_money(n: int, use_and: bool) -> None:
    assert normalise(f"it came to {spell(n, use_and)} dollars") == f"it came to ${n:,}"


@settings(max_examples=60)
@given(st.integers(min_value=1, max_value=999_999_999), st.booleans())
def test_any_spoken_quantity_before_a_unit_reads_back_as_digits(n: int, use_and: bool) -> None:
    assert normalise(f"{spell(n, use_and)} squares") == f"{n} squares"


@settings(max_examples=60)
@given(st.text(alphabet="0123456789", min_size=2, max_size=11), st.booleans())
def test_digits_spoken_one_by_one_join_into_one_run(digits: str, say_oh: bool) -> None:
    words = []
    for n, digit in enumerate(digits):
        if digit != "0":
            words.append(_ONES[int(digit) - 1])
        elif say_oh and 0 < n < len(digits) - 1:
            words.append("oh")
        else:
            words.append("zero")
    assert normalise(" ".join(words)) == digits


_MIXED_VOCABULARY = [
    *_ONES,
    *_TEENS,
    *_TENS,
    "twenty first",
    "per cent",
    *_split(
        "first second zero oh o double triple a and point half quarter hundred thousand "
        "million dollars bucks cents grand percent squares windows pm am main oak street "
        "lane apartment suite stage b march may May the of at by dot com co uk underscore "
        "dash emily John j e her email is or to 5 7 12 555-1212 $12,500 8.25 3:30 "
        "jane@x.com one-on-one"
    ),
]
_SEPARATORS = [" ", " ", " ", " ", ", ", "-", ". ", "? "]


_MIXED_PIECES = [word + sep for word in _MIXED_VOCABULARY for sep in _SEPARATORS]
mixed_messages = st.lists(st.sampled_from(_MIXED_PIECES), min_size=1, max_size=14).map(
    lambda pieces: "".join(pieces).strip()
)


@settings(max_examples=150)
@given(mixed_messages)
def test_normalising_twice_changes_nothing_more(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


_ORDINARY_VOCABULARY = _split(
    "the rep said I want to for sure of them oh no a and point half double check dollars "
    "percent street apartment march squares home won too Emily Dana's 555-1212 $12,500 "
    "8.25 10 3:30 jane@x.com (call) co-op e-mail"
)


_ORDINARY_PIECES = [word + sep for word in _ORDINARY_VOCABULARY for sep in _SEPARATORS]


@settings(max_examples=80)
@given(st.lists(st.sampled_from(_ORDINARY_PIECES), max_size=16).map("".join))
def test_text_without_number_words_or_spoken_at_dot_is_identical(text: str) -> None:
    assert normalise(text) == text


_SPOKEN_TRIGGERS = re.compile(
    r"[0-9]|\b(?:at|dot|" + "|".join(sorted(NUMBER_WORDS)) + r")\b", re.IGNORECASE
)


_TEXT = st.text(
    alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ.,;:!?'\"()-@$%&/\n\téü’"),
    max_size=60,
)


@settings(max_examples=80)
@given(_TEXT.filter(lambda text: not _SPOKEN_TRIGGERS.search(text)))
def test_arbitrary_text_without_numbers_or_at_dot_is_identical(text: str) -> None:
    assert normalise(text) == text


@pytest.mark.parametrize(
    ("said", "written"),
    [("double oh oh", "double oh oh"), ("double oh seven", "007"), ("five double oh one", "5001")],
)
def test_double_oh_is_digits_only_inside_a_number(said: str, written: str) -> None:
    assert normalise(said) == written
