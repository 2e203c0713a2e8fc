"""The canonical committees and units: reviewed data files shipped with the package, plus aliases.

``normalise/registry/committees.csv`` and ``units.csv`` hold one row per entity. The shipped
files are never edited by a run; what a reviewer accepts goes to a local overrides file (raw text
-> id, per municipality), read next to them.

Decisions the data rests on:

- An id is ``<municipality>.<slug of the official name>``; an entity known only by its
  abbreviation or initials gets the abbreviation's slug, and its ``name`` is the abbreviation
  itself (the contract wants a non-null name). Such a name is not matched as a name, only as an
  abbreviation, so that the abbreviation's period still applies.
- An entity that existed in separate periods under the same name keeps one id: ``valid_from`` and
  ``valid_to`` span the whole, and ``periods`` (``start/end|start/end``) lists when it existed.
  Albertslund's Social- og Sundhedsudvalget (2010-2013 guessed, 2018-2021 verified) is one such row.
- ``verified`` is true only when nothing in the row is a guess (name, abbreviation, period or
  function).
- Units use ``function`` for their kind: ``centre``, ``director`` or ``department``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .text import ascii_letters

COMMITTEES = "committees"
UNITS = "units"
KINDS = (COMMITTEES, UNITS)

COMMITTEE_FUNCTIONS = frozenset(
    {
        "council",
        "finance",
        "social_health",
        "children_education",
        "culture_leisure",
        "technical_environment",
        "employment_business",
        "other",
    }
)
UNIT_FUNCTIONS = frozenset({"centre", "director", "department"})
FUNCTIONS = {COMMITTEES: COMMITTEE_FUNCTIONS, UNITS: UNIT_FUNCTIONS}

CSV_COLUMNS = (
    "id",
    "municipality",
    "name",
    "abbreviation",
    "function",
    "valid_from",
    "valid_to",
    "periods",
    "aliases",
    "verified",
    "evidence",
    "source",
)
# The reviewed data files, shipped as package data next to this module.
SHIPPED_DIR = Path(__file__).resolve().parent / "registry"
OVERRIDE_COLUMNS = ("municipality", "raw", "id")
# A file name the pipeline may use for the local overrides inside its data directory.
DEFAULT_OVERRIDES_NAME = "registry_overrides.csv"

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """The id slug of a name: lower case, æ/ø/å spelled out, other non-alphanumeric runs ``-``."""
    # Accented letters (é, ü) keep their base letter rather than becoming a separator.
    return _NON_ALNUM.sub("-", ascii_letters(text.lower())).strip("-")


@dataclass(frozen=True, slots=True)
class Period:
    start: date | None
    end: date | None

    def contains(self, on: date) -> bool:
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    kind: str  # COMMITTEES | UNITS
    municipality: str
    name: str
    abbreviation: str | None
    function: str
    valid_from: date | None
    valid_to: date | None
    periods: tuple[Period, ...]
    aliases: tuple[str, ...]
    verified: bool
    evidence: str
    source: str

    @property
    def name_known(self) -> bool:
        """False for entities known only by their abbreviation (their name is the abbreviation)."""
        return self.name != self.abbreviation

    def valid_on(self, on: date | None) -> bool:
        """Whether the entity existed on ``on``; an unknown date excludes nothing."""
        if on is None:
            return True
        return any(period.contains(on) for period in self.periods)


@dataclass(frozen=True, slots=True)
class Override:
    """A reviewer's decision: in ``municipality``, the raw text ``raw`` names entity ``id``."""

    municipality: str
    raw: str
    id: str


class Registry:
    """The entities of one run: the shipped files plus the local overrides."""

    def __init__(
        self,
        committees: Iterable[Entity],
        units: Iterable[Entity],
        overrides: Iterable[Override] = (),
    ) -> None:
        self._entities = {COMMITTEES: tuple(committees), UNITS: tuple(units)}
        self._by_id: dict[str, Entity] = {}
        for entity in self._entities[COMMITTEES] + self._entities[UNITS]:
            if entity.id in self._by_id:
                raise ValueError(f"registry id {entity.id!r} occurs twice")
            self._by_id[entity.id] = entity
        self._overrides = tuple(overrides)
        for override in self._overrides:
            _check_override(override, self._by_id)

    @classmethod
    def load(cls, overrides_path: Path | None = None) -> Registry:
        """The shipped registry, with the aliases of ``overrides_path`` if given and present."""
        overrides = read_overrides(overrides_path) if overrides_path is not None else []
        return cls(shipped_entities(COMMITTEES), shipped_entities(UNITS), overrides)

    def entities(self, kind: str, municipality: str | None = None) -> tuple[Entity, ...]:
        entities = self._entities[kind]
        if municipality is None:
            return entities
        return tuple(entity for entity in entities if entity.municipality == municipality)

    def get(self, entity_id: str) -> Entity | None:
        return self._by_id.get(entity_id)

    def overrides(
        self, kind: str | None = None, municipality: str | None = None
    ) -> tuple[Override, ...]:
        return tuple(
            override
            for override in self._overrides
            if (kind is None or self._by_id[override.id].kind == kind)
            and (municipality is None or override.municipality == municipality)
        )

    def rows(self, kind: str) -> list[dict]:
        """The contract rows of committees.parquet or units.parquet, local aliases included."""
        local: dict[str, list[str]] = {}
        for override in self._overrides:
            local.setdefault(override.id, []).append(override.raw)
        rows = []
        for entity in self._entities[kind]:
            aliases = list(entity.aliases)
            aliases += [raw for raw in local.get(entity.id, []) if raw not in aliases]
            rows.append(
                {
                    "id": entity.id,
                    "municipality": entity.municipality,
                    "name": entity.name,
                    "abbreviation": entity.abbreviation,
                    "function": entity.function,
                    "valid_from": entity.valid_from,
                    "valid_to": entity.valid_to,
                    "aliases": aliases,
                    "verified": entity.verified,
                }
            )
        return rows

    def committee_rows(self) -> list[dict]:
        return self.rows(COMMITTEES)

    def unit_rows(self) -> list[dict]:
        return self.rows(UNITS)


