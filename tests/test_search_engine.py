"""The search engine: a judged set of queries, query syntax, languages, countries,
snippets, suggestions, and edits searchable in the same transaction."""

import io

import pytest
from django.db import connection

from iite_portal import search
from iite_portal.workflow import record_set_tags
from policies.models import Policy
from tests.factories import CaseStudyFactory, PolicyFactory, ResourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    """A small collection in several languages; the judged queries below refer to slugs."""
    PolicyFactory(
        slug="ke-literacy",
        title="Digital Literacy Programme Policy",
        summary="Devices and training for primary school teachers.",
        countries=["KE"],
        document_text=(
            "Part one. Scope of the policy and definitions. "
            * 40
            + "The ministry will install photovoltaic panels to power classroom servers "
            "in arid counties. " + "Part three. Financing and review. " * 40
        ),
    )
    PolicyFactory(
        slug="sn-numerique",
        language="fr",
        title="Stratégie nationale du numérique éducatif",
        summary="Former les enseignants au numérique dans toutes les écoles.",
        countries=["SN"],
    )
    PolicyFactory(
        slug="co-educacion",
        language="es",
        title="Política de educación digital",
        summary="Conectividad para las escuelas rurales del país.",
        countries=["CO"],
    )
    PolicyFactory(
        slug="ru-sreda",
        language="ru",
        title="Концепция цифровой образовательной среды",
        summary="Электронные учебники и платформы для школ.",
        countries=["RU"],
    )
    PolicyFactory(
        slug="cn-plan",
        language="zh",
        title="教育信息化2.0行动计划",
        summary="推进教育信息化，建设智慧校园。",
        countries=["CN"],
    )
    PolicyFactory(
        slug="jo-strategy",
        language="ar",
        title="استراتيجية التعليم الرقمي",
        summary="تدريب المعلمين على استخدام التكنولوجيا في المدارس.",
        countries=["JO"],
    )
    CaseStudyFactory(
        slug="mw-tablets",
        title="Tablets for girls in rural Malawi",
        summary="Girls learn mathematics with tablets in small groups.",
        countries=["MW"],
        approach="Teachers were trained, and radio lessons were broadcast on weekends.",
    )
    CaseStudyFactory(
        slug="sl-radio",
        title="Interactive radio instruction in Sierra Leone",
        summary="Lessons on the radio kept children learning during school closures.",
        countries=["SL"],
        approach="Radio worked where television did not reach.",
    )
    CaseStudyFactory(
        slug="fj-television",
        title="Educational television for remote islands",
        summary="Television and radio programmes for island schools.",
        countries=["FJ"],
        approach="Programmes were recorded with schools.",
    )
    CaseStudyFactory(
        slug="ke-solar",
        title="Solar classrooms in Turkana",
        summary="Solar power for computer labs in remote schools.",
        countries=["KE"],
    )
    ResourceFactory(
        slug="za-maths",
        title="Open mathematics textbook for secondary schools",
        summary="A free textbook for grades 10 to 12, openly licensed.",
        countries=["ZA"],
    )
    ResourceFactory(
        slug="ke-teachers",
        title="Teacher training course on digital skills",
        summary="A self-paced course for teachers, with certificates.",
        countries=["KE"],
    )
    ResourceFactory(
        slug="co-bibliotecas",
        language="es",
        title="Bibliotecas digitales de Bogotá",
        summary="Libros abiertos para estudiantes de Bogotá.",
        countries=["CO"],
    )


def top(query, n=3, **filters):
    rows = search.search_rows(kinds=list(search.KINDS), q=query, **filters)[:n]
    records = search.records_for_rows(list(rows))
    return [record.slug for record in records]


# (query, slugs expected among the first three, slugs that must not be found at all)
JUDGED = [
    ("textbooks", {"za-maths"}, set()),  # stemmed: plural finds the singular title word
    ("tablet", {"mw-tablets"}, set()),  # stemmed: singular finds the plural
    ('"school closures"', {"sl-radio"}, {"fj-television", "mw-tablets"}),  # phrase
    ("tablets or television", {"mw-tablets", "fj-television"}, {"ke-solar"}),  # or
    ("radio -television", {"mw-tablets"}, {"sl-radio", "fj-television"}),  # exclusion
    ("photovoltaic", {"ke-literacy"}, set()),  # only inside the PDF text
    ("numérique", {"sn-numerique"}, set()),  # accented spelling
    ("numerique", {"sn-numerique"}, set()),  # unaccented spelling
    ("educacion", {"co-educacion"}, set()),  # unaccented Spanish
    ("Bogota", {"co-bibliotecas"}, set()),  # unaccented place name
    ("Afrique du Sud", {"za-maths"}, set()),  # country name in French
    ("Sénégal", {"sn-numerique"}, set()),  # country name in French, accented
    ("Кения", {"ke-literacy", "ke-solar", "ke-teachers"}, set()),  # Russian
    ("كينيا", {"ke-literacy", "ke-solar", "ke-teachers"}, set()),  # Arabic
    ("Kenia", {"ke-literacy", "ke-solar", "ke-teachers"}, set()),  # Spanish
    ("肯尼亚", {"ke-literacy", "ke-solar", "ke-teachers"}, set()),  # Chinese
    ("Sierra Leone", {"sl-radio"}, set()),  # a country name of two words
    ("信息化", {"cn-plan"}, set()),  # a Chinese word inside a title
    ("цифровых", {"ru-sreda"}, set()),  # Russian, another case of the title word
    ("escuela rural", {"co-educacion"}, set()),  # Spanish stemming
    ("التعليم", {"jo-strategy"}, set()),  # Arabic title word
    ("Kenya teachers", {"ke-teachers", "ke-literacy"}, {"mw-tablets"}),  # country and word
]


