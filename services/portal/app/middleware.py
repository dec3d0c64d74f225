"""What wraps every page: the signed session cookie and the security headers."""

from __future__ import annotations

from fastapi import FastAPI, Request

from services.portal.session import COOKIE, Session, Signer
from services.portal.settings import Settings

# Pages carry personal data and a CSRF token: not to be cached or framed.
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'"
    ),
}


def install_middleware(app: FastAPI, settings: Settings) -> None:
    signer = Signer(settings.session_secret.get_secret_value(), settings.session_max_age_seconds)

    @app.middleware("http")
    async def session_cookie(request: Request, call_next):
        request.state.session = Session.from_dict(signer.loads(request.cookies.get(COOKIE)))
        response = await call_next(request)
        s: Session = request.state.session
        if s.changed:
            response.set_cookie(
                COOKIE,
                signer.dumps(s.to_dict()),
                max_age=settings.session_max_age_seconds,
                httponly=True,
                samesite="lax",
                secure=settings.cookie_secure,
                path="/",
            )
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response
