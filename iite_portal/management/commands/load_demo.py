"""`manage.py load_demo`: load the sample demo content, or bring it back to the sample.

`load_demo` restores every demo record (re-creates deleted ones, undoes edits);
`load_demo --if-empty` (what `make run` and `make serve` run) loads only into a database
that has never held a record and otherwise changes nothing."""

from django.core.management.base import BaseCommand

from iite_portal.demo import DEMO_SOURCE, demo_coverage, demo_load


class Command(BaseCommand):
    help = (
        "Load the sample policies, case studies and OER listings of iite_portal/demo_data/ "
        "(published, plus a few drafts). Records are matched by slug, and every demo record "
        "is brought back to the sample: deleted ones are created again, edits are undone. "
        "With --if-empty, nothing happens unless the database has never held a record."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help=(
                "Load only into a database that has never held a policy, case study or OER "
                "listing; otherwise change nothing (what `make run` does on every start)."
            ),
        )

    def handle(self, *args, **options):
        report = demo_load(if_empty=options["if_empty"])
        if report.skipped:
            self.stdout.write(
                "Demo content not loaded: the database already has records (or had them), "
                "and --if-empty leaves them alone. `manage.py load_demo` (make reset-demo) "
                "brings the demo records back to the sample."
            )
            return
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
