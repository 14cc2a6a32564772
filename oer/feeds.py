"""Atom feed of the OER list, with its filters."""

from django.utils.translation import gettext_lazy as _

from iite_portal.feeds import RecordFeed

from .filters import ResourceFilterSet


class ResourceFeed(RecordFeed):
    filterset_class = ResourceFilterSet
    section = _("Open educational resources")

    def item_author_name(self, item):
        return item.publisher
