"""A streaming ``multipart/form-data`` reader: the file part goes straight into a blob.

Starlette's form parser would buffer the whole body before we could enforce the size limit;
this one stops reading as soon as the file passes the limit.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, MultipartState, parse_options_header
from starlette.requests import ClientDisconnect

from collaboratory.drive.storage import BlobStore
from collaboratory.errors import BadRequest, TooLarge

MAX_FIELD_BYTES = 64 * 1024
MAX_BOUNDARY = 70  # RFC 2046
MALFORMED = "The upload is not well-formed multipart/form-data"


@dataclass
class ReceivedFile:
    filename: str
    content_type: str | None
    blob: str  # a partial blob; the caller commits or deletes it
    size: int = 0


@dataclass
class Form:
    fields: dict[str, str] = field(default_factory=dict)
    file: ReceivedFile | None = None


@dataclass
class _Part:
    headers: dict[bytes, bytes] = field(default_factory=dict)
    data: list[bytes] = field(default_factory=list)
    file: ReceivedFile | None = None


class _Events:
    """Collects the parser's synchronous callbacks so the async side can act on them."""

    def __init__(self) -> None:
        self.queue: list[tuple[str, bytes]] = []
        self._field = b""
        self._value = b""

    def callbacks(self) -> dict[str, object]:
        return {
            "on_part_begin": lambda: self.queue.append(("begin", b"")),
            "on_part_data": lambda d, s, e: self.queue.append(("data", bytes(d[s:e]))),
            "on_part_end": lambda: self.queue.append(("end", b"")),
            "on_header_field": self._on_field,
            "on_header_value": self._on_value,
            "on_header_end": self._on_header_end,
        }

    def _on_field(self, data: bytes, start: int, end: int) -> None:
        self._field += data[start:end]

    def _on_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def _on_header_end(self) -> None:
        self.queue.append(("header", self._field.lower() + b"\0" + self._value))
        self._field = self._value = b""


def boundary_of(content_type: str) -> bytes:
    kind, params = parse_options_header(content_type)
    boundary = params.get(b"boundary", b"")
    if kind != b"multipart/form-data" or not boundary:
        raise BadRequest("Send the file as multipart/form-data.", code="bad_upload")
    if len(boundary) > MAX_BOUNDARY:
        raise BadRequest(
            f"{MALFORMED}: its boundary is longer than {MAX_BOUNDARY} characters.",
            code="bad_upload",
        )
    return boundary


async def read_form(
    body: AsyncIterator[bytes], content_type: str, blobs: BlobStore, limit: int
) -> Form:
    events = _Events()
    parser = MultipartParser(boundary_of(content_type), events.callbacks())  # type: ignore[arg-type]
    form, part = Form(), _Part()
    try:
        async for chunk in body:
            parser.write(chunk)
            for kind, data in events.queue:
                part = await _handle(kind, data, part, form, blobs, limit)
            events.queue.clear()
        parser.finalize()
        if parser.state != MultipartState.END:
            raise BadRequest(
                f"{MALFORMED}: it ends before its closing boundary. Send the whole file again.",
                code="bad_upload",
            )
    except MultipartParseError as exc:
        _discard(form, blobs)
        raise BadRequest(f"{MALFORMED} ({exc}). Send the file again.", code="bad_upload") from exc
    except ClientDisconnect as exc:
        _discard(form, blobs)
        raise BadRequest("The upload was cut off before it ended.", code="bad_upload") from exc
    except Exception:
        _discard(form, blobs)
        raise
    return form


def _discard(form: Form, blobs: BlobStore) -> None:
    if form.file is not None:
        blobs.delete(form.file.blob)


async def _handle(
    kind: str, data: bytes, part: _Part, form: Form, blobs: BlobStore, limit: int
) -> _Part:
    if kind == "begin":
        return _Part()
    if kind == "header":
        name, _, value = data.partition(b"\0")
        part.headers[name] = value
        return part
    disposition = parse_options_header(part.headers.get(b"content-disposition", b""))[1]
    if b"filename" in disposition:
        return await _file_data(kind, data, part, form, disposition, blobs, limit)
    if kind == "data":
        part.data.append(data)
        if sum(map(len, part.data)) > MAX_FIELD_BYTES:
            raise BadRequest("A form field is too long.", code="bad_upload")
    elif kind == "end":
        key = disposition.get(b"name", b"").decode("utf-8", "replace")
        form.fields[key] = b"".join(part.data).decode("utf-8", "replace")
    return part


async def _file_data(
    kind: str,
    data: bytes,
    part: _Part,
    form: Form,
    disposition: dict[bytes, bytes],
    blobs: BlobStore,
    limit: int,
) -> _Part:
    if part.file is None:
        if form.file is not None:
            raise BadRequest("Send one file per upload.", code="bad_upload")
        content_type = part.headers.get(b"content-type")
        part.file = form.file = ReceivedFile(
            filename=disposition[b"filename"].decode("utf-8", "replace"),
            content_type=content_type.decode("latin-1") if content_type else None,
            blob=blobs.new_partial(),
        )
    if kind == "data":
        part.file.size += len(data)
        if part.file.size > limit:
            raise TooLarge(f"The file is larger than the upload limit of {limit} bytes.")
        await blobs.append(part.file.blob, data)
    return part
