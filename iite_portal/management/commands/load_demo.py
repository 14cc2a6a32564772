"""`manage.py load_demo`: load or refresh the sample demo content (idempotent)."""

from django.core.management.base import BaseCommand

from iite_portal.demo import DEMO_SOURCE, demo_coverage, demo_load


class Command(BaseCommand):
    help = (
        "Load the sample policies, case studies and OER listings of iite_portal/demo_data/ "
        "(published, plus a few drafts). Safe to run again: records are matched by slug."
    )

    def handle(self, *args, **options):
        report = demo_load()
        for model, statuses in report.statuses.items():
            detail = ", ".join(f"{count} {status}" for status, count in sorted(statuses.items()))
            name = model._meta.verbose_name_plural
            self.stdout.write(f"{name}: {sum(statuses.values())} ({detail})")
        coverage = demo_coverage()
        self.stdout.write(
            f"Published policies cover {coverage['countries']} countries "
            f"in {coverage['regions']} UNESCO regions."
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content loaded: {report.created} created, {report.updated} updated, "
                f"{report.unchanged} unchanged."
            )
        )
        self.stdout.write(f"Every demo record says: “{DEMO_SOURCE}”")
