"""The OAI-PMH endpoint: checks the arguments of each verb, answers with XML, and reports
bad requests with the protocol's error codes (always HTTP 200, as the protocol asks)."""

import re
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core import signing
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .catalogue import (
    DATESTAMP,
    DOMAIN,
    HARVESTABLE,
    Harvest,
    all_sets,
    datestamp,
    earliest_change,
    find_record,
    find_set,
    oai_identifier,
    repository_identifier,
    set_specs,
)
from .dublin_core import dublin_core, xml_text

METADATA_PREFIX = "oai_dc"
DATESTAMP_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?\Z")
TOKEN_SALT = "iite_portal.oai.resumption"  # noqa: S105 - a signing namespace, not a secret

# verb -> (required arguments, optional arguments, exclusive argument)
VERBS = {
    "Identify": (set(), set(), None),
    "ListMetadataFormats": (set(), {"identifier"}, None),
    "ListSets": (set(), set(), "resumptionToken"),
    "GetRecord": ({"identifier", "metadataPrefix"}, set(), None),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set"}, "resumptionToken"),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set"}, "resumptionToken"),
}


class OaiError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


def check_arguments(params):
    """The verb and its arguments, or OaiError(badVerb/badArgument)."""
    verbs = params.getlist("verb")
    if len(verbs) != 1 or verbs[0] not in VERBS:
        raise OaiError("badVerb", "The verb argument is missing, repeated or not an OAI-PMH verb.")
    required, optional, exclusive = VERBS[verbs[0]]
    args = {}
    for name in params:
        if name == "verb":
            continue
        values = params.getlist(name)
        if len(values) != 1 or not values[0]:
            raise OaiError("badArgument", f"The argument {name} is repeated or empty.")
        args[name] = values[0]
    if exclusive and exclusive in args:
        if len(args) > 1:
            raise OaiError("badArgument", f"{exclusive} must be the only argument with the verb.")
        return verbs[0], args
    unknown = sorted(set(args) - required - optional - {exclusive})
    missing = sorted(required - set(args))
    if unknown or missing:
        raise OaiError(
            "badArgument",
            f"Not allowed with {verbs[0]}: {', '.join(unknown) or '-'}; "
            f"missing: {', '.join(missing) or '-'}.",
        )
    return verbs[0], args


def parse_datestamp(value: str, *, upper: bool) -> tuple[datetime | None, str]:
    """A from/until bound in UTC and its granularity. An `until` bound becomes the first
    moment after it, so that it includes its whole day or second (None: no bound)."""
    shape = DATESTAMP_SHAPE.match(value)
    granularity = "seconds" if shape and shape.group(1) else "day"
    try:
        if not shape:
            raise ValueError(value)
        fmt = DATESTAMP if granularity == "seconds" else "%Y-%m-%d"
        moment = datetime.strptime(value, fmt).replace(tzinfo=UTC)  # noqa: DTZ007
    except ValueError as error:
        raise OaiError(
            "badArgument", f"{value} is not a UTC datestamp (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ)."
        ) from error
    if upper:
        step = timedelta(seconds=1) if granularity == "seconds" else timedelta(days=1)
        moment = moment + step if moment < datetime.max.replace(tzinfo=UTC) - step else None
    return moment, granularity


def build_harvest(args) -> Harvest:
    if args["metadataPrefix"] != METADATA_PREFIX:
        raise OaiError("cannotDisseminateFormat", "This repository disseminates oai_dc only.")
    oai_set = None
    if "set" in args:
        oai_set = find_set(args["set"])
        if oai_set is None:
            raise OaiError("badArgument", f"There is no set {args['set']}; see ListSets.")
    since = before = None
    if "from" in args:
        since, from_granularity = parse_datestamp(args["from"], upper=False)
    if "until" in args:
        before, until_granularity = parse_datestamp(args["until"], upper=True)
    if since and "until" in args:
        if from_granularity != until_granularity:
            raise OaiError("badArgument", "from and until must have the same granularity.")
        if before and since >= before:
            raise OaiError("badArgument", "from is later than until.")
    return Harvest(oai_set=oai_set, since=since, before=before)


def dump_token(verb, args, *, kind, after_pk, cursor) -> str:
    state = {"verb": verb, "args": args, "kind": kind, "pk": after_pk, "cursor": cursor}
    return signing.dumps(state, salt=TOKEN_SALT, compress=True)


def load_token(verb, token):
    """The state a resumption token carries; signed, so it cannot be forged or altered."""
    try:
        state = signing.loads(token, salt=TOKEN_SALT, max_age=settings.OAI_TOKEN_MAX_AGE)
    except signing.SignatureExpired as error:
        raise OaiError("badResumptionToken", "The resumption token has expired.") from error
    except signing.BadSignature as error:
        raise OaiError("badResumptionToken", "The resumption token is not valid.") from error
    if state.get("verb") != verb:
        raise OaiError("badResumptionToken", f"The resumption token is not one for {verb}.")
    return state


