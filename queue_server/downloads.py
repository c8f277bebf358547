"""File downloads of the reports: the answer (bytes named by Content-Disposition) and its
OpenAPI description, shared by the SKM and the summary/monthly report routes."""

from __future__ import annotations

from typing import Any

from fastapi import Response

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


def file_answer(media_type: str, what: str) -> dict[int | str, dict[str, Any]]:
    """A download's 200: the file's bytes, named by Content-Disposition."""
    return {
        200: {
            "description": what,
            "content": {media_type: {"schema": {"type": "string", "format": "binary"}}},
            "headers": {
                "Content-Disposition": {
                    "description": 'attachment; filename="laporan-skm-FROM-TO.<suffix>"',
                    "schema": {"type": "string"},
                }
            },
        }
    }


def attachment(body: bytes, media_type: str, filename: str) -> Response:
    """The file as a download the browser saves under `filename`."""
    return Response(
        body,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
