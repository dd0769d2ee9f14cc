"""Lists of names (team sheets) told from prose, headlines and each other."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dupcheck.text.rosters import is_roster, other_rosters

SHEET = (
    "A Jones (Harbour, capt); B Smith (Harbour), C Brown (Millbridge), D Green (Eastfield); "
    "E White (Harbour), F Black (Northgate)."
)
CHANGED = SHEET.replace("C Brown (Millbridge)", "G Grey (Millbridge)")


def test_a_team_sheet_is_a_roster() -> None:
    assert is_roster(SHEET)
    assert is_roster("H Hill, I Irving, J Jackson, K King, L Lewis, M Moore.")


def test_prose_headlines_and_short_names_are_not() -> None:
    assert not is_roster("The Harbour coach said the side would be named on Friday after training.")
    assert not is_roster(
        "Earlier today, Acme Oil, Bolt Petroleum and Crane Energy said they raised prices."
    )
    assert not is_roster("HARBOUR RAISES CRUDE OIL POSTINGS BY 50 CTS")
    assert not is_roster("A Jones (Harbour)")


def test_two_line_ups_naming_different_players_are_other_rosters() -> None:
    assert other_rosters(SHEET, CHANGED)


def test_the_same_names_listed_again_are_the_same_list() -> None:
    assert not other_rosters(SHEET, SHEET)
    # A different opening word or ticker suffix does not change whom the list names.
    banks = (
        "The banks are Acme Bank Ltd <ACME.SI>, Bolt Trust Corp, Crane Savings NV and Dale Bank."
    )
    assert not other_rosters(banks, banks.replace("The banks", "They").replace(".SI", ".S"))
    # Prose naming different people is not a list at all.
    prose = "The minister met Acme Bank officials on Monday to discuss the rescue of the firm."
    assert not other_rosters(prose, prose.replace("Acme", "Bolt"))


@given(st.text(alphabet="abcdefghij ,.;", max_size=200))
def test_lower_case_text_is_never_a_roster(text: str) -> None:
    assert not is_roster(text)
