"""Synthetic records at scale for benchmarks: `manage.py generate_sample_data`.

Rows go into PostgreSQL with COPY, streamed while they are made, so the database checks
every constraint as for any insert. (`bulk_create` in batches of 5000 took about 10 s per
10,000 records here, mostly in Django's SQL compiler; COPY makes 100,000 in a fraction of a
minute.) The data is deterministic for a seed (only Python's `random`) and imitates a real
catalogue: summaries of 40-80 words, case studies with narrative sections of a paragraph or
two, some policies with the text of their document, tags from a vocabulary of 400 names
with a long tail (Zipf), countries skewed the same way, and a share of drafts. Nothing goes
through `save()`, so the derived fields (regions, tag_names, published_at) are computed here.

Every generated slug is `gen-<kind>-<number>`, a pattern that the demo content and editors'
records do not use, so `sample_data_clear()` removes exactly the generated records."""

import contextlib
import datetime
import itertools
import json
import queue
import random
import tempfile
import threading
import typing
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models.functions import Cast, Substr
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

from oer.models import Accessibility, Resource, ResourceType
from policies.models import DocumentType, LegalStatus, Policy, Scope, Theme
from practices.models import CaseStudy, Connectivity, EvidenceType, OrganisationType, TargetGroup

from .facet_sql import facet_rollup_rebuild_sql, rollup_table
from .models import Status
from .search_sql import vector_function, words_function
from .vocab import DATA_DIR, Isced, Licence, country_name, region_map, regions_for

COPY_CHUNK = 1 << 16  # bytes sent to the server at a time
SLUG_PREFIX = {Policy: "gen-policy-", Resource: "gen-oer-", CaseStudy: "gen-practice-"}
GENERATED_SLUG = r"^gen-(policy|oer|practice)-[0-9]+$"
# Fixed reference time, so that the same seed gives the same dates on any day.
EPOCH = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)

# Words the synthetic text, titles and tags are made of.
with open(DATA_DIR / "sample_words.json", encoding="utf-8") as fh:
    WORDS = {name: tuple(words) for name, words in json.load(fh).items()}
SUBJECTS = WORDS["subjects"]
VERBS = WORDS["verbs"]
OBJECTS = WORDS["objects"]
SETTINGS = WORDS["settings"]
CLAUSES = WORDS["clauses"]
TOPICS = WORDS["topics"]
POLICY_FORMS = WORDS["policy_forms"]
SUBJECT_AREAS = WORDS["subject_areas"]
ORGANISATIONS = WORDS["organisations"]
PUBLISHERS = WORDS["publishers"]
TAG_TOPICS = WORDS["tag_topics"]
TAG_QUALIFIERS = WORDS["tag_qualifiers"]

# Choice values as plain lists, read once (TextChoices.values builds a new list each time).
VALUES = {
    choices: choices.values
    for choices in (
        Accessibility,
        Connectivity,
        DocumentType,
        EvidenceType,
        LegalStatus,
        Licence,
        OrganisationType,
        ResourceType,
        Scope,
        TargetGroup,
        Theme,
    )
}
# Most OER in the wild carry CC BY or CC BY-SA; the rest share the remainder.
LICENCE_WEIGHTS = {"CC-BY-4.0": 30, "CC-BY-SA-4.0": 20, "CC-BY-NC-SA-4.0": 15, "CC0-1.0": 8}


def tag_vocabulary(size: int = 400) -> list[str]:
    """Tag names in rank order: plain topics first (common), qualified ones after (rare)."""
    qualified = (f"{q} {t}" for t in TAG_TOPICS for q in TAG_QUALIFIERS)
    return list(itertools.islice(itertools.chain(TAG_TOPICS, qualified), size))


def zipf_weights(n: int, exponent: float = 1.0) -> list[float]:
    """Cumulative Zipf weights for ranks 1..n, for `random.choices(cum_weights=...)`."""
    return list(itertools.accumulate(1 / rank**exponent for rank in range(1, n + 1)))


# --- Generation ---------------------------------------------------------------------------


@dataclass
class Counts:
    policies: int = 0
    oer: int = 0
    practices: int = 0


