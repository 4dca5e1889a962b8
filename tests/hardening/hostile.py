"""Hostile request parts as hypothesis strategies, and what every answer to
one must satisfy, shared by the in-process and the real-server tests."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote_to_bytes, urlsplit

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from app.delivery.security import SECURITY_HEADERS

from ..support import LOCALES, raw_request

# Bounded so the whole suite stays fast; no example database in the repo.
HOSTILE = settings(
    max_examples=250,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

EVIL_HOST = "evil.example"

# Pieces of real URLs mixed with the classic tricks: traversal (plain, encoded,
# double-encoded, backslashed), scheme-relative and absolute URLs, header
# injection, bad percent-encoding, NUL, and stray separators.
TRICKY_SEGMENTS = [
    *LOCALES, "xx", "EN", "ar-SY", "pt-BR", "", ".", "..",
    "static", "css", "img", "site.css", "logo.svg", "stories", "elias", "join",
    "programs", "syria", "sitemap.xml", "favicon.ico",
    "%2e%2e", "%2E%2E", ".%2e", "..%2f", "..%2F", "%2e%2e%2f", "%252e%252e", "..%5c", "..\\",
    "%2f", "%2F%2F", "%5c", "%5C", "\\", "%09", "%0a", "%0d%0aSet-Cookie:%20x=1",
    "//" + EVIL_HOST, "/\\" + EVIL_HOST, "%2F%2F" + EVIL_HOST, "%5C%5C" + EVIL_HOST,
    EVIL_HOST, "@" + EVIL_HOST, "http:", "https:%2F%2F" + EVIL_HOST, "http://" + EVIL_HOST,
    "%00", "%ff", "%c0%ae%c0%ae", "%", "%%", "%zz", ";", "~", "*", "a" * 300,
]

# What can appear on the wire in a request target: visible ASCII, no space.
WIRE_CHARS = st.characters(min_codepoint=0x21, max_codepoint=0x7E)

segments = st.one_of(st.sampled_from(TRICKY_SEGMENTS), st.text(WIRE_CHARS, max_size=12))
separators = st.sampled_from(["/", "/", "/", "//", "\\", "/./", "/../", "%2F", "/%5C"])


@st.composite
def raw_paths(draw, prefix: str = "") -> str:
    """A request target's path as sent on the wire (ASCII, maybe encoded)."""
    parts = draw(st.lists(segments, max_size=6))
    path = prefix or draw(st.sampled_from(["/", "/", "/", "//", "/\\", "/%2F"]))
    for part in parts:
        path += part + draw(separators)
    path = path.replace("?", "%3F").replace("#", "%23").replace(" ", "%20")
    return path


query_values = st.one_of(
    st.sampled_from([
        "1", "", "//" + EVIL_HOST, "/\\" + EVIL_HOST, "https://" + EVIL_HOST, "%2F%2Fevil",
        "ar", "../../", "%00", "%0d%0aLocation:%20//evil",
    ]),
    st.text(WIRE_CHARS, max_size=20).map(lambda s: s.replace("#", "%23")),
)


@st.composite
def raw_queries(draw) -> str:
    pairs = draw(
        st.lists(
            st.tuples(
                st.sampled_from(["chosen", "next", "lang", "url", "redirect", "q", "chosen[]"]),
                query_values,
            ),
            max_size=4,
        )
    )
    return "&".join(f"{key}={value}" for key, value in pairs)


# Header values as a server passes them on: Latin-1 text without CR, LF or
# NUL (which every server refuses before the app sees the request).
header_text = st.text(
    st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_characters="\x7f"),
    max_size=60,
)

accept_languages = st.one_of(
    header_text,
    st.lists(
        st.tuples(
            st.sampled_from([*LOCALES, "ar-SY", "*", "x", "tr-TR", "zh-Hant-TW", "", "q", ";"]),
            st.sampled_from(["", ";q=0.5", ";q=0", ";q=1.5", ";q=-1", ";q=nan", ";q=inf", ";q=",
                             ";q=1e9", ";level=1", ";;"]),
        ),
        max_size=6,
    ).map(lambda items: ", ".join(tag + q for tag, q in items)),
)

cookies = st.one_of(
    header_text,
    st.sampled_from([
        "hikaya_lang=//" + EVIL_HOST, "hikaya_lang=https://" + EVIL_HOST,
        "hikaya_lang=/\\" + EVIL_HOST, "hikaya_lang=ar%0d%0a", "hikaya_lang=", "hikaya_lang",
        'hikaya_lang="ar"', "hikaya_lang=ar; hikaya_lang=tr", "hikaya_lang=" + "a" * 4000,
    ]),
    header_text.map(lambda value: "hikaya_lang=" + value),
)

