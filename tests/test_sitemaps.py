"""/sitemap.xml and /robots.txt: every published record and list page, in every interface
language with hreflang alternates, paginated; drafts and withdrawn records never listed."""

import pytest
from django.conf import settings as django_settings
from lxml import etree

from iite_portal.models import Status
from policies.models import Policy
from tests.factories import CaseStudyFactory, PolicyFactory, ResourceFactory

pytestmark = pytest.mark.django_db
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
LANGS = [code for code, _ in django_settings.LANGUAGES]


def fetch(client, url):
    response = client.get(url.removeprefix("http://testserver"))
    assert response.status_code == 200
    return etree.fromstring(response.content)


def crawl(client):
    """url element of every sitemap page the index names, keyed by loc."""
    index = fetch(client, "/sitemap.xml")
    urls = {}
    for page in index.findall("sm:sitemap/sm:loc", NS):
        for url in fetch(client, page.text).findall("sm:url", NS):
            urls[url.findtext("sm:loc", namespaces=NS)] = url
    return index, urls


def test_sitemap_index_lists_every_published_record_in_every_language(client, settings):
    settings.SITEMAP_PAGE_SIZE = 10  # 4 policies x 6 languages: three pages
    published = [*PolicyFactory.create_batch(4), CaseStudyFactory(), ResourceFactory()]
    hidden = [
        PolicyFactory(status=Status.DRAFT, published_at=None),
        CaseStudyFactory(status=Status.REVIEW, published_at=None),
        ResourceFactory(status=Status.WITHDRAWN),
    ]
    index, urls = crawl(client)
    pages = [loc.text for loc in index.findall("sm:sitemap/sm:loc", NS)]
    assert "http://testserver/sitemap-policies.xml?p=3" in pages
    for record in published:
        path = record.get_absolute_url().removeprefix("/en/")
        assert {f"http://testserver/{lang}/{path}" for lang in LANGS} <= set(urls)
    assert not [loc for loc in urls for record in hidden if record.slug in loc]


def test_each_sitemap_url_has_hreflang_alternates_and_lastmod(client):
    policy = PolicyFactory()
    _, urls = crawl(client)
    url = urls[f"http://testserver/fr/policies/{policy.slug}/"]
    alternates = {link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NS)}
    assert alternates == {
        **{lang: f"http://testserver/{lang}/policies/{policy.slug}/" for lang in LANGS},
        "x-default": f"http://testserver/policies/{policy.slug}/",
    }
    # x-default is the address without a language, which sends visitors to theirs.
    assert client.get(f"/policies/{policy.slug}/").status_code == 302
    assert url.findtext("sm:lastmod", namespaces=NS) == policy.updated_at.date().isoformat()


def test_sitemap_lists_the_home_and_list_pages_in_every_language(client):
    _, urls = crawl(client)
    for lang in LANGS:
        for path in ("", "practices/", "policies/", "oer/"):
            assert f"http://testserver/{lang}/{path}" in urls


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_sitemap_pages_split_records_and_languages_without_repeating_or_skipping(client, settings):
    """The pages pair each record with each language lazily (a page reads only its own
    records): across pages of 10, 7 policies x 6 languages give 42 URLs, each once; the
    index dates each kind by its latest change."""
    settings.SITEMAP_PAGE_SIZE = 10  # not a multiple of the 6 languages: pages cut records
    policies = PolicyFactory.create_batch(7)
    index = fetch(client, "/sitemap.xml")
    locs = []
    for page in index.findall("sm:sitemap/sm:loc", NS):
        if "sitemap-policies" in page.text:
            locs += [u.findtext("sm:loc", namespaces=NS) for u in fetch(client, page.text)]
    assert len(locs) == 7 * len(LANGS) == len(set(locs))
    assert {loc.split("/")[-2] for loc in locs} == {p.slug for p in policies}
    latest = max(p.updated_at for p in Policy.objects.all())
    dates = [
        s.findtext("sm:lastmod", namespaces=NS)
        for s in index.findall("sm:sitemap", NS)
        if "sitemap-policies" in s.findtext("sm:loc", namespaces=NS)
    ]
    assert dates and all(date == latest.isoformat() for date in dates)
