"""The sort menu of a list sends the default order as an empty value, so that a search typed
into the filter form after a first visit is sorted by relevance."""

import re

import pytest
from django.urls import reverse

from tests.factories import PolicyFactory

pytestmark = pytest.mark.django_db


def sort_options(response) -> list[tuple[str, bool]]:
    """(value, selected) of each option of the sort menu."""
    menu = re.search(r'<select id="filters-sort".*?</select>', response.content.decode(), re.S)
    return [
        (value, bool(selected))
        for value, selected in re.findall(r'<option value="([^"]*)"( selected)?>', menu.group(0))
    ]


def test_the_default_order_is_sent_empty_and_the_others_by_name(client):
    PolicyFactory()
    options = sort_options(client.get(reverse("policies:list")))
    assert ("", True) in options  # newest first, the default without words
    assert ("title", False) in options and ("relevance", False) in options


def test_a_search_submitted_with_the_default_order_is_sorted_by_relevance(client):
    PolicyFactory(slug="summary-only", title="A plan", summary="About teachers.")
    PolicyFactory(slug="in-title", title="Teachers first", summary="About teachers.")
    response = client.get(reverse("policies:list") + "?q=teachers&sort=")
    assert response.context["filterset"].sort_key() == "relevance"
    assert [record.slug for record in response.context["object_list"]] == [
        "in-title",
        "summary-only",
    ]
    assert ("", True) in sort_options(response) and ("newest", False) in sort_options(response)


def test_an_order_the_reader_chose_is_kept_and_sent_by_name(client):
    PolicyFactory()
    options = sort_options(client.get(reverse("policies:list") + "?q=teachers&sort=newest"))
    assert ("newest", True) in options and ("relevance", False) in options
