"""Editorial workflow: draft -> in review -> published, and withdrawn.

Writes are plain functions (`record_submit`, `record_publish`, ...), each in a transaction
that locks the row, so the admin's forms, its bulk actions and commands share one path."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Status


class StaleRecordError(Exception):
    """The record changed since the user loaded it (another save came first)."""

    def __init__(self, record):
        self.record = record
        who = record.updated_by.get_username() if record.updated_by else _("someone")
        super().__init__(
            _(
                "“%(title)s” was changed by %(who)s at %(when)s, after you opened it. "
                "Reload it to see their changes, then make yours again."
            )
            % {
                "title": record.title,
                "who": who,
                "when": timezone.localtime(record.updated_at).strftime("%Y-%m-%d %H:%M"),
            }
        )


class TransitionError(Exception):
    """A status change that the workflow does not allow from the record's current status."""


# action -> (statuses it may start from, status it leads to, needs the publish permission)
TRANSITIONS = {
    "submit": ({Status.DRAFT}, Status.REVIEW, False),
    "return_to_draft": ({Status.REVIEW, Status.WITHDRAWN}, Status.DRAFT, False),
    "publish": ({Status.DRAFT, Status.REVIEW, Status.WITHDRAWN}, Status.PUBLISHED, True),
    "withdraw": ({Status.PUBLISHED}, Status.WITHDRAWN, True),
}


def publish_permission(model) -> str:
    return f"{model._meta.app_label}.publish_{model._meta.model_name}"


def can_publish(user, model) -> bool:
    return user.has_perm(publish_permission(model))


def status_change_allowed(user, model, old: str, new: str) -> bool:
    """Editors may move records between draft and review; publishing, withdrawing and
    anything that touches a published record needs the publish permission."""
    if old == new:
        return True
    if Status.PUBLISHED in (old, new) or new == Status.WITHDRAWN:
        return can_publish(user, model)
    return True


def lock_current(record, *, expected_version=None):
    """Lock the record's row and return its current state; refuse it if its version is
    not the one the user started from."""
    # of=("self",): PostgreSQL refuses FOR UPDATE on the nullable side of the outer join
    # that select_related("updated_by") makes; only the record's row needs the lock.
    current = (
        type(record)
        .objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .get(pk=record.pk)
    )
    if expected_version is not None and current.version != int(expected_version):
        raise StaleRecordError(current)
    return current


def stamp(record, *, user, creating: bool = False) -> None:
    """Record who changed it, bump the version, and date a first publication."""
    if creating:
        record.created_by = user
        record.version = 1
    else:
        record.version += 1
    record.updated_by = user
    if record.status == Status.PUBLISHED and record.published_at is None:
        record.published_at = timezone.now()


@transaction.atomic
def record_transition(*, record, action: str, user, expected_version=None):
    sources, target, needs_publish = TRANSITIONS[action]
    current = lock_current(record, expected_version=expected_version)
    if needs_publish and not can_publish(user, type(record)):
        raise PermissionDenied(_("You are not allowed to publish or withdraw records."))
    if current.status not in sources:
        raise TransitionError(
            _("“%(title)s” is %(status)s and cannot be changed that way.")
            % {"title": current.title, "status": current.get_status_display().lower()}
        )
    current.status = target
    stamp(current, user=user)
    current.save()
    return current


def record_submit(*, record, user, expected_version=None):
    return record_transition(
        record=record, action="submit", user=user, expected_version=expected_version
    )


def record_publish(*, record, user, expected_version=None):
    return record_transition(
        record=record, action="publish", user=user, expected_version=expected_version
    )


def record_withdraw(*, record, user, expected_version=None):
    return record_transition(
        record=record, action="withdraw", user=user, expected_version=expected_version
    )


def record_set_tags(*, record, names) -> None:
    """Set the tags and keep the versioned copy of their names in step."""
    record.tags.set(list(names), clear=False)
    names = sorted(record.tags.values_list("name", flat=True), key=str.lower)
    if names != record.tag_names:
        record.tag_names = names
        record.save(update_fields=["tag_names"])
