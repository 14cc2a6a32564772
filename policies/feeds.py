"""Atom feed of the policy list, with its filters."""

from django.utils.translation import gettext_lazy as _

from iite_portal.feeds import RecordFeed

from .filters import PolicyFilterSet


class PolicyFeed(RecordFeed):
    filterset_class = PolicyFilterSet
    section = _("National ICT-in-education policies")

    def item_author_name(self, item):
        return item.issuing_body