@pytest.mark.parametrize(("query", "expected", "excluded"), JUDGED, ids=[q for q, *_ in JUDGED])
def test_judged_query_finds_the_expected_records_in_the_top_three(
    records, query, expected, excluded
):
    assert expected <= set(top(query)), top(query)
    assert not excluded & set(top(query, n=50))


def test_a_title_match_ranks_above_a_match_in_the_text(records):
    assert top("radio")[0] == "sl-radio"


def test_a_recent_record_ranks_above_an_equal_older_one():
    old = PolicyFactory(title="Broadband plan", published_at="2015-01-01T00:00:00Z")
    new = PolicyFactory(title="Broadband plan", published_at="2025-01-01T00:00:00Z")
    assert top("broadband", n=2) == [new.slug, old.slug]


def test_sort_by_title_and_by_newest(records):
    by_title = top("Kenya", sort="title")
    assert by_title == ["ke-literacy", "ke-solar", "ke-teachers"]  # D, S, T
    assert len(top("Kenya", sort="newest")) == 3


def test_queryset_search_filters_and_annotates_rank(records):
    found = list(Policy.objects.search("digital").order_by("-rank"))
    assert {p.slug for p in found} == {"ke-literacy", "co-educacion"}
    assert all(p.rank > 0 for p in found)


@pytest.mark.parametrize(
    "query",
    ["", "   ", "& | ! : * ( ) ' \" < >", "\x00", "a\x00b", "x" * 10_000, '"', "-", "or or"],
)
def test_no_input_raises_and_input_without_words_matches_nothing(records, query):
    assert list(Policy.objects.search(query)) == []


def test_metacharacters_around_a_word_are_ignored(records):
    assert "mw-tablets" in top("tablets:* & !(|)")


def test_a_ten_kilobyte_query_is_cut_not_refused(records):
    assert top("tablets " + "zzz " * 2500) == []  # every word must match


def test_parse_query_reads_websearch_syntax():
    groups = search.parse_query('solar "school closures" -radio or Kenia')
    assert groups == [
        [
            search.Term("solar"),
            search.Term("school closures"),
            search.Term("radio", negated=True),
        ],
        [search.Term("Kenia", country="KE")],
    ]


def test_country_names_cover_the_six_un_languages():
    names = search.country_names()
    for name in ["Kenia", "Кения", "肯尼亚", "كينيا", "Côte d’Ivoire", "Russian Federation"]:
        assert search.normalise(name) in names, name


def test_snippet_shows_the_matching_passage_of_the_pdf_text(records):
    policy = Policy.objects.get(slug="ke-literacy")
    search.add_snippets([policy], "photovoltaic")
    assert "<mark>photovoltaic</mark> panels" in policy.snippet
    assert "Financing" not in policy.snippet.split("photovoltaic")[0]


def test_snippets_escape_the_record_text_and_keep_only_our_marks():
    record = CaseStudyFactory(
        title="Energy",
        summary='<script>alert("x")</script> solar & wind, 3 < 4, \ue000 fake marker <b>',
    )
    search.add_snippets([record], "solar")
    html = str(record.snippet)
    assert "<mark>solar</mark> &amp; wind" in html
    assert "&lt;" in html  # the lone "<" of "3 < 4", escaped
    assert html.count("<mark>") == html.count("</mark>") == 1
    without_marks = html.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in without_marks and ">" not in without_marks


def test_snippets_for_a_page_of_mixed_kinds_take_one_query(records, django_assert_num_queries):
    shown = search.records_for_rows(list(search.search_rows(kinds=list(search.KINDS), q="Kenya")))
    with django_assert_num_queries(1):
        search.add_snippets(shown, "Kenya")
    assert {type(r).__name__ for r in shown} == {"Policy", "CaseStudy", "Resource"}


def test_a_chinese_snippet_is_highlighted_without_spaces_between_characters(records):
    policy = Policy.objects.get(slug="cn-plan")
    search.add_snippets([policy], "信息化")
    assert "<mark>信息化</mark>" in policy.snippet


def test_a_misspelling_gets_a_suggestion_that_finds_the_record(records):
    assert top("mathematcs") == []
    suggestion = search.suggest("mathematcs textbok")
    assert suggestion == "mathematics textbook"
    assert "za-maths" in top(suggestion)


def test_a_correct_query_gets_no_suggestion(records):
    assert search.suggest("tablets") is None


