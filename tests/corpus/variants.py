"""Every variant of the corpus, in the order of the README's table."""

from __future__ import annotations

from .ballerup_variants import ballerup_variants
from .build import Variant


def all_variants() -> list[Variant]:
    return ballerup_variants()
