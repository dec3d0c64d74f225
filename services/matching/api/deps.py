"""What routes read from the running service: the event source and the round runner."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Request

from services.matching.service.rounds import RoundRunner


async def _source(request: Request) -> str:
    return request.app.state.runtime.source


async def _rounds(request: Request) -> RoundRunner:
    return request.app.state.rounds


# The CloudEvents source of the events a route stages ("/corridor/matching").
Source = Annotated[str, Depends(_source)]
Rounds = Annotated[RoundRunner, Depends(_rounds)]


async def _cutoff(request: Request) -> timedelta:
    return timedelta(hours=request.app.state.runtime.settings.interview_cutoff_hours)


# How long before an interview its booking stops changing (MATCHING_INTERVIEW_CUTOFF_HOURS).
InterviewCutoff = Annotated[timedelta, Depends(_cutoff)]
