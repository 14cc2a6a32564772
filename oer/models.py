"""Listings of Open Educational Resources hosted elsewhere."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from iite_portal.fields import ChoiceArrayField
from iite_portal.models import (
    MAX_YEAR,
    MIN_YEAR,
    Record,
    RecordHistory,
    record_indexes,
    vocabulary_constraints,
    year_column,
)
from iite_portal.vocab import Licence, country_codes, language_choices, language_codes


class ResourceType(models.TextChoices):
    COURSE = "course", _("Course")
    TEXTBOOK = "textbook", _("Textbook")
    LESSON_PLAN = "lesson_plan", _("Lesson plan")
    VIDEO = "video", _("Video")
    INTERACTIVE = "interactive", _("Interactive or simulation")
    ASSESSMENT = "assessment", _("Assessment")
    TOOLKIT = "toolkit", _("Toolkit or guide")
    COLLECTION = "collection", _("Collection or repository")
    OTHER = "other", _("Other")


class Accessibility(models.TextChoices):
    CAPTIONS = "captions", _("Captions")
    TRANSCRIPTS = "transcripts", _("Transcripts")
    SCREEN_READER = "screen_reader", _("Screen-reader friendly")
    ALT_TEXT = "alt_text", _("Text alternatives for images")
    SIGN_LANGUAGE = "sign_language", _("Sign language")
    AUDIO_DESCRIPTION = "audio_description", _("Audio description")
    EASY_READ = "easy_read", _("Easy-read version")


class Resource(Record):
    url = models.URLField(
        _("address"),
        max_length=500,
        help_text=_("Where the resource itself can be used or downloaded."),
    )
    publisher = models.CharField(
        _("publisher or author"), max_length=300, help_text=_("Who made or publishes the resource.")
    )
    resource_type = models.CharField(
        _("resource type"),
        max_length=12,
        choices=ResourceType.choices,
        db_index=True,
        help_text=_("What the resource is; a site holding many resources is a collection."),
    )
    subjects = ArrayField(
        models.CharField(max_length=100),
        verbose_name=_("subjects"),
        default=list,
        blank=True,
        help_text=_("Subjects, separated by commas, e.g. mathematics, physics."),
    )
    languages = ChoiceArrayField(
        models.CharField(max_length=2, choices=language_choices),
        verbose_name=_("languages of the resource"),
        default=list,
        blank=True,
        help_text=_("Every language the resource itself is available in."),
    )
    licence = models.CharField(
        _("licence"),
        max_length=20,
        choices=Licence.choices,
        db_index=True,
        help_text=_(
            "SPDX licence identifier of the resource, as its publisher states it; "
            "“Not openly licensed” if it is only free to read."
        ),
    )
    accessibility = ChoiceArrayField(
        models.CharField(max_length=20, choices=Accessibility.choices),
        verbose_name=_("accessibility features"),
        default=list,
        blank=True,
        help_text=_("Only the features the resource really offers, as checked or stated."),
    )
    offline = models.BooleanField(
        _("works offline"),
        default=False,
        help_text=_("Can be downloaded and used without a connection."),
    )
    low_bandwidth = models.BooleanField(
        _("works on low bandwidth"),
        default=False,
        help_text=_("Usable on a slow or costly connection."),
    )
    origin_country = CountryField(
        _("country of origin"), blank=True, help_text=_("Where the resource was made.")
    )
    year = year_column(_("Year of publication or last major update."))
    related_policies = models.ManyToManyField(
        "policies.Policy",
        verbose_name=_("related policies"),
        blank=True,
        related_name="resources",
        help_text=_("Policies on the portal that the resource supports or was made for."),
    )

    url_field = "url"
    year_field = "year"
    history = RecordHistory(m2m_fields=[related_policies])

    class Meta(Record.Meta):
        indexes = record_indexes("oer_resource")
        verbose_name = _("OER listing")
        verbose_name_plural = _("OER listings")
        permissions = [("publish_resource", _("Can publish and withdraw OER listings"))]
        constraints = [
            *Record.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(year__isnull=True) | models.Q(year__range=(MIN_YEAR, MAX_YEAR)),
                name="oer_resource_year_plausible",
            ),
            *vocabulary_constraints(
                "oer_resource",
                single={
                    "resource_type": ResourceType.values,
                    "licence": Licence.values,
                    "origin_country": ["", *country_codes()],  # may be left empty
                },
                arrays={"languages": language_codes(), "accessibility": Accessibility.values},
            ),
        ]

    def save(self, *args, **kwargs):
        # Countries of relevance include the country of origin, so one filter finds both.
        if self.origin_country and self.origin_country.code not in self.countries:
            self.countries = [*self.countries, self.origin_country.code]
        super().save(*args, **kwargs)
