"""What every journey checks on the pages it visits, and the keyboard moves it makes.

`visit_checks(page)`: axe-core finds no WCAG 2.1 A/AA violation, and the first Tab shows a
visible focus. `tab_to(page, selector)`: presses Tab (and opens closed <details> on the
way) until the element matching `selector` has the focus, asserting each stop is visibly
focused, as a keyboard user would see it."""

import re

from .conftest import axe_violations

# Tab presses before giving up: a list page has a few dozen stops before its results.
MAX_TABS = 150


def focus_is_visible(page) -> bool:
    """The focused element draws an outline (our :focus-visible style) or a box shadow."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el || el === document.body) return false;
            const style = getComputedStyle(el);
            const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
            return outline || style.boxShadow !== 'none';
        }"""
    )


def visit_checks(page, *, what: str = "", axe_exclude: tuple[str, ...] = ()) -> None:
    """On the page just loaded: no axe violations, and keyboard focus is visible."""
    where = what or page.url
    page.wait_for_load_state("load")  # scripts that move the focus (autofocus) have run
    violations = axe_violations(page, exclude=axe_exclude)
    assert violations == [], f"axe-core violations on {where}: {violations}"
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.keyboard.press("Tab")
    assert focus_is_visible(page), f"the first Tab stop on {where} shows no visible focus"


def focused_description(page) -> str:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const text = (el.textContent || el.value || '').trim().slice(0, 40);
            return `${el.tagName.toLowerCase()}#${el.id} ${text}`;
        }"""
    )


def tab_to(page, selector: str) -> None:
    """Tab forward until `selector` has the focus; a closed <details> passed on the way is
    opened with Enter on its summary when the target is inside it."""
    target = page.locator(selector)
    assert target.count() == 1, f"{selector} should match one element"
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        assert focus_is_visible(page), f"no visible focus on {focused_description(page)}"
        if target.evaluate("el => el === document.activeElement"):
            return
        opens_target = page.evaluate(
            """(el) => {
                const a = document.activeElement;
                return a.tagName === 'SUMMARY' && !a.parentElement.open
                    && a.parentElement.contains(el);
            }""",
            target.element_handle(),
        )
        if opens_target:
            page.keyboard.press("Enter")
    raise AssertionError(f"{selector} not reached with {MAX_TABS} Tab presses")


def checkbox_id(page, name: str, label_start: str) -> str:
    """The id of the filter checkbox `name` whose label starts with `label_start`."""
    for box in page.locator(f'form#filters input[name="{name}"]').all():
        box_id = box.get_attribute("id")
        label = page.locator(f'label[for="{box_id}"]').inner_text()
        if re.match(re.escape(label_start) + r"\b", label.strip()):
            return box_id
    raise AssertionError(f"no {name} option labelled {label_start!r} in the filter form")


def query_params(url: str) -> dict[str, list[str]]:
    from urllib.parse import parse_qs, urlsplit

    return parse_qs(urlsplit(url).query)


def result_titles(page) -> list[str]:
    return [title.strip() for title in page.locator("ol.cards .card__title").all_inner_texts()]
