"""Finding the input files and telling them apart by content."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from outputs.store import FileStamp


@dataclass(frozen=True, slots=True)
class Input:
    path: Path  # where to read it
    source_path: str  # as the user named it (a folder argument joined with the relative path)
    resolved: str  # the file's resolved path: how a run knows it, however it is named

    @property
    def file_name(self) -> str:
        return self.path.name


@dataclass(slots=True)
class Discovery:
    """What the named paths hold."""

    inputs: list[Input] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # named paths: one line each
    unreadable_named: list[str] = field(default_factory=list)  # named paths: one line each
    unreadable: list[str] = field(default_factory=list)  # below a named folder: one line each
    empty: list[str] = field(default_factory=list)  # named folders without a PDF
    scope: list[tuple[str, bool]] = field(default_factory=list)  # (resolved, is a folder)

    @property
    def named_problems(self) -> list[str]:
        """Named paths that do not exist or cannot be read: the run must not start."""
        return self.missing + self.unreadable_named


def discover(arguments: list[str]) -> Discovery:
    """The files named, and the PDFs below the folders named, each once.

    A file named directly is taken whatever its name (it may be a PDF without the suffix); in a
    folder, files ending in .pdf (any case) are taken, searched recursively (symbolic links to
    folders are not followed), in sorted order. A file is known by its resolved path: named twice,
    relatively and absolutely, or reached through a link, it is one input.
    """
    found = Discovery()
    seen: set[str] = set()
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            listed = len(found.unreadable_named)
            pairs = _folder(path, argument, found)
            found.scope.append((str(path.resolve()), True))
            if not pairs and len(found.unreadable_named) == listed:
                found.empty.append(argument)
        elif path.is_file():
            problem = _unreadable(path)
            if problem:
                found.unreadable_named.append(f"{argument}: cannot read ({problem})")
                continue
            pairs = [(path, argument)]
            found.scope.append((str(path.resolve()), False))
        elif path.exists() or path.is_symlink():
            found.unreadable_named.append(f"{argument}: not a file or folder that can be read")
            continue
        else:
            found.missing.append(f"{argument}: no such file or folder")
            continue
        for file, source in pairs:
            resolved = str(file.resolve())
            if resolved not in seen:
                seen.add(resolved)
                found.inputs.append(Input(file, source, resolved))
    return found


def _folder(path: Path, argument: str, found: Discovery) -> list[tuple[Path, str]]:
    errors: list[OSError] = []
    candidates = []
    for folder, _, names in os.walk(path, onerror=errors.append):
        for name in names:
            file = Path(folder) / name
            if file.suffix.lower() == ".pdf" and file.is_file():
                candidates.append(file)
    for error in errors:
        where = Path(error.filename) if error.filename else path
        line = f"{_joined(argument, path, where)}: cannot read ({error.strerror})"
        if where == path:
            found.unreadable_named.append(line)
        else:
            found.unreadable.append(line)
    candidates.sort(key=lambda p: p.relative_to(path).as_posix())
    return [(p, _joined(argument, path, p)) for p in candidates]


def _joined(argument: str, folder: Path, path: Path) -> str:
    return str(Path(argument) / path.relative_to(folder))


def _unreadable(path: Path) -> str | None:
    try:
        with open(path, "rb") as handle:
            handle.read(1)
    except OSError as error:
        return error.strerror or type(error).__name__
    return None


def in_scope(resolved: str, scope: list[tuple[str, bool]]) -> bool:
    """Whether a run over ``scope`` would have found the file at ``resolved`` if it were there."""
    for root, is_folder in scope:
        if resolved == root:
            return True
        if is_folder and resolved.startswith(root.rstrip("/") + "/"):
            return resolved.lower().endswith(".pdf")
    return False


def sha256_file(path: Path) -> str:
    """The doc_id of the file's bytes."""
    return FileStamp.read(path).sha256
