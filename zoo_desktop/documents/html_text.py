"""Visible text of an HTML page with the standard library's html.parser.

Script, style and other non-rendered elements are dropped; block elements (p, div, h1-h6, li,
tr, br, ...) become line breaks; table cells are separated by tabs; white space collapses as a
browser collapses it, except in <pre>/<textarea>. A line break in the source between two Chinese
characters is removed rather than turned into a space (CSS Text's segment-break rule for CJK).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["html_to_text", "declared_charset"]

_SKIP = frozenset(
    {"script", "style", "noscript", "template", "title", "head", "svg", "math", "iframe", "object", "select"}
)
_BLOCK = frozenset(
    """address article aside blockquote body center dd details dialog dir div dl dt fieldset figcaption figure
    footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu nav ol p pre section summary table tbody
    thead tfoot tr ul caption legend""".split()
)
_CELL = frozenset({"td", "th"})
_VOID_BREAK = frozenset({"br", "hr"})
_PRESERVE = frozenset({"pre", "textarea", "listing", "plaintext"})

_CJK = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_CJK_SEGMENT_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t]*[\r\n]+[ \t]*(?=[{_CJK}])")
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0
        self._skip_stack: list[str] = []
        self._pre_depth = 0

    def _newline(self) -> None:
        self.parts.append("\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip_stack.append(tag)
            self._skip_depth += 1
            return
        if tag == "body" and "head" in self._skip_stack:  # <head> never closed
            while self._skip_stack:
                self._skip_stack.pop()
            self._skip_depth = 0
        if self._skip_depth:
            return
        if tag in _VOID_BREAK or tag in _BLOCK:
            self._newline()
        elif tag in _CELL:
            self.parts.append("\t")
        if tag in _PRESERVE:
            self._pre_depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip_depth:
            return
        if tag in _VOID_BREAK or tag in _BLOCK:
            self._newline()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            if tag in self._skip_stack:
                while self._skip_stack:
                    self._skip_depth -= 1
                    if self._skip_stack.pop() == tag:
                        break
            return
        if self._skip_depth:
            return
        if tag in _BLOCK:
            self._newline()
        if tag in _PRESERVE and self._pre_depth:
            self._pre_depth -= 1

    def handle_data(self, data: str) -> None:
        if self._skip_depth or not data:
            return
        if self._pre_depth:
            self.parts.append(data.replace("\n", "\x00"))  # protected from collapsing
            return
        data = _CJK_SEGMENT_BREAK.sub("", data)
        self.parts.append(_SPACES.sub(" ", data))


def html_to_text(markup: str) -> str:
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    lines = []
    for line in "".join(parser.parts).split("\n"):
        if "\x00" in line:  # from <pre>: keep as written
            lines.append(line.replace("\x00", "\n"))
            continue
        line = re.sub(r" *\t[ \t]*", "\t", line)  # cell separators
        lines.append(line.strip(" \t"))
    text = "\n".join(lines)
    text = re.sub(r"\n{2,}", "\n", text)  # one line per block, as for .docx paragraphs
    return text.strip()


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> tag (first 4 KB), if any."""
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii", "ignore").lower()
    # Browsers read labels of the GB and Big5 families as their supersets.
    supersets = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "cp950", "big5-hkscs": "big5hkscs"}
    return supersets.get(name, name)
