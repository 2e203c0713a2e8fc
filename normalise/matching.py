"""Raw committee and unit mentions to registry ids, or to the review queue.

A cell can name several entities ("Social- og Sundhedsudvalget samt Erhvervs- og
Beskæftigelsesudvalget", "BU - ØU - KB", "JRU / JTR"). It is cut at separators into pieces, and the
pieces are grouped again so that the most of them belong to a confident match: "og" also occurs
inside names ("By, Erhverv og Miljø"), so a separator only separates where the parts on both sides
are entities of their own. Each group is matched in this order:

1. exact name (case and blanks aside), among the entities that existed on the document's date;
2. abbreviation or initials, exactly, in the municipality and period: Albertslund's "BU" of 2012 is
   not its "BSU" of 2018. Without a date, an abbreviation counts only if one entity ever bore it;
3. alias: the registry's aliases (dated like names) and the reviewer's local aliases (undated: the
   reviewer said what the text means);
4. fuzzy: ``rapidfuzz.fuzz.ratio`` on normalised forms of full names and aliases, never on
   abbreviations (a short string scores against whichever long name shares its letters). The best
   entity must reach ``FUZZY_THRESHOLD``, exist on the date and lead the runner-up by
   ``FUZZY_MARGIN``.

Whatever is left gets no id: a Mention with ``method == "none"`` and the best candidate, for the
review queue. A wrong id is worse than none. Texts that name no entity at all ("Alle fagudvalg",
"§17,4 Temaudvalg", an empty cell) give no Mention: they are neither an id nor a review item.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from .registry import COMMITTEES, UNITS, Entity, Registry
from .text import ascii_letters, clean_text, fold_whitespace

# Calibrated on tests/labelled_mentions.csv (the sweep is in tests/test_matching.py): no wrong id
# from 84 up, every right one up to 88. The top of that band: a wrong id is worse than none.
FUZZY_THRESHOLD = 88.0
# The best entity must lead the next one by this much, or the text is ambiguous.
FUZZY_MARGIN = 5.0
# Normalised texts shorter than this are too short to score (fuzzy is for full names).
FUZZY_MIN_LENGTH = 5

EXACT = "exact"
ABBREVIATION = "abbreviation"
ALIAS = "alias"
FUZZY = "fuzzy"
NONE = "none"

# Texts that refer to no particular entity; matched against the whole of a cell or of a part.
NOT_AN_ENTITY = (
    re.compile(r"^alle\b", re.IGNORECASE),  # "Alle fagudvalg", "Alle centre og sekretariater"
    re.compile(r"^§\s*17\s*,\s*(stk\.?\s*)?4\b", re.IGNORECASE),  # "§17,4 Temaudvalg"
    re.compile(r"^(ingen|intet|ikke relevant|n/a)$", re.IGNORECASE),
    re.compile(r"^[\W_]*$"),  # no letter or digit: a dash or a stray mark
)

# Where a cell may be cut: commas and slashes (not inside numbers such as "§17,4"), semicolons,
# line breaks, a free-standing dash (Albertslund's routes "BU - ØU - KB"), " og ", " samt ", " & ".
_SEPARATOR = re.compile(
    r"\s*(?:(?<!\d),(?!\d)|;|/|\n|(?<=\s)[-–](?=\s)|(?<=\s)(?:og|samt|&)(?=\s))\s*",
    re.IGNORECASE,
)
# Separators that also occur inside names: they separate two names only if both sides match.
_WEAK_SEPARATOR = re.compile(r"\s*(?:(?<!\d),(?!\d)|\n|(?<=\s)(?:og|&)(?=\s))\s*", re.IGNORECASE)
# A group spans at most this many pieces; the longest registry name has four.
_MAX_GROUP = 6

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Definite endings typists add or drop: "Økonomiudvalg" is "Økonomiudvalget".
_DEFINITE_ENDINGS = (("udvalget", "udvalg"), ("bestyrelsen", "bestyrelse"), ("raadet", "raad"))
_ABBREVIATION = re.compile(r"^[A-ZÆØÅ]{1,6}$")
_POSSESSIVE = re.compile(r"['’]s$")


@dataclass(frozen=True)
class Mention:
    raw: str
    id: str | None
    best_id: str | None
    score: float
    method: str  # "exact" | "abbreviation" | "alias" | "fuzzy" | "none"

    @property
    def needs_review(self) -> bool:
        """True for a mention the normaliser could not map with confidence."""
        return self.id is None


@functools.lru_cache(maxsize=4096)
def fuzzy_form(text: str) -> str:
    """The form fuzzy scoring compares: no case, hyphens, blanks or definite ending; "&" is "og"."""
    form = _NON_ALNUM.sub("", ascii_letters(text.casefold().replace("&", " og ")))
    for ending, replacement in _DEFINITE_ENDINGS:
        if form.endswith(ending):
            return form[: -len(ending)] + replacement
    return form


def exact_key(text: str) -> str:
    return fold_whitespace(text).strip(" .,;:").casefold()


def abbreviation_key(text: str) -> str | None:
    """The text as an abbreviation ("KB's" -> "KB", "N CB" -> "NCB"), or None if it is not one."""
    compact = _POSSESSIVE.sub("", "".join(text.split()).strip(".,;:"))
    compact = compact.replace(".", "")
    return compact.upper() if _ABBREVIATION.match(compact) else None


def is_not_an_entity(text: str) -> bool:
    """Whether the text refers to no particular committee or unit ("Alle fagudvalg")."""
    key = fold_whitespace(text).strip(" .,;:")
    return any(pattern.search(key) for pattern in NOT_AN_ENTITY)


class Matcher:
    def __init__(
        self,
        registry: Registry,
        *,
        threshold: float = FUZZY_THRESHOLD,
        margin: float = FUZZY_MARGIN,
    ) -> None:
        self.registry = registry
        self.threshold = threshold
        self.margin = margin

    def committees(
        self, raw: str | None, municipality: str, on: datetime.date | None
    ) -> list[Mention]:
        return self._mentions(raw, COMMITTEES, municipality, on)

    def units(self, raw: str | None, municipality: str, on: datetime.date | None) -> list[Mention]:
        return self._mentions(raw, UNITS, municipality, on)

    def _mentions(
        self, raw: str | None, kind: str, municipality: str, on: datetime.date | None
    ) -> list[Mention]:
        text = clean_text(raw)
        if text is None or is_not_an_entity(text):
            return []
        scope = _Scope(self, kind, municipality, on)
        return _segment(text, scope)


class _Scope:
    """Matching of one text part within one kind, municipality and date."""

    def __init__(
        self, matcher: Matcher, kind: str, municipality: str, on: datetime.date | None
    ) -> None:
        self.matcher = matcher
        self.on = on
        self.entities = matcher.registry.entities(kind, municipality)
        self.local_aliases = {
            exact_key(override.raw): override.id
            for override in matcher.registry.overrides(kind, municipality)
        }
        self._cache: dict[str, Mention | None] = {}

    def match(self, part: str) -> Mention | None:
        """The part's Mention; None when the part names no entity at all."""
        if part not in self._cache:
            self._cache[part] = None if is_not_an_entity(part) else self._match(part)
        return self._cache[part]

    def _match(self, part: str) -> Mention:
        valid = [entity for entity in self.entities if entity.valid_on(self.on)]
        key = exact_key(part)
        named = _unique(e.id for e in valid if e.name_known and exact_key(e.name) == key)
        if named:
            return Mention(part, named, named, 100.0, EXACT)

        abbreviation = abbreviation_key(part)
        if abbreviation is not None:
            holders = [e for e in self.entities if _abbreviation(e) == abbreviation]
            # Without a date every holder counts: it is unambiguous only if there is one.
            dated = [e for e in holders if e.valid_on(self.on)]
            entity_id = _unique(e.id for e in dated)
            if entity_id:
                return Mention(part, entity_id, entity_id, 100.0, ABBREVIATION)

        aliased = _unique(e.id for e in valid if key in (exact_key(a) for a in e.aliases))
        aliased = aliased or self.local_aliases.get(key)
        if aliased:
            return Mention(part, aliased, aliased, 100.0, ALIAS)

        if abbreviation is not None:
            # Never scored: the nearest holder of the letters in another period is only a hint.
            hint = next((e.id for e in holders), None)
            return Mention(part, None, hint, 0.0, NONE)
        return self._fuzzy(part)

    def _fuzzy(self, part: str) -> Mention:
        form = fuzzy_form(part)
        if len(form) < FUZZY_MIN_LENGTH:
            return Mention(part, None, None, 0.0, NONE)
        ranked = sorted(
            ((_score(form, entity), entity) for entity in self.entities if entity.name_known),
            key=lambda scored: -scored[0],
        )
        if not ranked:
            return Mention(part, None, None, 0.0, NONE)
        best_score, best = ranked[0]
        runner_up = ranked[1][0] if len(ranked) > 1 else 0.0
        confident = (
            best_score >= self.matcher.threshold
            and best_score - runner_up >= self.matcher.margin
            and best.valid_on(self.on)
        )
        return Mention(
            part, best.id if confident else None, best.id, best_score, FUZZY if confident else NONE
        )


