"""The bad-input corpus: files a batch run must survive, made on the spot and never downloaded.

make_bad_corpus(directory) writes every file and returns {key: path}. The keys and what each file
is are listed in CORPUS. Valid content comes from one small sample PDF of the project.
"""

from __future__ import annotations

import io
import re
import shutil
import zlib
from pathlib import Path

import pikepdf
from pikepdf import Dictionary, Name

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "albertslund_netvaerkstemaer_2016.pdf"

SAMPLE_PAGES = 1
MANY_PAGES = 3000
BOMB_INFLATED = 4 * 1024**3  # bytes the bomb's content stream inflates to
USER_PASSWORD = "secret"
OWNER_PASSWORD = "owner"

CORPUS: dict[str, str] = {
    "empty": "a zero-byte file",
    "not_pdf": "a plain text file named .pdf",
    "truncated": "the sample cut to half its bytes",
    "encrypted_user": f"the sample encrypted with user password {USER_PASSWORD!r}",
    "encrypted_owner_only": "the sample with only an owner password: opens without one",
    "many_pages": f"{MANY_PAGES} blank pages",
    "flate_bomb": f"one page whose content stream inflates to {BOMB_INFLATED // 1024**3} GiB",
    "broken_xref": "the sample with its xref offsets rotated: pdfium and qpdf repair it",
    "broken_startxref": "the sample with startxref pointing nowhere: pdfminer repairs it too",
    "broken_xref_unrepairable": "xref scrambled and every object header destroyed",
    "scanned": "one page holding only an image, no text",
    "scanned_mixed": "page 1 the sample's text, page 2 only an image",
    "name_spaces": "the sample under a name with spaces",
    "name_danish": "the sample under a name with æøå and ÆØÅ",
    "name_dash": "the sample under a name starting with a dash",
}

FILE_NAMES: dict[str, str] = {
    "empty": "empty.pdf",
    "not_pdf": "notes.pdf",
    "truncated": "truncated.pdf",
    "encrypted_user": "encrypted_user.pdf",
    "encrypted_owner_only": "encrypted_owner_only.pdf",
    "many_pages": "many_pages.pdf",
    "flate_bomb": "flate_bomb.pdf",
    "broken_xref": "broken_xref.pdf",
    "broken_startxref": "broken_startxref.pdf",
    "broken_xref_unrepairable": "broken_xref_unrepairable.pdf",
    "scanned": "scanned.pdf",
    "scanned_mixed": "scanned_mixed.pdf",
    "name_spaces": "netvaerkstemaer 2016 med mellemrum.pdf",
    "name_danish": "netværkstemaer æøå ÆØÅ.pdf",
    "name_dash": "-rapport.pdf",
}


