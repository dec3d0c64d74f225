"""Partner systems' client credentials: an admin manages any partner's, a partner its own."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status

from services.applications.api.deps import AccountId, AdminOrPartner, ClientId, Gate, Hasher, Runtime
from services.applications.api.schemas import PartnerClientIn, PartnerClientOut, PartnerClientSecretOut
from services.applications.models import infra
from services.applications.service import clients
from shared.api import DbSession, PageParams, Transaction
from shared.idempotency import IdempotencyKey, run_idempotent
from shared.paging import Page, fetch_page
from shared.revocation import client_key

router = APIRouter(prefix="/partners/{account_id}/clients", tags=["partner clients"])


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=PartnerClientSecretOut,
    summary="Make a client (client_id and client_secret) for a partner system; the secret is shown once",
)
async def create_client(
    request: Request,
    account_id: AccountId,
    body: PartnerClientIn,
    caller: AdminOrPartner,
    session: Transaction,
    passwords: Hasher,
    key: IdempotencyKey,
):
    """With an ``Idempotency-Key``, the same request again (a retry after a timeout, a form
    sent twice) answers the client it made, without its secret, and makes no other."""

    async def produce() -> PartnerClientSecretOut:
        client, secret = await clients.create(session, passwords, caller, account_id, body.name)
        return PartnerClientSecretOut.with_secret(client, secret)

    return await run_idempotent(
        request,
        session,
        infra,
        principal=caller.sub,
        key=key,
        status_code=status.HTTP_201_CREATED,
        produce=produce,
        secret="client_secret",
    )


@router.get("", response_model=Page[PartnerClientOut], summary="A partner's clients (never their secrets)")
async def list_clients(
    account_id: AccountId, caller: AdminOrPartner, session: DbSession, paging: PageParams
) -> Page[PartnerClientOut]:
    query = await clients.clients_query(session, caller, account_id)
    rows, total = await fetch_page(session, query, paging=paging)
    return Page.of([PartnerClientOut.of(c) for c in rows], total, paging)


@router.post(
    "/{client_id}/rotate",
    response_model=PartnerClientSecretOut,
    summary="A new secret for the client, shown once; the old secret, and the tokens this client got, stop working "
    "at once (the partner's people and other clients keep theirs)",
)
async def rotate_client(
    request: Request,
    account_id: AccountId,
    client_id: ClientId,
    caller: AdminOrPartner,
    session: Transaction,
    passwords: Hasher,
    runtime: Runtime,
    gate: Gate,
    key: IdempotencyKey,
):
    """With an ``Idempotency-Key``, the same request again (a double click, a retry after a
    timeout) answers the rotation it made, its secret null, and rotates nothing more: three
    rotations at once had each shown a secret, and only the last one worked."""

    async def produce() -> PartnerClientSecretOut:
        client, secret = await clients.rotate(
            session, passwords, caller, account_id, client_id, tables=infra, source=runtime.source
        )
        return PartnerClientSecretOut.with_secret(client, secret)

    answer = await run_idempotent(
        request,
        session,
        infra,
        principal=caller.sub,
        key=key,
        status_code=status.HTTP_200_OK,
        produce=produce,
        secret="client_secret",
    )
    gate.forget(client_key(client_id))  # this instance at once, the others within their cache time
    return answer


@router.delete(
    "/{client_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    summary="Revoke the client: it gets no more tokens, and the tokens it got stop working (the partner's people and "
    "other clients keep theirs)",
)
async def revoke_client(
    account_id: AccountId,
    client_id: ClientId,
    caller: AdminOrPartner,
    session: Transaction,
    runtime: Runtime,
    gate: Gate,
) -> Response:
    await clients.revoke(session, caller, account_id, client_id, tables=infra, source=runtime.source)
    gate.forget(client_key(client_id))
    return Response(status_code=status.HTTP_204_NO_CONTENT)
