"""Admin list filters shared by the three kinds of record: broken links and freshness.

Add them to a ModelAdmin: `list_filter = [..., LinkStatusFilter, FreshnessFilter]`; the
admin index links to `?link=broken` and `?freshness=stale`."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .freshness import STALE_AFTER_MONTHS, stale_condition


class LinkStatusFilter(admin.SimpleListFilter):
    title = _("link status")
    parameter_name = "link"

    def lookups(self, request, model_admin):
        return [
            ("broken", _("Broken link")),
            ("ok", _("No broken link")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "broken":
            return queryset.with_broken_links()
        if self.value() == "ok":
            return queryset.exclude(pk__in=queryset.with_broken_links().values("pk"))
        return queryset


class FreshnessFilter(admin.SimpleListFilter):
    title = _("freshness")
    parameter_name = "freshness"

    def lookups(self, request, model_admin):
        return [
            ("stale", _("Not verified for %(months)s months") % {"months": STALE_AFTER_MONTHS}),
            ("fresh", _("Verified recently")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "stale":
            return queryset.stale()
        if self.value() == "fresh":
            return queryset.exclude(stale_condition())
        return queryset
