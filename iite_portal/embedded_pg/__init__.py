"""A Django database backend: the PostgreSQL backend, on the portal's own embedded server."""
