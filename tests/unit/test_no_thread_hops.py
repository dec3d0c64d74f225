"""Every route and dependency of every service is a coroutine: FastAPI runs a plain ``def``
in a worker thread, a hand-off through the thread pool on every request (measured on the
submit path: more than a tenth of the applications service's CPU per request went to those
hand-offs for dependencies that only read ``request.app.state``)."""

from __future__ import annotations

import importlib
import inspect

import pytest
from fastapi.dependencies.models import Dependant

SERVICES = ("applications", "matching", "notifications", "portal")


def _app(service: str, tmp_path):
    settings_cls = importlib.import_module(f"services.{service}.settings").Settings
    options = {"env": "development"}
    if service != "portal":
        options["data_dir"] = tmp_path
    return importlib.import_module(f"services.{service}.app").create_app(settings_cls(**options))


def _runs_in_a_thread(call) -> bool:
    if inspect.isclass(call):  # a class dependency: its __init__ runs in the thread pool
        return True
    if inspect.isroutine(call):
        return not (inspect.iscoroutinefunction(call) or inspect.isasyncgenfunction(call))
    dunder = type(call).__call__  # an instance (e.g. OAuth2PasswordBearer): its class's __call__
    return not (inspect.iscoroutinefunction(dunder) or inspect.isasyncgenfunction(dunder))


def _sync_calls(dependant: Dependant, where: str) -> list[str]:
    found = []
    if dependant.call is not None and _runs_in_a_thread(dependant.call):
        found.append(f"{where}: {getattr(dependant.call, '__qualname__', dependant.call)!r}")
    for sub in dependant.dependencies:
        found.extend(_sync_calls(sub, where))
    return found


def _api_routes(routes) -> list:
    """The routes with a ``dependant``, those of included routers too (FastAPI keeps an
    included router as one entry whose ``effective_route_contexts`` are its routes)."""
    found = []
    for route in routes:
        if hasattr(route, "effective_route_contexts"):
            found.extend(route.effective_route_contexts())
        elif getattr(route, "dependant", None) is not None:
            found.append(route)
    return found


@pytest.mark.parametrize("service", SERVICES)
def test_no_route_or_dependency_runs_in_the_thread_pool(service, tmp_path):
    app = _app(service, tmp_path)
    routes = _api_routes(app.routes)
    assert len(routes) > 10, "the routes were not found"
    sync = [s for r in routes for s in _sync_calls(r.dependant, f"{sorted(r.methods)} {r.path}")]
    assert sync == [], "plain def routes or dependencies (make them async def):\n" + "\n".join(sorted(set(sync)))


def test_the_check_sees_a_plain_def():
    def plain() -> int:
        return 1

    async def coroutine() -> int:
        return 1

    assert _runs_in_a_thread(plain)
    assert not _runs_in_a_thread(coroutine)
