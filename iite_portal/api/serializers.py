"""Serializer fields and the base serializer the three kinds share.

Vocabulary values are objects with the stored code and its name in the language of the
request (`Accept-Language`); cross-links and tags carry their slug and URLs. Nothing here
queries the database: cross-link slugs come annotated on the queryset (see
`iite_portal.exports.with_links`) and tags prefetched."""

from django.db import models
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from iite_portal.exports import COMMON_COLUMNS
from iite_portal.filters import language_label
from iite_portal.vocab import Isced, Region, country_name


class CodeNameSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="The stored value, as the filters take it.")
    name = serializers.CharField(help_text="Its name in the language of the request.")


class LinkSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    page_url = serializers.URLField(help_text="The record's public page.")
    api_url = serializers.URLField(help_text="The record in this API.")


class TagSerializer(serializers.Serializer):
    slug = serializers.CharField(help_text="What the `tag` filter takes.")
    name = serializers.CharField()
    page_url = serializers.URLField(help_text="The tag's page across the three kinds.")


def names_of(choices):
    """code -> name, for a TextChoices class or a function."""
    if not (isinstance(choices, type) and issubclass(choices, models.Choices)):
        return choices
    labels = dict(choices.choices)
    return lambda code: labels.get(code, code)


@extend_schema_field(CodeNameSerializer)
class CodedField(serializers.Field):
    """A value of a vocabulary as {code, name}; null when blank."""

    def __init__(self, choices, **kwargs):
        self.name_of = names_of(choices)
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance):
        value = super().get_attribute(instance)
        return getattr(value, "code", value) or None  # django-countries gives a Country

    def to_representation(self, value):
        return {"code": str(value), "name": str(self.name_of(value))}


@extend_schema_field(CodeNameSerializer(many=True))
class CodedListField(CodedField):
    """An array of vocabulary values as [{code, name}, ...]."""

    def get_attribute(self, instance):
        return serializers.Field.get_attribute(self, instance)

    def to_representation(self, value):
        return [super(CodedListField, self).to_representation(code) for code in value]


def link(request, kind, slug) -> dict:
    page = reverse(f"{kind}:detail", kwargs={"slug": slug})
    api = reverse(f"api:{kind}-detail", kwargs={"slug": slug})
    return {
        "slug": slug,
        "page_url": request.build_absolute_uri(page),
        "api_url": request.build_absolute_uri(api),
    }


@extend_schema_field(LinkSerializer(many=True))
class LinkListField(serializers.Field):
    """Links to published records of a kind, from an annotated array of slugs."""

    def __init__(self, kind, **kwargs):
        self.kind = kind
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return [link(self.context["request"], self.kind, slug) for slug in value]


@extend_schema_field(LinkSerializer(allow_null=True))
class LinkField(LinkListField):
    """A link to at most one published record, or null."""

    def get_attribute(self, instance):
        slugs = super().get_attribute(instance)
        return slugs[0] if slugs else None

    def to_representation(self, value):
        return link(self.context["request"], self.kind, value)


@extend_schema_field(TagSerializer(many=True))
class TagListField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        request = self.context["request"]
        return [
            {
                "slug": tag.slug,
                "name": tag.name,
                "page_url": request.build_absolute_uri(reverse("tag", kwargs={"slug": tag.slug})),
            }
            for tag in sorted(value.all(), key=lambda tag: tag.name.casefold())
        ]


class RecordSerializer(serializers.ModelSerializer):
    """The fields of every kind; a kind's serializer adds its own `COLUMNS` and `LINKS`
    (the CSV export's columns, so that the JSON and the CSV say the same)."""

    language = CodedField(language_label, help_text="Language of the title and summary.")
    countries = CodedListField(country_name, help_text="ISO 3166-1 alpha-2 codes and names.")
    regions = CodedListField(Region, help_text="UNESCO regions, derived from the countries.")
    levels = CodedListField(Isced, help_text="ISCED 2011 levels.")
    tags = TagListField()
    page_url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()

    class Meta:
        fields = tuple(name for name in COMMON_COLUMNS if name != "country_names") + ("api_url",)

    def get_fields(self):
        """Every field read-only: the API never writes."""
        fields = super().get_fields()
        for field in fields.values():
            field.read_only = True
        return fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, record) -> str:
        return self.context["request"].build_absolute_uri(record.get_absolute_url())

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, record) -> str:
        kind = record._meta.app_label
        return self.context["request"].build_absolute_uri(
            reverse(f"api:{kind}-detail", kwargs={"slug": record.slug})
        )
