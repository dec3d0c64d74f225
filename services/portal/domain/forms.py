"""Form rules the portal checks before calling a service, and small pure helpers. No I/O.

The services check everything again; checking here first lets a page answer in the
user's language and keep what was typed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import date

from email_validator import EmailNotValidError, validate_email

from services.portal.domain.passport_name import in_latin_letters
from services.portal.domain.problems import BY_CODE, Message, message_for
from shared.eligibility import CERTIFICATE_KINDS, OLDEST_APPLICANT, YOUNGEST_APPLICANT, age_on
from shared.events.catalog import DocumentKind

# Sending countries of the schemes, then host countries (ISO 3166-1 alpha-2).
COUNTRIES: list[tuple[str, str]] = [
    ("KZ", "Kazakhstan"),
    ("UZ", "Uzbekistan"),
    ("TJ", "Tajikistan"),
    ("KG", "Kyrgyzstan"),
    ("TM", "Turkmenistan"),
    ("PK", "Pakistan"),
    ("CN", "China"),
    ("RU", "Russia"),
    ("BY", "Belarus"),
    ("IN", "India"),
    ("IR", "Iran"),
    ("MN", "Mongolia"),
    ("AF", "Afghanistan"),
]
APPLICANT_TYPES = ("student", "faculty")
CERTIFICATES = CERTIFICATE_KINDS
OTHER_CERTIFICATE = re.compile(r"[A-Z][A-Z0-9 -]{0,31}")  # the applications service's pattern
# What a document can be: the contract's one vocabulary, so every kind a programme can
# require can be uploaded.
DOCUMENT_KINDS: tuple[str, ...] = tuple(DocumentKind)
# The largest document the applications service takes (APPLICATIONS_MAX_DOCUMENT_BYTES' default).
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


def file_too_large() -> Message:
    """A file over ``MAX_DOCUMENT_BYTES``, said with the limit: the applicant's upload and new
    version, the page after the body limit refused one, and the referee's letter alike."""
    return message_for(
        "document.too_large", f"larger than {MAX_DOCUMENT_BYTES} bytes", {"max_bytes": MAX_DOCUMENT_BYTES}
    )


# The longest personal statement the applications service keeps (its ``Statement``).
MAX_STATEMENT = 5000


