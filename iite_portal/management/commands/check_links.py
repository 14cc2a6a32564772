"""Check the external links of every record and store each link's status."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from iite_portal.linkcheck import (
    check_urls,
    collect_urls,
    linkchecks_prune,
    linkchecks_store,
)
from iite_portal.models import LinkCheck


def positive(kind):
    def parse(text):
        value = kind(text)
        if value <= 0:
            raise ValueError(text)
        return value

    parse.__name__ = kind.__name__
    return parse


class Command(BaseCommand):
    help = (
        "Check the external links of policies (official link), OER (address) and case "
        "studies (sources): HEAD, then GET if HEAD fails; redirects followed and recorded."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--timeout", type=positive(float), default=15.0, help="Seconds per request."
        )
        parser.add_argument(
            "--per-host", type=positive(int), default=2, help="Requests to one host at a time."
        )
        parser.add_argument(
            "--workers", type=positive(int), default=8, help="Requests at a time in all."
        )
        parser.add_argument(
            "--only-older-than",
            type=positive(float),
            metavar="HOURS",
            help="Only links not checked in the last HOURS hours.",
        )

    def handle(self, *args, timeout, per_host, workers, only_older_than, verbosity, **options):
        if per_host > workers:
            raise CommandError("--per-host cannot exceed --workers.")
        cited = collect_urls()
        due = cited
        if only_older_than is not None:
            since = timezone.now() - datetime.timedelta(hours=only_older_than)
            fresh = set(
                LinkCheck.objects.filter(checked_at__gte=since).values_list("url", flat=True)
            )
            due = [url for url in cited if url not in fresh]
        results = []
        for url, result in check_urls(due, timeout=timeout, per_host=per_host, workers=workers):
            results.append((url, result))
            if verbosity > 1 or (verbosity and not result.ok):
                label = "ok" if result.ok else "BROKEN"
                self.stdout.write(f"{label} {result.status_code or '-'} {url} {result.error}")
        linkchecks_store(results=results, checked_at=timezone.now())
        pruned = linkchecks_prune(keep=cited)
        broken = sum(not result.ok for _, result in results)
        self.stdout.write(
            f"Checked {len(results)} of {len(cited)} links: {broken} broken; "
            f"forgot {pruned} no longer cited."
        )
