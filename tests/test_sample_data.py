"""Synthetic scale data: `manage.py generate_sample_data` makes exactly what is asked,
the same for the same seed, with tags, regions and constraints that hold."""

from collections import defaultdict

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from taggit.models import TaggedItem

from iite_portal.models import Status
from iite_portal.sample_data import sample_data_generate, tag_vocabulary
from iite_portal.vocab import regions_for
from oer.models import Resource
from policies.models import Policy
from practices.models import CaseStudy

from .factories import CaseStudyFactory, PolicyFactory

pytestmark = pytest.mark.django_db
MODELS = (Policy, CaseStudy, Resource)
COMPARED = (
    "slug",
    "title",
    "summary",
    "countries",
    "levels",
    "tag_names",
    "status",
    "published_at",
)


def generate(seed=1, practices=40, policies=30, oer=35, *extra):
    call_command(
        "generate_sample_data",
        "--practices", practices, "--policies", policies, "--oer", oer, "--seed", seed, *extra,
    )  # fmt: skip


def contents():
    return {m.__name__: list(m.objects.order_by("slug").values_list(*COMPARED)) for m in MODELS}


def test_it_creates_exactly_the_requested_number_of_each_kind():
    generate(practices=40, policies=30, oer=35)
    assert [m.objects.count() for m in (CaseStudy, Policy, Resource)] == [40, 30, 35]
    assert CaseStudy.objects.filter(slug__startswith="gen-practice-").count() == 40


def test_the_same_seed_gives_the_same_records_and_another_seed_different_ones():
    generate(seed=7)
    first = contents()
    generate(7, 40, 30, 35, "--clear")
    assert contents() == first
    generate(8, 40, 30, 35, "--clear")
    assert contents() != first