def shipped_entities(kind: str) -> list[Entity]:
    return parse_entities((SHIPPED_DIR / f"{kind}.csv").read_text("utf-8"), kind)


def parse_entities(text: str, kind: str) -> list[Entity]:
    """Entities from registry CSV text; a malformed row raises ValueError naming it."""
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != CSV_COLUMNS:
        raise ValueError(f"{kind} registry columns are {reader.fieldnames}, expected {CSV_COLUMNS}")
    entities = []
    for line, row in enumerate(reader, start=2):
        try:
            entities.append(_entity(row, kind))
        except ValueError as error:
            raise ValueError(f"{kind} registry line {line}: {error}") from None
    return entities


def _entity(row: dict[str, str], kind: str) -> Entity:
    name = row["name"].strip()
    abbreviation = row["abbreviation"].strip() or None
    if not name:
        raise ValueError(
            "name is empty (an abbreviation-only row repeats the abbreviation as name)"
        )
    municipality = row["municipality"].strip()
    expected_id = f"{municipality}.{slug(name)}"
    if row["id"] != expected_id:
        raise ValueError(f"id {row['id']!r} should be {expected_id!r}")
    if row["function"] not in FUNCTIONS[kind]:
        raise ValueError(f"function {row['function']!r} is not one of {sorted(FUNCTIONS[kind])}")
    if row["verified"] not in ("true", "false"):
        raise ValueError(f"verified is {row['verified']!r}, expected true or false")
    valid_from = _date(row["valid_from"])
    valid_to = _date(row["valid_to"])
    periods = _periods(row["periods"]) or (Period(valid_from, valid_to),)
    if periods[0].start != valid_from or periods[-1].end != valid_to:
        raise ValueError("periods must start at valid_from and end at valid_to")
    return Entity(
        id=row["id"],
        kind=kind,
        municipality=municipality,
        name=name,
        abbreviation=abbreviation,
        function=row["function"],
        valid_from=valid_from,
        valid_to=valid_to,
        periods=periods,
        aliases=tuple(alias.strip() for alias in row["aliases"].split("|") if alias.strip()),
        verified=row["verified"] == "true",
        evidence=row["evidence"].strip(),
        source=row["source"].strip(),
    )


def _date(text: str) -> date | None:
    return date.fromisoformat(text.strip()) if text.strip() else None


def _periods(text: str) -> tuple[Period, ...]:
    periods = []
    for part in filter(None, (part.strip() for part in text.split("|"))):
        start, _, end = part.partition("/")
        periods.append(Period(_date(start), _date(end)))
    return tuple(periods)


def read_overrides(path: Path) -> list[Override]:
    """Local aliases from a CSV (municipality,raw,id) or JSON ({municipality: {raw: id}}) file.

    A missing file holds no overrides: a fresh data directory has none yet.
    """
    path = Path(path)
    if not path.exists():
        return []
    text = path.read_text("utf-8")
    if path.suffix.lower() == ".json":
        data = json.loads(text) if text.strip() else {}
        return [
            Override(municipality, raw, entity_id)
            for municipality, aliases in data.items()
            for raw, entity_id in aliases.items()
        ]
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames and tuple(reader.fieldnames) != OVERRIDE_COLUMNS:
        raise ValueError(f"{path}: columns are {reader.fieldnames}, expected {OVERRIDE_COLUMNS}")
    return [Override(row["municipality"], row["raw"], row["id"]) for row in reader]


def write_overrides(path: Path, overrides: Iterable[Override]) -> None:
    """Write the overrides sorted (so the file diffs well), to a temporary name and then renamed."""
    path = Path(path)
    ordered = sorted(set(overrides), key=lambda o: (o.municipality, o.raw.casefold(), o.raw, o.id))
    if path.suffix.lower() == ".json":
        data: dict[str, dict[str, str]] = {}
        for override in ordered:
            data.setdefault(override.municipality, {})[override.raw] = override.id
        text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    else:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(OVERRIDE_COLUMNS)
        writer.writerows((o.municipality, o.raw, o.id) for o in ordered)
        text = buffer.getvalue()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, "utf-8")
    temporary.replace(path)


def _check_override(override: Override, by_id: dict[str, Entity]) -> None:
    entity = by_id.get(override.id)
    if entity is None:
        raise ValueError(
            f"override {override.raw!r} -> {override.id!r}: no such id in the registry"
        )
    if entity.municipality != override.municipality:
        raise ValueError(
            f"override {override.raw!r} -> {override.id!r}: the id belongs to "
            f"{entity.municipality}, not {override.municipality}"
        )
    if not override.raw.strip():
        raise ValueError(f"override -> {override.id!r}: the raw text is empty")
