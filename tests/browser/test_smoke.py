"""The home page in a real browser: accessible, keyboard-usable, right direction."""

import pytest

from .conftest import axe_violations

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_home_page_has_no_axe_violations_and_a_working_skip_link(live_server, page):
    page.goto(f"{live_server.url}/en/")
    assert axe_violations(page) == []
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "keyboard focus must be visible"


def test_arabic_home_page_is_right_to_left_in_the_browser(live_server, page):
    page.goto(f"{live_server.url}/ar/")
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "rtl"
