"""The home page and a filtered policy list in Arabic, Chinese and English, in a real
browser: direction, no sideways scrolling on a 360 px phone, axe-core, mirrored layout."""

import tempfile
from pathlib import Path

import pytest

from tests.factories import CaseStudyFactory, PolicyFactory

from .conftest import axe_violations

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PAGES = {"home": "/{lang}/", "policies": "/{lang}/policies/?country=KE&legal_status=in_force"}
# Looked at by people, never committed nor compared.
SCREENSHOTS = str(Path(tempfile.gettempdir()) / "iite-languages-{lang}-{name}-{width}.png")


@pytest.fixture
def records():
    """Enough for chips, cards with translated and untranslated titles, and pagination."""
    for n in range(23):
        PolicyFactory(
            countries=["KE"],
            title=f"National ICT in education strategy {n}",
            tags=["digital skills"] if n == 0 else None,
            **({"title_ar": f"الاستراتيجية الوطنية {n}", "summary_ar": "ملخص."} if n % 2 else {}),
        )
    CaseStudyFactory(featured=True, title_ar="دراسة حالة", summary_ar="ملخص.")


def context_page(browser, width, lang):
    context = browser.new_context(viewport={"width": width, "height": 800}, locale=lang)
    return context, context.new_page()


@pytest.mark.parametrize("lang", ["ar", "zh-hans"])
@pytest.mark.parametrize("name", list(PAGES))
def test_page_is_accessible_in_arabic_and_chinese(live_server, browser, records, lang, name):
    context, page = context_page(browser, 1280, lang)
    try:
        page.goto(live_server.url + PAGES[name].format(lang=lang))
        direction = page.evaluate("getComputedStyle(document.documentElement).direction")
        assert page.evaluate("document.documentElement.dir") == ("rtl" if lang == "ar" else "ltr")
        assert direction == ("rtl" if lang == "ar" else "ltr")
        assert page.evaluate("document.documentElement.lang") == lang
        assert axe_violations(page) == []
        page.screenshot(path=SCREENSHOTS.format(lang=lang, name=name, width=1280), full_page=True)
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["ar", "en"])
@pytest.mark.parametrize("name", list(PAGES))
def test_nothing_overflows_a_360_pixel_screen(live_server, browser, records, lang, name):
    context, page = context_page(browser, 360, lang)
    try:
        page.goto(live_server.url + PAGES[name].format(lang=lang))
        width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], f"{lang} {name}: {width[0]} px wide in {width[1]} px"
        page.screenshot(path=SCREENSHOTS.format(lang=lang, name=name, width=360), full_page=True)
    finally:
        context.close()


def test_arabic_layout_is_mirrored(live_server, browser, records):
    """Filters at the right of the results, breadcrumbs and chips flowing from the right,
    the "next page" arrow pointing left."""
    context, page = context_page(browser, 1280, "ar")
    try:
        page.goto(live_server.url + PAGES["policies"].format(lang="ar"))
        box = {
            part: page.locator(selector).first.bounding_box()
            for part, selector in {
                "filters": ".listing__filters",
                "results": ".listing__results",
                "home crumb": ".breadcrumbs li:first-child",
                "last crumb": ".breadcrumbs li:last-child",
                "first chip": ".chips li:first-child",
                "last chip": ".chips li:last-child",
            }.items()
        }
        assert box["filters"]["x"] > box["results"]["x"]
        assert box["home crumb"]["x"] > box["last crumb"]["x"]
        assert box["first chip"]["x"] > box["last chip"]["x"]
        arrow = page.evaluate(
            "getComputedStyle(document.querySelector('.pagination__next'), '::after').content"
        )
        assert "←" in arrow
        separator = page.evaluate(
            "getComputedStyle(document.querySelector('.breadcrumbs li + li'), '::before').content"
        )
        assert "›" in separator  # a mirrored character: drawn as ‹ in right-to-left text
    finally:
        context.close()


def test_switcher_keeps_the_filters_when_changing_language_in_the_browser(
    live_server, nojs_page, records
):
    nojs_page.goto(live_server.url + PAGES["policies"].format(lang="en"))
    nojs_page.locator(".language-switcher a[hreflang=ar]").click()
    assert nojs_page.url == live_server.url + PAGES["policies"].format(lang="ar")
    assert nojs_page.evaluate("document.documentElement.dir") == "rtl"