class SampleGenerator:
    """Makes unsaved records; one `random.Random(seed)` drives every choice."""

    def __init__(self, *, seed: int, drafts_share: float, tag_names: list[str]):
        self.rng = random.Random(seed)  # noqa: S311 (reproducible data, not secrets)
        self.seed = seed
        self.drafts_share = drafts_share
        self.codes = sorted(region_map())
        self.rng.shuffle(self.codes)  # which countries are the frequent ones depends on the seed
        self.country_weights = zipf_weights(len(self.codes))
        self.tag_names = tag_names  # in rank order: the first are the most used
        self.tag_weights = zipf_weights(len(self.tag_names), 1.1)
        self.sentences = [self._sentence() for _ in range(5000)]
        self.words_per_sentence = sum(len(s.split()) for s in self.sentences) / len(self.sentences)

    # Text
    def _sentence(self) -> str:
        rng = self.rng
        words = [rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(SETTINGS)]
        if rng.random() < 0.6:
            words[-1] += "," + " " + rng.choice(CLAUSES)
        return " ".join(words) + "."

    def words(self, low: int, high: int) -> str:
        """Whole sentences adding up to about `low` to `high` words."""
        count = max(1, round(self.rng.randint(low, high) / self.words_per_sentence))
        return " ".join(self.rng.choices(self.sentences, k=count))

    def paragraphs(self, low: int, high: int) -> str:
        count = self.rng.randint(low, high)
        return "\n\n".join(self.words(40, 90) for _ in range(count))

    # Shared fields
    def countries(self, low: int, high: int) -> list[str]:
        wanted, picked = self.rng.randint(low, high), set()
        while len(picked) < wanted:
            picked.add(self.rng.choices(self.codes, cum_weights=self.country_weights)[0])
        return sorted(picked)

    def levels(self) -> list[str]:
        values = [level.value for level in Isced]
        start = self.rng.randrange(9)
        levels = values[start : start + self.rng.randint(1, 3)]
        if self.rng.random() < 0.1:
            levels.append(Isced.NON_FORMAL.value)
        return levels

    def tags(self) -> list[str]:
        picked = self.rng.choices(
            self.tag_names, cum_weights=self.tag_weights, k=self.rng.randint(1, 6)
        )
        return sorted(set(picked), key=str.lower)

    def common(self, slug: str, title: str, countries: list[str]) -> dict:
        rng = self.rng
        if rng.random() >= self.drafts_share:
            status = Status.PUBLISHED
        else:
            status = rng.choices([Status.DRAFT, Status.REVIEW, Status.WITHDRAWN], [6, 3, 1])[0]
        published = status in (Status.PUBLISHED, Status.WITHDRAWN)
        when = EPOCH - datetime.timedelta(seconds=rng.randrange(6 * 365 * 86400))
        return {
            "slug": slug,
            "title": title[:300],
            "summary": self.words(40, 80),
            "countries": countries,
            "regions": regions_for(countries),
            "levels": self.levels(),
            "tag_names": self.tags(),
            "status": status,
            "published_at": when if published else None,
            "featured": published and rng.random() < 0.005,
            "source": f"Synthetic record made by generate_sample_data (seed {self.seed}).",
            "last_verified": (when + datetime.timedelta(days=rng.randrange(200))).date(),
        }

    def year_span(self, ongoing_share: float) -> tuple[int, int | None]:
        start = self.rng.randint(1995, 2025)
        if self.rng.random() < ongoing_share:
            return start, None
        return start, min(start + self.rng.randint(0, 9), 2030)

    # The three kinds
    def policy(self, slug: str) -> dict:
        rng = self.rng
        scope = rng.choices(VALUES[Scope], [90, 7, 3])[0]
        countries = self.countries(2, 4) if scope == Scope.MULTINATIONAL else self.countries(1, 1)
        topic = rng.choice(TOPICS)
        start, end = self.year_span(0.3)
        title = rng.choice(POLICY_FORMS).format(topic)
        if end and rng.random() < 0.5:
            title += f" {start}-{end}"
        if rng.random() < 0.3:
            title = f"{country_name(countries[0])}: {title}"
        return dict(
            **self.common(slug, title, countries),
            scope=scope,
            jurisdiction="Province of the north" if scope == Scope.SUBNATIONAL else "",
            issuing_body=rng.choice(ORGANISATIONS[:3]),
            document_type=rng.choice(VALUES[DocumentType]),
            legal_status=rng.choices(VALUES[LegalStatus], [60, 15, 15, 10])[0],
            adopted_year=start,
            start_year=start,
            end_year=end,
            doc_languages=rng.sample(["en", "fr", "es", "ar", "ru", "zh", "pt"], rng.randint(1, 2)),
            official_url=f"https://policies.example.org/{slug}" if rng.random() < 0.6 else "",
            document_text=self.paragraphs(3, 8) if rng.random() < 0.3 else "",
            themes=rng.sample(VALUES[Theme], rng.randint(1, 4)),
        )

    def resource(self, slug: str) -> dict:
        rng = self.rng
        countries = self.countries(1, 3)
        origin = rng.choice(countries) if rng.random() < 0.6 else ""
        kind = rng.choice(VALUES[ResourceType])
        subjects = rng.sample(SUBJECT_AREAS, rng.randint(1, 3))
        label = ResourceType(kind).label.lower()
        title = f"{subjects[0].capitalize()}: {label} on {rng.choice(OBJECTS)}"
        return dict(
            **self.common(slug, title, countries),
            url=f"https://oer.example.org/{slug}",
            publisher=rng.choice(PUBLISHERS),
            resource_type=kind,
            subjects=subjects,
            languages=rng.sample(
                ["en", "fr", "es", "ar", "ru", "zh", "pt", "sw"], rng.randint(1, 2)
            ),
            licence=rng.choices(
                VALUES[Licence], [LICENCE_WEIGHTS.get(v, 1) for v in VALUES[Licence]]
            )[0],
            accessibility=rng.sample(VALUES[Accessibility], rng.randint(0, 3)),
            offline=rng.random() < 0.4,
            low_bandwidth=rng.random() < 0.5,
            origin_country=origin,
            year=rng.randint(2000, 2026),
        )

    def case_study(self, slug: str) -> dict:
        rng = self.rng
        countries = self.countries(1, 3)
        start, end = self.year_span(0.4)
        obj, setting = rng.choice(OBJECTS), rng.choice(SETTINGS)
        title = f"{obj[0].upper()}{obj[1:]} {setting} in {country_name(countries[0])}"
        narrative = {
            name: self.paragraphs(1, 2) if rng.random() < 0.75 else ""
            for name in CaseStudy.NARRATIVE_FIELDS
        }
        return dict(
            **self.common(slug, title, countries),
            **narrative,
            organisation=rng.choice(ORGANISATIONS),
            organisation_type=rng.choice(VALUES[OrganisationType]),
            partners=", ".join(rng.sample(ORGANISATIONS, rng.randint(0, 3))),
            start_year=start,
            end_year=end,
            ongoing=end is None,
            target_groups=rng.sample(VALUES[TargetGroup], rng.randint(1, 3)),
            learners_reached=int(rng.lognormvariate(8, 2)) if rng.random() < 0.7 else None,
            teachers_reached=int(rng.lognormvariate(5, 1.5)) if rng.random() < 0.5 else None,
            schools_reached=int(rng.lognormvariate(3, 1.5)) if rng.random() < 0.5 else None,
            technologies=", ".join(rng.sample(OBJECTS, 2)),
            connectivity=rng.choice(VALUES[Connectivity]),
            open_tools=rng.random() < 0.5,
            evidence_types=rng.sample(VALUES[EvidenceType], rng.randint(0, 2)),
        )


