"""Tags, the vocabulary the three kinds share, and the records' copies of their names.

Filters, facets, search, cards, feeds and exports read `Record.tag_names`. Database
triggers keep it in step when a tag is renamed or deleted (migration 0012); merging goes
through `tags_merge`."""

import functools

from django.conf import settings
from django.db import connection, transaction
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language
from taggit.models import Tag, TaggedItem

from . import generation
from .catalogue import kind_models

# The names a record carries instead of the merged ones, sorted as the triggers sort them.
MERGED_NAMES_SQL = (
    "iite_sorted_tag_names(array_append("
    "ARRAY(SELECT n FROM unnest(tag_names) n WHERE n <> ALL(%s)), %s::varchar))"
)


# The most records a tag change made in the admin may rewrite: each costs about 1 ms
# (its search vector, facet keys and counts), and a web request has 30 s. Above it, the
# admin says to use `manage.py edit_tags`.
ADMIN_RECORD_LIMIT = 10_000


def records_carrying(tags) -> int:
    """How many records carry any of `tags`."""
    return (
        TaggedItem.objects.filter(tag__in=tags)
        .values("content_type", "object_id")
        .distinct()
        .count()
    )


def tag_named(name: str) -> Tag | None:
    """The tag called `name`, in any case (TAGGIT_CASE_INSENSITIVE), or None."""
    return Tag.objects.filter(name__iexact=name.strip()).order_by("pk").first()


@transaction.atomic
def tags_merge(*, tags, name: str) -> tuple[Tag, list[Tag]]:
    """Merge `tags` into the tag called `name` (one of them, another tag, or a new one):
    every record that carried any of them carries that tag instead, once, and the others
    are deleted. Returns (the tag kept, the tags merged into it). Each changed record gets
    a new version and `updated_at`, as the triggers give a renamed tag's records."""
    kept = tag_named(name) or Tag.objects.create(name=name.strip())
    merged = [tag for tag in tags if tag.pk != kept.pk]
    if merged:
        names = [tag.name for tag in merged]
        with connection.cursor() as cursor:
            for model in kind_models().values():
                table = connection.ops.quote_name(model._meta.db_table)  # from the model
                cursor.execute(
                    f"UPDATE {table} SET version = version + 1, updated_at = now(), "  # noqa: S608
                    f"tag_names = {MERGED_NAMES_SQL} WHERE tag_names && %s::varchar[]",
                    [names, kept.name, names],
                )
            items = connection.ops.quote_name(TaggedItem._meta.db_table)
            cursor.execute(
                f"INSERT INTO {items} (tag_id, content_type_id, object_id) "  # noqa: S608
                f"SELECT DISTINCT %s, content_type_id, object_id FROM {items} "
                "WHERE tag_id = ANY(%s) ON CONFLICT DO NOTHING",
                [kept.pk, [tag.pk for tag in merged]],
            )
        Tag.objects.filter(pk__in=[tag.pk for tag in merged]).delete()  # and their items
    return kept, merged


def tag_links(records) -> None:
    """Give each record `tag_links`: (name, URL of the tag's page) for each of its tag
    names, in order; what a result card links. One cache read per page (the slugs of the
    names on it, kept per content generation, name by name) and, for names not kept yet,
    one query; never one per card."""
    names = {name for record in records for name in record.tag_names or ()}
    slugs = _slugs(names) if names else {}
    language = get_language()
    for record in records:
        record.tag_links = [
            (name, _tag_url(get_script_prefix(), language, slugs[name]))
            for name in record.tag_names or ()
            if slugs.get(name)
        ]


def _slugs(names: set[str]) -> dict[str, str]:
    """name -> slug ("" for a name that is no tag) for `names`."""
    cache = generation.content_cache()
    keys = {name: generation.content_key("tag-slug", name) for name in names}
    kept = cache.get_many(list(keys.values()))
    slugs = {name: kept[key] for name, key in keys.items() if key in kept}
    missing = names - slugs.keys()
    if missing:
        found = dict(Tag.objects.filter(name__in=missing).values_list("name", "slug"))
        found = {name: found.get(name, "") for name in missing}
        cache.set_many(
            {keys[name]: slug for name, slug in found.items()}, settings.CONTENT_CACHE_SECONDS
        )
        slugs.update(found)
    return slugs


@functools.lru_cache(maxsize=16384)
def _tag_url(prefix: str, language: str, slug: str) -> str:
    """The URL of a tag's page. `reverse` reads the active language and the script prefix:
    both are part of the key."""
    return reverse("tag", args=[slug])
