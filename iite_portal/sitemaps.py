"""Sitemaps: the list pages and every published record, in every interface language, with
hreflang alternates; /sitemap.xml is their index."""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
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


class RecordSitemap(MultilingualSitemap):
    """Published records of one kind; subclasses name the model."""

    model = None

    def items(self):
        return self.model.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at
