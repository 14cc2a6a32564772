"""Text that XML 1.0 can carry: feeds and OAI-PMH strip the control characters it forbids
(they can arrive in a query string or a pasted title) instead of failing."""

import re

XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(value) -> str:
    return XML_INVALID.sub("", str(value))
