"""National ICT-in-education policies: official documents, with their text for search."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from iite_portal.fields import ChoiceArrayField
from iite_portal.models import (
    Record,
    RecordHistory,
    record_indexes,
    vocabulary_constraints,
    year_column,
    year_range_constraints,
)
from iite_portal.vocab import language_choices, language_codes


class Scope(models.TextChoices):
    NATIONAL = "national", _("National")
    SUBNATIONAL = "subnational", _("Sub-national")
    MULTINATIONAL = "multinational", _("Multi-national")


class DocumentType(models.TextChoices):
    LAW = "law", _("Law or act")
    POLICY = "policy", _("Policy")
    STRATEGY = "strategy", _("Strategy")
    PLAN = "plan", _("Master plan or action plan")
    REGULATION = "regulation", _("Regulation or decree")
    GUIDELINES = "guidelines", _("Guidelines or framework")


class LegalStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    EXPIRED = "expired", _("Expired")
    SUPERSEDED = "superseded", _("Superseded")
    DRAFT = "draft", _("Draft or proposed")


class Theme(models.TextChoices):
    """After the World Bank's SABER-ICT framework, plus cross-cutting topics."""

    VISION = "vision", _("Vision and planning")
    INFRASTRUCTURE = "infrastructure", _("ICT infrastructure")
    TEACHERS = "teachers", _("Teachers")
    SKILLS = "skills", _("Skills and competencies")
    RESOURCES = "resources", _("Learning resources (including OER)")
    EMIS = "emis", _("Education management information systems")
    MONITORING = "monitoring", _("Monitoring, evaluation and research")
    EQUITY = "equity", _("Equity, inclusion and safety")
    DISTANCE = "distance", _("Distance learning")
    MOBILE = "mobile", _("Mobile learning")
    AI = "ai", _("AI in education")
    PRIVACY = "privacy", _("Data privacy")


def policy_document_path(instance, filename):
    return f"policies/{instance.slug}.pdf"


class Policy(Record):
    original_title = models.CharField(
        _("title in the original language"),
        max_length=300,
        blank=True,
        help_text=_("Only when the official title differs from the title above."),
    )
    scope = models.CharField(
        _("scope"),
        max_length=15,
        choices=Scope.choices,
        default=Scope.NATIONAL,
        help_text=_("National, or sub-national (a province, a state) or multi-national."),
    )
    jurisdiction = models.CharField(
        _("jurisdiction"),
        max_length=200,
        blank=True,
        help_text=_("For sub- or multi-national policies: the province, state or group."),
    )
    issuing_body = models.CharField(
        _("issuing body"), max_length=300, help_text=_("E.g. Ministry of Education.")
    )
    document_type = models.CharField(
        _("document type"),
        max_length=12,
        choices=DocumentType.choices,
        db_index=True,
        help_text=_("The official form of the document, as its title or preamble names it."),
    )
    legal_status = models.CharField(
        _("legal status"),
        max_length=12,
        choices=LegalStatus.choices,
        default=LegalStatus.IN_FORCE,
        db_index=True,
        help_text=_(
            "Whether the document is in force today, has expired, was superseded by another, "
            "or is still a draft."
        ),
    )
    adopted_on = models.DateField(
        _("date adopted"),
        null=True,
        blank=True,
        help_text=_("Leave empty if only the year is known."),
    )
    adopted_year = year_column(_("Year the document was adopted or published."))
    start_year = year_column(_("First year of the period the policy covers."))
    end_year = year_column(_("Last year of the period covered; empty if open-ended."))
    doc_languages = ChoiceArrayField(
        models.CharField(max_length=2, choices=language_choices),
        verbose_name=_("languages of the document"),
        default=list,
        blank=True,
        help_text=_("Every language the official document is available in."),
    )
    official_url = models.URLField(
        _("official link"),
        max_length=500,
        blank=True,
        help_text=_("The document's page on the issuing body's website."),
    )
    document = models.FileField(
        _("document (PDF)"),
        upload_to=policy_document_path,
        blank=True,
        help_text=_("The policy document as a PDF, at most 20 MB; its text is made searchable."),
    )
    document_size = models.PositiveBigIntegerField(
        _("document size in bytes"), null=True, blank=True, editable=False
    )
    document_text = models.TextField(_("text of the document"), blank=True, editable=False)
    themes = ChoiceArrayField(
        models.CharField(max_length=16, choices=Theme.choices),
        verbose_name=_("themes"),
        default=list,
        blank=True,
        help_text=_(
            "The themes the policy addresses in substance (after the World Bank's SABER-ICT "
            "framework), not those it only mentions."
        ),
    )
    amends = models.ForeignKey(
        "self",
        verbose_name=_("amends"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="amended_by",
        help_text=_("The earlier policy this one amends."),
    )
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced_by",
        help_text=_("The earlier policy this one replaces."),
    )
    implements = models.ForeignKey(
        "self",
        verbose_name=_("implements"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="implemented_by",
        help_text=_("The broader policy or strategy this one carries out."),
    )

    url_field = "official_url"
    year_field = "adopted_year"
    history = RecordHistory(excluded_fields=["document_text"])

    class Meta(Record.Meta):
        indexes = record_indexes("policies_policy")
        verbose_name = _("policy")
        verbose_name_plural = _("policies")
        permissions = [("publish_policy", _("Can publish and withdraw policies"))]
        constraints = [
            *Record.Meta.constraints,
            *year_range_constraints("start_year", "end_year", "policies_policy"),
            models.CheckConstraint(
                condition=models.Q(adopted_year__isnull=True)
                | models.Q(adopted_year__range=(1900, 2100)),
                name="policies_policy_adopted_year_plausible",
            ),
            models.CheckConstraint(
                condition=~models.Q(amends=models.F("id")) & ~models.Q(replaces=models.F("id")),
                name="policies_policy_not_related_to_itself",
                violation_error_message=_("A policy cannot amend or replace itself."),
            ),
            *vocabulary_constraints(
                "policies_policy",
                single={
                    "scope": Scope.values,
                    "document_type": DocumentType.values,
                    "legal_status": LegalStatus.values,
                },
                arrays={"doc_languages": language_codes(), "themes": Theme.values},
            ),
        ]
