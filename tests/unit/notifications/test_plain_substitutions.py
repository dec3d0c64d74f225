"""A template of plain substitutions is written without Jinja, exactly as Jinja writes it:
every source of every message in every language, with values of each kind; anything Jinja
would treat otherwise (a filter, a tag, a final newline, a missing name) goes to Jinja."""

from __future__ import annotations

import pytest
from jinja2 import UndefinedError

from services.notifications.domain import templates
from services.notifications.domain.templates import CONTACT_LINE, GREETING, MESSAGES, L, P, _compiled, _text


def sources() -> list[str]:
    found = set(GREETING.values()) | set(CONTACT_LINE.values())
    for languages in MESSAGES.values():
        for message in languages.values():
            found |= {message.subject, message.greeting or ""}
            for part in message.parts:
                if isinstance(part, P):
                    found.add(part.text)
                elif isinstance(part, L):
                    found |= {part.item, part.intro or ""}
    return sorted(s for s in found if s and _compiled(s).fixed is None)


class Attrs:
    """An object whose attribute Jinja reads before an item of the same name."""

    programme = "Attribute wins"

    def __getitem__(self, key):
        return "Item loses"


VALUES = [
    "Алия «Касымова» 阿丽娅 {{ not_a_template }} {% if %}",
    "",
    0,
    -3.50,
    81.25,
    None,
    True,
    ["a", 1],
    {"nested": "dict"},
]


def context_for(source: str, value, n: int) -> dict:
    """Every name the source reads bound to ``value`` (a dotted name to a dict holding it)."""
    context: dict = {}
    for path in [p for p in (_compiled(source).pieces or ()) if isinstance(p, tuple)]:
        if len(path) == 1:
            context[path[0]] = value
        else:
            holder = context.setdefault(path[0], {})
            for attribute in path[1:-1]:
                holder = holder.setdefault(attribute, {})
            holder[path[-1]] = value if n % 2 == 0 else f"{value}-{path[-1]}"
    return context


ALL = sources()
PLAIN = [s for s in ALL if _compiled(s).pieces is not None]


def test_most_sources_are_plain_substitutions():
    # the fast path is the common one (if a change of the pattern lost it, this says so: it would
    # fall far below; notices with a conditional sentence, e.g. a note or who moved up, go to Jinja)
    assert len(ALL) > 400 and len(PLAIN) / len(ALL) > 0.7
    waitlisted = MESSAGES["waitlisted"]["en"]
    assert all(_compiled(s).pieces is not None for s in (waitlisted.subject, waitlisted.parts[1].item))


@pytest.mark.parametrize("source", PLAIN)
def test_a_plain_source_is_written_as_jinja_writes_it(source):
    compiled = _compiled(source)
    for n, value in enumerate(VALUES):
        context = {**context_for(source, value, n), "unread": "x"}
        assert templates._plain(compiled.pieces, context) == compiled.template.render(context)
        assert _text(source, context) == compiled.template.render(context)


def test_an_attribute_is_read_before_an_item_as_jinja_does():
    source = "{{ item.programme }}: {{ item.position }}"
    compiled = _compiled(source)
    assert compiled.pieces is not None
    context = {"item": {"programme": "Medicine", "position": 3}}
    assert _text(source, context) == "Medicine: 3" == compiled.template.render(context)
    assert _text("{{ item.programme }}", {"item": Attrs()}) == "Attribute wins"
    assert _text("{{ item.keys }}", {"item": {"keys": "k"}}).startswith("<built-in method keys")


@pytest.mark.parametrize(
    "source",
    [
        "Dear {{ name|upper }}",  # a filter
        "{% if name %}Dear {{ name }}{% endif %}",  # a tag
        "Dear {{- name }}",  # whitespace control
        "Dear {{ name }}\n",  # a final newline, which Jinja drops
        "Dear\r\n{{ name }}",  # a CR, which Jinja normalises
        "{{ none }} {{ name }}",  # a literal, not a name
        "{# note #}{{ name }}",  # a comment
        "{{ name ~ '!' }}",  # an expression
    ],
)
def test_anything_else_is_jinjas(source):
    assert _compiled(source).pieces is None
    context = {"name": "ann"}
    assert _text(source, context) == _compiled(source).template.render(context)


def test_a_missing_name_or_attribute_raises_as_jinja_does():
    with pytest.raises(UndefinedError):
        _text("Dear {{ name }}", {})
    with pytest.raises(UndefinedError):
        _text("{{ item.programme }}", {"item": {"position": 3}})
    assert _text("{{ item.programme }}", {"item": {"programme": None}}) == "None"
