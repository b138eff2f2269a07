"""Documents: ask for an upload, watch it get indexed, list and delete."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Depends, Response, content_types
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from hard_e.api.errors import ApiError, Forbidden, NotFound
from hard_e.api.models import UploadRequest
from hard_e.api.security import BEARER, current_principal
from hard_e.auth import Principal
from hard_e.bootstrap import services
from hard_e.knowledge.documents import DocumentNotFoundError, DocumentRejectedError
from hard_e.knowledge.shared_library import library_chunks

router = APIGatewayHttpRouter()  # type: ignore[no-untyped-call]
Caller = Annotated[Principal, Depends(current_principal)]


@router.post(
    "/api/v1/documents",
    summary="Ask to upload a document; returns where to send the file",
    tags=["documents"],
    security=BEARER,
)
def request_upload(body: UploadRequest, principal: Caller) -> Response[Any]:
    try:
        document, upload = services().documents.request_upload(
            principal.tenant_id,
            principal.user_id,
            filename=body.filename,
            content_type=body.content_type,
            size=body.size,
        )
    except DocumentRejectedError as exc:
        raise ApiError(str(exc), code=exc.code, status=exc.status) from None
    return Response(
        201,
        content_types.APPLICATION_JSON,
        {
            "document_id": document.id,
            "document": document.public(),
            "upload": {
                "url": upload.url,
                "method": upload.method,
                "fields": upload.fields,
                "headers": upload.headers,
                "expires_at": upload.expires_at,
            },
        },
    )


@router.get(
    "/api/v1/documents",
    summary="This company's documents, and the shared industry library",
    tags=["documents"],
    security=BEARER,
)
def list_documents(principal: Caller) -> dict[str, Any]:
    titles = sorted({c.document for c in library_chunks()})
    return {
        "documents": [d.public() for d in services().documents.list(principal.tenant_id)],
        "shared_library": titles,
    }


@router.get(
    "/api/v1/documents/<document_id>",
    summary="One document's status",
    tags=["documents"],
    security=BEARER,
)
def get_document(document_id: str, principal: Caller) -> dict[str, Any]:
    try:
        return {"document": services().documents.get(principal.tenant_id, document_id).public()}
    except DocumentNotFoundError:
        raise NotFound("no such document", code="document_not_found") from None


@router.delete(
    "/api/v1/documents/<document_id>",
    summary="Delete a document, its file and its chunks",
    tags=["documents"],
    security=BEARER,
)
def delete_document(document_id: str, principal: Caller) -> dict[str, Any]:
    svc = services()
    try:
        document = svc.documents.get(principal.tenant_id, document_id)
    except DocumentNotFoundError:
        raise NotFound("no such document", code="document_not_found") from None
    if not (principal.is_admin or document.uploaded_by == principal.user_id):
        raise Forbidden("only an admin or the person who uploaded it can delete a document")
    svc.ingestor.remove(document)
    return {"deleted": document.id}
