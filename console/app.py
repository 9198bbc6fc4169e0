"""The console's ASGI app (`uvicorn console.app:app --port 8000`)."""

from __future__ import annotations

from fastapi import FastAPI

from console import api, outbox_api, reports_api
from console.settings import ConsoleSettings


def create_app(settings: ConsoleSettings | None = None) -> FastAPI:
    app = FastAPI(title="Dịch vụ công — console và API")
    app.state.settings = settings or ConsoleSettings()
    app.include_router(api.router)
    app.include_router(reports_api.router)
    app.include_router(outbox_api.router)

    @app.get("/health", include_in_schema=False)
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return app


app = create_app()
