"""Every variant of the corpus."""

from __future__ import annotations

from .albertslund_variants import albertslund_variants
from .ballerup_variants import ballerup_variants
from .build import Variant


def all_variants() -> list[Variant]:
    return ballerup_variants() + albertslund_variants()
