"""factory_boy factories for users and the three kinds of record."""

import factory
from django.contrib.auth.models import Group, User
from django.utils import timezone

from iite_portal.models import Status
from oer.models import Resource
from policies.models import Policy
from practices.models import CaseStudy


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class StaffFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def group(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


def editor(**kwargs):
    return StaffFactory(group="Editors", **kwargs)


def publisher(**kwargs):
    return StaffFactory(group="Publishers", **kwargs)


class RecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Record number {n}")
    slug = factory.Sequence(lambda n: f"record-{n}")
    summary = "A short summary of what this record is about."
    countries = factory.LazyFunction(lambda: ["KE"])
    levels = factory.LazyFunction(lambda: ["1"])
    status = Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            from iite_portal.workflow import record_set_tags

            record_set_tags(record=self, names=extracted)


class DraftMixin(factory.Factory):
    status = Status.DRAFT
    published_at = None


class PolicyFactory(RecordFactory):
    class Meta:
        model = Policy

    title = factory.Sequence(lambda n: f"National ICT in Education Policy {n}")
    slug = factory.Sequence(lambda n: f"policy-{n}")
    issuing_body = "Ministry of Education"
    document_type = "policy"
    legal_status = "in_force"
    adopted_year = 2020
    start_year = 2020
    end_year = 2025
    doc_languages = factory.LazyFunction(lambda: ["en"])


class CaseStudyFactory(RecordFactory):
    class Meta:
        model = CaseStudy

    title = factory.Sequence(lambda n: f"Tablets for rural schools {n}")
    slug = factory.Sequence(lambda n: f"case-study-{n}")
    organisation = "Ministry of Education"
    organisation_type = "government"
    start_year = 2018
    connectivity = "offline"
    approach = "Teachers received **training** and devices."


class ResourceFactory(RecordFactory):
    class Meta:
        model = Resource

    title = factory.Sequence(lambda n: f"Open textbook {n}")
    slug = factory.Sequence(lambda n: f"oer-{n}")
    url = factory.Sequence(lambda n: f"https://oer.example.org/{n}")
    publisher = "OpenStax"
    resource_type = "textbook"
    licence = "CC-BY-4.0"
    languages = factory.LazyFunction(lambda: ["en"])
    year = 2021
