"""Plain text with its web addresses made into links, for a notice or a message shown in a
page: the same text the e-mail carries, where its links are clickable. No I/O.

Only http and https addresses become links (never ``javascript:`` or ``data:``); all the
text, the addresses too, is HTML-escaped, so the result is safe to put in a page as is.
Line breaks stay as text: ``.message-body`` shows them (``white-space: pre-line``).
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

# An address runs to the first space, quote, angle bracket or non-ASCII letter: in Chinese
# and Urdu text a word or a full stop (。 ۔ ،) may follow it without a space.
WEB_ADDRESS = re.compile(r"\bhttps?://[!#-&(-;=?-~]+", re.IGNORECASE | re.ASCII)
# Punctuation that ends the sentence around an address rather than the address itself.
TRAILING = ".,;:!?"


def _address_and_rest(found: str) -> tuple[str, str]:
    """The address without the punctuation after it; a closing bracket is the text's unless
    the address opened one ("https://en.wikipedia.org/wiki/X_(y)")."""
    address = found
    while address:
        if address[-1] in TRAILING:
            address = address[:-1]
        elif address[-1] == ")" and address.count("(") < address.count(")"):
            address = address[:-1]
        else:
            break
    return address, found[len(address) :]


def linkify(text: object) -> Markup:
    """``text`` escaped, its http(s) addresses as links that open without telling the target
    where they came from; each link is left-to-right whatever the text around it."""
    plain = "" if text is None else str(text)
    pieces: list[str] = []
    shown_up_to = 0
    for match in WEB_ADDRESS.finditer(plain):
        address, rest = _address_and_rest(match.group(0))
        if address.endswith("://"):
            continue  # nothing after the scheme: not an address
        pieces.append(escape(plain[shown_up_to : match.start()]))
        pieces.append(Markup('<a href="{0}" rel="noopener noreferrer" dir="ltr">{0}</a>').format(address))
        pieces.append(escape(rest))
        shown_up_to = match.end()
    pieces.append(escape(plain[shown_up_to:]))
    return Markup("").join(pieces)