hosts = st.one_of(
    st.just("localhost"),
    st.sampled_from([
        EVIL_HOST, "localhost@" + EVIL_HOST, "localhost:80@" + EVIL_HOST, EVIL_HOST + ":443",
        "localhost/" + EVIL_HOST, "localhost\\" + EVIL_HOST, "[::1]", "", "localhost:99999",
        "LOCALHOST.", "a" * 300,
    ]),
)


def wsgi_path(raw_path: str) -> str:
    """PATH_INFO as a server makes it: percent-decoded bytes read as Latin-1."""
    return unquote_to_bytes(raw_path).decode("latin-1")


# --- What every answer must satisfy -----------------------------------------

def location_problem(location: str) -> str | None:
    """Why a browser following this Location might leave the site, or None.

    Browsers drop tabs and newlines and read a backslash as a slash, so those
    are removed or counted before the URL is judged."""
    cleaned = "".join(ch for ch in location if ch not in "\t\n\r")
    parts = urlsplit(cleaned.replace("\\", "/"))
    if parts.scheme or parts.netloc:
        return f"names a host: {location!r}"
    if not cleaned.startswith("/") or cleaned.startswith(("//", "/\\")):
        return f"not a path on this site: {location!r}"
    if "\\" in cleaned:
        return f"holds a backslash: {location!r}"
    return None


# Request targets that try to read a file outside the site (or the app's own
# source). Every real server answers each with a 4xx and nothing of the file.
TRAVERSALS = [
    b"/static/../app/config.py",
    b"/static/%2e%2e/app/config.py",
    b"/static/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
    b"/static/..%2fapp%2fconfig.py",
    b"/static/..%5capp%5cconfig.py",
    b"/static/..\\app\\config.py",
    b"/static//etc/passwd",
    b"/static/%252e%252e/pyproject.toml",
    b"/static/css/../../pyproject.toml",
    b"/static/../../../../etc/passwd",
    b"/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    b"/static/..%2f..%2f..%2fetc%2fpasswd",
    b"/static/..%5c..%5cetc%5cpasswd",
    b"/static/%252e%252e/%252e%252e/etc/passwd",
    b"/../../../../etc/passwd",
    b"/%2e%2e/%2e%2e/etc/passwd",
]
LEAKED = (b"root:", b"SECRET_KEY", b"[project]")


# Request targets that try to get a redirect to another host. Every real
# server (the app under Werkzeug and gunicorn, nginx over the freeze) is sent
# each one, with its own Host header and with EVIL_HOST's.
OFF_SITE_TARGETS = [
    b"//" + EVIL_HOST.encode(),
    b"//" + EVIL_HOST.encode() + b"/",
    b"//" + EVIL_HOST.encode() + b"/en/join",
    b"//" + EVIL_HOST.encode() + b"/?chosen=1",
    b"/\\" + EVIL_HOST.encode() + b"/",
    b"/%2F%2F" + EVIL_HOST.encode() + b"/",
    b"/%5C" + EVIL_HOST.encode(),
    b"http://" + EVIL_HOST.encode() + b"/en/join",
    b"/en//" + EVIL_HOST.encode(),
    b"/en//" + EVIL_HOST.encode() + b"/",
    b"/en/join?chosen=1&x=//" + EVIL_HOST.encode(),
    b"/ar//" + EVIL_HOST.encode() + b"/?chosen=1",
    b"/ar/%2F%2F" + EVIL_HOST.encode() + b"/?chosen=1",
]


def get_over_the_wire(base_url: str, target: bytes, host: bytes) -> tuple[int, list[str], bytes]:
    """GET `target` as sent, with `host` as the Host header: the status, what
    is wrong with each Location header, and the raw response."""
    request = b"GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n" % (target, host)
    status, response = raw_request(base_url, request)
    head = response.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    problems = []
    for line in head.split("\r\n")[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "location" and (problem := location_problem(value.strip())):
            problems.append(problem)
    return status, problems, response


def answer_problems(status: int, headers, body: bytes, query: str) -> list[str]:
    problems = []
    if status >= 500:
        problems.append(f"server error {status}")
    if b"Traceback" in body:
        problems.append("a traceback reached the reader")
    missing = [name for name, value in SECURITY_HEADERS.items() if headers.get(name) != value]
    if missing:
        problems.append(f"missing headers {missing}")
    if 300 <= status < 400 and (problem := location_problem(headers.get("Location", ""))):
        problems.append(problem)
    cookie = headers.get("Set-Cookie")
    if cookie is not None:
        chosen = "chosen" in parse_qs(query, keep_blank_values=True)
        value = cookie.split(";", 1)[0]
        if not chosen:
            problems.append(f"a cookie set without a choice: {cookie!r}")
        if value not in {f"hikaya_lang={lang}" for lang in LOCALES}:
            problems.append(f"an unexpected cookie: {cookie!r}")
    return problems