def test_tags_are_searchable_and_feed_suggestions():
    record = CaseStudyFactory(title="Coding clubs")
    record_set_tags(record=record, names=["robotics"])
    assert top("robotics") == [record.slug]
    assert search.suggest("robotcs") == "robotics"


def test_a_saved_edit_is_searchable_in_the_same_transaction():
    record = PolicyFactory(title="Connectivity plan", summary="Fibre for schools.")
    assert top("connectivity") == [record.slug]
    record.title = "Broadband masterplan"
    record.save()
    assert top("masterplan") == [record.slug]
    assert top("connectivity") == []
    record.countries = ["PE"]
    record.save()
    assert top("Perú") == [record.slug]


def test_every_record_row_has_a_vector_written_by_the_trigger(records):
    with connection.cursor() as cursor:
        for table in ("policies_policy", "practices_casestudy", "oer_resource"):
            cursor.execute(f"SELECT count(*) FROM {table} WHERE search_vector IS NULL")  # noqa: S608
            assert cursor.fetchone() == (0,)


def test_rebuilding_the_word_list_drops_words_no_record_uses(records):
    from django.core.management import call_command

    from iite_portal.models import SearchTerm

    record = CaseStudyFactory(title="Xylophone workshops")
    record.title = "Music workshops"
    record.save()
    assert SearchTerm.objects.filter(word="xylophone").exists()
    out = io.StringIO()
    call_command("search_terms_rebuild", stdout=out)
    assert out.getvalue().endswith(" words\n")
    assert not SearchTerm.objects.filter(word="xylophone").exists()
    assert SearchTerm.objects.filter(word__in=["music", "kenia", "numérique"]).count() == 3


def test_search_works_inside_a_subquery_and_with_other_filters(records):
    inner = Policy.objects.search("digital").values("pk")
    outer = Policy.objects.filter(pk__in=inner).for_country("CO")
    assert [p.slug for p in outer] == ["co-educacion"]


def test_a_passage_deep_inside_a_long_pdf_text_is_the_snippet():
    filler = "Article on general provisions and definitions. " * 5000  # ~240 KB
    passage = "Every school gets a geothermal heater. "
    policy = PolicyFactory(document_text=filler + passage + filler)
    search.add_snippets([policy], "geothermal")
    assert "<mark>geothermal</mark> heater" in policy.snippet


def test_a_term_becomes_each_of_its_distinct_forms_once():
    """The planner reads every alternative of a tsquery as another chance to match: a term
    repeated once per language made it guess too many matches and read the whole catalogue
    newest first (seconds at scale). Each distinct form must appear once, none lost."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT iite_term_query('cybersecurity')::text")
        alternatives = cursor.fetchone()[0].split(" | ")
        cursor.execute("SELECT iite_term_query('the')::text, iite_term_query('Kenya')::text")
        stopword, country = cursor.fetchone()
    assert sorted(alternatives) == ["'cybersecur'", "'cybersecurity'"]
    assert stopword == "'the'"  # a stop word in English is still a word as written
    assert "'kenya'" in country.split(" | ")


@pytest.mark.parametrize("sort", ["relevance", "newest", "title"])
@pytest.mark.parametrize("kinds", [["practices", "policies", "oer"], ["policies"]])
def test_the_one_query_page_of_matches_is_the_page_the_full_ordering_gives(sort, kinds):
    """The search page's one query (matches_page) counts each kind's newest matches and
    pages through them in the order search_rows gives over all of them: the same rows in
    the same order on every page, ties on rank and date included, only each kind's
    `limit` newest, and the counts per kind."""
    from django.utils import timezone

    same_day = timezone.now() - timezone.timedelta(days=3)
    for n in range(7):  # equal ranks, dates and titles across kinds: the tie-breakers decide
        when = same_day if n % 2 else same_day - timezone.timedelta(days=n)
        PolicyFactory(title=f"Solar schools {n % 3}", summary="Solar panels.", published_at=when)
        CaseStudyFactory(title=f"Solar schools {n % 3}", summary="Solar.", published_at=when)
        ResourceFactory(title=f"Lessons {n}", summary="Solar " * (n + 1), published_at=when)
    limit, size = 5, 3  # fewer than the matches of each kind: the oldest are left out
    plans = search.newest_first_plans(list(search.KINDS), limit=limit, q="solar")
    expected = [
        (r["kind"], r["pk"], r["rank"])
        for r in search.search_rows(kinds=kinds, sort=sort, limit=limit, plans=plans, q="solar")
    ]
    assert len(expected) == limit * len(kinds)
    pages = []
    for offset in range(0, len(expected) + size, size):
        counts, rows = search.matches_page(
            shown=kinds, sort=sort, limit=limit, offset=offset, size=size, plans=plans, q="solar"
        )
        assert counts == {"practices": limit + 1, "policies": limit + 1, "oer": limit + 1}
        pages += [(r["kind"], r["pk"], r["rank"]) for r in rows]
    assert [row[:2] for row in pages] == [row[:2] for row in expected]
    if sort == "relevance":
        assert [row[2] for row in pages] == pytest.approx([row[2] for row in expected])
        assert len({row[2] for row in pages}) > 1  # the ranks differ: the order means something