def is_email(text: str) -> bool:
    """An address the applications service takes: the same check as its ``EmailStr``
    (email-validator, no DNS lookup), so that "name@gmail..com" is refused here, beside the
    field in the reader's language, not by the service in English."""
    try:
        validate_email(text, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


# Digits other scripts type (Arabic-Indic, as Urdu keyboards may give, Persian/Extended
# Arabic-Indic, and the full-width digits of a Chinese keyboard) as the ASCII digits dates and
# numbers are read in; with the full-width hyphen, point, comma, colon and slash typed beside
# them (their NFKC forms): "２００２-０３-１５" was refused as no date.
OTHER_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹０１２３４５６７８９－．，：／", "0123456789" * 3 + "-.,:/")


def ascii_digits(text: str) -> str:
    """``text`` with Arabic-Indic, Persian and full-width digits as ASCII digits ("۱۹۸۰-۰۳-۱۲",
    "１９８０－０３－１２" -> "1980-03-12")."""
    return text.translate(OTHER_DIGITS)


def typed_date(text: str) -> str:
    """A date as typed, as year-month-day: other digits read as ASCII, and day.month.year (as
    Russian and Kazakh write a date, "14.05.1984") turned round; anything else as it is."""
    typed = ascii_digits(text).strip()
    if m := re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", typed):
        day, month, year = m.groups()
        return f"{year}-{int(month):02d}-{int(day):02d}"
    return typed


def whole_number(text: str | None, *, digits: int = 9) -> int | None:
    """``text`` as a whole number (Arabic-Indic and Persian digits read too), or None: empty,
    not only digits ("²" is a digit to ``str.isdigit`` but no number to ``int``), or more than
    ``digits`` of them (a page of digits would be a number no service takes)."""
    t = ascii_digits((text or "").strip())
    if not t or len(t) > digits or not (t.isascii() and t.isdigit()):
        return None
    return int(t)


def past_the_end(offset: int, total: int, page_size: int) -> int | None:
    """The offset of the last page when ``offset`` lies beyond a table of ``total`` rows (an
    edited address, or a page that emptied since its link was made), else None: a page past
    the end read "101 to 100 of 40" over an empty table."""
    if offset <= 0 or offset < total:
        return None
    return max(0, (total - 1) // page_size * page_size)


NAME_LENGTH = 200  # a name or an institution, as the applications service takes it


def registration_problems(values: dict[str, str], password_again: str, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not is_email(values.get("email", "")):
        errors["email"] = "Enter an e-mail address such as name@example.org."
    password = values.get("password", "")
    if len(password) < 10:
        errors["password"] = "Use at least 10 characters."
    elif password != password_again:
        errors["password_again"] = "The two passwords differ."
    if not values.get("name"):
        errors["name"] = "Enter your full name."
    elif len(values["name"]) > NAME_LENGTH:  # said with the others, not after they are fixed
        errors["name"] = "At most 200 characters."
    if values.get("applicant_type") not in APPLICANT_TYPES:
        errors["applicant_type"] = "Choose student or faculty."
    if not re.fullmatch(r"[A-Z]{2}", values.get("nationality", "")):
        errors["nationality"] = "Choose your nationality."
    if not values.get("home_institution"):
        errors["home_institution"] = "Enter your home university or institution."
    elif len(values["home_institution"]) > NAME_LENGTH:
        errors["home_institution"] = "At most 200 characters."
    if problem := birth_date_problem(values.get("date_of_birth", ""), today):
        errors["date_of_birth"] = problem
    passport = values.get("passport_name", "")
    if passport and not in_latin_letters(passport):  # said with the others (the service's check is the rule)
        errors["passport_name"] = BY_CODE["profile.passport_name_latin"]
    return errors


def birth_date_problem(text: str, today: date) -> str | None:
    """What is wrong with a date of birth as typed (registration, a correction on the profile)."""
    typed = typed_date(text)
    try:
        born = date.fromisoformat(typed)
    except ValueError:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", typed):  # written as asked: the day is not in that month
            return "There is no such day: check the month and the day."
        return "Enter your date of birth as year-month-day, for example 2003-04-25."
    if born >= today:
        return "Enter a date of birth in the past."
    if age_on(born, today) > OLDEST_APPLICANT:
        return "Check the year of birth: it gives an age over 100."
    if age_on(born, today) < YOUNGEST_APPLICANT:
        return "Check the year of birth: it gives an age under 10."
    return None


def new_password_problems(new: str, again: str) -> dict[str, str]:
    """A new password (a reset or a change) and its repetition; the service checks its policy."""
    if len(new) < 10:
        return {"new_password": "Use at least 10 characters."}
    if new != again:
        return {"new_password_again": "The two passwords differ."}
    return {}


def profile_problems(values: dict[str, str], languages: Iterable[str], today: date | None = None) -> dict[str, str]:
    """The profile form's problems: name, e-mail, the language of messages and, while they may
    be corrected (sent, that is), nationality and date of birth."""
    errors: dict[str, str] = {}
    if values.get("nationality") and not re.fullmatch(r"[A-Z]{2}", values["nationality"]):
        errors["nationality"] = "Choose your nationality."
    if values.get("date_of_birth") and (problem := birth_date_problem(values["date_of_birth"], today or date.today())):
        errors["date_of_birth"] = problem
    if not values.get("name"):
        errors["name"] = "Enter your full name."
    if not is_email(values.get("email", "")):
        errors["email"] = "Enter an e-mail address such as name@example.org."
    if not values.get("home_institution"):
        errors["home_institution"] = "Enter your home university or institution."
    if values.get("preferred_language") not in set(languages):
        errors["preferred_language"] = "Choose one of the offered values."
    if values.get("applicant_type") not in ("", None, "student", "faculty"):
        errors["applicant_type"] = "Choose one of the offered values."
    return errors


def move(choices: list[str], index: int, action: str) -> list[str]:
    """The ranked choices after moving one up or down, or removing it; unchanged if out of range."""
    out = list(choices)
    if not 0 <= index < len(out):
        return out
    if action == "up" and index > 0:
        out[index - 1], out[index] = out[index], out[index - 1]
    elif action == "down" and index < len(out) - 1:
        out[index + 1], out[index] = out[index], out[index + 1]
    elif action == "remove":
        out.pop(index)
    return out


def details_from_form(form: dict) -> tuple[dict, dict[str, str]]:
    """The PATCH body for grade, certificates and statement, and the problems found."""
    errors: dict[str, str] = {}
    body: dict = {}
    grade = ascii_digits(form.get("grade") or "").strip().replace(",", ".").replace("٫", ".")
    if grade:
        try:
            body["grade"] = float(grade)
            if not 0 <= body["grade"] <= 100:
                errors["grade"] = "The grade is a number from 0 to 100."
            elif 0 < body["grade"] <= 5:
                # "3.4" out of 100 was taken as such, then said to be far below every minimum:
                # a GPA on a 4- or 5-point scale, typed as it stands on the transcript
                errors["grade"] = (
                    "This looks like a GPA on a 4- or 5-point scale: enter it as a percentage of the top mark (3.4 out of 4 is 85)."
                )
        except ValueError:
            errors["grade"] = "The grade is a number from 0 to 100."
    else:
        body["grade"] = None
    certificates = []
    for i in range(2):
        kind = (form.get(f"cert_kind_{i}") or "").strip().upper()
        level = ascii_digits(form.get(f"cert_level_{i}") or "").strip().replace(",", ".").replace("٫", ".")
        if not kind and not level:
            continue
        if kind not in CERTIFICATES and not OTHER_CERTIFICATE.fullmatch(kind):
            # another kind (stored through the API, offered back by the form) as the service takes it
            errors[f"cert_kind_{i}"] = "Choose the certificate."
            continue
        try:
            value = float(level)
            if not math.isfinite(value) or value < 0:  # "nan", "inf", "1e999" read as floats
                raise ValueError
            certificates.append({"kind": kind, "level": value})
        except ValueError:
            errors[f"cert_level_{i}"] = "Enter the level or score as a number (e.g. 4 or 6.5)."
    body["language_certificates"] = certificates
    # a line break counts once, as the service stores it (a browser sends CR LF)
    statement = str(form.get("statement") or "").replace("\r\n", "\n")
    if len(statement) > MAX_STATEMENT:
        errors["statement"] = Message(
            "The personal statement is too long: {n} characters, at most {max}. Nothing was saved; shorten it and save again.",
            {"n": len(statement), "max": MAX_STATEMENT},
        )
    body["statement"] = statement
    return body, errors


def service_field_to_form(field: str) -> str:
    """A service's error field ('language_certificates.0.level') as the form field it belongs to."""
    m = re.fullmatch(r"language_certificates\.(\d+)\.(kind|level)", field)
    if m:
        return f"cert_{m.group(2)}_{m.group(1)}"
    if field.startswith("language_certificates"):
        return "cert_kind_0"
    return field


def percent(used: int, cap: int) -> int:
    if cap <= 0:
        return 100 if used else 0
    return max(0, min(100, round(100 * used / cap)))


def fill_level(used: int, cap: int) -> str:
    """A word for the bar's state (also shown as text, not by colour alone)."""
    if cap <= 0 or used >= cap:
        return "full"
    return "high" if used / cap >= 0.8 else "ok"
