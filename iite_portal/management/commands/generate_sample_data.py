"""`manage.py generate_sample_data`: synthetic records at scale, for benchmarks."""

import time

from django.core.management.base import BaseCommand, CommandError

from iite_portal.sample_data import sample_data_clear, sample_data_generate


def share(value: str) -> float:
    number = float(value)
    if not 0 <= number <= 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Create synthetic case studies, policies and OER listings (slugs gen-<kind>-<n>) "
        "with tags, countries and a share of drafts; deterministic for a seed. "
        "--clear first deletes the records made earlier by this command."
    )

    def add_arguments(self, parser):
        for kind in ("practices", "policies", "oer"):
            parser.add_argument(f"--{kind}", type=int, default=0, metavar="N")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--drafts-share",
            type=share,
            default=0.1,
            help="Share of records that are not published (draft, in review, withdrawn).",
        )
        parser.add_argument("--clear", action="store_true", help="Delete generated records first.")

    def handle(self, *args, practices, policies, oer, seed, drafts_share, clear, **options):
        if min(practices, policies, oer) < 0:
            raise CommandError("Counts must be zero or more.")
        started = time.perf_counter()
        if clear:
            gone = sample_data_clear()
            self.stdout.write(
                f"Deleted {gone.practices} case studies, {gone.policies} policies, "
                f"{gone.oer} OER listings made earlier."
            )
        made = sample_data_generate(
            practices=practices, policies=policies, oer=oer, seed=seed, drafts_share=drafts_share
        )
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {made.practices} case studies, {made.policies} policies and "
                f"{made.oer} OER listings (seed {seed}) in {elapsed:.1f} s."
            )
        )
