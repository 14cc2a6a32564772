"""Browser fixtures: Debian's Chromium driven by Playwright against a live server of the
portal on the test PostgreSQL. Without Chromium the browser tests are skipped with a notice,
unless IITE_REQUIRE_BROWSER is set (CI), where a missing browser is a failure."""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
# test itself (factories) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# A step that cannot happen fails after this long, not Playwright's default 30 s.
STEP_TIMEOUT_MS = 10_000
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
INSTALL_HINT = "install it with: sudo apt-get install chromium (Debian/Ubuntu)"
AXE_JS = None


def _browser_available() -> bool:
    return Path(CHROMIUM).exists()


@pytest.fixture(scope="session")
def browser():
    if not _browser_available():
        message = f"Chromium not found at {CHROMIUM}: browser tests skipped; {INSTALL_HINT}"
        if os.environ.get("IITE_REQUIRE_BROWSER"):
            pytest.fail(message.replace("skipped", "REQUIRED (IITE_REQUIRE_BROWSER is set)"))
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(STEP_TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def nojs_page(browser):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(STEP_TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page, exclude: tuple[str, ...] = ()) -> list[str]:
    """Run axe-core (WCAG 2.1 A and AA rules) in the page; return 'rule: selector' lines.
    `exclude`: CSS selectors of parts left out (third-party widgets we cannot change)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        context={"exclude": [[selector] for selector in exclude]} if exclude else None,
        options={
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
        },
    )
    return [
        f"{v['id']}: {', '.join(str(n['target']) for n in v['nodes'][:3])}"
        for v in results.response["violations"]
    ]
