"""The interactive API docs load every asset from the API itself (they work offline)."""

from __future__ import annotations

import re

from httpx import AsyncClient


async def test_docs_and_redoc_use_local_assets_only(client: AsyncClient) -> None:
    for page in ("/docs", "/redoc"):
        r = await client.get(page)
        assert r.status_code == 200, page
        urls = re.findall(r"""(?:src|href)=["']([^"']+)["']""", r.text)
        urls += re.findall(r"""url: ?['"]([^'"]+)['"]""", r.text)
        assert urls, page
        assert not [u for u in urls if u.startswith(("http://", "https://", "//"))], urls
        for url in urls:
            if url.startswith("/docs-assets/"):
                asset = await client.get(url)
                assert asset.status_code == 200 and len(asset.content) > 1000, url
    assert (await client.get("/openapi.json")).status_code == 200
