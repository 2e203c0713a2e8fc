"""The truth check's one allowance: a paragraph's end read as a wrap where a page break cuts off
the gap that would tell them apart, and only after a line that filled its column."""

from pathlib import Path

from page_joints import ambiguous_joints, same_reading

PDFS = Path(__file__).resolve().parent / "corpus" / "pdfs"
SHADED_ROWS = PDFS / "ballerup_c05_shaded_rows_emoji_jkl.pdf"


def test_a_full_line_at_the_foot_of_a_page_is_ambiguous():
    # Page 46 ends "… til hjemmeboende borgere." at the edge; page 47 begins "Status:".
    assert ("borgere.", "Status:") in ambiguous_joints(SHADED_ROWS)


def test_a_short_line_at_the_foot_of_a_page_is_not():
    # Page 10 ends its milestone with "aldersgrupper." well short of the column's edge.
    assert not any(before == "aldersgrupper." for before, _ in ambiguous_joints(SHADED_ROWS))


def test_same_reading_allows_only_the_ambiguous_joint():
    joints = frozenset({("borgere.", "Status:")})
    want = "hjemmeboende borgere.\nStatus:\nAnalysen er ikke gennemført."
    assert same_reading(want.replace("borgere.\n", "borgere. "), want, joints)
    # Not the other paragraph end, not the other way round, not any other change.
    assert not same_reading(want.replace("Status:\n", "Status: "), want, joints)
    assert not same_reading(want, want.replace("borgere.\n", "borgere. "), joints)
    assert not same_reading(want.replace("borgere.\n", "borgere.\n\n")[:-1], want, joints)
    assert not same_reading(want.replace("Analysen", "Analysem"), want, joints)
    assert same_reading(
        (1, want.replace("borgere.\n", "borgere. "), "green"), (1, want, "green"), joints
    )
    assert not same_reading((1, want, "green"), (1, want, "red"), joints)
