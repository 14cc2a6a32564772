"""What the three record admins share: a status field that follows the workflow, a version
check against lost updates, history with revert, duplicate warnings, bulk workflow actions
and CSV/XLSX import and export. Each app's admin subclasses RecordAdmin and adds its
fieldsets, filters and import resource."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, router, transaction
from django.db.models import CharField, Count, F, Func
from django.http import HttpResponseRedirect
from django.template.defaultfilters import date as date_filter
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export import fields, resources, widgets
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from simple_history.admin import SimpleHistoryAdmin
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.models import Tag

from .admin_filters import FreshnessFilter, LinkStatusFilter
from .models import Status
from .tags import ADMIN_RECORD_LIMIT, records_carrying, tag_named, tags_merge
from .vocab import Region, country_name, interface_language, sort_key
from .workflow import (
    StaleRecordError,
    TransitionError,
    can_publish,
    lock_current,
    record_set_tags,
    record_transition,
    stamp,
    status_change_allowed,
)

# The changelist posts each row's version as `version-<pk>` so bulk actions can skip rows
# that someone changed after the list was loaded.
VERSION_INPUT_PREFIX = "version-"


# --- list filters --------------------------------------------------------------------------


class CountryFilter(admin.SimpleListFilter):
    """Only the countries that records of this kind actually use, by name."""

    title = _("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        codes = (
            model_admin.model.objects.annotate(
                code=Func(F("countries"), function="unnest", output_field=CharField())
            )
            .order_by()
            .values_list("code", flat=True)
            .distinct()
        )
        return sorted(((code, country_name(code)) for code in codes), key=lambda c: sort_key(c[1]))

    def queryset(self, request, queryset):
        return queryset.for_country(self.value()) if self.value() else queryset


class RegionFilter(admin.SimpleListFilter):
    title = _("UNESCO region")
    parameter_name = "region"

    def lookups(self, request, model_admin):
        return Region.choices

    def queryset(self, request, queryset):
        return queryset.in_region(self.value()) if self.value() else queryset


class YearFilter(admin.SimpleListFilter):
    """The years in use in the kind's own year field (start year, adoption year, year)."""

    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        field = model_admin.model.year_field
        years = (
            model_admin.model.objects.exclude(**{f"{field}__isnull": True})
            .order_by(f"-{field}")
            .values_list(field, flat=True)
            .distinct()
        )
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if not value.isdigit():
            return queryset.none()
        return queryset.filter(**{queryset.model.year_field: int(value)})


# --- the change form -----------------------------------------------------------------------


def translation_field_names(lang: str) -> tuple[str, str]:
    """The modeltrans virtual fields of one language: ("title_zh_hans", "summary_zh_hans")."""
    key = lang.replace("-", "_")
    return f"title_{key}", f"summary_{key}"


