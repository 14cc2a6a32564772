"""Staff admin of national ICT-in-education policies, with their PDF documents."""

from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from import_export import fields, widgets

from iite_portal.admin import RECORD_IMPORT_EXCLUDE, RecordAdmin, RecordAdminForm, RecordResource

from .documents import document_facts, validate_pdf
from .models import Policy


class PolicyAdminForm(RecordAdminForm):
    def clean_document(self):
        document = self.cleaned_data.get("document")
        if isinstance(document, UploadedFile):  # a new upload, not the stored file
            validate_pdf(document)
        return document


def policy_by_slug(attribute):
    return fields.Field(
        attribute=attribute,
        column_name=attribute,
        widget=widgets.ForeignKeyWidget(Policy, field="slug"),
    )


class PolicyResource(RecordResource):
    amends = policy_by_slug("amends")
    replaces = policy_by_slug("replaces")
    implements = policy_by_slug("implements")

    class Meta(RecordResource.Meta):
        model = Policy
        exclude = (*RECORD_IMPORT_EXCLUDE, "document", "document_size", "document_text")


@admin.register(Policy)
class PolicyAdmin(RecordAdmin):
    form = PolicyAdminForm
    resource_classes = [PolicyResource]
    search_fields = (*RecordAdmin.search_fields, "original_title", "issuing_body")
    type_filters = ("document_type", "legal_status", "scope")
    autocomplete_fields = ("amends", "replaces", "implements")
    readonly_fields = (*RecordAdmin.readonly_fields, "document_size_display")
    fieldsets = (
        (None, {"fields": ("title", "original_title", "slug", "summary", "language", "tags")}),
        (
            _("Jurisdiction"),
            {"fields": ("countries", ("scope", "jurisdiction"), "issuing_body")},
        ),
        (
            _("The document"),
            {
                "fields": (
                    ("document_type", "legal_status"),
                    ("adopted_on", "adopted_year"),
                    ("start_year", "end_year"),
                    "doc_languages",
                    "official_url",
                    "document",
                    "document_size_display",
                )
            },
        ),
        (_("Themes and levels"), {"fields": ("themes", "levels")}),
        (_("Related policies"), {"fields": ("amends", "replaces", "implements")}),
    )

    @admin.display(description=_("document size"))
    def document_size_display(self, obj):
        return filesizeformat(obj.document_size) if obj.document_size else "—"

    def save_model(self, request, obj, form, change):
        if "document" in form.changed_data:
            document = form.cleaned_data.get("document")
            if document:
                obj.document_size, obj.document_text = document_facts(document)
            else:  # cleared
                obj.document_size, obj.document_text = None, ""
        super().save_model(request, obj, form, change)
