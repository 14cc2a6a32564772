"""What the three kinds of record share: workflow status, countries and regions, levels,
tags, provenance and the version used to refuse lost updates."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import TrigramSimilarity
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltrans.fields import TranslatedVirtualField, TranslationField
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager

from .fields import ChoiceArrayField
from .vocab import (
    Isced,
    Region,
    country_choices,
    country_codes,
    interface_language,
    language_choices,
    language_codes,
    regions_for,
)

MIN_YEAR, MAX_YEAR = 1900, 2100


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The texts a card shows (includes/result_card.html); for_cards leaves out the others.
CARD_TEXTS = ("title", "summary")


class RecordQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def visible_to(self, user):
        """Published records for the public; everything for staff (preview)."""
        return self if user.is_active and user.is_staff else self.published()

    def for_cards(self):
        """Without the long texts that no card shows (a case study's narrative, a policy's
        document text): a page of 20 case studies reads about 20 KB instead of 200 KB."""
        long_texts = [
            field.name
            for field in self.model._meta.concrete_fields
            if isinstance(field, models.TextField) and field.name not in CARD_TEXTS
        ]
        return self.defer(*long_texts)

    def for_country(self, code: str):
        return self.filter(countries__contains=[code.upper()])

    def in_region(self, slug: str):
        return self.filter(regions__contains=[slug])

    def tagged(self, *slugs: str):
        qs = self
        for slug in slugs:
            qs = qs.filter(tags__slug=slug)
        return qs

    def possible_duplicates(self, record, *, threshold: float = 0.6):
        """Other records with the same address, or a title close to this one's (pg_trgm
        similarity above the threshold), the closest first."""
        match = Q(title_similarity__gt=threshold)
        url = getattr(record, record.url_field, "") if record.url_field else ""
        if url:
            match |= Q(**{record.url_field: url})
        return (
            self.annotate(title_similarity=TrigramSimilarity("title", record.title))
            .filter(match)
            .exclude(pk=record.pk)
            .order_by("-title_similarity", "pk")
        )

    def stale(self, today=None):
        """Not verified for STALE_AFTER_MONTHS (or never): staff should check them again."""
        from .freshness import stale_condition

        return self.filter(stale_condition(today))

    def with_broken_links(self):
        """Records with at least one external link that failed its last check."""
        from .linkcheck import broken_link_condition

        return self.filter(broken_link_condition(self.model))

    def search(self, query, *, language=None):
        """Records matching a full-text query (websearch syntax: words, "phrase", or,
        -word), annotated with `rank`; no input raises, an empty query matches nothing."""
        from .search import search_queryset

        return search_queryset(self, query, language=language)


class RecordHistory(HistoricalRecords):
    """django-simple-history for records: the history copies the `i18n` column, not the
    virtual fields django-modeltrans derives from it (title_fr, title_i18n, ...)."""

    def fields_included(self, model):
        return [
            field
            for field in super().fields_included(model)
            if not isinstance(field, TranslatedVirtualField)
        ]


class VocabularyConstraint(models.CheckConstraint):
    """A CHECK that a field holds only values of a fixed list (`field__in` or
    `field__contained_by`), which full_clean() tests in Python: Django would otherwise send
    one query per constraint, the whole list in it, for every record it validates (25 ms
    a record, which an import of a thousand rows pays twice). An error names the field."""

    def validate(self, model, instance, exclude=None, using=None):
        ((lookup, allowed),) = self.condition.children
        field, _sep, kind = lookup.rpartition("__")
        if exclude and field in exclude:
            return
        value = getattr(instance, field)
        values = value if kind == "contained_by" else [value]
        if not set(values) <= set(allowed):
            raise ValidationError(
                {field: self.get_violation_error_message()}, code=self.violation_error_code
            )


def vocabulary_constraints(prefix: str, *, single=None, arrays=None):
    """Database checks that fields hold only values of their vocabularies, so that what
    skips form validation (a raw update, bulk_create, COPY, SQL) cannot store an unknown
    code either: `column IN (...)` for a single value, `column <@ ARRAY[...]` for an array
    (every item in the list; an empty array passes). `single` and `arrays` map field names
    to their allowed values.

    A migration freezes the lists: when a vocabulary changes (a licence added to Licence,
    a code that a new django-countries or pycountry brings), `makemigrations` writes the
    new constraint, and `makemigrations --check` fails until it has."""
    lookups = [
        *((field, "in", values) for field, values in (single or {}).items()),
        *((field, "contained_by", values) for field, values in (arrays or {}).items()),
    ]
    return [
        VocabularyConstraint(
            condition=Q(**{f"{field}__{lookup}": sorted(values)}),
            name=f"{prefix}_{field}_in_vocabulary",
            violation_error_message=_("A value here is not in the list of choices."),
        )
        for field, lookup, values in lookups
    ]


def year_column(help_text, **kwargs):
    return models.PositiveSmallIntegerField(null=True, blank=True, help_text=help_text, **kwargs)


class Record(models.Model):
    """Abstract base of CaseStudy, Policy and Resource (OER)."""

    title = models.CharField(
        _("title"), max_length=300, help_text=_("The title as published, in its original language.")
    )
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        help_text=_("The last part of the record's web address: lower-case words and hyphens."),
    )
    summary = models.TextField(
        _("summary"),
        help_text=_(
            "Two to four plain sentences: what it is, where, for whom, and why it matters."
        ),
    )
    language = models.CharField(
        _("language of this record"),
        max_length=2,
        choices=language_choices,
        default="en",
        help_text=_("The language in which the title and summary above are written."),
    )
    countries = ChoiceArrayField(
        models.CharField(max_length=2, choices=country_choices),
        verbose_name=_("countries"),
        default=list,
        blank=True,
        help_text=_("Every country the record concerns; regions are derived from them."),
    )
    regions = ChoiceArrayField(
        models.CharField(max_length=32, choices=Region.choices),
        verbose_name=_("UNESCO regions"),
        default=list,
        blank=True,
        editable=False,
    )
    levels = ChoiceArrayField(
        models.CharField(max_length=10, choices=Isced.choices),
        verbose_name=_("education levels"),
        default=list,
        blank=True,
        help_text=_("ISCED 2011 levels the record concerns."),
    )
    tags = TaggableManager(
        blank=True,
        verbose_name=_("tags"),
        help_text=_("Free keywords, separated by commas; the same tags serve all three kinds."),
    )
    # Copy of the tag names: versioned with the record and read by full-text search.
    tag_names = ArrayField(
        models.CharField(max_length=100), default=list, blank=True, editable=False
    )

    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
        help_text=_(
            "Draft while you work, In review when it is ready; only publishers publish or "
            "withdraw. Only published records are public."
        ),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    featured = models.BooleanField(
        _("featured"), default=False, help_text=_("Show on the home page.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(
        _("source of this record"),
        max_length=500,
        blank=True,
        help_text=_("Where the information comes from (organisation, report, submission)."),
    )
    last_verified = models.DateField(
        _("last verified"),
        null=True,
        blank=True,
        help_text=_("When staff last checked that the record is still accurate."),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    # Title and summary in the other UN languages: virtual fields title_fr, summary_ar, ...
    # (django-modeltrans); title_i18n and summary_i18n give the reader's language when the
    # record has it, else the original.
    i18n = TranslationField(fields=("title", "summary"), fallback_language_field="language")

    objects = RecordQuerySet.as_manager()

    # Name of the year the common year_from/year_to filters read; set by each kind.
    year_field = "year"
    # Name of the field holding the record's own web address, if the kind has one.
    url_field = None

    class Meta:
        abstract = True
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=Status.PUBLISHED) | Q(published_at__isnull=False),
                name="%(app_label)s_%(class)s_published_has_date",
                violation_error_message=_("A published record needs a publication date."),
            ),
            *vocabulary_constraints(
                "%(app_label)s_%(class)s",
                single={"status": Status.values, "language": language_codes()},
                arrays={
                    "countries": country_codes(),
                    "regions": Region.values,
                    "levels": Isced.values,
                },
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.countries = sorted(dict.fromkeys(code.upper() for code in self.countries))
        self.regions = regions_for(self.countries)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "countries" in update_fields:
            kwargs["update_fields"] = {*update_fields, "regions"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(f"{self._meta.app_label}:detail", kwargs={"slug": self.slug})

    # --- languages of the title and summary ---

    @property
    def original_language(self) -> str:
        """The interface language of the original ("zh" -> "zh-hans"), or its ISO code."""
        return interface_language(self.language)

    def has_translation(self, lang: str) -> bool:
        key = "title_" + lang.replace("-", "_")
        return bool((self.i18n or {}).get(key))

    @property
    def languages_available(self) -> list[str]:
        """Interface languages the title and summary can be read in, original first."""
        translated = [
            code
            for code, _name in settings.LANGUAGES
            if code != self.original_language and self.has_translation(code)
        ]
        return [self.original_language, *translated]

    @property
    def shown_language(self) -> str:
        """The language title_i18n and summary_i18n are in for the current reader."""
        reader = get_language() or settings.LANGUAGE_CODE
        if reader != self.original_language and self.has_translation(reader):
            return reader
        return self.language

    @property
    def is_public(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def year_value(self):
        return getattr(self, self.year_field)


def record_indexes(prefix: str) -> list[models.Index]:
    """The indexes of the public list and home queries, all partial on published records
    (the only ones the public reads):
    - newest first (the default sort, the home page and every "latest" block): a page of
      20 is read from the index, however many records match; it carries the traits that
      "more like this" compares (listing.similar_records), which then reads no table row;
    - countries and tags (GIN, for the @>, && and <@ of the filters): a country or a tag
      finds its records without a scan.
    The covering index of the facet counts is on a column the model does not declare
    (facet_sql.py), so the 0004_performance migrations make it."""
    published = Q(status=Status.PUBLISHED)
    return [
        models.Index(
            fields=["-published_at", "-id"],
            include=["tag_names", "countries", "levels"],
            condition=published,
            name=f"{prefix}_pub_newest",
        ),
        GinIndex(fields=["countries"], condition=published, name=f"{prefix}_pub_countries"),
        GinIndex(fields=["tag_names"], condition=published, name=f"{prefix}_pub_tags"),
    ]


def year_range_constraints(start: str, end: str, prefix: str):
    """end not before start, and both years plausible."""
    return [
        models.CheckConstraint(
            condition=Q(**{f"{end}__isnull": True})
            | Q(**{f"{start}__isnull": True})
            | Q(**{f"{end}__gte": models.F(start)}),
            name=f"{prefix}_{end}_not_before_{start}",
            violation_error_message=_("The end year cannot be before the start year."),
        ),
        *(
            models.CheckConstraint(
                condition=Q(**{f"{field}__isnull": True})
                | Q(**{f"{field}__range": (MIN_YEAR, MAX_YEAR)}),
                name=f"{prefix}_{field}_plausible",
                violation_error_message=_("Years must be between 1900 and 2100."),
            )
            for field in (start, end)
        ),
    ]


class LinkCheck(models.Model):
    """The last check of one external link (any record may cite it); see linkcheck.py."""

    url = models.URLField(_("link"), max_length=2000, unique=True)
    ok = models.BooleanField(_("works"), default=False, db_index=True)
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    final_url = models.URLField(_("final address"), max_length=2000, blank=True)
    redirects = models.JSONField(
        _("redirects"), default=list, blank=True, help_text=_("[[status, location], ...]")
    )
    checked_at = models.DateTimeField(_("last checked"), db_index=True)

    class Meta:
        verbose_name = _("link check")
        verbose_name_plural = _("link checks")
        ordering = ["url"]

    def __str__(self):
        return self.url


class SearchTerm(models.Model):
    """A word from titles, tags and country names: the vocabulary that "Did you mean ...?"
    suggestions are drawn from (by trigram similarity). Filled by the records' search
    triggers in the same transaction as an edit; `manage.py search_terms_rebuild` prunes."""

    word = models.CharField(max_length=60, unique=True)

    class Meta:
        indexes = [
            GinIndex(fields=["word"], name="iite_searchterm_word_trgm", opclasses=["gin_trgm_ops"])
        ]

    def __str__(self):
        return self.word
