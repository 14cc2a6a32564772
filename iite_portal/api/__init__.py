"""The read-only JSON API under /api/v1/: case studies, policies and OER, filtered by the
same FilterSets as the list pages, with an OpenAPI 3 schema and a server-rendered docs page."""
