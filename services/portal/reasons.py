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

from babel.lists import format_list
from babel.numbers import format_decimal
from markupsafe import Markup, escape

from services.portal.i18n import country_name, format_day, language_name, locale_of, translate
from shared.reason_words import sentence_for

# these params are words, not numbers: worded in the page's language
_WORDED = {"nationality", "eligible", "required", "kind", "by", "language"}


def _number(lang: str, value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    return format_decimal(value, locale=locale_of(lang), decimal_quantization=False)


def _word(lang: str, key: str, value: Any) -> str:
    if key == "nationality":
        return country_name(lang, str(value))
    if key == "eligible":
        values = value if isinstance(value, (list, tuple)) else [value]
        return format_list([country_name(lang, str(v)) for v in values], locale=locale_of(lang))
    if key == "required":
        return translate(lang, f"type:{value}")
    if key == "kind":
        return translate(lang, f"doc:{value}")
    if key == "by":
        return str(value).upper()
    if key == "language":
        return language_name(lang, str(value))
    return str(value)


def _shown(lang: str, key: str, value: Any) -> Markup:
    """A parameter in the page's language, isolated: a number, date or code keeps its place."""
    if key == "on" or key.endswith("_on"):
        text = format_day(lang, value)
    elif key in _WORDED and isinstance(value, (str, list, tuple)):
        text = _word(lang, key, value)
        return Markup('<bdi dir="auto">{}</bdi>').format(text)
    else:
        text = _number(lang, value)
    return Markup("<bdi>{}</bdi>").format(text)


def word_reason(lang: str, reason: Any) -> Markup:
    """A reason (``{"code", "params", "text"}`` or a plain English sentence) as safe HTML in
    ``lang``."""
    if isinstance(reason, Mapping):
        code, params = str(reason.get("code") or ""), dict(reason.get("params") or {})
        template = sentence_for(code, params)
        if template is not None:
            sentence = translate(lang, template)
            shown = {k: _shown(lang, k, v) for k, v in params.items()}
            try:
                return Markup(escape(sentence)).format(**shown)
            except (KeyError, IndexError, ValueError):
                pass  # a translation naming a place the params lack: the service's words
        reason = reason.get("text") or reason.get("reason") or code
    return Markup('<bdi dir="auto">{}</bdi>').format(translate(lang, str(reason)))
