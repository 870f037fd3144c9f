"""Inputs the pipeline must refuse with a clear message, or repair.

Files live in tests/fixtures/bad_inputs/ (see its README); zips are built from
bytes here so no binary archive is committed.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from claims.pipeline.ingest.archive import is_junk, unpack_zip
from claims.pipeline.ingest.extract import ExtractError, decode, extract_html, extract_text

BAD = Path(__file__).resolve().parents[2] / "fixtures" / "bad_inputs"
ARTICLE = (
    "Council Backs Flood Barrier\n\n"
    "The regional council approved a new flood barrier on Tuesday after two years of debate.\n\n"
    "The barrier will cost about 80 million euros and protect some 12,000 homes, officials said.\n"
)


def ingest(name: str) -> object:
    data = (BAD / name).read_bytes()
    text = decode(data)
    return extract_html(text) if name.endswith(".html") else extract_text(text)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.txt", "the file is empty"),
        ("whitespace_only.txt", "the file is empty"),
        ("screenshot.png", "binary"),
        ("nul_bytes.bin", "binary"),
        ("scripts_only.html", "no article text was found in the HTML page"),
        ("spanish.txt", r"not in English \(it looks like Spanish\)"),
        ("headline_only.txt", "a headline but no article text"),
    ],
)
def test_bad_inputs_are_refused_with_a_clear_message(name: str, message: str) -> None:
    with pytest.raises(ExtractError, match=message):
        ingest(name)


@pytest.mark.parametrize("name", ["latin1.txt", "utf16.txt"])
def test_non_utf8_encodings_are_detected(name: str) -> None:
    text = decode((BAD / name).read_bytes())
    assert "Café owners" in text
    assert "décor" in text
    assert "Süd quarter" in text
    ex = extract_text(text)
    assert ex.language == "en"
    assert ex.body.count("\n\n") == 1


def test_utf16_without_byte_order_mark() -> None:
    text = decode(ARTICLE.encode("utf-16-le"))
    assert extract_text(text).title == "Council Backs Flood Barrier"


def test_crlf_and_non_breaking_spaces_are_normalised() -> None:
    text = decode(ARTICLE.replace("\n", "\r\n").replace("flood barrier", "flood\u00a0barrier").encode())
    assert "\r" not in text
    assert "flood barrier" in extract_text(text).body


def make_zip(members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in members.items():
            if name.endswith("/"):
                archive.writestr(zipfile.ZipInfo(name), b"")
            else:
                archive.writestr(name, data)
    return buffer.getvalue()


def test_zip_with_nested_folders_and_junk() -> None:
    data = make_zip(
        {
            "articles/": b"",
            "articles/2021/": b"",
            "articles/2021/one.txt": ARTICLE.encode(),
            "articles/2021/deep/two.HTML": b"<html><body><p>x</p></body></html>",
            "three.htm": b"<p>y</p>",
            "__MACOSX/articles/2021/._one.txt": b"\x00\x05\x16\x07",
            "articles/.DS_Store": b"\x00\x00\x00\x01Bud1",
            ".hidden/four.txt": b"hidden",
            "articles/photo.jpg": b"\xff\xd8\xff\xe0",
            "articles/nested.zip": b"PK\x05\x06" + b"\x00" * 18,
            "notes.docx": b"PK\x03\x04",
        }
    )
    members = unpack_zip(data, max_bytes=1_000_000)
    assert [name for name, _ in members] == [
        "articles/2021/one.txt",
        "articles/2021/deep/two.HTML",
        "three.htm",
    ]
    assert members[0][1] == ARTICLE.encode()


@pytest.mark.parametrize(
    ("name", "junk"),
    [
        ("a/b/c.txt", False),
        ("a/b/", True),
        ("__MACOSX/a.txt", True),
        ("a/._a.txt", True),
        ("a\\b\\c.html", False),
        ("a/b.pdf", True),
    ],
)
def test_junk_members(name: str, junk: bool) -> None:
    assert is_junk(name) is junk


def test_zip_bomb_is_refused() -> None:
    data = make_zip({"bomb.txt": b"A" * 5_000_000})
    assert len(data) < 50_000  # tiny on disk, huge unpacked
    with pytest.raises(ExtractError, match="unpacks to more than the 1,000,000-byte limit"):
        unpack_zip(data, max_bytes=1_000_000)


def test_zip_that_lies_about_its_sizes_is_refused() -> None:
    data = bytearray(make_zip({"small.txt": b"B" * 200_000}))
    # Rewrite the declared uncompressed size in the central directory to 10 bytes.
    central = data.rfind(b"PK\x01\x02")
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")
    with pytest.raises(ExtractError, match=r"corrupt|unpacks to more"):
        unpack_zip(bytes(data), max_bytes=1_000)


def test_corrupt_or_truncated_zip_is_refused() -> None:
    with pytest.raises(ExtractError, match="corrupt or is not a zip"):
        unpack_zip(b"this is not a zip at all", max_bytes=1_000_000)
    good = make_zip({"one.txt": ARTICLE.encode() * 50})
    with pytest.raises(ExtractError, match="corrupt"):
        unpack_zip(good[: len(good) // 2], max_bytes=1_000_000)
    damaged = bytearray(good)
    start = damaged.find(b"one.txt") + len(b"one.txt") + 5
    damaged[start : start + 20] = b"\xff" * 20
    with pytest.raises(ExtractError, match="corrupt"):
        unpack_zip(bytes(damaged), max_bytes=1_000_000)


def test_zip_without_articles_or_with_too_many() -> None:
    with pytest.raises(ExtractError, match=r"no \.txt or \.html articles"):
        unpack_zip(make_zip({"__MACOSX/x.txt": b"x", "image.png": b"\x89PNG"}), max_bytes=1_000_000)
    many = make_zip({f"a{n}.txt": b"text" for n in range(5)})
    with pytest.raises(ExtractError, match="holds 5 articles; at most 3"):
        unpack_zip(many, max_bytes=1_000_000, max_files=3)
