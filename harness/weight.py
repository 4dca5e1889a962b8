"""Page weight as a reader's phone receives it: the page's compressed bytes
and those of everything it makes the browser fetch.

Used by the weight test (which fails a page over budget) and by the
benchmark (which reports every page x locale). Sizes are response bodies as
sent, with the encoding asked for (gzip unless told); headers are not
counted. Each asset counts once per page, as a browser fetches it once.
"""

from __future__ import annotations

import gzip
import re
import zlib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import brotli

# HTML plus CSS must fit the first round trip of a new TCP connection: ten
# segments of ~1,460 bytes, the initial congestion window.
FIRST_ROUND_TRIP_BUDGET = 14 * 1024
# Everything one page loads.
PAGE_BUDGET = 50 * 1024

# <link rel=...> values a browser fetches (canonical and alternate it does not).
FETCHED_RELS = {
    "stylesheet", "icon", "shortcut", "apple-touch-icon", "mask-icon",
    "preload", "modulepreload", "prefetch", "manifest",
}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""")


@dataclass(frozen=True)
class Resource:
    url: str
    status: int
    content_type: str
    encoding: str  # Content-Encoding, "" when sent as is
    size: int  # body bytes as sent


@dataclass
class PageWeight:
    path: str
    page: Resource
    assets: list[Resource] = field(default_factory=list)
    external: list[str] = field(default_factory=list)  # URLs on another host
    unsized_images: list[str] = field(default_factory=list)

    @property
    def css(self) -> int:
        return sum(a.size for a in self.assets if a.content_type.startswith("text/css"))

    @property
    def first_round_trip(self) -> int:
        """HTML plus CSS: what must arrive before anything is drawn."""
        return self.page.size + self.css

    @property
    def total(self) -> int:
        return self.page.size + sum(a.size for a in self.assets)


class _References(HTMLParser):
    """Collects the URLs a browser would fetch while loading the page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.unsized_images: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: value or "" for name, value in attrs}
        if tag == "link" and FETCHED_RELS & set(a.get("rel", "").lower().split()):
            self.urls.append(a.get("href", ""))
        elif tag in ("img", "script", "iframe", "embed", "audio", "video", "source", "track"):
            self.urls.append(a.get("src", ""))
        elif tag == "object":
            self.urls.append(a.get("data", ""))
        elif tag == "input" and a.get("type", "").lower() == "image":
            self.urls.append(a.get("src", ""))
        if tag in ("img", "source"):
            self.urls += [c.strip().split()[0] for c in a.get("srcset", "").split(",") if c.strip()]
        if tag == "video":
            self.urls.append(a.get("poster", ""))
        if tag == "img" and not (a.get("width") and a.get("height")):
            self.unsized_images.append(a.get("src", ""))
        if "style" in a:
            self.urls += css_references(a["style"])

    def handle_data(self, data: str) -> None:
        # Inline <style> blocks may reference images or fonts too.
        if self.lasttag == "style":
            self.urls += css_references(data)


def css_references(css: str) -> list[str]:
    return [url or imported for url, imported in CSS_URL.findall(css)]


def _fetch(client, url: str, encoding: str) -> tuple[Resource, bytes]:
    response = client.get(url, headers={"Accept-Encoding": encoding} if encoding else {})
    body = response.get_data()
    resource = Resource(
        url=url,
        status=response.status_code,
        content_type=response.headers.get("Content-Type", ""),
        encoding=response.headers.get("Content-Encoding", ""),
        size=len(body),
    )
    return resource, body


def _decoded(resource: Resource, body: bytes) -> str:
    if resource.encoding == "gzip":
        body = gzip.decompress(body)
    elif resource.encoding == "deflate":
        body = zlib.decompress(body)
    elif resource.encoding == "br":
        body = brotli.decompress(body)
    return body.decode("utf-8", errors="replace")


def measure(client, path: str, encoding: str = "gzip") -> PageWeight:
    """Fetch `path` and everything it references with a Flask test client (or
    anything with the same .get()), the way a browser with an empty cache would."""
    page, body = _fetch(client, path, encoding)
    weight = PageWeight(path, page)
    parser = _References()
    parser.feed(_decoded(page, body))
    weight.unsized_images = parser.unsized_images
    pending = [(path, url) for url in parser.urls if url]
    seen: set[str] = set()
    while pending:
        base, url = pending.pop(0)
        absolute = urljoin(base, url)
        parts = urlsplit(absolute)
        if parts.scheme in ("data",):
            continue
        if parts.scheme or parts.netloc:
            weight.external.append(absolute)
            continue
        local = parts.path + (f"?{parts.query}" if parts.query else "")
        if local in seen:
            continue
        seen.add(local)
        asset, asset_body = _fetch(client, local, encoding)
        weight.assets.append(asset)
        if asset.content_type.startswith("text/css"):
            pending += [(local, ref) for ref in css_references(_decoded(asset, asset_body))]
    return weight
