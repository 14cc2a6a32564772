"""Atom feeds of any filtered list: how a country officer hears of new records without an
account. The list's own FilterSet selects the records (same parameters as the page, and
like the page it ignores invalid values); the newest published come first."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from .xmlsafe import xml_safe


class RecordFeed(Feed):
    """Subclasses set `filterset_class`, `section` (the list's name) and
    `item_author_name`. One instance serves every request: the request's filters travel
    in the object that `get_object` returns, never on `self`."""

    feed_type = Atom1Feed
    filterset_class = None
    section = ""

    def get_object(self, request, *args, **kwargs):
        model = self.filterset_class._meta.model
        filterset = self.filterset_class(request.GET, queryset=model.objects.published())
        filterset.query_string = _without_page(request.GET)
        return filterset

    def title(self, filterset):
        described = "; ".join(
            f"{group}: {label}" for _param, _value, group, label in filterset.active_filters()
        )
        name = f"{self.section} ({described})" if described else str(self.section)
        return xml_safe(f"{name} · {_('IITE Knowledge Portal')}")

    def subtitle(self, filterset):
        return _("The newest published records of this list, with the filters chosen.")

    def link(self, filterset):
        return self._url(filterset, "list")

    def feed_url(self, filterset):
        return self._url(filterset, "feed")

    def _url(self, filterset, name):
        url = reverse(f"{filterset._meta.model._meta.app_label}:{name}")
        return f"{url}?{filterset.query_string}" if filterset.query_string else url

    def items(self, filterset):
        return filterset.qs.order_by("-published_at", "-id")[: settings.FEED_ENTRIES]

    # In the reader's language when the record has it, else the original.
    def item_title(self, item):
        return xml_safe(item.title_i18n)

    def item_description(self, item):
        return xml_safe(item.summary_i18n)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [xml_safe(name) for name in item.tag_names]


def _without_page(querydict) -> str:
    params = querydict.copy()
    params.pop("page", None)
    return params.urlencode()
