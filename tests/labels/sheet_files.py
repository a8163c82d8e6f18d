"""Reading label sheets back the way a print shop or a phone would: the labels of an SVG page,
the QR modules drawn by its paths, the fonts and characters a PDF embeds."""

from __future__ import annotations

import base64
import re
import zlib

from lxml import etree

SVG_NS = {"svg": "http://www.w3.org/2000/svg"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def svg_labels(content: bytes) -> list[dict]:
    """Each label: inventory number, text lines by language, the QR path's modules."""
    root = etree.fromstring(content)
    labels = []
    for group in root.iterfind(".//svg:g", SVG_NS):
        if group.get("class") != "label":
            continue
        texts_by_lang: dict[str, list[str]] = {}
        all_text = []
        for text in group.iterfind("svg:text", SVG_NS):
            all_text.append("".join(text.itertext()))
            for span in text.iterfind("svg:tspan", SVG_NS):
                if span.get(XML_LANG):
                    texts_by_lang.setdefault(span.get(XML_LANG), []).append(span.text or "")
        path = group.find("svg:path", SVG_NS)
        labels.append({
            "inventory_number": group.get("data-inventory-number"),
            "text": all_text,
            "by_lang": texts_by_lang,
            "modules": path_modules(path.get("d")),
        })
    return labels


def path_modules(d: str) -> list[list[bool]]:
    """Rasterise a QR path made of "M x y h n v1 h-n z" runs back into a module matrix."""
    runs = [tuple(int(v) for v in m) for m in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\3z", d)]
    assert "".join(f"M{x} {y}h{n}v1h-{n}z" for x, y, n in runs) == d, "unexpected path shape"
    size = max(y for _x, y, _n in runs) + 1
    size = max(size, max(x + n for x, _y, n in runs))
    grid = [[False] * size for _ in range(size)]
    for x, y, n in runs:
        for column in range(x, x + n):
            grid[y][column] = True
    return grid


def pdf_streams(content: bytes) -> list[bytes]:
    """Every stream of the PDF, decoded (ASCII85 and Flate, the filters reportlab uses)."""
    streams = []
    for match in re.finditer(rb"\d+ 0 obj(.*?)stream\r?\n", content, re.S):
        header, start = match.group(1), match.end()
        data = content[start:content.index(b"endstream", start)]
        if b"/ASCII85Decode" in header:
            text = data.strip()
            text = text[2:] if text.startswith(b"<~") else text
            data = base64.a85decode(text, adobe=False) if not text.endswith(b"~>") else base64.a85decode(text[:-2])
        if b"/FlateDecode" in header:
            data = zlib.decompress(data)
        streams.append(data)
    return streams


def pdf_unicode_characters(content: bytes) -> set[str]:
    """The characters the PDF's embedded font subsets declare (their ToUnicode maps)."""
    chars = set()
    for stream in pdf_streams(content):
        if b"beginbfchar" not in stream and b"beginbfrange" not in stream:
            continue
        for hexcode in re.findall(rb"<[0-9A-Fa-f]+>\s*<([0-9A-Fa-f]{4,})>", stream):
            chars.add(chr(int(hexcode, 16)))
    return chars


def pdf_page_count(content: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", content))