# --- Writing ------------------------------------------------------------------------------


def _tag_ids(names: list[str]) -> dict[str, int]:
    """Ids of the vocabulary's tags, creating the missing ones (one tag space for all)."""
    existing = dict(Tag.objects.filter(name__in=names).values_list("name", "id"))
    taken = set(Tag.objects.values_list("slug", flat=True))
    new = []
    for name in names:
        if name not in existing:
            slug = base = slugify(name)
            for n in itertools.count(2):
                if slug not in taken:
                    break
                slug = f"{base}-{n}"
            taken.add(slug)
            new.append(Tag(name=name, slug=slug))
    Tag.objects.bulk_create(new)
    return {**existing, **{tag.name: tag.id for tag in new}}


def _next_number(model) -> int:
    prefix = SLUG_PREFIX[model]
    highest = (
        model.objects.filter(slug__regex=rf"^{prefix}[0-9]+$")
        .annotate(n=Cast(Substr("slug", len(prefix) + 1), models.BigIntegerField()))
        .aggregate(models.Max("n"))["n__max"]
    )
    return (highest or 0) + 1


def _copy_text(value) -> str:
    """A value in the text format of PostgreSQL's COPY (arrays as array literals)."""
    if type(value) is str:
        if "\\" in value or "\n" in value or "\t" in value or "\r" in value:
            return _copy_escape(value)
        return value
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, list):
        items = (str(item).replace("\\", "\\\\").replace('"', '\\"') for item in value)
        return _copy_escape("{" + ",".join(f'"{item}"' for item in items) + "}")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return _copy_escape(str(value))


