"""Staff admin of good-practice case studies."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from import_export import fields, widgets

from iite_portal.admin import RECORD_IMPORT_EXCLUDE, RecordAdmin, RecordResource
from oer.models import Resource
from policies.models import Policy

from .models import CaseStudy


class CaseStudyResource(RecordResource):
    related_policies = fields.Field(
        attribute="related_policies",
        column_name="related_policies",
        widget=widgets.ManyToManyWidget(Policy, separator=";", field="slug"),
    )
    related_resources = fields.Field(
        attribute="related_resources",
        column_name="related_resources",
        widget=widgets.ManyToManyWidget(Resource, separator=";", field="slug"),
    )

    class Meta(RecordResource.Meta):
        model = CaseStudy
        exclude = RECORD_IMPORT_EXCLUDE


@admin.register(CaseStudy)
class CaseStudyAdmin(RecordAdmin):
    resource_classes = [CaseStudyResource]
    search_fields = (*RecordAdmin.search_fields, "organisation", "partners")
    type_filters = ("organisation_type", "connectivity")
    autocomplete_fields = ("related_policies", "related_resources")
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "language", "tags")}),
        (
            _("Where and for whom"),
            {
                "fields": (
                    "countries",
                    "levels",
                    ("organisation", "organisation_type"),
                    "partners",
                    "target_groups",
                )
            },
        ),
        (
            _("Period and scale"),
            {
                "fields": (
                    ("start_year", "end_year", "ongoing"),
                    ("learners_reached", "teachers_reached", "schools_reached"),
                )
            },
        ),
        (_("Technology"), {"fields": ("technologies", "connectivity", "open_tools")}),
        (
            _("The practice"),
            {
                "description": _("Markdown. Links must start with https://, http:// or mailto:."),
                "fields": (
                    "context",
                    "approach",
                    "implementation",
                    "monitoring",
                    "impact",
                    "evidence_types",
                    "costs",
                    "challenges",
                    "lessons",
                    "sustainability",
                ),
            },
        ),
        (_("Sources and contact"), {"fields": ("sources", "contact")}),
        (_("Related records"), {"fields": ("related_policies", "related_resources")}),
    )
