"""`/`: the server's front page, server-rendered in both languages."""

from __future__ import annotations

import re

from inprocess import HallClient


def test_front_page_links_the_board_the_docs_and_explains_tracking(hall: HallClient) -> None:
    page = hall.client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    links = set(re.findall(r'href="([^"]+)"', html))
    assert {"/display", "/docs", "/openapi.json", "/api/v1/health"} <= links
    assert "MPP Uji Coba" in html
    assert "/t/&lt;kode&gt;" in html and "/t/&lt;code&gt;" in html  # tracking, both languages
    assert "--role display" in html  # the board needs a display token: say how to get one
    assert "/admin" in html and "/admin" not in links  # the console: coming, not a dead link
    assert "Segera hadir" in html and "Coming" in html
    for href in {link for link in links if link.startswith("/") and "static" not in link}:
        assert hall.client.get(href).status_code in (200, 401), href  # /display: no token