def _score(form: str, entity: Entity) -> float:
    return max(fuzz.ratio(form, fuzzy_form(text)) for text in (entity.name, *entity.aliases))


def _abbreviation(entity: Entity) -> str | None:
    return abbreviation_key(entity.abbreviation) if entity.abbreviation else None


def _unique(ids: Iterable[str]) -> str | None:
    distinct = set(ids)
    return distinct.pop() if len(distinct) == 1 else None


@dataclass(frozen=True, slots=True)
class _Piece:
    start: int  # offsets in the text
    end: int
    weak_before: bool  # the separator before it may also join words of one name


@dataclass(frozen=True, slots=True)
class _Group:
    mention: Mention | None
    matched: bool  # an id, or a text that names no entity


def _segment(text: str, scope: _Scope) -> list[Mention]:
    """Mentions in the order named, from the grouping of pieces that leaves the fewest unmatched.

    A weak separator (" og ", ",", "&", a line break) separates two groups only if both match:
    else "Økonomi og Styring" would yield the centre "Økonomi" and a stray "Styring". Unmatched
    text never spans a strong separator (" samt ", "/", " - ", ";"), so each unknown route token
    is reviewed alone.
    """
    pieces = _pieces(text)
    count = len(pieces)
    # best[(i, matched)]: cost and groups covering the first i pieces, the last one matched or not.
    # Cost: pieces left unmatched, then the number of groups (a whole name beats its halves), then
    # the lower total score.
    best: dict[tuple[int, bool], tuple[tuple[int, int, float], list[_Group]]] = {
        (0, True): ((0, 0, 0.0), [])
    }
    for end in range(1, count + 1):
        for start in range(max(0, end - _MAX_GROUP), end):
            inner_strong = any(not piece.weak_before for piece in pieces[start + 1 : end])
            part = fold_whitespace(text[pieces[start].start : pieces[end - 1].end])
            mention = scope.match(part)
            matched = mention is None or mention.id is not None
            if not matched and inner_strong:
                continue
            for previous_matched in (True, False):
                previous = best.get((start, previous_matched))
                if previous is None:
                    continue
                if start > 0 and pieces[start].weak_before and not (previous_matched and matched):
                    continue
                (unmatched, groups, score), chosen = previous
                cost = (
                    unmatched + (0 if matched else end - start),
                    groups + 1,
                    score - (mention.score if mention is not None and matched else 0.0),
                )
                current = best.get((end, matched))
                if current is None or cost < current[0]:
                    best[(end, matched)] = (cost, [*chosen, _Group(mention, matched)])
    finals = [best[key] for key in ((count, True), (count, False)) if key in best]
    if not finals:
        # No cut into names of at most _MAX_GROUP pieces: a list too long to be names (a cell's
        # whole text). It stays one raw mention, for review, never a guess.
        whole = scope.match(fold_whitespace(text))
        return [whole] if whole is not None else []
    _, groups = min(finals, key=lambda final: final[0])
    return [group.mention for group in groups if group.mention is not None]


def _pieces(text: str) -> list[_Piece]:
    """The non-empty pieces between separators."""
    pieces = []
    position = 0
    weak = False
    for separator in _SEPARATOR.finditer(text):
        if separator.start() > position:
            pieces.append(_Piece(position, separator.start(), weak))
            weak = True
        if separator.end() > separator.start():
            weak = weak and _WEAK_SEPARATOR.fullmatch(separator.group()) is not None
        position = max(position, separator.end())
    if position < len(text):
        pieces.append(_Piece(position, len(text), weak))
    return pieces
