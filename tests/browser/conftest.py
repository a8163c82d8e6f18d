"""Browser tests: Playwright for Python driving Debian's chromium against a live server.

No browser is downloaded: Playwright launches /usr/bin/chromium (apt package `chromium`,
installed by .ci/run). Every test that takes `page` runs twice, in a phone-sized window
(390×844) and a desktop window (1920×1080), against the demo archive served by Django's
live server on the real test database.
"""

import json
import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between browser steps are ordinary synchronous calls, so Django may allow them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("MEMORIA_CHROMIUM", "/usr/bin/chromium")
# The machine has no outside network: background connections only slow Chromium down.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1920, "height": 1080}}
AXE = Path(__file__).with_name("axe.min.js")


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    executable = shutil.which(CHROMIUM) or CHROMIUM
    if not Path(executable).exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def site(live_server, transactional_db):
    """The demo exhibition on a live server; returns its base URL."""
    from memoria.demo.loader import load_demo

    load_demo()
    return live_server.url


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def page(request, chromium):
    """A fresh browser window (no cookies) at phone or desktop size."""
    viewport = VIEWPORTS[request.param]
    context = chromium.new_context(
        viewport=viewport, is_mobile=request.param == "phone", has_touch=request.param == "phone",
        locale="en-GB",
    )
    context.set_default_timeout(15_000)
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.js_errors = errors
    yield tab
    context.close()


def axe_violations(tab, impacts=("serious", "critical")):
    """Run axe-core in the page and return the violations of the given impacts."""
    # Evaluated through the DevTools protocol, which our Content-Security-Policy does not block
    # (an injected <script> would be, rightly).
    tab.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result = tab.evaluate("async () => JSON.stringify(await axe.run(document))")
    violations = json.loads(result)["violations"]
    return [v for v in violations if v.get("impact") in impacts]
