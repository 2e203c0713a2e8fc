"""Amounts of money as printed ("0,6 mio. kr.", "250.000 kr."), in millions of kroner."""

from __future__ import annotations

import re

_AMOUNT = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?\s*(mia|mio|t|tusind)?\.?\s*kr\b",
    re.IGNORECASE,
)
_SCALE = {"mia": 1000.0, "mio": 1.0, "t": 0.001, "tusind": 0.001, None: 0.000001}


def amount_mdkk(text: str | None) -> float | None:
    """The first amount in the text, in millions of kroner ("0,6 mio. kr." → 0.6)."""
    if not text:
        return None
    match = _AMOUNT.search(text)
    if not match:
        return None
    whole = match.group(1).replace(".", "")
    number = float(f"{whole}.{match.group(2)}" if match.group(2) else whole)
    scale = match.group(3).lower() if match.group(3) else None
    return round(number * _SCALE[scale], 6)
