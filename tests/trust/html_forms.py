"""Read a rendered <form> the way a browser would submit it, for tests that post what the
page actually offers (field names, hidden version, CSRF token) instead of guessing."""

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0  # > 0 while inside a form
        self.forms: list[list[tuple[str, str]]] = []
        self.data: list[tuple[str, str]] = []
        self._select: str | None = None
        self._select_has_selection = False
        self._first_option: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and self.depth == 0:
            self.depth, self.data = 1, []
            self.forms.append(self.data)
            return
        if self.depth == 0:
            return
        name = a.get("name")
        if tag == "input" and name and "disabled" not in a:
            kind = a.get("type", "text")
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            self.data.append((name, a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select, self._select_has_selection, self._first_option = name, False, None
            self._multiple = "multiple" in a
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._first_option is None:
                self._first_option = value
            if "selected" in a:
                self.data.append((self._select, value))
                self._select_has_selection = True
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_endtag(self, tag):
        if self.depth == 0:
            return
        if tag == "form":
            self.depth = 0
        elif tag == "select" and self._select:
            if not self._select_has_selection and not self._multiple and self._first_option:
                self.data.append((self._select, self._first_option))
            self._select = None
        elif tag == "textarea" and self._textarea:
            text = "".join(self._text)
            self.data.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)


def form_data(html: str, containing: str) -> dict[str, str | list[str]]:
    """The fields of the first form that has a field named `containing`, as a dict for
    Client.post; a name that appears several times (multiple select) maps to a list."""
    parser = _FormParser()
    parser.feed(html)
    fields = next(f for f in parser.forms if any(name == containing for name, _ in f))
    out: dict[str, str | list[str]] = {}
    for name, value in fields:
        if name in out:
            previous = out[name]
            out[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            out[name] = value
    return out
