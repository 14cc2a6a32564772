"""Rebuild the word list behind "Did you mean ...?" (the search triggers only add words)."""

from django.core.management.base import BaseCommand

from iite_portal.search import search_terms_rebuild


class Command(BaseCommand):
    help = "Rebuild the search suggestion word list from titles, tags and country names."

    def handle(self, *args, **options):
        self.stdout.write(f"{search_terms_rebuild()} words")
