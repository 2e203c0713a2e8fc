"""Finding the input files and telling them apart by content."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Input:
    path: Path  # where to read it
    source_path: (
        str  # as the user named it (a folder argument joined with the file's relative path)
    )

    @property
    def file_name(self) -> str:
        return self.path.name


def discover(arguments: list[str]) -> tuple[list[Input], list[str]]:
    """The files named, and the PDFs below the folders named; plus one error per missing path.

    A file named directly is taken whatever its name (it may be a PDF without the suffix); in a
    folder, files ending in .pdf (any case) are taken, searched recursively, in sorted order.
    """
    found: list[Input] = []
    missing: list[str] = []
    seen: set[Path] = set()
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            candidates = sorted(
                (p for p in path.rglob("*") if p.suffix.lower() == ".pdf" and p.is_file()),
                key=lambda p: p.relative_to(path).as_posix(),
            )
            pairs = [(p, str(Path(argument) / p.relative_to(path))) for p in candidates]
        elif path.is_file():
            pairs = [(path, argument)]
        else:
            missing.append(f"{argument}: no such file or folder")
            continue
        for file, source in pairs:
            resolved = file.resolve()
            if resolved not in seen:
                seen.add(resolved)
                found.append(Input(file, source))
    return found, missing


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
