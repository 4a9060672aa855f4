"""An in-process OpenAI-compatible server for tests and benchmarks: the only fake Aura allows.

A real HTTP server on 127.0.0.1 (standard library only) implementing `POST /v1/chat/completions`
with streamed (SSE) and plain answers, plus failure modes: `error` (HTTP 500) and `hang` (accepts
the request and never answers). It records every request body so tests can check the prompts.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal

Mode = Literal["ok", "error", "hang"]


class OpenAIStub:
    """Start with `with OpenAIStub() as stub:`; point clients at `stub.base_url`."""

    def __init__(
        self,
        tokens: list[str] | None = None,
        *,
        mode: Mode = "ok",
        first_token_delay: float = 0.0,
        token_delay: float = 0.0,
    ) -> None:
        self.tokens = tokens or ["Here ", "is ", "your ", "personalised ", "lesson."]
        self.mode: Mode = mode
        self.first_token_delay = first_token_delay
        self.token_delay = token_delay
        self.requests: list[dict[str, Any]] = []
        self._stop = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    @property
    def text(self) -> str:
        return "".join(self.tokens)

    def start(self) -> OpenAIStub:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> OpenAIStub:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_: Any) -> None:  # keep test output quiet
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                stub.requests.append(body)
                if self.path.rstrip("/") != "/v1/chat/completions":
                    return self._json(404, {"error": {"message": "not found"}})
                if stub.mode == "hang":
                    stub._stop.wait(60)
                    return None
                if stub.mode == "error":
                    return self._json(500, {"error": {"message": "stub failure"}})
                if stub.first_token_delay:
                    time.sleep(stub.first_token_delay)
                if body.get("stream"):
                    return self._stream(str(body.get("model", "stub")))
                return self._json(200, _completion(str(body.get("model", "stub")), stub.text))

            def _json(self, status: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _stream(self, model: str) -> None:
                self.send_response(200)
                self.send_header("content-type", "text/event-stream")
                self.send_header("cache-control", "no-cache")
                self.end_headers()
                for i, token in enumerate(stub.tokens):
                    if i and stub.token_delay:
                        time.sleep(stub.token_delay)
                    self._event(_chunk(model, {"content": token}, None))
                self._event(_chunk(model, {}, "stop"))
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()

            def _event(self, payload: dict[str, Any]) -> None:
                self.wfile.write(b"data: " + json.dumps(payload).encode() + b"\n\n")
                self.wfile.flush()

        return Handler


def _completion(model: str, text: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def _chunk(model: str, delta: dict[str, str], finish: str | None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
