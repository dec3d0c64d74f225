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
from shared.reason_words import sentence_for


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
        code, params = str(reason.get("code") or ""), dict(reason.get("params") or {})
        template = sentence_for(code, params, about=about)
        if template is not None:
            sentence = translate(lang, template)
            shown = {k: _shown(lang, k, v) for k, v in params.items()}
            try:
                return Markup(escape(sentence)).format(**shown)
            except (KeyError, IndexError, ValueError):
                pass  # a translation naming a place the params lack: the service's words
        reason = reason.get("text") or reason.get("reason") or code
    return Markup('<bdi dir="auto">{}</bdi>').format(translate(lang, str(reason)))
