"""Pure-ASGI middleware (cheaper than BaseHTTPMiddleware on the hot path)."""
