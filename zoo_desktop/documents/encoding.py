"""Telling the encoding of a Chinese text file: detected, never assumed.

Order of decisions:

1. a byte-order mark: UTF-8, UTF-16 LE/BE, UTF-32 LE/BE;
2. NUL bytes: BOM-less UTF-16 (LE or BE, whichever decodes strictly into the more plausible text;
   ASCII characters, line breaks included, put a NUL in every other byte), otherwise binary;
3. pure ASCII, then strict UTF-8 (a non-ASCII text that is valid UTF-8 is almost never anything else);
4. the legacy Chinese encodings, each family decoded strictly — GBK then GB18030 (its superset), and
   Big5 then CP950 then Big5-HKSCS — and scored for plausibility: how much of the non-ASCII text is
   common Chinese characters (GB2312 level 1 and Big5 level 1 characters, computed from the codecs
   themselves), CJK punctuation and full-width forms, with rarer characters counting less and
   private-use, control and other unlikely characters counting against. GBK text read as Big5 (or
   the reverse) decodes to rare characters and stray symbols, so the right family wins. BOM-less
   UTF-16 without any NUL byte (Chinese text with no ASCII at all) is scored here as well: legacy
   bytes read as UTF-16 give surrogates, Hangul or Yi syllables, never plausible Chinese.

A text that no candidate decodes into plausible text raises `UndecodableDocument`; binary data raises
`BinaryDocument`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from zoo_desktop.documents.errors import BinaryDocument, UndecodableDocument

__all__ = ["DecodedText", "decode_text", "plausibility"]

_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_FAMILIES = (("gbk", "gb18030"), ("big5", "cp950", "big5hkscs"), ("utf-16-le",), ("utf-16-be",))
_MIN_PLAUSIBILITY = 0.6
_SAMPLE = 1 << 16  # bytes examined for NUL patterns

# Signatures of common binary formats, for a clearer message than "undecodable".
_MAGIC = (
    (b"%PDF-", "a PDF file"),
    (b"PK\x03\x04", "a zip archive (or a .docx/.xlsx/.pptx)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office (OLE) file such as .doc"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x7fELF", "a program"),
    (b"MZ", "a Windows program"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
)


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str  # a Python codec name: "utf-8", "utf-8-sig", "utf-16-le", "gbk", "big5", ...


@lru_cache(maxsize=1)
def _common_hanzi() -> tuple[frozenset[str], frozenset[str]]:
    """(GB2312 level-1 ∪ Big5 level-1 characters, GB2312 level-2 ∪ Big5 level-2 characters)."""

    def table(codec: str, leads: range, trails: list[int]) -> set[str]:
        out = set()
        for lead in leads:
            for trail in trails:
                try:
                    out.add(bytes((lead, trail)).decode(codec))
                except UnicodeDecodeError:
                    pass
        return out

    gb_trails = list(range(0xA1, 0xFF))
    big5_trails = list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF))
    common = table("gb2312", range(0xB0, 0xD8), gb_trails) | table("big5", range(0xA4, 0xC6), big5_trails)
    common |= table("big5", range(0xC6, 0xC7), list(range(0x40, 0x7F)))
    less = table("gb2312", range(0xD8, 0xF8), gb_trails) | table("big5", range(0xC9, 0xFA), big5_trails)
    return frozenset(common), frozenset(less - common)


def _char_weight(ch: str, common: frozenset[str], less: frozenset[str]) -> float:
    o = ord(ch)
    if ch in common:
        return 1.0
    if 0x3000 <= o <= 0x303F or 0xFF01 <= o <= 0xFF5E or 0x2010 <= o <= 0x2027:
        return 1.0  # CJK punctuation, full-width ASCII, “”‘’—…
    if ch in less:
        return 0.5
    if 0xE000 <= o <= 0xF8FF or 0xF0000 <= o:
        return -1.0  # private use: a wrong decoding of user-defined areas
    cat = unicodedata.category(ch)
    if cat in ("Cc", "Cf", "Cs", "Co", "Cn"):
        return -1.0
    if 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x20000 <= o <= 0x2FFFF:
        return 0.1  # a rare ideograph
    return 0.2  # Latin-1 letters, kana, Greek, box drawing, ...: possible but unlikely in Chinese text


def plausibility(text: str) -> float:
    """Mean weight (about -1..1) of the non-ASCII characters of `text`; 1.0 when all are common Chinese."""
    common, less = _common_hanzi()
    total = 0.0
    count = 0
    for ch in text:
        if ch < "\x80":
            if ch < " " and ch not in "\t\n\r\f\v":
                total -= 1.0
                count += 1
            continue
        total += _char_weight(ch, common, less)
        count += 1
    return 1.0 if count == 0 else total / count


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text if (ch < " " and ch not in "\t\n\r\f\v") or ch == "\x7f")
    return bad / len(text)


def _binary_kind(data: bytes) -> str | None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    return None


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _utf16_without_bom(data: bytes) -> DecodedText | None:
    if len(data) % 2:
        return None
    best: DecodedText | None = None
    best_score = -2.0
    for codec in ("utf-16-le", "utf-16-be"):
        text = _strict(data, codec)
        if text is None or _control_ratio(text) > 0.001:
            continue
        score = plausibility(text)
        if score > best_score:
            best, best_score = DecodedText(text, codec), score
    if best is not None and best_score >= _MIN_PLAUSIBILITY:
        return best
    return None


def decode_text(data: bytes, name: str = "the file") -> DecodedText:
    """Decode the bytes of a text file, telling its encoding (see the module docstring)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :] if codec != "utf-8-sig" else data
            text = _strict(body, codec)
            if text is not None:
                return DecodedText(text.lstrip("\ufeff") if codec == "utf-8-sig" else text, codec)
            break  # a BOM that does not hold: look further

    sample = data[:_SAMPLE]
    if b"\x00" in sample:
        decoded = _utf16_without_bom(data)
        if decoded is not None:
            return decoded
        what = _binary_kind(data)
        raise BinaryDocument(
            f"{name} is not a text file: it contains binary data" + (f" (it looks like {what})" if what else ""),
            reason="binary", path=name, found=what or None,
        )
    what = _binary_kind(data)
    if what and what != "a Windows program":  # "MZ" can open a text
        raise BinaryDocument(f"{name} is not a text file: it looks like {what}", reason="binary", path=name, found=what)

    for codec in ("ascii", "utf-8"):
        text = _strict(data, codec)
        if text is not None:
            if _control_ratio(text) > 0.01:
                raise BinaryDocument(f"{name} is not a text file: it contains binary data", reason="binary", path=name)
            return DecodedText(text, codec)

    candidates: list[tuple[float, int, DecodedText]] = []
    for rank, family in enumerate(_FAMILIES):
        for codec in family:
            if codec.startswith("utf-16") and len(data) % 2:
                continue
            text = _strict(data, codec)
            if text is not None:
                candidates.append((plausibility(text), -rank, DecodedText(text, codec)))
                break
    if candidates:
        score, _, best = max(candidates, key=lambda c: (c[0], c[1]))
        if score >= _MIN_PLAUSIBILITY and _control_ratio(best.text) <= 0.001:
            return best
    if _control_ratio(data.decode("latin-1")) > 0.01:
        raise BinaryDocument(f"{name} is not a text file: it contains binary data", reason="binary", path=name)
    raise UndecodableDocument(
        f"cannot tell the text encoding of {name}: it is not UTF-8, UTF-16, GBK/GB18030 or Big5. "
        "Save it as UTF-8 and try again.",
        path=name, expected="UTF-8, UTF-16, GBK/GB18030, Big5",
    )
