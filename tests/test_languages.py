"""Six languages: translated record content with the original as fallback, the language
switcher, hreflang alternates, and names and numbers in the reader's language."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from iite_portal.models import Status
from policies.models import Policy
from tests.admin_support import admin_url, form_data, login
from tests.factories import CaseStudyFactory, PolicyFactory, ResourceFactory, editor

pytestmark = pytest.mark.django_db

FRENCH_TITLE = "Politique nationale du numérique éducatif"
FRENCH_SUMMARY = "Des tablettes et une formation pour les enseignants des écoles rurales."


@pytest.fixture
def policy():
    """An English policy with a French translation of its title and summary."""
    return PolicyFactory(
        title="National digital education policy",
        summary="Tablets and training for teachers in rural schools.",
        language="en",
        title_fr=FRENCH_TITLE,
        summary_fr=FRENCH_SUMMARY,
    )


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def visible(html):
    """The page without its JSON-LD, which describes the record in its original language."""
    return re.sub(r'<script type="application/ld\+json">.*?</script>', "", html, flags=re.S)


def in_language(lang, name, *args, **kwargs):
    with translation.override(lang):
        return reverse(name, args=args, kwargs=kwargs)


def test_translation_is_stored_in_the_i18n_column_and_the_original_fields_stay_english(policy):
    stored = Policy.objects.values("title", "i18n").get(pk=policy.pk)
    assert stored["title"] == "National digital education policy"
    assert stored["i18n"] == {"title_fr": FRENCH_TITLE, "summary_fr": FRENCH_SUMMARY}


def test_french_reader_sees_the_french_title_and_summary(client, policy):
    html = page(client, in_language("fr", "policies:detail", slug=policy.slug))
    assert f'<h1 id="record-title" lang="fr" dir="auto">{FRENCH_TITLE}</h1>' in html
    assert FRENCH_SUMMARY in html
    assert "Tablets and training" not in visible(html)
    assert "record__language-note" not in html


def test_russian_reader_sees_the_english_original_with_a_note_and_the_other_languages(
    client, policy
):
    with translation.override("ru"):
        url = reverse("policies:detail", kwargs={"slug": policy.slug})
    html = page(client, url)
    assert '<h1 id="record-title" lang="en" dir="auto">National digital education policy</h1>' in (
        html
    )
    assert FRENCH_TITLE not in visible(html)
    note = re.search(r'<p class="record__language-note">(.*?)</p>', html, re.S)
    assert note, "the page says the record is shown in its original language"
    # Catalogues may translate the sentence; the language names are in Russian either way.
    assert "английск" in note.group(1).lower()  # English
    assert "русск" in note.group(1).lower()  # Russian
    also = re.search(r'<p class="record__languages">(.*?)</p>', html, re.S).group(1)
    assert f'href="/en/policies/{policy.slug}/" lang="en" hreflang="en">English</a>' in also
    assert f'href="/fr/policies/{policy.slug}/" lang="fr" hreflang="fr">français</a>' in also
    assert "/es/" not in also


def test_english_reader_of_an_english_record_gets_no_note(client, policy):
    html = page(client, in_language("en", "policies:detail", slug=policy.slug))
    assert "record__language-note" not in html
    assert 'hreflang="fr">français</a></p>' in html


def test_cards_on_list_pages_show_the_readers_language_when_the_record_has_it(client, policy):
    fr = page(client, in_language("fr", "policies:list"))
    assert f'lang="fr" dir="auto">{FRENCH_TITLE}</a>' in fr
    es = page(client, in_language("es", "policies:list"))
    assert 'lang="en" dir="auto">National digital education policy</a>' in es


def test_searching_the_french_title_on_the_french_search_page_finds_the_record(client, policy):
    PolicyFactory(title="Something else entirely")
    html = page(client, in_language("fr", "search") + "?q=numérique+éducatif")
    assert in_language("fr", "policies:detail", slug=policy.slug) in html
    assert f'lang="fr" dir="auto">{FRENCH_TITLE}</a>' in html
    assert "Something else entirely" not in html


def test_french_stemming_applies_to_the_french_translation(client, policy):
    # "numériques" (plural) reaches "numérique" only through the French configuration.
    html = page(client, in_language("fr", "search") + "?q=politiques+numériques")
    assert policy.slug in html


def test_a_translated_title_weighs_like_a_title(client, policy):
    """Weight A: the record matched by its French title ranks above one that mentions the
    words only in its long text."""
    other = CaseStudyFactory(
        title="Unrelated", approach="Une politique du numérique éducatif, en passant."
    )
    html = page(client, in_language("fr", "search") + "?q=numérique+éducatif")
    assert html.index(policy.slug) < html.index(other.slug)


def test_a_translation_edited_later_is_searchable_at_once(client, policy):
    policy.title_es = "Política nacional de educación digital"
    policy.summary_es = "Tabletas y formación."
    policy.save()
    html = page(client, in_language("es", "search") + "?q=tabletas")
    assert policy.slug in html


def test_a_record_in_chinese_shows_no_note_to_a_chinese_reader(client):
    record = PolicyFactory(language="zh", title="国家教育信息化政策", summary="中文摘要。")
    html = page(client, in_language("zh-hans", "policies:detail", slug=record.slug))
    assert "record__language-note" not in html
    assert '<h1 id="record-title" lang="zh" dir="auto">国家教育信息化政策</h1>' in html


# --- the admin ---------------------------------------------------------------------------


def test_admin_edits_the_translations_side_by_side_in_a_translations_fieldset(policy):
    client = login(editor())
    response = client.get(admin_url(Policy, "change", policy.pk))
    html = response.content.decode()
    assert "Translations" in html
    assert f'value="{FRENCH_TITLE}"' in html
    # Each language's title and summary share one row.
    assert re.search(r'class="form-row[^"]*field-title_fr field-summary_fr', html)
    data = form_data(response, title_ru="Национальная политика", summary_ru="Планшеты.")
    response = client.post(admin_url(Policy, "change", policy.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    policy.refresh_from_db()
    assert policy.i18n["title_ru"] == "Национальная политика"
    assert policy.title == "National digital education policy"


def test_admin_refuses_a_translation_without_its_summary_or_in_the_originals_language(policy):
    client = login(editor())
    response = client.get(admin_url(Policy, "change", policy.pk))
    bad = form_data(response, title_es="Política", summary_es="", title_en="Again")
    response = client.post(admin_url(Policy, "change", policy.pk), bad)
    errors = response.context["adminform"].form.errors
    assert "summary_es" in errors
    assert "title_en" in errors


def test_emptying_a_translation_removes_it(policy):
    client = login(editor())
    response = client.get(admin_url(Policy, "change", policy.pk))
    data = form_data(response, title_fr="", summary_fr="")
    assert client.post(admin_url(Policy, "change", policy.pk), data).status_code == 302
    policy.refresh_from_db()
    assert policy.i18n == {}
    assert not policy.has_translation("fr")


# --- switcher and hreflang ---------------------------------------------------------------


def switcher(html):
    return re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)


def test_switcher_links_to_the_same_page_and_filters_in_every_language(client, policy):
    html = page(client, "/fr/policies/?country=KE&level=1&sort=title")
    nav = switcher(html)
    for code in ("ar", "zh-hans", "en", "ru", "es"):
        assert (
            f'<a href="/{code}/policies/?country=KE&amp;level=1&amp;sort=title" '
            f'lang="{code}" hreflang="{code}">' in nav
        )
    assert (
        '<a href="/fr/policies/?country=KE&amp;level=1&amp;sort=title" lang="fr" hreflang="fr" '
        'aria-current="true">français</a>' in nav
    )
    assert nav.count("<a ") == 6
    assert ">العربيّة<" in nav and ">简体中文<" in nav and ">Русский<" in nav


def test_switcher_on_a_record_page_points_to_the_record_in_the_other_language(client, policy):
    nav = switcher(page(client, in_language("en", "policies:detail", slug=policy.slug)))
    assert f'href="/ar/policies/{policy.slug}/"' in nav


def test_every_page_head_lists_its_language_versions_with_absolute_addresses(client, policy):
    html = page(client, "/es/policies/?country=KE")
    head = html[: html.index("</head>")]
    links = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', head)
    assert dict(links) == {
        **{
            code: f"http://testserver/{code}/policies/?country=KE"
            for code in ("ar", "zh-hans", "en", "fr", "ru", "es")
        },
        "x-default": "http://testserver/en/policies/?country=KE",
    }


@pytest.mark.parametrize(
    "url", ["/en/", "/ar/countries/", "/zh-hans/search/?q=x", "/ru/countries/KE/", "/fr/stats/"]
)
def test_hreflang_and_switcher_on_pages_of_every_kind(client, url, policy):
    html = page(client, url)
    assert html.count('<link rel="alternate" hreflang=') == 7
    assert switcher(html).count("<a ") == 6


def test_not_found_pages_keep_a_working_switcher(client):
    response = client.get("/fr/policies/no-such-policy/")
    assert response.status_code == 404
    assert 'href="/ar/policies/no-such-policy/"' in response.content.decode()


def test_admin_pages_have_no_language_links(client):
    client = login(editor())
    html = client.get(reverse("admin:index")).content.decode()
    assert "language-switcher" not in html


# --- names, numbers and order in the reader's language ------------------------------------


def test_language_of_a_record_is_named_in_the_readers_language(client):
    record = PolicyFactory(language="sw", doc_languages=["sw"])
    html = page(client, in_language("fr", "policies:detail", slug=record.slug))
    assert "swahili" in html.lower()
    html = page(client, in_language("zh-hans", "policies:detail", slug=record.slug))
    assert "斯瓦希里语" in html


def test_country_names_are_in_the_readers_language_and_sorted_by_them(client):
    # All four in Europe and North America, so listed in one table.
    for code in ("FR", "US", "ES", "DE"):
        PolicyFactory(countries=[code])
    html = page(client, in_language("fr", "countries"))
    # "États-Unis" sorts among the E's, not after "France" as code points would have it.
    names = ["Allemagne", "Espagne", "États-Unis", "France"]
    positions = [html.index(f">{name}") for name in names]
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    ("lang", "expected"), [("en", "12,345"), ("fr", "12 345"), ("ru", "12 345")]
)
def test_counts_are_grouped_the_readers_way(lang, expected):
    """A country table with a large count (as on the countries and region pages)."""
    from django.template.loader import render_to_string

    row = {"code": "KE", "name": "Kenya", "counts": {"policies": 12345}}
    with translation.override(lang):
        html = render_to_string("includes/country_table.html", {"countries": [row]})
    html = html.replace("\u202f", " ").replace("\xa0", " ")
    assert f"<td>{expected}</td>" in html


def test_dates_are_written_in_the_readers_language(client, policy):
    Policy.objects.filter(pk=policy.pk).update(last_verified="2024-03-05")
    html = page(client, in_language("fr", "policies:detail", slug=policy.slug))
    assert "5 mars 2024" in html
    html = page(client, in_language("es", "policies:detail", slug=policy.slug))
    assert "5 de marzo de 2024" in html


def test_draft_translations_stay_private(client):
    draft = PolicyFactory(status=Status.DRAFT, published_at=None, title_fr="Brouillon secret")
    draft.summary_fr = "Résumé."
    draft.save()
    html = page(client, in_language("fr", "search") + "?q=brouillon")
    assert "Brouillon secret" not in html


def test_title_order_follows_the_titles_the_reader_sees(client):
    PolicyFactory(title="Alpha", title_fr="Zèbre", summary_fr="Résumé.")
    PolicyFactory(title="Beta")
    fr = page(client, in_language("fr", "policies:list") + "?sort=title")
    assert fr.index(">Beta<") < fr.index(">Zèbre<")
    en = page(client, in_language("en", "policies:list") + "?sort=title")
    assert en.index(">Alpha<") < en.index(">Beta<")


def test_feeds_give_the_title_in_the_readers_language(client, policy):
    fr = client.get(in_language("fr", "policies:feed")).content.decode()
    assert FRENCH_TITLE in fr
    ru = client.get(in_language("ru", "policies:feed")).content.decode()
    assert "National digital education policy" in ru and FRENCH_TITLE not in ru


def test_the_cards_choice_labels_are_djangos_own_in_every_language():
    """The `display` filter (cards, country pages) keeps a table per language instead of
    calling get_<field>_display: it must give the very same label for every value."""
    from iite_portal.templatetags.portal import display

    policy, resource = PolicyFactory.build(), ResourceFactory.build()
    checked = 0
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for record, field in [
                (policy, "document_type"), (policy, "legal_status"),
                (resource, "resource_type"), (resource, "licence"),
            ]:  # fmt: skip
                for value, _label in record._meta.get_field(field).flatchoices:
                    setattr(record, field, value)
                    expected = getattr(record, f"get_{field}_display")()
                    assert display(record, field) == expected
                    checked += 1
    policy.document_type = policy._meta.get_field("document_type").flatchoices[0][0]
    names = set()
    for code in ("en", "fr"):
        with translation.override(code):
            names.add(display(policy, "document_type"))
    assert len(names) == 2  # a table per language: French is not served the English label
    resource.languages = ["fr", "en"]  # a list cannot key the table: looked up as Django does
    assert display(resource, "languages") == "['fr', 'en']"
    assert checked > 6 * 10


def test_facet_counts_are_written_as_each_language_writes_numbers():
    from iite_portal.facets import FacetResult, Option
    from iite_portal.templatetags.portal import facet_options

    facet = FacetResult("country", "Country", [Option("KE", "Kenya", 12345, False)])

    def count_in(language):
        with translation.override(language):
            return re.search(r'class="count">\((.*?)\)', facet_options(facet, "f")).group(1)

    assert count_in("en") == "12,345"
    assert count_in("fr") == "12\xa0345"
    assert count_in("es") == "12\xa0345"
    assert count_in("en") == "12,345"  # the same number, kept per language
