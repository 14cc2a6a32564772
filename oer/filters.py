"""Filters of the OER list (also for its API, CSV and feed)."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from iite_portal.facets import Facet
from iite_portal.filters import AnyOfFilter, RecordFilterSet
from iite_portal.vocab import Isced, Licence, language_choices

from .models import Accessibility, Resource, ResourceType


class TickField(forms.NullBooleanField):
    """true or false (also 1/0, on/off), or nothing; any other value is an error, which
    the page ignores and the API reports (a NullBooleanField would silently drop it)."""

    widget = forms.TextInput
    WORDS = {"true": True, "1": True, "on": True, "false": False, "0": False, "off": False}

    def to_python(self, value):
        text = "" if value is None else str(value).strip().lower()
        if not text:
            return None
        if text not in self.WORDS:
            raise ValidationError(_("Give true or false."), code="invalid")
        return self.WORDS[text]


class OnlyTrueFilter(django_filters.BooleanFilter):
    """A tick box: ticked keeps the records with the flag; unticked (or false) filters
    nothing, as a visitor expects from a box left empty."""

    field_class = TickField

    def filter(self, qs, value):
        return super().filter(qs, True) if value else qs


class ResourceFilterSet(RecordFilterSet):
    licence = AnyOfFilter(choices=Licence.choices, label=_("Licence"))
    resource_type = AnyOfFilter(choices=ResourceType.choices, label=_("Resource type"))
    level = AnyOfFilter(
        field_name="levels", array=True, choices=Isced.choices, label=_("Education level")
    )
    language = AnyOfFilter(
        field_name="languages", array=True, choices=language_choices, label=_("Language")
    )
    accessibility = AnyOfFilter(
        array=True, choices=Accessibility.choices, label=_("Accessibility feature")
    )
    offline = OnlyTrueFilter(label=_("Works offline"))

    facets = (
        *RecordFilterSet.facets,
        Facet("resource_type", "resource_type"),
        Facet("level", "levels", "array"),
        Facet("language", "languages", "array", order="label"),
        Facet("licence", "licence"),
        Facet("accessibility", "accessibility", "array"),
        Facet("offline", "offline", "bool"),
    )

    class Meta(RecordFilterSet.Meta):
        model = Resource