def make_bad_corpus(directory: Path) -> dict[str, Path]:
    """Write the whole corpus into directory (created if needed); return {key: path}."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    sample = SAMPLE.read_bytes()
    paths = {key: directory / name for key, name in FILE_NAMES.items()}

    paths["empty"].write_bytes(b"")
    paths["not_pdf"].write_text("Referat fra mødet\nDette er ikke en PDF.\n", encoding="utf-8")
    paths["truncated"].write_bytes(sample[: len(sample) // 2])
    with pikepdf.open(SAMPLE) as pdf:
        encryption = pikepdf.Encryption(user=USER_PASSWORD, owner=OWNER_PASSWORD)
        pdf.save(paths["encrypted_user"], encryption=encryption)
    with pikepdf.open(SAMPLE) as pdf:
        owner_only = pikepdf.Encryption(user="", owner=OWNER_PASSWORD)
        pdf.save(paths["encrypted_owner_only"], encryption=owner_only)
    _many_pages(paths["many_pages"])
    paths["flate_bomb"].write_bytes(_flate_bomb())
    plain = _classic_xref(sample)
    paths["broken_xref"].write_bytes(_scramble_xref(plain))
    paths["broken_startxref"].write_bytes(re.sub(rb"startxref\s+\d+", b"startxref\n123", plain))
    unrepairable = re.sub(rb"(\d+ \d+ )obj\b", rb"\1job", _scramble_xref(plain))
    paths["broken_xref_unrepairable"].write_bytes(unrepairable.replace(b"endobj", b"endjob"))
    _scanned(paths["scanned"], with_text_page=False)
    _scanned(paths["scanned_mixed"], with_text_page=True)
    for key in ("name_spaces", "name_danish", "name_dash"):
        shutil.copyfile(SAMPLE, paths[key])
    return paths


def _many_pages(path: Path) -> None:
    pdf = pikepdf.new()
    for _ in range(MANY_PAGES):
        pdf.add_blank_page(page_size=(595, 842))
    pdf.save(path, deterministic_id=True)


def zero_deflate(size: int) -> bytes:
    """A zlib stream that inflates to `size` zero bytes, built without ever holding them.

    After a full flush deflate starts afresh, so one compressed MiB of zeros can be repeated; the
    Adler-32 of n zeros is ((n mod 65521) << 16) | 1.
    """
    chunk = 1 << 20
    if size % chunk:
        raise ValueError("size must be a multiple of 1 MiB")
    compressor = zlib.compressobj(9)
    zeros = bytes(chunk)
    first = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeat = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    final_empty_block = b"\x03\x00"
    adler = ((size % 65521) << 16) | 1
    count = size // chunk
    return first + repeat * (count - 1) + final_empty_block + adler.to_bytes(4, "big")


def _flate_bomb() -> bytes:
    # Written by hand: a PDF library would be free to decode and re-encode the stream on save.
    data = zero_deflate(BOMB_INFLATED)
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >>"
            b" /Contents 4 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream",
        ]
    )


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF with a classic xref table; object 1 is the catalog."""
    out = bytearray(b"%PDF-1.7\n%\xe6\xf8\xe5\xc6\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _classic_xref(pdf_bytes: bytes) -> bytes:
    """The same PDF rewritten with a plain xref table and no object streams."""
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        pdf.save(
            out,
            object_stream_mode=pikepdf.ObjectStreamMode.disable,
            deterministic_id=True,
        )
    return out.getvalue()


XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) n")


def _scramble_xref(pdf_bytes: bytes) -> bytes:
    """Rotate the in-use offsets so that every object points at another object's bytes."""
    start = pdf_bytes.rindex(b"\nxref\n") + 1
    end = pdf_bytes.index(b"trailer", start)
    table = pdf_bytes[start:end]
    offsets = [m.group(1) for m in XREF_ENTRY.finditer(table)]
    if len(offsets) < 2:
        raise ValueError("no xref table to scramble")
    rotated = iter(offsets[1:] + offsets[:1])
    scrambled = XREF_ENTRY.sub(lambda m: next(rotated) + b" " + m.group(2) + b" n", table)
    return pdf_bytes[:start] + scrambled + pdf_bytes[end:]


def _scan_image(pdf: pikepdf.Pdf) -> pikepdf.Stream:
    """A grey page with dark bars where lines of text would be: what a scanner gives."""
    width, height = 420, 594
    rows = []
    for y in range(height):
        in_line = 40 <= y < height - 40 and (y // 9) % 2 == 0
        row = bytearray()
        for x in range(width):
            ink = in_line and 40 <= x < width - 40 and (x * 7 + y // 18) % 23 > 3
            row += b"\x28\x28\x30" if ink else b"\xf0\xee\xe6"
        rows.append(bytes(row))
    return pikepdf.Stream(
        pdf,
        b"".join(rows),
        Type=Name.XObject,
        Subtype=Name.Image,
        Width=width,
        Height=height,
        ColorSpace=Name.DeviceRGB,
        BitsPerComponent=8,
    )


def _scanned(path: Path, with_text_page: bool) -> None:
    pdf = pikepdf.open(SAMPLE) if with_text_page else pikepdf.new()
    with pdf:
        page = Dictionary(
            Type=Name.Page,
            MediaBox=[0, 0, 595, 842],
            Resources=Dictionary(XObject=Dictionary(Im0=_scan_image(pdf))),
            Contents=pikepdf.Stream(pdf, b"q 595 0 0 842 0 0 cm /Im0 Do Q"),
        )
        pdf.pages.append(pikepdf.Page(page))
        pdf.save(path, deterministic_id=True)
