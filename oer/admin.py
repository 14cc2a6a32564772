"""Staff admin of OER listings."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from import_export import fields, widgets

from iite_portal.admin import RECORD_IMPORT_EXCLUDE, RecordAdmin, RecordResource
from policies.models import Policy

from .models import Resource


class ResourceResource(RecordResource):
    related_policies = fields.Field(
        attribute="related_policies",
        column_name="related_policies",
        widget=widgets.ManyToManyWidget(Policy, separator=";", field="slug"),
    )

    class Meta(RecordResource.Meta):
        model = Resource
        exclude = RECORD_IMPORT_EXCLUDE


@admin.register(Resource)
class ResourceAdmin(RecordAdmin):
    resource_classes = [ResourceResource]
    search_fields = (*RecordAdmin.search_fields, "publisher", "url")
    type_filters = ("resource_type", "licence")
    autocomplete_fields = ("related_policies",)
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "language", "tags")}),
        (
            _("The resource"),
            {"fields": ("url", "publisher", ("resource_type", "licence"), "year", "subjects")},
        ),
        (
            _("Audience and access"),
            {"fields": ("levels", "languages", "accessibility", ("offline", "low_bandwidth"))},
        ),
        (_("Origin and relevance"), {"fields": ("origin_country", "countries")}),
        (_("Related records"), {"fields": ("related_policies",)}),
    )
