"""Tags: the open, staff-edited vocabulary the three kinds of record share (django-taggit),
and each record's copy of its tag names (`Record.tag_names`), which the filters, facets,
search, cards, feeds and exports read. Renaming or deleting a tag updates the copies in
the database (migration 0012); merging tags goes through `tags_merge`."""

import functools

from django.db import connection, transaction
from django.urls import reverse
from django.utils.translation import get_language
from taggit.models import Tag, TaggedItem

from . import generation
from .catalogue import kind_models

# The records' tag names as record_set_tags sorts them: lower case, by code point.
_SORTED_NAMES = 'ARRAY(SELECT DISTINCT ON (lower(n) COLLATE "C", n) n FROM unnest({names}) n{where} ORDER BY lower(n) COLLATE "C", n)'  # noqa: E501


@transaction.atomic
def tags_merge(*, tags, name: str) -> Tag:
    """Merge `tags` into the tag called `name` (one of them, another existing tag, or a
    new one): every record that carried any of them carries that tag instead, once, and
    the others are deleted. Returns the tag kept. Each changed record's version goes up
    (an edit started before the merge is refused, not saved with the old names)."""
    name = name.strip()
    # Tag names are told apart regardless of case (TAGGIT_CASE_INSENSITIVE), as here.
    kept = Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name)
    merged = [tag for tag in tags if tag.pk != kept.pk]
    if not merged:
        return kept
    names = [tag.name for tag in merged]
    with connection.cursor() as cursor:
        for model in kind_models().values():
            table = connection.ops.quote_name(model._meta.db_table)  # from the model
            new_names = _SORTED_NAMES.format(
                names="array_append(tag_names, %s::varchar)", where=" WHERE n <> ALL(%s)"
            )
            cursor.execute(
                f"UPDATE {table} SET version = version + 1, tag_names = {new_names} "  # noqa: S608
                f"WHERE tag_names && %s::varchar[]",
                [kept.name, names, names],
            )
        items = connection.ops.quote_name(TaggedItem._meta.db_table)
        cursor.execute(
            f"INSERT INTO {items} (tag_id, content_type_id, object_id) "  # noqa: S608
            f"SELECT DISTINCT %s, content_type_id, object_id FROM {items} WHERE tag_id = ANY(%s) "
            "ON CONFLICT DO NOTHING",
            [kept.pk, [tag.pk for tag in merged]],
        )
    Tag.objects.filter(pk__in=[tag.pk for tag in merged]).delete()  # and their items
    return kept


def tag_urls(names) -> list[tuple[str, str]]:
    """(name, URL of the tag's page) for each of `names` that is a tag, in their order: what
    a result card links. The tags' slugs are read once per content generation (cached; a
    tag added, renamed or deleted changes the generation) and once per request from the
    cache; no query per card or per page."""
    slugs = generation.request_cached(
        "tag-slugs",
        lambda: generation.content_cached("tag-slugs", None, _tag_slugs),
    )
    language = get_language()
    return [(name, _tag_url(language, slugs[name])) for name in names or () if name in slugs]


def _tag_slugs() -> dict[str, str]:
    return dict(Tag.objects.values_list("name", "slug"))


@functools.lru_cache(maxsize=4096)
def _tag_url(language: str, slug: str) -> str:
    """The URL of a tag's page; `language` is the active one, which the URL's prefix
    depends on, so it is part of the key."""
    return reverse("tag", args=[slug])
