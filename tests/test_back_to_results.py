"""A detail page's breadcrumb leads back to the list the reader came from, filters kept."""

import re

import pytest

from tests.factories import CaseStudyFactory

pytestmark = pytest.mark.django_db


def breadcrumb_list_link(response) -> str:
    nav = re.search(r'<nav class="breadcrumbs".*?</nav>', response.content.decode(), re.S)
    return re.findall(r'href="([^"]+)"', nav.group(0))[1]


def test_breadcrumb_keeps_the_filters_of_the_list_the_reader_came_from(client):
    record = CaseStudyFactory()
    response = client.get(
        record.get_absolute_url(),
        HTTP_REFERER="http://testserver/en/practices/?country=KE&tag=mobile&level=1&page=2",
    )
    # The page number is dropped: the record may be on another page by now.
    assert breadcrumb_list_link(response) == "/en/practices/?country=KE&amp;tag=mobile&amp;level=1"
    assert "Referer" in response["Vary"]


@pytest.mark.parametrize(
    "referer",
    [
        "",
        "https://evil.example/en/practices/?country=KE",  # another site
        "http://testserver/en/policies/?country=KE",  # another list
        "http://testserver/en/practices/other/?country=KE",
        "not a url at all",
    ],
)
def test_breadcrumb_leads_to_the_plain_list_from_anywhere_else(client, referer):
    record = CaseStudyFactory()
    response = client.get(record.get_absolute_url(), HTTP_REFERER=referer)
    assert breadcrumb_list_link(response) == "/en/practices/"


def test_breadcrumb_re_encodes_what_it_takes_from_the_referer(client):
    record = CaseStudyFactory()
    response = client.get(
        record.get_absolute_url(),
        HTTP_REFERER='http://testserver/en/practices/?q="><script>x</script>',
    )
    link = breadcrumb_list_link(response)
    assert link == "/en/practices/?q=%22%3E%3Cscript%3Ex%3C%2Fscript%3E"
    assert "<script>x" not in response.content.decode()
