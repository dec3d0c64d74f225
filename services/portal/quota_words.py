"""The officer's quota caps in the page's language: a rule worded from its structure (its
limit, scope and "per" dimensions) once, and each of its caps by the values it is for
(programme titles with their host, country names, words for types and levels), never by
raw ids or codes.

A cap's values come from its id (``rule-id[programme=p1,sending_country=KZ]``, as
services/matching/domain/quota.py makes it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from babel.lists import format_list
from babel.numbers import format_percent
from markupsafe import Markup, escape

from services.portal.i18n import country_name, list_comma, locale_of, translate, words_of

# "each <dimension>" for a rule applied per value
EACH: dict[str, str] = {
    "sending_country": "each sending country",
    "applicant_type": "each applicant type",
    "host_institution": "each host institution",
    "host_country": "each host country",
    "programme": "each programme",
    "field": "each field",
    "level": "each level",
    "scheme": "each scheme",
    "cycle": "each cycle",
}


# a placeholder of a rule's label: "{programme}", "{sending_country}" (services/matching/domain/quota.py)
PLACEHOLDER = re.compile(r"\{(\w+)\}")


# The script a label is typed in says its language (a label has no translations): the four the
# portal speaks, by their letters
_SCRIPTS = (
    ("zh", re.compile(r"[\u3400-\u9fff]")),
    ("ru", re.compile(r"[\u0400-\u04ff]")),
    ("ur", re.compile(r"[\u0600-\u06ff]")),
)
_LATIN = re.compile(r"[A-Za-z]")


def written_in(label: str, otherwise: str) -> str:
    """The language a label is typed in, from its letters (its placeholders left out):
    Chinese, Cyrillic (Russian), Arabic script (Urdu) or Latin (English); ``otherwise`` when it
    has no letters."""
    text = PLACEHOLDER.sub("", label or "")
    for lang, letters in _SCRIPTS:
        if letters.search(text):
            return lang
    return "en" if _LATIN.search(text) else otherwise


def worded_label(
    label: str,
    lang: str,
    scope: Mapping[str, Any] | None = None,
    value: Callable[[str, str, str], str] | None = None,
) -> str:
    """A rule's label as staff read it: each placeholder ("SCO 2026: at most 40% of
    {programme}'s seats to {sending_country}") in words, the values of the rule's scope for
    that dimension where it has some (``value`` words each), else "each programme", "each
    sending country" in the label's own language (an English label read on a Chinese page had
    said "at most 40% of 每个项目's seats"), ``lang`` when it has no letters; one the portal
    does not know stays as written. (Each cap of the rule fills them with its own values:
    matching's cap labels.)"""
    scope = scope or {}
    lang = written_in(label, lang)

    def fill(m: re.Match[str]) -> str:
        dim = m.group(1)
        values = scope.get(dim)
        if values:
            listed = values if isinstance(values, list | tuple) else [values]
            return format_list([value(dim, str(v), lang) if value else str(v) for v in listed], locale=locale_of(lang))
        if dim in EACH:
            return translate(lang, EACH[dim])
        return m.group(0)

    return PLACEHOLDER.sub(fill, label or "")


# what a rule's scope covers, per dimension ({values}: the worded values)
SCOPE: dict[str, str] = {
    "sending_country": "from {values}",
    "host_country": "in {values}",
    "host_institution": "at {values}",
    "field": "field: {values}",
    "level": "level: {values}",
}


def field_name(lang: str, slug: str | None) -> str:
    """A field of study in the reader's language when the portal knows it ("field:medicine"),
    else its slug as words ("rail-transport" -> "rail transport")."""
    key = f"field:{slug}"
    worded = translate(lang, key)
    return words_of(slug) if worded == key else worded


def cap_values(cap_id: str) -> dict[str, str]:
    """The values a cap is for, from its id ({} for a rule's only cap)."""
    _rule, sep, rest = cap_id.partition("[")
    if not sep or not rest.endswith("]"):
        return {}
    values: dict[str, str] = {}
    for part in rest[:-1].split(","):
        dim, eq, value = part.partition("=")
        if eq:
            values[dim] = value
    return values


class Words:
    """Words for one page: the language, the programmes and institutions of the cycle."""

    def __init__(self, lang: str, programmes: Mapping[str, Mapping[str, Any]], institutions: Mapping[str, str]):
        self.lang, self.programmes, self.institutions = lang, programmes, institutions
        # an applicant's home institution, by id or by a name it goes by -> its name (officer.py)
        self.homes: Mapping[str, str] = institutions

    def programme(self, pid: str) -> str:
        p = self.programmes.get(pid)
        if p is None:
            return pid
        host = self.institutions.get(str(p.get("host_institution_id")))
        # Chinese 、 lists things apart: "汉语言文化、大连外国语大学" read as two; ， says where
        between = "，" if self.lang == "zh" else list_comma(self.lang)
        return f"{p['title']}{between}{host}" if host else str(p["title"])

    def value(self, dim: str, value: str, lang: str | None = None) -> str:
        """A scope value in words: in ``lang`` (a label's own language) where the portal words it,
        else the page's; programmes and institutions as the catalog names them for the page."""
        lang = lang or self.lang
        if dim in ("sending_country", "host_country"):
            return country_name(lang, value)
        if dim == "programme":
            return self.programme(value)
        if dim == "host_institution":
            return self.institutions.get(value, value)
        if dim == "applicant_type":
            return translate(lang, f"type:{value}")
        if dim == "level":
            return translate(lang, f"level:{value}")
        if dim == "field":
            return field_name(lang, value)
        return value

    def values(self, values: Mapping[str, Any], *, say_what: bool = False) -> Markup:
        """Values per dimension as one line ("Clinical Medicine (MMed), XJMU · Kazakhstan"),
        each isolated, so that English titles and Urdu names keep their own direction;
        ``say_what``: each with what it is ("from Kazakhstan, Pakistan", "in China")."""
        parts = []
        for dim, v in values.items():
            items = v if isinstance(v, (list, tuple)) else [v]
            worded = format_list([self.value(dim, str(x)) for x in items], locale=locale_of(self.lang))
            isolated = Markup('<bdi dir="auto">{}</bdi>').format(worded)
            if say_what and dim in SCOPE:
                isolated = Markup(escape(translate(self.lang, SCOPE[dim]))).format(values=isolated)
            parts.append(isolated)
        return Markup(" · ").join(parts)

    def rule(self, rule: Mapping[str, Any] | None, fallback: str) -> Markup:
        """A rule as a heading: its limit, what it covers and per what, in the page's language;
        ``fallback`` (the rule's own label) when the rule's structure is not known."""
        if rule is None:
            return Markup('<bdi dir="auto">{}</bdi>').format(self.label(rule, fallback))
        lang = self.lang
        limits = []
        if rule.get("max_count") is not None:
            limits.append(translate(lang, "At most {n}", n=rule["max_count"]))
        if rule.get("max_share_of_seats") is not None:
            share = format_percent(float(rule["max_share_of_seats"]), locale=locale_of(lang))
            limits.append(translate(lang, "At most {share} of the seats", share=share))
        if not limits:
            return Markup('<bdi dir="auto">{}</bdi>').format(self.label(rule, fallback))
        parts: list[Markup | str] = [translate(lang, " and ").join(limits)]
        scope = rule.get("scope") or {}
        if scope:
            parts.append(self.values(scope, say_what=True))
        per = [translate(lang, EACH.get(d, d)) for d in rule.get("per") or []]
        if per:
            parts.append(format_list(per, locale=locale_of(lang)))
        return Markup(" · ").join(parts)

    def label(self, rule: Mapping[str, Any] | None, fallback: str = "") -> str:
        """The rule's label with its placeholders in words (``worded_label``)."""
        if rule is None:
            return worded_label(fallback, self.lang)
        return worded_label(str(rule.get("label") or fallback), self.lang, rule.get("scope"), self.value)

    def cap(self, cap_id: str) -> Markup:
        """A cap as the values it is for; the rule's only cap reads "total"."""
        values = cap_values(cap_id)
        return self.values(values) if values else Markup("{}").format(translate(self.lang, "Total"))
