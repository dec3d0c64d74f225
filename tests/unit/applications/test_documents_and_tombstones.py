"""Document content checks, safe names, and how catalog tombstones are read."""

import pytest

from services.applications.domain.documents import checked_content_type, sanitise_filename, sniff
from services.applications.models import CatalogCycle, CatalogProgramme
from services.applications.service.catalog import tombstone_target
from shared.errors import Invalid, Unsupported

PDF = b"%PDF-1.7\n..."
PNG = b"\x89PNG\r\n\x1a\n\x00\x00"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF"


def test_sniff_by_magic_bytes():
    assert sniff(PDF) == "application/pdf" and sniff(PNG) == "image/png" and sniff(JPEG) == "image/jpeg"
    assert sniff(b"MZ\x90\x00") is None and sniff(b"") is None


def test_declared_type_must_match_content():
    assert checked_content_type("application/pdf", PDF) == "application/pdf"
    assert checked_content_type("image/jpg", JPEG) == "image/jpeg"
    with pytest.raises(Invalid) as mismatch:
        checked_content_type("image/png", PDF)
    assert (
        mismatch.value.reason == "declared content type image/png does not match the content, which is application/pdf"
    )
    assert mismatch.value.code == "document.type_mismatch" and mismatch.value.field == "file"
    with pytest.raises(Unsupported) as unsupported:
        checked_content_type("application/pdf", b"<html>")
    assert unsupported.value.reason.startswith("only PDF, PNG or JPEG")


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\system32.dll", "system32.dll"),
        ("passport scan.pdf", "passport scan.pdf"),
        ("..", "document"),
        ("", "document"),
        (None, "document"),
        ("a\x00b\nc.pdf", "abc.pdf"),
        ("Паспорт.pdf", "Паспорт.pdf"),
        ("x" * 400 + ".pdf", "x" * 255),
        ("..hidden..pdf", "hidden.pdf"),
    ],
)
def test_sanitise_filename(raw, expected):
    assert sanitise_filename(raw) == expected


@pytest.mark.parametrize(
    "raw,content_type,expected",
    [
        ("cv.html", "application/pdf", "cv.html.pdf"),  # a PDF saved as .html would open in a browser
        ("payload.exe", "application/pdf", "payload.exe.pdf"),
        ("x.svg", "image/png", "x.svg.png"),
        ("\u202egpj.exe", "image/jpeg", "gpj.exe.jpg"),  # the right-to-left override dropped
        ("scan.JPEG", "image/jpeg", "scan.JPEG"),
        ("scan.jpg", "image/jpeg", "scan.jpg"),
        ("passport.PDF", "application/pdf", "passport.PDF"),
        ("", "application/pdf", "document.pdf"),
        ("x" * 400 + ".exe", "application/pdf", "x" * 251 + ".pdf"),
    ],
)
def test_a_file_name_ends_as_its_checked_type(raw, content_type, expected):
    assert sanitise_filename(raw, content_type=content_type) == expected


def test_tombstone_subject_forms():
    assert tombstone_target("programme:xjmu-tcm", "xjmu-tcm") == ([CatalogProgramme], "xjmu-tcm")
    assert tombstone_target("programme/xjmu-tcm", None) == ([CatalogProgramme], "xjmu-tcm")
    assert tombstone_target("cycles:sco-2026", "sco-2026") == ([CatalogCycle], "sco-2026")
    models, ident = tombstone_target("sco-2026", "sco-2026")  # no kind: every catalog table
    assert ident == "sco-2026" and len(models) == 5


def test_a_file_stored_before_the_renaming_is_served_under_its_types_ending():
    from services.applications.api.documents import file_response

    served = file_response(b"%PDF-1.4", "application/pdf", "cv.html", None)
    assert served.headers["content-disposition"] == 'attachment; filename="cv.html.pdf"'
    assert (
        file_response(b"%PDF-1.4", "application/pdf", "scan.pdf", None)
        .headers["content-disposition"]
        .endswith('filename="scan.pdf"')
    )
