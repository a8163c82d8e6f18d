"""Reads an admin page's form the way a browser would, so tests can post it back."""

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.data: dict[str, object] = {}
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.data[name] = a.get("value", "on")
            elif kind not in ("submit", "button", "file", "image"):
                self.data[name] = a.get("value", "")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def form_data(response) -> dict:
    """Every field of the admin form on a page, with its current value."""
    parser = _FormParser()
    parser.feed(response.content.decode())
    # Drop the empty "__prefix__" templates Django renders for adding inline rows with JS.
    return {k: v for k, v in parser.data.items() if "__prefix__" not in k}


def add_inline_rows(data: dict, prefix: str, rows: list[dict]) -> dict:
    """Append rows to an inline formset, as the admin's "Add another" button does."""
    start = int(data[f"{prefix}-TOTAL_FORMS"])
    for offset, row in enumerate(rows):
        for field, value in row.items():
            data[f"{prefix}-{start + offset}-{field}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = str(start + len(rows))
    return data