class TranslationsForm(forms.ModelForm):
    """The title and summary in each UN language, labelled with the language's name; a
    translation needs both, and is not in the original's own language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, name in settings.LANGUAGES:
            title, summary = translation_field_names(code)
            if title in self.fields:
                self.fields[title].label = _("Title in %(language)s") % {"language": name}
                self.fields[summary].label = _("Summary in %(language)s") % {"language": name}
                self.fields[summary].widget = forms.Textarea(attrs={"rows": 3, "cols": 50})

    def clean(self):
        cleaned = super().clean()
        original = interface_language(cleaned.get("language") or "")
        for code, name in settings.LANGUAGES:
            title, summary = translation_field_names(code)
            if title not in self.fields:
                continue
            given = {field: (cleaned.get(field) or "").strip() for field in (title, summary)}
            for field, value in given.items():
                cleaned[field] = value or None  # None removes the key from i18n
            if code == original and any(given.values()):
                self.add_error(
                    title,
                    _(
                        "The record is written in %(language)s: its title and summary above "
                        "are the %(language)s text, so leave this translation empty."
                    )
                    % {"language": name},
                )
            elif given[title] and not given[summary]:
                self.add_error(summary, _("A translation needs its summary too."))
            elif given[summary] and not given[title]:
                self.add_error(title, _("A translation needs its title too."))
        return cleaned


class RecordAdminForm(TranslationsForm):
    """Carries the version the record was opened at, and keeps the status field within what
    the user may do. Both are checked again on the server, whatever the browser sends."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    user = None  # set by RecordAdmin.get_form

    class Meta:
        # Long vocabularies: a multi-select, not two hundred tick boxes.
        widgets = {
            name: forms.SelectMultiple(attrs={"size": 10})
            for name in ("countries", "doc_languages", "languages")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = None  # the locked row, set by clean() on a change
        instance = self.instance
        historical = getattr(instance, "_history", None)
        if instance.pk is None:
            stored_status = None
        elif historical is not None:
            # Reverting to an earlier version restores its content, not its workflow state:
            # status and version come from the record as it is now, tags from that version.
            stored = type(instance).objects.values("status", "version").get(pk=instance.pk)
            stored_status = stored["status"]
            self.initial.update(status=stored_status, opened_version=stored["version"])
            # Unsaved Tag objects: the form renders and compares initial tags by name.
            self.initial["tags"] = [Tag(name=name) for name in historical.tag_names]
        else:
            stored_status = instance.status
            self.initial["opened_version"] = instance.version
        self.fields["opened_version"].required = instance.pk is not None
        self.limit_status_choices(stored_status)

    def limit_status_choices(self, stored_status):
        field = self.fields.get("status")
        if field is None or self.user is None or can_publish(self.user, self._meta.model):
            return
        if stored_status == Status.PUBLISHED:
            field.disabled = True
            field.help_text = _("Only publishers can change the status of a published record.")
            return
        allowed = {Status.DRAFT, Status.REVIEW, stored_status or Status.DRAFT}
        field.choices = [(value, label) for value, label in field.choices if value in allowed]
        field.error_messages["invalid_choice"] = _(
            "Only publishers can publish or withdraw a record: choose Draft or In review."
        )

    def clean(self):
        cleaned = super().clean()
        model = self._meta.model
        if self.instance.pk is None:
            old = Status.DRAFT
        else:
            # Lock the row for the rest of the admin's transaction, then compare versions.
            try:
                self.current = lock_current(
                    self.instance, expected_version=cleaned.get("opened_version")
                )
            except StaleRecordError as error:
                raise ValidationError(str(error), code="stale") from error
            old = self.current.status
        new = cleaned.get("status", old)
        if self.user is not None and not status_change_allowed(self.user, model, old, new):
            self.add_error(
                "status",
                _("Only publishers can publish, withdraw or unpublish a record."),
            )
        return cleaned


# --- import and export ---------------------------------------------------------------------


class ListWidget(widgets.SimpleArrayWidget):
    """Multi-valued cells as "a; b; c": blanks trimmed, empty items dropped."""

    def __init__(self, upper=False, **kwargs):
        super().__init__(separator=";", **kwargs)
        self.upper = upper

    def clean(self, value, row=None, **kwargs):
        items = [item.strip() for item in str(value or "").split(";")]
        return [item.upper() if self.upper else item for item in items if item]

    def render(self, value, obj=None, **kwargs):
        return "; ".join(str(item) for item in value or [])


def unique_slug(model, title: str) -> str:
    base = slugify(title)[:100] or "record"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


# Derived or stamped fields: never read from a file.
RECORD_IMPORT_EXCLUDE = (
    "id",
    "tag_names",
    "regions",
    "published_at",
    "created_at",
    "updated_at",
    "created_by",
    "updated_by",
    "version",
    "featured",
)


class RecordResource(resources.ModelResource):
    """Rows of one kind of record. New rows become drafts stamped with the importing user;
    a row whose slug exists updates that record. Multi-valued cells are ";"-separated."""

    slug = fields.Field(attribute="slug", column_name="slug")
    countries = fields.Field(
        attribute="countries", column_name="countries", widget=ListWidget(upper=True)
    )
    tags = fields.Field(attribute="tag_names", column_name="tags", widget=ListWidget())
    status = fields.Field(attribute="status", column_name="status", readonly=True)

    class Meta:
        import_id_fields = ("slug",)
        clean_model_instances = True
        exclude = RECORD_IMPORT_EXCLUDE

    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        # Every array column (levels, languages, themes, ...) is ";"-separated.
        if isinstance(f, ArrayField):
            return ListWidget
        return super().widget_from_django_field(f, default)

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if not instance.slug:
            instance.slug = unique_slug(type(instance), instance.title or "")

    def before_save_instance(self, instance, row, **kwargs):
        creating = instance.pk is None
        if creating:
            instance.status, instance.published_at = Status.DRAFT, None
        user = kwargs.get("user")
        stamp(instance, user=user, creating=creating)
        instance._history_user = user

    def after_save_instance(self, instance, row, **kwargs):
        record_set_tags(record=instance, names=instance.tag_names)


# --- the admin -----------------------------------------------------------------------------


class RecordAdmin(ImportExportMixin, SimpleHistoryAdmin):
    """Base admin of case studies, policies and OER listings."""

    form = RecordAdminForm
    formats = [CSV, XLSX]
    # Addresses typed without a scheme are https (Django 6's default; silences its warning).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("title", "country_codes", "status", "updated", "updated_by", "preview")
    list_select_related = ("updated_by",)
    list_per_page = 50
    search_fields = ("title", "slug", "summary")
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = (
        "preview",
        "created_by",
        "created_at",
        "updated_by",
        "updated_at",
        "published_at",
        "version",
    )
    actions = ("submit_for_review", "return_to_draft", "publish", "withdraw")
    history_list_display = ("status", "version")
    # Each subclass: its fieldsets and the filters of its own type fields.
    type_filters = ()
    workflow_fieldset = (
        _("Review and provenance"),
        {
            "fields": (
                ("status", "featured"),
                "opened_version",
                "preview",
                ("source", "last_verified"),
                ("created_by", "created_at"),
                ("updated_by", "updated_at"),
                ("published_at", "version"),
            )
        },
    )

    def get_list_filter(self, request):
        return (
            "status",
            CountryFilter,
            RegionFilter,
            *self.type_filters,
            YearFilter,
            LinkStatusFilter,
            FreshnessFilter,
        )

    def get_fieldsets(self, request, obj=None):
        return [*self.fieldsets, self.translations_fieldset(), self.workflow_fieldset]

    @staticmethod
    def translations_fieldset():
        """Each UN language's title beside its summary."""
        return (
            _("Translations"),
            {
                "description": _(
                    "The title and summary in the other UN languages. Readers see their "
                    "language when it is filled in here, else the original."
                ),
                "fields": [translation_field_names(code) for code, _name in settings.LANGUAGES],
            },
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def has_publish_permission(self, request, obj=None):
        return can_publish(request.user, self.model)

    # --- list columns ---

    @admin.display(description=_("countries"))
    def country_codes(self, obj):
        return ", ".join(obj.countries) or "—"

    @admin.display(description=_("updated"), ordering="updated_at")
    def updated(self, obj):
        # The hidden input is how the changelist form tells bulk actions which version of
        # each row the user saw.
        return format_html(
            '<time datetime="{}">{}</time><input type="hidden" name="{}{}" value="{}">',
            obj.updated_at.isoformat(),
            date_filter(localtime(obj.updated_at), "Y-m-d H:i"),
            VERSION_INPUT_PREFIX,
            obj.pk,
            obj.version,
        )

    @admin.display(description=_("on the site"))
    def preview(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        label = _("View") if obj.is_public else _("Preview")
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), label)

    # --- saving ---

    def save_model(self, request, obj, form, change):
        old = Status.DRAFT
        if change:
            current = form.current or lock_current(
                obj, expected_version=form.cleaned_data.get("opened_version")
            )
            old = current.status
            # What the form does not edit comes from the locked row, not from the copy the
            # form started from (which may be an earlier version when reverting).
            obj.version = current.version
            obj.created_by_id = current.created_by_id
            obj.published_at = current.published_at
        if not status_change_allowed(request.user, self.model, old, obj.status):
            raise PermissionDenied
        if "tags" in form.cleaned_data:
            obj.tag_names = sorted(form.cleaned_data["tags"], key=str.lower)
        stamp(obj, user=request.user, creating=not change)
        super().save_model(request, obj, form, change)
        if "tags" in form.cleaned_data:
            record_set_tags(record=obj, names=form.cleaned_data["tags"])
        self.warn_about_duplicates(request, obj)

    def warn_about_duplicates(self, request, obj):
        for other in obj.__class__.objects.possible_duplicates(obj)[:5]:
            url = reverse(admin_urlname(other._meta, "change"), args=[other.pk])
            self.message_user(
                request,
                format_html(
                    _(
                        'Possible duplicate: <a href="{}">{}</a> has the same address or a very '
                        "similar title. Check that this is not the same record."
                    ),
                    url,
                    other.title,
                ),
                messages.WARNING,
            )

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # Reverting saves through the same form and save_model, so it needs the same
        # transaction (the row lock is held until the end of it).
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, object_id, version_id, extra_context)

    # --- import ---

    def get_import_data_kwargs(self, **kwargs):
        # All or nothing at the confirm step too: the file or the database may have changed
        # since the preview, and a half-imported file is worse than none.
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            rows = sorted(
                {row.number for row in result.invalid_rows}
                | {number for number, _errors in result.row_errors()}
            )
            self.message_user(
                request,
                _("Nothing was imported: row(s) %(rows)s failed. Upload the file again to see why.")
                % {"rows": ", ".join(map(str, rows)) or "?"},
                messages.ERROR,
            )
            return HttpResponseRedirect(reverse(admin_urlname(self.model._meta, "import")))
        return super().process_result(result, request)

    # --- bulk actions ---

    def run_transition(self, request, queryset, action, done_message):
        done = 0
        for record in queryset.order_by("pk"):
            posted = request.POST.get(f"{VERSION_INPUT_PREFIX}{record.pk}")
            if posted is not None and not posted.isdigit():
                self.message_user(
                    request, _("Bad version for “%s”: skipped.") % record, messages.ERROR
                )
                continue
            try:
                record_transition(
                    record=record, action=action, user=request.user, expected_version=posted
                )
            except (StaleRecordError, TransitionError, PermissionDenied) as error:
                self.message_user(
                    request, _("Skipped: %(reason)s") % {"reason": error}, messages.WARNING
                )
            else:
                done += 1
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)

    @admin.action(description=_("Submit selected records for review"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        self.run_transition(
            request,
            queryset,
            "submit",
            lambda n: ngettext("%d record submitted for review.", "%d records submitted.", n) % n,
        )

    @admin.action(description=_("Return selected records to draft"), permissions=["change"])
    def return_to_draft(self, request, queryset):
        self.run_transition(
            request,
            queryset,
            "return_to_draft",
            lambda n: ngettext("%d record returned to draft.", "%d records returned.", n) % n,
        )

    @admin.action(description=_("Publish selected records"), permissions=["publish"])
    def publish(self, request, queryset):
        self.run_transition(
            request,
            queryset,
            "publish",
            lambda n: ngettext("%d record published.", "%d records published.", n) % n,
        )

    @admin.action(description=_("Withdraw selected records"), permissions=["publish"])
    def withdraw(self, request, queryset):
        self.run_transition(
            request,
            queryset,
            "withdraw",
            lambda n: ngettext("%d record withdrawn.", "%d records withdrawn.", n) % n,
        )


# --- tags -------------------------------------------------------------------------------


class TagForm(forms.ModelForm):
    """A tag's name may not differ only in case from another tag's: taggit tells tags
    apart regardless of case (TAGGIT_CASE_INSENSITIVE), and two would break every later
    save of a record carrying either."""

    class Meta:
        model = Tag
        fields = ["name", "slug"]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        other = tag_named(name)
        if other is not None and other.pk != self.instance.pk:
            raise ValidationError(
                _(
                    "The tag “%(name)s” already exists. To make one tag of the two, select "
                    "both in the list of tags and merge them."
                )
                % {"name": other.name}
            )
        if self.instance.pk and name != self.instance.name:
            refuse_if_too_many([self.instance], "rename")
        return name


def refuse_if_too_many(tags, action: str) -> None:
    """A ValidationError when more records carry `tags` than a page may rewrite."""
    count = records_carrying(tags)
    if count > ADMIN_RECORD_LIMIT:
        raise ValidationError(
            _(
                "%(count)s records carry this: rewriting them would take longer than a page "
                "may wait. Ask an administrator to run: python manage.py edit_tags "
                "%(action)s …"
            )
            % {"count": number_format(count, force_grouping=True), "action": action}
        )


class TagMergeForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the merged tag"),
        max_length=100,
        help_text=_("One of the selected tags' names, another tag's, or a new name."),
    )


class TagAdmin(TaggitTagAdmin):
    """django-taggit's tag admin, with what it lacked for a shared vocabulary: how many
    records carry each tag, no two names that differ only in case, and a merge that keeps
    the records' copies of their tag names in step (tags_merge). Renaming and deleting
    keep them in step too (migration 0012). Left out: taggit's inline of raw tagged items
    (object ids, and a way around the records' copies) and its merge view (it moved
    tagged items only, and let any staff member merge without a tag permission)."""

    form = TagForm
    inlines = []
    list_display = ["name", "slug", "records"]
    actions = ["merge_tags"]

    def get_urls(self):
        return admin.ModelAdmin.get_urls(self)  # without taggit's merge view

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.annotate(records_count=Count("taggit_taggeditem_items"))

    @admin.display(description=_("records"), ordering="records_count")
    def records(self, tag):
        return tag.records_count

    def has_merge_permission(self, request) -> bool:
        # Both, not either (the admin offers an action for any one of its permissions).
        return self.has_change_permission(request) and self.has_delete_permission(request)

    @admin.action(description=_("Merge the selected tags into one"), permissions=["merge"])
    def merge_tags(self, request, queryset):
        tags = list(queryset.order_by("-records_count", "name"))
        if len(tags) < 2:
            self.message_user(request, _("Choose at least two tags to merge."), messages.WARNING)
            return None
        form = TagMergeForm(
            request.POST if "merge" in request.POST else None, initial={"name": tags[0].name}
        )
        if form.is_valid() and self._may_merge_into(request, form, tags):
            kept, merged = tags_merge(tags=tags, name=form.cleaned_data["name"])
            self._log_merge(request, kept, merged)
            message = ngettext(
                "%(count)d tag merged into “%(name)s”.",
                "%(count)d tags merged into “%(name)s”.",
                len(merged),
            ) % {"count": len(merged), "name": kept.name}
            self.message_user(request, message, messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Merge tags"),
            "opts": self.model._meta,
            "tags": tags,
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/taggit/tag/merge.html", context)

    def _may_merge_into(self, request, form, tags) -> bool:
        """Not more records than a page may rewrite; and a merge into a new name creates a
        tag: it needs the permission to add one."""
        kept = tag_named(form.cleaned_data["name"])
        try:
            refuse_if_too_many([tag for tag in tags if tag != kept], "merge")
        except ValidationError as error:
            form.add_error("name", error)
            return False
        if kept or self.has_add_permission(request):
            return True
        form.add_error("name", _("You may merge only into an existing tag's name."))
        return False

    def get_deleted_objects(self, objs, request):
        """Deleting a tag rewrites the records carrying it: refused here (shown as what
        prevents the deletion) when there are more than a page may rewrite."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        try:
            refuse_if_too_many(list(objs), "delete")
        except ValidationError as error:
            protected = [*protected, *error.messages]
        return deleted, counts, perms_needed, protected

    def _log_merge(self, request, kept, merged) -> None:
        names = ", ".join(tag.name for tag in merged)
        self.log_change(request, kept, _("Merged into it: %(names)s.") % {"names": names})
        self.log_deletions(request, merged)


admin.site.unregister(Tag)
admin.site.register(Tag, TagAdmin)
