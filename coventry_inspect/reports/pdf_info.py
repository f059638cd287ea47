"""The PDF's Subject, which QPdfWriter has no setter for (Qt 6.12 sets Title, Author and Creator).

It is added as an incremental update, the way a PDF editor saves a change (PDF 1.4 §3.4.5):
new versions of the Info dictionary and of the XMP metadata (``dc:description``) are appended
after Qt's file, with a cross-reference section for them whose ``/Prev`` points at Qt's."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape


def add_subject(data: bytes, subject: str) -> bytes:
    """``data`` (a whole PDF as QPdfWriter writes it) with ``subject`` as its Subject."""
    if not subject:
        return data
    trailer = data[data.rindex(b"trailer") :]
    info = _reference(trailer, b"/Info")
    root = _reference(trailer, b"/Root")
    metadata = _reference(_object(data, root), b"/Metadata")
    size = int(_find(rb"/Size (\d+)", trailer))
    previous = int(_find(rb"startxref\s+(\d+)", trailer))
    document_id = re.search(rb"/ID \[[^\]]*\]", trailer)

    info_body = _object(data, info)
    info_body = info_body[: info_body.rindex(b">>")] + b"/Subject " + _text(subject) + b"\n>>\n"
    xmp = _stream(_object(data, metadata))
    description = (
        '<dc:description><rdf:Alt><rdf:li xml:lang="x-default">'
        f"{escape(subject)}</rdf:li></rdf:Alt></dc:description>"
    ).encode()
    xmp = xmp.replace(b"</dc:title>", b"</dc:title>" + description, 1)
    metadata_body = (
        b"<<\n/Type /Metadata /Subtype /XML\n/Length %d\n>>\nstream\n" % len(xmp)
        + xmp
        + b"\nendstream\n"
    )

    update = bytearray(data if data.endswith(b"\n") else data + b"\n")
    offsets = {}
    for number, body in ((info, info_body), (metadata, metadata_body)):
        offsets[number] = len(update)
        update += b"%d 0 obj\n" % number + body + b"endobj\n"
    xref = len(update)
    update += b"xref\n"
    for number, offset in sorted(offsets.items()):
        update += b"%d 1\n%010d 00000 n \n" % (number, offset)
    update += b"trailer\n<<\n/Size %d\n/Info %d 0 R\n/Root %d 0 R\n" % (size, info, root)
    if document_id:
        update += document_id.group(0) + b"\n"
    update += b"/Prev %d\n>>\nstartxref\n%d\n%%%%EOF\n" % (previous, xref)
    return bytes(update)


def _find(pattern: bytes, data: bytes) -> bytes:
    found = re.search(pattern, data)
    if not found:
        raise ValueError(f"not a PDF as QPdfWriter writes it: no {pattern!r}")
    return found.group(1)


def _reference(data: bytes, key: bytes) -> int:
    return int(_find(re.escape(key) + rb" (\d+) 0 R", data))


def _object(data: bytes, number: int) -> bytes:
    """The text between ``N 0 obj`` and ``endobj`` (the first version: Qt writes each once)."""
    start = re.search(rb"(?:^|[\r\n])%d 0 obj\s" % number, data)
    if not start:
        raise ValueError(f"not a PDF as QPdfWriter writes it: no object {number}")
    return data[start.end() : data.index(b"endobj", start.end())]


def _stream(body: bytes) -> bytes:
    length = int(_find(rb"/Length (\d+)", body))
    start = body.index(b"stream", body.index(b">>")) + len(b"stream")
    start += 2 if body[start : start + 2] == b"\r\n" else 1
    return body[start : start + length]


def _text(text: str) -> bytes:
    """A PDF text string in UTF-16BE with its byte-order mark, as hex (nothing to escape)."""
    return b"<" + ("\ufeff" + text).encode("utf-16-be").hex().upper().encode() + b">"