def _copy_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


class _RowStream:
    """A file-like object that turns rows into COPY text as PostgreSQL asks for more, so
    that Python makes the next rows while the server stores the previous ones (two cores)."""

    def __init__(self, lines):
        self.lines = lines
        self.pending = ""

    def read(self, size: int = -1) -> str:
        parts, length = [self.pending], len(self.pending)
        for line in self.lines:
            parts.append(line)
            length += len(line)
            if 0 <= size <= length:
                break
        text = "".join(parts)
        cut = len(text) if size < 0 else size
        self.pending = text[cut:]
        return text[:cut]

    readline = read


def _copy(table: str, columns: list[str], lines) -> None:
    """Insert rows (lines of COPY text, or a file of them) with COPY: far faster than
    INSERT, and every constraint is still checked."""
    quote = connection.ops.quote_name
    sql = f"COPY {quote(table)} ({', '.join(map(quote, columns))}) FROM STDIN"
    source = lines if hasattr(lines, "read") else _RowStream(lines)
    with connection.cursor() as cursor:
        cursor.copy_expert(sql, source, COPY_CHUNK)


def _new_ids(model, count: int) -> list[int]:
    """Take ids from the table's own sequence, so that rows can be copied with their id."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _columns(model) -> list:
    """The model's columns that a COPY fills: all but database-generated ones."""
    return [
        field for field in model._meta.concrete_fields if not getattr(field, "generated", False)
    ]


def _defaults(model, now) -> dict:
    """Values for the fields the generator leaves out, as Django would set them on save."""
    values = {}
    for field in _columns(model):
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            values[field.attname] = now
        elif not field.primary_key:
            values[field.attname] = field.get_default()
    return values


BATCH_RECORDS = 5_000  # records per batch: the indexer and the loader take turns by batch


@dataclass
class _Batch:
    """Records made and indexed by the indexer: their ids, their rows with their search
    vectors as COPY text in a temporary file, and their (record id, tag id) pairs."""

    model: type
    ids: list[int]
    rows: typing.IO[str]
    tagged: list[tuple[int, int]]


