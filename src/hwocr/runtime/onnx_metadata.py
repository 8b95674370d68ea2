"""Reading an ONNX file's metadata properties without building an inference session.

``open_recognizer`` must know which recognizer a file needs before it loads the model, and the
runtime depends on numpy, onnxruntime and pillow only (no ``onnx`` package). An ONNX file is a
protobuf ``ModelProto``; its ``metadata_props`` (field 14) are ``StringStringEntryProto``s
(key = field 1, value = field 2). Everything else, the graph and its weights included, is
skipped by seeking past it, so only a few kilobytes of a model of any size are read.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

_METADATA_PROPS = 14
_VARINT, _FIXED64, _LENGTH, _FIXED32 = 0, 1, 2, 5


class OnnxFormatError(ValueError):
    """The file is not a readable ONNX protobuf."""


def _varint(data: bytes | memoryview, pos: int, where: str) -> tuple[int, int]:
    value = shift = 0
    while True:
        if pos >= len(data) or shift > 63:
            raise OnnxFormatError(f"{where}: truncated or malformed protobuf varint at byte {pos}")
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, pos
        shift += 7


def _fields(data: bytes | memoryview, where: str):
    """(field number, wire type, value) for each field of one message; values of length-delimited
    fields are memoryviews, others ints."""
    pos = 0
    while pos < len(data):
        tag, pos = _varint(data, pos, where)
        number, wire = tag >> 3, tag & 7
        if wire == _VARINT:
            value, pos = _varint(data, pos, where)
        elif wire == _LENGTH:
            size, pos = _varint(data, pos, where)
            if pos + size > len(data):
                raise OnnxFormatError(f"{where}: field {number} runs past the end of the file")
            value, pos = data[pos : pos + size], pos + size
        elif wire in (_FIXED64, _FIXED32):
            size = 8 if wire == _FIXED64 else 4
            value, pos = int.from_bytes(bytes(data[pos : pos + size]), "little"), pos + size
        else:
            raise OnnxFormatError(f"{where}: unsupported protobuf wire type {wire} (field {number})")
        yield number, wire, value


def _read_varint(stream: BinaryIO, where: str) -> int | None:
    """The next varint of ``stream``; None at a clean end of file."""
    value = shift = 0
    while True:
        byte = stream.read(1)
        if not byte:
            if shift:
                raise OnnxFormatError(f"{where}: truncated protobuf varint at byte {stream.tell()}")
            return None
        value |= (byte[0] & 0x7F) << shift
        if byte[0] < 0x80:
            return value
        shift += 7
        if shift > 63:
            raise OnnxFormatError(f"{where}: malformed protobuf varint at byte {stream.tell()}")


def read_metadata_props(path: str | Path) -> dict[str, str]:
    """The ``metadata_props`` of the ONNX file at ``path`` as a dict (what onnxruntime's
    ``custom_metadata_map`` gives, without loading the model)."""
    where = str(path)
    props: dict[str, str] = {}
    with open(path, "rb") as stream:
        size = os.fstat(stream.fileno()).st_size
        while (tag := _read_varint(stream, where)) is not None:
            number, wire = tag >> 3, tag & 7
            if wire == _VARINT:
                if _read_varint(stream, where) is None:
                    raise OnnxFormatError(f"{where}: truncated protobuf varint at byte {stream.tell()}")
                continue
            if wire not in (_LENGTH, _FIXED64, _FIXED32):
                raise OnnxFormatError(f"{where}: unsupported protobuf wire type {wire} (field {number})")
            length = 8 if wire == _FIXED64 else 4 if wire == _FIXED32 else _read_varint(stream, where)
            if length is None:
                raise OnnxFormatError(f"{where}: field {number} has no length (truncated file)")
            if stream.tell() + length > size:
                raise OnnxFormatError(f"{where}: field {number} runs past the end of the file")
            if number != _METADATA_PROPS or wire != _LENGTH:
                stream.seek(length, os.SEEK_CUR)
                continue
            try:
                entry = {n: bytes(v).decode("utf-8") for n, w, v in _fields(stream.read(length), where) if w == _LENGTH}
            except UnicodeDecodeError as exc:
                raise OnnxFormatError(f"{where}: metadata entry is not UTF-8 (not an ONNX file?) ({exc})") from exc
            props[entry.get(1, "")] = entry.get(2, "")
    return props
