"""Why a choice is not eligible or was not met, worded by the reason's stable code.

The services give every eligibility reason (shared/eligibility.py) and every round reason a
``code`` and ``params`` beside the English ``text``; ``shared.reason_words`` holds the sentence
of each code in every language. The portal words a known code in the page's language, each number, date and code-like value isolated (``<bdi>``) so that it keeps
its place in right-to-left text; an unknown code, or a reason without one (an older event),
is shown as the service wrote it, isolated as a whole.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup, escape

from services.portal.i18n import WORDED_PARAMS, reason_param_text, translate
from shared.reason_words import worded


def _shown(lang: str, key: str, value: Any) -> Markup:
    """A parameter in the page's language, isolated: a number, date or code keeps its place."""
    text = reason_param_text(lang, key, value)
    if key in WORDED_PARAMS and isinstance(value, (str, list, tuple)):
        return Markup('<bdi dir="auto">{}</bdi>').format(text)
    return Markup("<bdi>{}</bdi>").format(text)


def word_reason(lang: str, reason: Any, about: bool = False) -> Markup:
    """A reason (``{"code", "params", "text"}`` or a plain English sentence) as safe HTML in
    ``lang``; ``about``: for staff, about the applicant ("the applicant's grade", not "your")."""
    if isinstance(reason, Mapping):
        html = worded(lang, reason, _shown, about=about, sentence=lambda text: Markup(escape(text)))
        if html is not None:
            return html
        reason = reason.get("text") or reason.get("reason") or reason.get("code") or ""  # the service's words
    return Markup('<bdi dir="auto">{}</bdi>').format(translate(lang, str(reason)))
