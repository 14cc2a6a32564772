"""Journey 1, a teacher: from the home page to a region, a country, its good practices
filtered by a tag and a level, one case study, its linked policy, and back to the filtered
list with the filters kept (browser back, then the breadcrumb). With and without
JavaScript; with axe-core and a visible keyboard focus on every page; the filter form
filled and submitted with the keyboard alone."""

import re

import pytest
from playwright.sync_api import expect

from .journey import checkbox_id, query_params, result_titles, tab_to, visit_checks
from .journey_data import teacher_world

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

FILTERS = {"country": ["KE"], "tag": ["mobile-learning"], "level": ["1"]}


def assert_filtered_list(page, world):
    """The list shows the filters in its URL, its ticked boxes and its chips, and only the
    case study that matches them all."""
    params = query_params(page.url)
    assert {name: params.get(name) for name in FILTERS} == FILTERS, page.url
    expect(page.locator("#results-title")).to_have_text("1 case study")
    assert result_titles(page) == [world.case_study.title]
    tag_box = page.locator(f"#{checkbox_id(page, 'tag', 'mobile learning')}")
    level_box = page.locator(f"#{checkbox_id(page, 'level', 'Primary education')}")
    expect(tag_box).to_be_checked()
    expect(level_box).to_be_checked()
    expect(page.locator(".chips")).to_contain_text("Tags: mobile learning")
    expect(page.locator(".chips")).to_contain_text("Education level: Primary education")


def teacher_journey(page, base_url, world, *, javascript: bool):
    checks = visit_checks if javascript else (lambda page, **kwargs: None)

    page.goto(f"{base_url}/en/")
    checks(page)
    page.get_by_role("region", name="Browse by region").get_by_role(
        "link", name="Africa", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Africa")
    checks(page)

    page.get_by_role("table").get_by_role("link", name="Kenya", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kenya")
    checks(page)

    page.get_by_role("link", name="3 good practices").click()
    expect(page.locator("#results-title")).to_have_text("3 case studies")
    assert query_params(page.url) == {"country": ["KE"]}
    checks(page)

    # The filter form: tick a tag and a level, then submit.
    tag_id = checkbox_id(page, "tag", "mobile learning")
    level_id = checkbox_id(page, "level", "Primary education")
    submit = "form#filters button[type=submit]"
    if javascript:  # with the keyboard alone: Tab to each box, Space ticks, Enter submits
        tab_to(page, f"#{tag_id}")
        page.keyboard.press("Space")
        tab_to(page, f"#{level_id}")
        page.keyboard.press("Space")
        tab_to(page, submit)
        with page.expect_navigation():
            page.keyboard.press("Enter")
    else:
        page.locator(f"#{tag_id}").check()
        page.locator(f"#{level_id}").check()
        with page.expect_navigation():
            page.locator(submit).click()
    assert_filtered_list(page, world)
    checks(page)

    page.get_by_role("link", name=world.case_study.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(world.case_study.title)
    checks(page)

    linked = page.get_by_role("region", name="Policies it carries out")
    linked.get_by_role("link", name=world.policy.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(world.policy.title)
    checks(page)

    # Back with the browser: the case study, then the list as it was filtered.
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text(world.case_study.title)
    page.go_back()
    assert_filtered_list(page, world)

    # Back with the page's own link: the breadcrumb of the case study.
    page.go_forward()
    expect(page.get_by_role("heading", level=1)).to_have_text(world.case_study.title)
    breadcrumb = page.get_by_role("navigation", name="Breadcrumb")
    breadcrumb.get_by_role("link", name="Good practices").click()
    expect(page).to_have_url(re.compile(r"/en/practices/\?"))
    assert_filtered_list(page, world)


def test_a_teacher_finds_a_practice_by_region_country_tag_and_level_and_gets_back(
    live_server, page
):
    teacher_journey(page, live_server.url, teacher_world(), javascript=True)


def test_the_teacher_journey_works_without_javascript(live_server, nojs_page):
    teacher_journey(nojs_page, live_server.url, teacher_world(), javascript=False)