def test_tag_names_match_the_tagged_items_and_tags_have_a_long_tail():
    generate(practices=150, policies=150, oer=150)
    for model in MODELS:
        attached = defaultdict(list)
        for object_id, name in TaggedItem.objects.filter(
            content_type__model=model._meta.model_name
        ).values_list("object_id", "tag__name"):
            attached[object_id].append(name)
        for pk, tag_names in model.objects.values_list("pk", "tag_names"):
            assert tag_names, pk
            assert sorted(attached[pk], key=str.lower) == tag_names
    uses = list(
        TaggedItem.objects.values("tag")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("n", flat=True)
    )
    assert uses[0] >= 10 * uses[len(uses) // 2]  # a few tags are common, most are rare
    assert len(tag_vocabulary()) == 400


def test_regions_follow_the_countries_and_countries_are_skewed():
    generate(practices=200, policies=200, oer=200)
    frequency = defaultdict(int)
    for model in MODELS:
        for countries, regions in model.objects.values_list("countries", "regions"):
            assert 1 <= len(countries) <= 4
            assert countries == sorted(set(countries))
            assert regions == regions_for(countries)
            for code in countries:
                frequency[code] += 1
    counts = sorted(frequency.values(), reverse=True)
    assert counts[0] >= 8 * counts[len(counts) // 2]
    for origin, countries in Resource.objects.exclude(origin_country="").values_list(
        "origin_country", "countries"
    ):
        assert origin in countries


def test_generated_records_pass_the_models_own_validation():
    generate(practices=60, policies=60, oer=60)
    for model in MODELS:
        for record in model.objects.all():
            record.full_clean(validate_unique=False)  # choices, lengths, constraints
            if record.status == Status.PUBLISHED:
                assert record.published_at is not None


def test_texts_have_realistic_lengths():
    generate(practices=50, policies=100, oer=10)
    summaries = [
        len(s.split()) for m in MODELS for s in m.objects.values_list("summary", flat=True)
    ]
    assert min(summaries) >= 30 and max(summaries) <= 110
    for study in CaseStudy.objects.all():
        narrative = [getattr(study, name) for name in CaseStudy.NARRATIVE_FIELDS]
        assert sum(len(text.split()) for text in narrative) >= 100
    documents = [t for t in Policy.objects.values_list("document_text", flat=True) if t]
    assert 10 <= len(documents) <= 60
    assert all(len(text.split()) >= 120 for text in documents)


def test_the_drafts_share_sets_how_many_records_are_not_published():
    generate(1, 100, 100, 100, "--drafts-share", "0")
    assert not any(m.objects.exclude(status=Status.PUBLISHED).exists() for m in MODELS)
    generate(1, 100, 100, 100, "--drafts-share", "0.5", "--clear")
    unpublished = sum(m.objects.exclude(status=Status.PUBLISHED).count() for m in MODELS)
    assert 100 <= unpublished <= 200
    assert CaseStudy.objects.filter(status=Status.DRAFT, published_at__isnull=False).count() == 0


def test_running_again_adds_records_after_the_existing_ones():
    generate(practices=5, policies=5, oer=5)
    generate(practices=5, policies=5, oer=5)
    assert Policy.objects.count() == 10
    assert Policy.objects.filter(slug="gen-policy-10").exists()


def test_clear_removes_only_generated_records_with_their_tags_and_links():
    generate(practices=20, policies=20, oer=20)
    kept = CaseStudyFactory(slug="gen-z-learning-club", tags=["coding"])
    kept.related_policies.add(Policy.objects.get(slug="gen-policy-3"))
    kept_policy = PolicyFactory(amends=Policy.objects.get(slug="gen-policy-4"))
    call_command("generate_sample_data", "--clear")
    assert list(CaseStudy.objects.values_list("slug", flat=True)) == ["gen-z-learning-club"]
    assert list(Policy.objects.all()) == [kept_policy]
    assert not Resource.objects.exists()
    kept_policy.refresh_from_db()
    assert kept_policy.amends is None
    assert kept.related_policies.count() == 0
    assert list(TaggedItem.objects.values_list("object_id", flat=True)) == [kept.pk]


def test_generated_links_join_existing_records():
    generate(practices=100, policies=50, oer=50)
    assert CaseStudy.objects.filter(related_policies__isnull=False).exists()
    assert CaseStudy.objects.filter(related_resources__isnull=False).exists()
    assert Resource.objects.filter(related_policies__isnull=False).exists()


@pytest.mark.parametrize("args", [["--policies", "-1"], ["--drafts-share", "2"], ["--oer", "many"]])
def test_bad_arguments_are_refused_with_a_message(args):
    with pytest.raises(CommandError):
        call_command("generate_sample_data", *args)


def test_the_function_reports_what_it_made():
    made = sample_data_generate(practices=3, policies=2, oer=1, seed=3)
    assert (made.practices, made.policies, made.oer) == (3, 2, 1)


def test_bulk_search_vectors_and_words_are_what_the_trigger_makes(monkeypatch):
    # Small batches, so that the indexer hands over several per kind.
    monkeypatch.setattr("iite_portal.sample_data.BATCH_RECORDS", 7)
    generate(practices=20, policies=15, oer=16)
    from django.db import connection

    from iite_portal.models import SearchTerm

    # "Did you mean ...?" knows the words of the generated titles and tags, read before the
    # UPDATE below makes the trigger add them again.
    names = [t for m in MODELS for t in m.objects.values_list("title", flat=True)]
    names += [t for m in MODELS for ts in m.objects.values_list("tag_names", flat=True) for t in ts]
    words = {w.lower() for name in names for w in name.split()}
    known = set(SearchTerm.objects.values_list("word", flat=True))
    assert {w for w in words if len(w) >= 3 and w.isalpha()} <= known
    for model in MODELS:
        table = model._meta.db_table
        with connection.cursor() as cursor:
            # Table names come from the models.
            cursor.execute(f"SELECT id, search_vector::text FROM {table} ORDER BY id")  # noqa: S608
            bulk = cursor.fetchall()
            # The trigger recomputes the vectors.
            cursor.execute(f"UPDATE {table} SET search_vector = NULL")  # noqa: S608
            cursor.execute(f"SELECT id, search_vector::text FROM {table} ORDER BY id")  # noqa: S608
            assert cursor.fetchall() == bulk
        assert len(bulk) == model.objects.count() > 7
        assert all(vector for _id, vector in bulk)


def test_generated_records_are_found_by_search_and_listed_in_the_facets():
    generate(practices=12, policies=0, oer=0)
    study = CaseStudy.objects.filter(status=Status.PUBLISHED).order_by("id").first()
    assert study in CaseStudy.objects.search(study.title)
    from django.db import connection

    from iite_portal.facets import Rollup  # noqa: F401 (the rollup is rebuilt after the load)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n FROM iite_facet_rollup WHERE kind = 'practices_casestudy'"
            " AND anchor = '' AND key = '_total=' AND year = %s",
            [study.start_year if study.start_year is not None else -1],
        )
        assert (
            cursor.fetchone()[0]
            == CaseStudy.objects.filter(
                status=Status.PUBLISHED, start_year=study.start_year
            ).count()
        )


def test_an_error_while_making_records_writes_nothing_and_stops_the_indexer(monkeypatch):
    import threading

    from iite_portal.sample_data import SampleGenerator

    made = {"n": 0}
    real = SampleGenerator.case_study

    def failing(self, slug):
        made["n"] += 1
        if made["n"] == 9:
            raise RuntimeError("generator broke")
        return real(self, slug)

    monkeypatch.setattr("iite_portal.sample_data.BATCH_RECORDS", 4)
    monkeypatch.setattr(SampleGenerator, "case_study", failing)
    with pytest.raises(RuntimeError, match="generator broke"):
        sample_data_generate(practices=20, policies=6, oer=6, seed=1)
    assert [m.objects.count() for m in MODELS] == [0, 0, 0]
    assert not TaggedItem.objects.exists()
    assert not any(t.name == "sample-data-indexer" for t in threading.enumerate())


def test_a_failure_while_loading_stops_the_indexer_and_closes_its_session(monkeypatch):
    import threading

    from django.db import connection

    from iite_portal import sample_data

    def backends():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            )
            return cursor.fetchone()[0]

    before = backends()
    loaded = {"n": 0}
    real = sample_data._batch_loaded

    def failing(batch):
        loaded["n"] += 1
        if loaded["n"] == 2:  # the indexer is still making batches, or waiting to hand one
            raise RuntimeError("loader broke")
        return real(batch)

    monkeypatch.setattr(sample_data, "BATCH_RECORDS", 3)
    monkeypatch.setattr(sample_data, "_batch_loaded", failing)
    with pytest.raises(RuntimeError, match="loader broke"):
        sample_data_generate(practices=30, policies=12, oer=12, seed=1)
    assert [m.objects.count() for m in MODELS] == [0, 0, 0]
    assert not any(t.name == "sample-data-indexer" for t in threading.enumerate())
    assert backends() == before  # the indexer's session is closed
