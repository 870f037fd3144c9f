"""Unpack a zip of articles, defensively.

Zips from editors come from every OS: macOS adds __MACOSX/ and ._ files,
folders nest, and some members are not articles at all. Hostile zips claim
small sizes and inflate to gigabytes, so sizes are counted while reading,
never trusted from the directory.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import PurePosixPath

from claims.pipeline.ingest.extract import ExtractError

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
CHUNK = 64 * 1024


def is_junk(name: str) -> bool:
    """Members that are never articles: OS metadata, hidden files, other file types."""
    path = PurePosixPath(name.replace("\\", "/"))
    parts = [p for p in path.parts if p not in ("", "/")]
    if not parts or name.endswith(("/", "\\")):
        return True
    if parts[0] == "__MACOSX" or any(p.startswith(".") for p in parts):
        return True
    return not parts[-1].lower().endswith(ARTICLE_SUFFIXES)


def unpack_zip(data: bytes, *, max_bytes: int, max_files: int = 200) -> list[tuple[str, bytes]]:
    """(name inside the zip, bytes) for every article in it, in the zip's order."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise ExtractError("the zip file is corrupt or is not a zip file") from None
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir() and not is_junk(info.filename)]
        if len(members) > max_files:
            raise ExtractError(f"the zip file holds {len(members)} articles; at most {max_files} are allowed")
        if sum(info.file_size for info in members) > max_bytes:
            raise _bomb(max_bytes)
        out: list[tuple[str, bytes]] = []
        total = 0
        for info in members:
            if info.flag_bits & 0x1:
                raise ExtractError(f"{info.filename} in the zip file is password-protected")
            blob = _read_member(archive, info, budget=max_bytes - total, limit=max_bytes)
            total += len(blob)
            out.append((info.filename, blob))
    if not out:
        raise ExtractError("the zip file holds no .txt or .html articles")
    return out


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, *, budget: int, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(CHUNK):
                size += len(chunk)
                if size > budget:
                    raise _bomb(limit)  # the directory lied about the size
                chunks.append(chunk)
    except ExtractError:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
        NotImplementedError,
    ):
        raise ExtractError(f"{info.filename} in the zip file is corrupt and cannot be read") from None
    return b"".join(chunks)


def _bomb(max_bytes: int) -> ExtractError:
    return ExtractError(f"the zip file unpacks to more than the {max_bytes:,}-byte limit")