class _Indexer:
    """A thread with its own database session that makes the records and computes their
    search vectors, batch after batch, while the caller's session loads the batches made
    before it: both cores work all the time.

    The search vectors are most of the cost (parsing ~10 KB of narrative per case study);
    the tables' trigger would compute them one row after the other on one core. Per
    batch, the thread copies the rows into an unlogged table of its own, reads them back
    with their vectors by `COPY (SELECT ...) TO`, which PostgreSQL runs on every core, with
    the very function the trigger calls (`<table>_vector`), and rolls back, which drops
    the table. So its session leaves nothing behind and the caller's transaction alone
    writes records: all or nothing."""

    def __init__(self, jobs, tag_ids: dict[str, int]):
        self.jobs = jobs  # (model, make, first number, ids), in the order of making
        self.tag_ids = tag_ids
        self.ready = queue.Queue(maxsize=3)  # batches on disk, ahead of the loader
        self.stopping = threading.Event()
        # Opened here: the thread's own `connection` would not know a test database.
        self.session = connection.get_new_connection(connection.get_connection_params())
        with self.session.cursor() as cursor:
            # COPY text that the loader's session reads back exactly (numeric UTC offsets),
            # and never an endless wait for a lock: another session's ACCESS EXCLUSIVE
            # request queued behind the loader's locks would block this one, while the
            # loader waits for it through a Python queue, which PostgreSQL cannot see.
            cursor.execute("SET DateStyle = ISO; SET TimeZone = 'UTC'; SET lock_timeout = '30s'")
        self.session.commit()
        self.thread = threading.Thread(target=self._run, name="sample-data-indexer")

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopping.set()
        if exc_info[0] is not None:
            self.session.cancel()  # the loader failed: stop the batch being computed
        while self.thread.is_alive():  # unblock a thread waiting to hand over a batch
            with contextlib.suppress(queue.Empty):
                self._discard(self.ready.get(timeout=0.05))
        self.thread.join()
        while True:  # batches handed over but never loaded: close their files now
            try:
                self._discard(self.ready.get_nowait())
            except queue.Empty:
                break
        self.session.close()

    def batches(self):
        """The batches in the order they were made; an error of the thread is raised here."""
        while True:
            try:
                item = self.ready.get(timeout=1)
            except queue.Empty:
                if self.thread.is_alive():
                    continue
                raise RuntimeError("the sample-data indexer stopped without a word") from None
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield item

    @staticmethod
    def _discard(item) -> None:
        if isinstance(item, _Batch):
            item.rows.close()

    def _hand_over(self, item) -> bool:
        while not self.stopping.is_set():
            with contextlib.suppress(queue.Full):
                self.ready.put(item, timeout=0.05)
                return True
        self._discard(item)
        return False

    def _run(self) -> None:
        try:
            with self.session.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                staging = f"iite_sample_staging_{cursor.fetchone()[0]}"
                for model, make, first, ids in self.jobs:
                    for start in range(0, len(ids), BATCH_RECORDS):
                        numbered = list(
                            enumerate(ids[start : start + BATCH_RECORDS], first + start)
                        )
                        batch = self._indexed(cursor, staging, model, make, numbered)
                        if not self._hand_over(batch):
                            return
            self._hand_over(None)
        except BaseException as error:  # noqa: BLE001 (handed to the caller, raised there)
            self._hand_over(error)

    def _indexed(self, cursor, staging: str, model, make, numbered) -> _Batch:
        quote = connection.ops.quote_name
        table = model._meta.db_table
        columns = ", ".join(quote(field.column) for field in _columns(model))
        vector = f"{vector_function(table)}(ROW(s.*)::{quote(table)})"
        indexed = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 (a _Batch's)
        try:
            with _rows_made(model, make, numbered, self.tag_ids) as (rows, tagged):
                # Names come from the models and from this module, never from input.
                cursor.execute(f"CREATE UNLOGGED TABLE {staging} (LIKE {quote(table)})")
                cursor.copy_expert(f"COPY {staging} ({columns}) FROM STDIN", rows, COPY_CHUNK)
            # The planner cannot see what parsing costs; tell it that workers are cheap.
            cursor.execute(
                "SET LOCAL parallel_setup_cost = 0; SET LOCAL parallel_tuple_cost = 0;"
                " SET LOCAL min_parallel_table_scan_size = 0"
            )
            select = f"SELECT {columns}, {vector} FROM {staging} s"  # noqa: S608
            cursor.copy_expert(f"COPY ({select}) TO STDOUT", indexed, COPY_CHUNK)
        except BaseException:
            indexed.close()
            raise
        finally:
            self.session.rollback()  # drops the staging table
        indexed.seek(0)
        return _Batch(model, [pk for _number, pk in numbered], indexed, tagged)


@contextlib.contextmanager
def _rows_made(model, make, numbered, tag_ids: dict[str, int]):
    """The records numbered (slug number, id) as COPY text in a temporary file (pure Python,
    no database), with their (record id, tag id) pairs."""
    prefix, fields = SLUG_PREFIX[model], _columns(model)
    # The fields the generator leaves out are the same on every row: format them once.
    defaults = {name: _copy_text(value) for name, value in _defaults(model, timezone.now()).items()}
    tagged = []
    with tempfile.TemporaryFile("w+", encoding="utf-8") as rows:
        for number, pk in numbered:
            record = make(f"{prefix}{number}")
            record["id"] = pk
            tagged.extend((pk, tag_ids[name]) for name in record["tag_names"])
            rows.write(
                "\t".join(
                    [
                        _copy_text(record[f.attname])
                        if f.attname in record
                        else defaults[f.attname]
                        for f in fields
                    ]
                )
                + "\n"
            )
        rows.seek(0)
        yield rows, tagged


def _batch_loaded(batch: _Batch) -> list[int]:
    """Insert an indexed batch (its search trigger is off: the vectors come with the rows),
    its TaggedItem rows and its words for "Did you mean ...?"."""
    model, quote = batch.model, connection.ops.quote_name
    table = model._meta.db_table
    _copy(table, [field.column for field in _columns(model)] + ["search_vector"], batch.rows)
    content_type = ContentType.objects.get_for_model(model).id
    _copy(
        TaggedItem._meta.db_table,
        ["content_type_id", "object_id", "tag_id"],
        (f"{content_type}\t{pk}\t{tag}\n" for pk, tag in batch.tagged),
    )
    with connection.cursor() as cursor:
        # With the trigger's own functions, 1,000 records a call.
        cursor.execute(
            f"SELECT iite_search_terms_add(string_agg({words_function(table)}(t), ' '))"  # noqa: S608
            f" FROM {quote(table)} t WHERE t.id = ANY(%s) GROUP BY t.id / 1000",
            [batch.ids],
        )
    return batch.ids


def _link(rng, field, source_ids: list[int], target_ids: list[int], share: float, most: int):
    """Cross-link a share of the records to a few random targets (many-to-many rows)."""
    if not target_ids:
        return
    through = field.remote_field.through._meta
    columns = [
        through.get_field(name).column
        for name in (field.m2m_field_name(), field.m2m_reverse_field_name())
    ]
    rows = (
        f"{source}\t{target}\n"
        for source in source_ids
        if rng.random() < share
        for target in sorted(set(rng.choices(target_ids, k=rng.randint(1, most))))
    )
    _copy(through.db_table, columns, rows)


@contextlib.contextmanager
def _bulk_triggers_off(models_):
    """For a bulk load or delete in the caller's transaction: the search trigger off (loaded
    rows come with their vectors) and the facet rollup's triggers off; `kind_loaded(model)` switches
    a table's triggers back on and computes its part of the rollup afresh once (one
    aggregate instead of upserting every batch's rows), while later kinds still load.
    Other sessions never see the rollup out of step. Tables that no batch reached are
    switched back and rebuilt on the way out."""
    quote = connection.ops.quote_name
    triggers = ("search_vector", "rollup_insert", "rollup_delete")
    pending = {model: rollup_table(model) for model in models_}
    with connection.cursor() as cursor:
        # Foreign keys checked at each statement: a table with checks still pending
        # cannot have its triggers switched off or on.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table, _year in pending.values():
            for trigger in triggers:
                cursor.execute(f"ALTER TABLE {quote(table)} DISABLE TRIGGER {trigger}")

    def kind_loaded(model) -> None:
        table, year = pending.pop(model)
        with connection.cursor() as cursor:
            for trigger in triggers:
                cursor.execute(f"ALTER TABLE {quote(table)} ENABLE TRIGGER {trigger}")
            # Room to aggregate a large table in memory (4 MB, the default, spills to disk),
            # then the caller's own value again.
            cursor.execute(
                "SELECT current_setting('work_mem'), set_config('work_mem', '64MB', true)"
            )
            work_mem = cursor.fetchone()[0]
            cursor.execute(facet_rollup_rebuild_sql(table, year=year))
            cursor.execute("SELECT set_config('work_mem', %s, true)", [work_mem])

    yield kind_loaded
    for model in list(pending):
        kind_loaded(model)
    with connection.cursor() as cursor:  # foreign keys checked at commit again, as usual
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


@transaction.atomic
def sample_data_generate(
    *, practices: int, policies: int, oer: int, seed: int, drafts_share: float = 0.1
) -> Counts:
    """Create synthetic records: all of them or, on any error, none."""
    vocabulary = tag_vocabulary()
    tag_ids = _tag_ids(vocabulary)
    gen = SampleGenerator(seed=seed, drafts_share=drafts_share, tag_names=vocabulary)
    kinds = [(Policy, gen.policy, policies), (Resource, gen.resource, oer)]
    kinds.append((CaseStudy, gen.case_study, practices))
    jobs = [(model, make, _next_number(model), _new_ids(model, n)) for model, make, n in kinds]
    ids = {}
    # The indexer makes the records kind after kind in a fixed order (a seed gives the
    # same records) while this session loads the batches it has finished.
    with (
        _bulk_triggers_off([model for model, *_ in kinds]) as kind_loaded,
        _Indexer(jobs, tag_ids) as indexer,
    ):
        for batch in indexer.batches():
            with batch.rows:  # closed whatever happens while it is loaded
                if ids and batch.model not in ids:  # the kind before is complete
                    kind_loaded(list(ids)[-1])
                ids.setdefault(batch.model, []).extend(_batch_loaded(batch))
        if ids:
            kind_loaded(list(ids)[-1])
    policy_ids, oer_ids, practice_ids = (ids.get(m, []) for m in (Policy, Resource, CaseStudy))
    _link(gen.rng, Resource.related_policies.field, oer_ids, policy_ids, 0.2, 2)
    _link(gen.rng, CaseStudy.related_policies.field, practice_ids, policy_ids, 0.4, 2)
    _link(gen.rng, CaseStudy.related_resources.field, practice_ids, oer_ids, 0.4, 3)
    return Counts(policies=len(policy_ids), oer=len(oer_ids), practices=len(practice_ids))


def _delete_related(model, generated) -> None:
    """Remove or detach what points at the generated records, as delete() would, but in a
    few set-based statements (the ORM's delete would load every record and write a history
    row for each)."""
    content_type = ContentType.objects.get_for_model(model)
    TaggedItem.objects.filter(content_type=content_type, object_id__in=generated).delete()
    for field in model._meta.many_to_many:
        if field.remote_field.through is not TaggedItem and hasattr(field, "m2m_field_name"):
            through = field.remote_field.through
            through.objects.filter(**{f"{field.m2m_field_name()}__in": generated}).delete()
    for rel in model._meta.related_objects:
        manager = rel.related_model._base_manager
        if rel.many_to_many:
            through = rel.through
            through.objects.filter(
                **{f"{rel.field.m2m_reverse_field_name()}__in": generated}
            ).delete()
        elif rel.on_delete is models.SET_NULL:
            manager.filter(**{f"{rel.field.name}__in": generated}).update(**{rel.field.name: None})
        elif rel.on_delete is models.CASCADE:
            manager.filter(**{f"{rel.field.name}__in": generated}).delete()


@transaction.atomic
def sample_data_clear() -> Counts:
    """Delete every generated record (slug `gen-<kind>-<n>`) and its tag and link rows."""
    deleted = {}
    with _bulk_triggers_off([CaseStudy, Resource, Policy]):
        for model in (CaseStudy, Resource, Policy):
            generated = model.objects.filter(slug__regex=GENERATED_SLUG).values("pk")
            _delete_related(model, generated)
            table = connection.ops.quote_name(model._meta.db_table)
            with connection.cursor() as cursor:
                # The table name comes from the model, not from input.
                cursor.execute(f"DELETE FROM {table} WHERE slug ~ %s", [GENERATED_SLUG])  # noqa: S608
                deleted[model] = cursor.rowcount
    return Counts(policies=deleted[Policy], oer=deleted[Resource], practices=deleted[CaseStudy])
