"""Good-practice case studies: ICT-in-education initiatives that worked."""

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


class OrganisationType(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    NGO = "ngo", _("NGO")
    SCHOOL = "school", _("School")
    UNIVERSITY = "university", _("University")
    PRIVATE = "private", _("Private sector")
    INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental")


class TargetGroup(models.TextChoices):
    GIRLS_WOMEN = "girls_women", _("Girls and women")
    RURAL = "rural", _("Rural learners")
    DISABILITIES = "disabilities", _("Learners with disabilities")
    REFUGEES = "refugees", _("Refugees and displaced people")
    INDIGENOUS = "indigenous", _("Indigenous and minority language speakers")
    OUT_OF_SCHOOL = "out_of_school", _("Out-of-school youth")
    ADULTS = "adults", _("Adult learners")
    TEACHERS = "teachers", _("Teachers")


class Connectivity(models.TextChoices):
    OFFLINE = "offline", _("Works offline")
    LOW_BANDWIDTH = "low_bandwidth", _("Low bandwidth")
    ONLINE = "online", _("Needs a good connection")


class EvidenceType(models.TextChoices):
    EVALUATION = "evaluation", _("Evaluation report")
    STUDY = "study", _("Research study")
    MONITORING = "monitoring", _("Monitoring data")
    TESTIMONIALS = "testimonials", _("Testimonials")


def narrative(label, help_text):
    return models.TextField(label, blank=True, help_text=help_text)


MARKDOWN_HELP = _(
    "Markdown: blank line between paragraphs, - for lists, [text](https://...) for links."
)


class CaseStudy(Record):
    organisation = models.CharField(
        _("implementing organisation"), max_length=300, help_text=_("Who runs the initiative.")
    )
    organisation_type = models.CharField(
        _("organisation type"),
        max_length=20,
        choices=OrganisationType.choices,
        db_index=True,
        help_text=_("The kind of organisation that runs the initiative."),
    )
    partners = models.TextField(
        _("partners"), blank=True, help_text=_("Partner organisations, separated by commas.")
    )
    start_year = year_column(_("Year the initiative started."))
    end_year = year_column(_("Year it ended; leave empty if it is ongoing."))
    ongoing = models.BooleanField(
        _("ongoing"),
        default=False,
        help_text=_("Tick if the initiative is still running; then leave the end year empty."),
    )
    target_groups = ChoiceArrayField(
        models.CharField(max_length=16, choices=TargetGroup.choices),
        verbose_name=_("target groups"),
        default=list,
        blank=True,
        help_text=_("The groups the initiative is designed for; none if it serves all learners."),
    )
    learners_reached = models.PositiveIntegerField(
        _("learners reached"),
        null=True,
        blank=True,
        help_text=_("Number of learners reached, as the source reports it; empty if unknown."),
    )
    teachers_reached = models.PositiveIntegerField(
        _("teachers reached"),
        null=True,
        blank=True,
        help_text=_(
            "Number of teachers trained or reached, as the source reports it; empty if unknown."
        ),
    )
    schools_reached = models.PositiveIntegerField(
        _("schools reached"),
        null=True,
        blank=True,
        help_text=_("Number of schools taking part, as the source reports it; empty if unknown."),
    )
    technologies = models.CharField(
        _("technologies used"),
        max_length=500,
        blank=True,
        help_text=_("E.g. low-cost laptops, SMS, radio, a learning platform."),
    )
    connectivity = models.CharField(
        _("connectivity needed"),
        max_length=14,
        choices=Connectivity.choices,
        blank=True,
        db_index=True,
        help_text=_("The least connection the technology needs in order to work."),
    )
    open_tools = models.BooleanField(
        _("open and free tools"),
        default=False,
        help_text=_("The tools used are open source or free."),
    )
    context = narrative(_("context and problem"), MARKDOWN_HELP)
    approach = narrative(_("approach"), MARKDOWN_HELP)
    implementation = narrative(_("implementation"), MARKDOWN_HELP)
    monitoring = narrative(_("monitoring and evaluation"), MARKDOWN_HELP)
    impact = narrative(_("evidence of impact"), MARKDOWN_HELP)
    evidence_types = ChoiceArrayField(
        models.CharField(max_length=12, choices=EvidenceType.choices),
        verbose_name=_("kind of evidence"),
        default=list,
        blank=True,
        help_text=_("The kinds of evidence behind the impact described above."),
    )
    costs = narrative(_("costs and funding"), MARKDOWN_HELP)
    challenges = narrative(_("challenges"), MARKDOWN_HELP)
    lessons = narrative(_("lessons learned"), MARKDOWN_HELP)
    sustainability = narrative(_("sustainability and scalability"), MARKDOWN_HELP)
    sources = narrative(
        _("sources and links"), _("One source per line: a web address, optionally after a title.")
    )
    contact = models.CharField(
        _("contact"),
        max_length=300,
        blank=True,
        help_text=_("A public contact: name, e-mail or web page."),
    )
    related_policies = models.ManyToManyField(
        "policies.Policy",
        verbose_name=_("related policies"),
        blank=True,
        related_name="case_studies",
        help_text=_("Policies on the portal that the initiative carries out or draws on."),
    )
    related_resources = models.ManyToManyField(
        "oer.Resource",
        verbose_name=_("related OER"),
        blank=True,
        related_name="case_studies",
        help_text=_("OER listed on the portal that the initiative uses or produced."),
    )

    NARRATIVE_FIELDS = (
        "context",
        "approach",
        "implementation",
        "monitoring",
        "impact",
        "costs",
        "challenges",
        "lessons",
        "sustainability",
    )
    year_field = "start_year"
    history = RecordHistory(m2m_fields=[related_policies, related_resources])

    class Meta(Record.Meta):
        indexes = record_indexes("practices_cs")
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")
        permissions = [("publish_casestudy", _("Can publish and withdraw case studies"))]
        constraints = [
            *Record.Meta.constraints,
            *year_range_constraints("start_year", "end_year", "practices_casestudy"),
            models.CheckConstraint(
                condition=models.Q(ongoing=False) | models.Q(end_year__isnull=True),
                name="practices_casestudy_ongoing_has_no_end_year",
                violation_error_message=_("An ongoing initiative has no end year."),
            ),
            *vocabulary_constraints(
                "practices_casestudy",
                single={
                    "organisation_type": OrganisationType.values,
                    "connectivity": ["", *Connectivity.values],  # may be left empty
                },
                arrays={
                    "target_groups": TargetGroup.values,
                    "evidence_types": EvidenceType.values,
                },
            ),
        ]

    def narrative_sections(self):
        """(heading, Markdown text) of each narrative section that has text, in order."""
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in self.NARRATIVE_FIELDS
            if getattr(self, name)
        ]
