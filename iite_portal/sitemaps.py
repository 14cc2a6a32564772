"""Sitemaps: the list pages and every published record, in every interface language, with
hreflang alternates; /sitemap.xml is their index."""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse


class MultilingualSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    @property
    def limit(self):
        return settings.SITEMAP_PAGE_SIZE


class ListPageSitemap(MultilingualSitemap):
    changefreq = "daily"

    def items(self):
        return ["home", "practices:list", "policies:list", "oer:list"]

    def location(self, item):
        return reverse(item)


class InEveryLanguage:
    """(record, language) for each record of `records` and each language, as Django's
    i18n sitemap pages them, without making the whole list: the paginator counts with
    one query, and a page reads only its own records (at 150,000 records, the list of
    900,000 pairs took seconds for every page and for the index)."""

    def __init__(self, records, languages):
        self.records, self.languages = records, list(languages)

    def count(self) -> int:
        return self.records.count() * len(self.languages)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("sitemap pages are read as slices")
        # The paginator asks for [bottom:top] within the count it has just made.
        start, stop = index.start or 0, index.stop
        if start < 0 or stop is None or stop < 0:
            raise TypeError("sitemap pages are read as slices from the start")
        size = len(self.languages)
        first, last = start // size, -(-stop // size)  # the records the slice touches
        pairs = [
            (record, language) for record in self.records[first:last] for language in self.languages
        ]
        return pairs[start - first * size : stop - first * size]


class RecordSitemap(MultilingualSitemap):
    """Published records of one kind; subclasses name the model."""

    model = None

    def items(self):
        return self.model.objects.published().only("slug", "updated_at").order_by("pk")

    def _items(self):
        return InEveryLanguage(self.items(), self._languages())

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        """The index's date for this kind, by one aggregate (Django's reads every record)."""
        return self.items().aggregate(latest=Max("updated_at"))["latest"]
