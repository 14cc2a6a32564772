"""PostgreSQL backend that starts the embedded server on the first connection."""

from django.db.backends.postgresql import base

from iite_portal.embedded_server import ensure_running


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        options = self.settings_dict["OPTIONS"]
        socket_dir = ensure_running(
            options["pgdata"],
            self.settings_dict["NAME"] or "postgres",  # None: Django's "no database" cursor
            options.get("keep_running", True),
        )
        params.pop("pgdata", None)
        params.pop("keep_running", None)
        params.update(host=socket_dir, user="postgres")
        return params
