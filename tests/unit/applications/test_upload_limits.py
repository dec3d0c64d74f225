"""Every route that takes a file takes one as large as a document may be: the papers' route
had been left at the 1 MiB every other body gets, so the portal took a 2 MB scanned admission
letter and the service refused it."""

from __future__ import annotations

from services.applications import app as application
from services.applications.settings import Settings
from shared.limits import MiB


def test_every_upload_route_takes_a_document_sized_body(tmp_path):
    settings = Settings(data_dir=tmp_path, max_document_bytes=10 * MiB)
    app = application.create_app(settings)
    uploads = [  # every operation whose body is multipart (a file), as the API documents it
        (method.upper(), path)
        for path, operations in app.openapi()["paths"].items()
        for method, operation in operations.items()
        if "multipart/form-data" in operation.get("requestBody", {}).get("content", {})
    ]
    assert ("POST", "/host/applications/{application_id}/papers") in uploads
    limits = app.state.runtime.body_limits
    for method, path in uploads:
        concrete = (
            path.replace("{application_id}", "a-1").replace("{document_id}", "d-1").replace("{request_id}", "r-1")
        )
        matching = [rule for rule in limits if rule.matches(method, concrete)]
        assert matching and all(rule.max_bytes >= 10 * MiB for rule in matching), (method, path)