class Responder:
    """Answers one request: one method per verb, named as the verb, each returning
    (template, context) or raising OaiError."""

    def __init__(self, request):
        self.request = request

    def url_for(self, record) -> str:
        with translation.override(settings.LANGUAGE_CODE):
            return self.request.build_absolute_uri(record.get_absolute_url())

    def item(self, record, *, with_metadata: bool):
        deleted = record.status != HARVESTABLE[0]
        return {
            "identifier": oai_identifier(self.request, record),
            "datestamp": datestamp(record),
            "set_specs": set_specs(record),
            "deleted": deleted,
            "dc": dublin_core(record, url_for=self.url_for)
            if with_metadata and not deleted
            else None,
        }

    def Identify(self, args):
        earliest = earliest_change() or timezone.now()
        repository_id = repository_identifier(self.request)
        return "oai/identify.xml", {
            "name": settings.OAI_REPOSITORY_NAME,
            "admin_email": settings.OAI_ADMIN_EMAIL,
            "earliest": earliest.astimezone(UTC).strftime(DATESTAMP),
            "repository_id": repository_id if DOMAIN.match(repository_id) else "",
        }

    def ListMetadataFormats(self, args):
        if "identifier" in args and find_record(self.request, args["identifier"]) is None:
            raise OaiError("idDoesNotExist", "No record has this identifier.")
        return "oai/list_metadata_formats.xml", {}

    def ListSets(self, args):
        if "resumptionToken" in args:
            raise OaiError("badResumptionToken", "The set list is complete in one response.")
        return "oai/list_sets.xml", {"sets": all_sets()}

    def GetRecord(self, args):
        if args["metadataPrefix"] != METADATA_PREFIX:
            raise OaiError("cannotDisseminateFormat", "This repository disseminates oai_dc only.")
        record = find_record(self.request, args["identifier"])
        if record is None:
            raise OaiError("idDoesNotExist", "No record has this identifier.")
        return "oai/get_record.xml", {"item": self.item(record, with_metadata=True)}

    def ListIdentifiers(self, args):
        return self.list_items("ListIdentifiers", args, "oai/list_identifiers.xml")

    def ListRecords(self, args):
        return self.list_items("ListRecords", args, "oai/list_records.xml")

    def list_items(self, verb, args, template):
        state = {"args": args, "kind": None, "pk": 0, "cursor": 0}
        if "resumptionToken" in args:
            state = load_token(verb, args["resumptionToken"])
        harvest = build_harvest(state["args"])
        records = harvest.page(
            kind=state["kind"], after_pk=state["pk"], size=settings.OAI_PAGE_SIZE
        )
        if not records:
            raise OaiError("noRecordsMatch", "No records match these arguments.")
        resumption = {"token": "", "cursor": state["cursor"], "size": harvest.size()}
        returned = state["cursor"] + len(records)
        if returned < resumption["size"]:
            last = records[-1]
            resumption["token"] = dump_token(
                verb, state["args"], kind=last._meta.app_label, after_pk=last.pk, cursor=returned
            )
            expires = timezone.now() + timedelta(seconds=settings.OAI_TOKEN_MAX_AGE)
            resumption["expires"] = expires.astimezone(UTC).strftime(DATESTAMP)
        return template, {
            "items": [self.item(r, with_metadata=verb == "ListRecords") for r in records],
            "resumption": resumption,
            # Only a resumed or a multi-page list carries a resumptionToken element.
            "paged": bool(resumption["token"]) or "resumptionToken" in args,
        }


@csrf_exempt  # harvesters POST without a session; the endpoint only reads
@require_http_methods(["GET", "POST", "HEAD"])
def oai_pmh(request):
    params = request.POST if request.method == "POST" else request.GET
    context = {
        "response_date": timezone.now().astimezone(UTC).strftime(DATESTAMP),
        "base_url": request.build_absolute_uri(reverse("oai")),
        "request_args": [],
    }
    try:
        verb, args = check_arguments(params)
        # The request element repeats valid arguments only (never after badVerb/badArgument).
        context["request_args"] = [("verb", verb), *((k, xml_text(v)) for k, v in args.items())]
        template, extra = getattr(Responder(request), verb)(args)
        context.update(extra)
    except OaiError as error:
        template = "oai/error.xml"
        if error.code in ("badVerb", "badArgument"):
            context["request_args"] = []
        context["error"] = error
    return render(request, template, context, content_type="text/xml; charset=utf-8")
