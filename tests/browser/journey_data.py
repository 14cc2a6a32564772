"""The records the journeys find: published, cross-linked, in a region with several countries,
and decoys that each filter step must drop (so a broken filter shows in the results)."""

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from policies.documents import policy_attach_document
from tests.admin_support import make_pdf
from tests.factories import CaseStudyFactory, PolicyFactory


@dataclass
class TeacherWorld:
    case_study: object
    policy: object
    dropped_by_tag: object
    dropped_by_level: object


def teacher_world() -> TeacherWorld:
    """Kenya (Africa) with three case studies, one of them tagged "mobile learning" at
    primary level and linked to a Kenyan policy; Ghana, also in Africa, has one more."""
    policy = PolicyFactory(
        title="Kenya Digital Literacy Programme Policy",
        slug="kenya-digital-literacy-policy",
        countries=["KE"],
        tags=["mobile learning"],
    )
    case_study = CaseStudyFactory(
        title="Solar tablets for Kenyan primary schools",
        slug="solar-tablets-kenya",
        countries=["KE", "UG"],
        levels=["1", "2"],
        tags=["mobile learning", "teacher training"],
    )
    case_study.related_policies.add(policy)
    CaseStudyFactory(  # in the region, not in the country
        title="Mobile maths in Ghanaian primary schools",
        countries=["GH"],
        levels=["1"],
        tags=["mobile learning"],
    )
    return TeacherWorld(
        case_study=case_study,
        policy=policy,
        dropped_by_tag=CaseStudyFactory(
            title="Radio lessons for primary pupils",
            countries=["KE"],
            levels=["1"],
            tags=["radio"],
        ),
        dropped_by_level=CaseStudyFactory(
            title="Phones for secondary science clubs",
            countries=["KE"],
            levels=["3"],
            tags=["mobile learning"],
        ),
    )


PHRASE = "teacher digital competence"


@dataclass
class OfficerWorld:
    wanted: list
    policy_with_document: object
    pdf: bytes
    dropped: dict


def officer_world() -> OfficerWorld:
    """Policies that mention the phrase (or only its words), adopted in various years, in
    force or not. The search for the phrase between 2019 and 2023, in force, finds two."""

    def policy(title, year, status="in_force", summary=None, **kwargs):
        return PolicyFactory(
            title=title,
            adopted_year=year,
            legal_status=status,
            summary=summary or f"Builds {PHRASE} in every school.",
            **kwargs,
        )

    with_document = policy(
        "Digital Education Strategy 2021-2025",
        2021,
        slug="digital-education-strategy-2021",
        countries=["KE"],
        official_url="https://www.education.go.ke/digital-strategy",
    )
    pdf = make_pdf("Digital Education Strategy: teacher digital competence for all")
    policy_attach_document(
        policy=with_document,
        file=SimpleUploadedFile("strategy.pdf", pdf, content_type="application/pdf"),
    )
    wanted = [
        with_document,
        policy("ICT in Schools Master Plan", 2023, slug="ict-master-plan", countries=["RW"]),
    ]
    dropped = {
        "words not as a phrase": policy(
            "Competence framework for digital teachers",
            2022,
            summary="Digital skills for every teacher; competence standards for schools.",
        ),
        "adopted too early": policy("Education Technology Act", 2012),
        "adopted too late": policy("Connected Classrooms Plan", 2025),
        "expired": policy("Teacher ICT Standards", 2020, status="expired"),
    }
    return OfficerWorld(wanted=wanted, policy_with_document=with_document, pdf=pdf, dropped=dropped)


def staff_groups() -> None:
    """The Editors and Publishers groups of migration iite_portal 0002. Transactional tests
    (as every live-server test is) empty the tables afterwards, groups included, so the
    browser tests create them again with the same permissions."""
    kinds = [("practices", "casestudy"), ("policies", "policy"), ("oer", "resource")]

    def perms(*actions):
        return [
            Permission.objects.get(content_type__app_label=app, codename=f"{action}_{model}")
            for app, model in kinds
            for action in actions
        ]

    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.set(perms("view", "add", "change"))
    publishers, _ = Group.objects.get_or_create(name="Publishers")
    publishers.permissions.set(perms("view", "add", "change", "delete", "publish"))
