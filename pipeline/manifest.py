"""manifest.json: what the datasets hold and what vouches for them.

Per document: where its bytes were found (``paths``, resolved, every copy), what it is and how it
fared, the fingerprint of what converted it, its row counts, and the size and SHA-256 of each of
its files. Run-wide: the contract version, when the datasets last changed, and the stamps of the
registry tables and the review queue.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

from normalise.text import LONE_SURROGATE
from outputs.store import FileStamp


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    source_path: str  # as first named on a command line (the documents row says the same)
    paths: tuple[str, ...]  # resolved paths where these bytes were found, sorted
    file_name: str
    municipality: str
    doc_type: str
    pages: int
    status: str
    error: str | None
    fingerprint: str
    counts: dict[str, Any]
    files: dict[str, FileStamp] = field(default_factory=dict)  # by path relative to OUT

    def with_paths(self, paths: tuple[str, ...]) -> ManifestEntry:
        return replace(self, paths=paths)

    def to_json(self) -> dict[str, Any]:
        return {
            "source_path": self.source_path,
            "paths": list(self.paths),
            "file_name": self.file_name,
            "municipality": self.municipality,
            "doc_type": self.doc_type,
            "pages": self.pages,
            "status": self.status,
            "error": self.error,
            "fingerprint": self.fingerprint,
            "counts": self.counts,
            "files": {name: stamp.to_json() for name, stamp in sorted(self.files.items())},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ManifestEntry:
        return cls(
            source_path=str(data.get("source_path") or ""),
            paths=tuple(data.get("paths") or ()),
            file_name=str(data.get("file_name") or ""),
            municipality=str(data.get("municipality") or "unknown"),
            doc_type=str(data.get("doc_type") or "unknown"),
            pages=int(data.get("pages") or 0),
            status=str(data.get("status") or "failed"),
            error=data.get("error"),
            fingerprint=str(data.get("fingerprint") or ""),
            counts=dict(data.get("counts") or {}),
            files={k: FileStamp.from_json(v) for k, v in (data.get("files") or {}).items()},
        )


@dataclass(slots=True)
class Manifest:
    contract_version: str
    updated_at: str | None = None
    documents: dict[str, ManifestEntry] = field(default_factory=dict)
    files: dict[str, FileStamp] = field(default_factory=dict)  # run-wide tables

    def to_json(self) -> dict[str, Any]:
        return {
            "contract_version": self.contract_version,
            "updated_at": self.updated_at,
            "files": {name: stamp.to_json() for name, stamp in sorted(self.files.items())},
            "documents": {
                doc_id: entry.to_json() for doc_id, entry in sorted(self.documents.items())
            },
        }

    def same_content(self, other: Manifest) -> bool:
        """Equal but for ``updated_at``: writing this one would change nothing a reader uses."""
        mine, theirs = self.to_json(), other.to_json()
        mine.pop("updated_at")
        theirs.pop("updated_at")
        return mine == theirs

    def encode(self) -> bytes:
        return dumps(self.to_json()).encode("utf-8")

    @classmethod
    def decode(cls, data: bytes | None, contract_version: str) -> Manifest:
        """The manifest these bytes hold; an empty one for none or for bytes that are not one
        (a damaged manifest vouches for nothing: the next run converts again)."""
        try:
            return cls.parse(data, contract_version)
        except ValueError:
            return cls(contract_version)

    @classmethod
    def parse(cls, data: bytes | None, contract_version: str) -> Manifest:
        """As ``decode``, but ValueError for bytes that are not a manifest."""
        if not data:
            return cls(contract_version)
        try:
            raw = json.loads(data.decode("utf-8"))
            return cls(
                contract_version=str(raw.get("contract_version") or contract_version),
                updated_at=raw.get("updated_at"),
                documents={
                    doc_id: ManifestEntry.from_json(entry)
                    for doc_id, entry in (raw.get("documents") or {}).items()
                },
                files={k: FileStamp.from_json(v) for k, v in (raw.get("files") or {}).items()},
            )
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            raise ValueError(f"not a manifest: {error}") from error


def dumps(value: Any, indent: int | None = 1) -> str:
    """JSON with Danish letters as they are, and a lone surrogate (a file name whose bytes are not
    UTF-8) as its escape, so that the text is valid UTF-8 and reads back to the same string."""
    text = json.dumps(value, sort_keys=True, indent=indent, ensure_ascii=False)
    return LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"
