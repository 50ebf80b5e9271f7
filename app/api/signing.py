"""The request signature of the API, both sides (issue 24 §1; docs/api.md).

    X-Api-Key        the partner's key id
    X-Api-Timestamp  unix seconds; refused outside ±300 s of the server's clock
    X-Api-Nonce      8–64 characters [A-Za-z0-9_-], never twice within the window
    X-Api-Signature  hex HMAC-SHA256(secret, canonical request)

The canonical request is the lines METHOD, PATH, SORTED_QUERY, TIMESTAMP, NONCE and
SHA256_HEX(BODY) joined by "\\n"; SORTED_QUERY is the query's (name, value) pairs, percent-
encoded and sorted, joined with "&" (empty without a query). The partner systems, the tests,
the benchmark and the 12345 simulator all sign through sign_request()."""
import hashlib
import hmac
import re
import secrets
import time
from urllib.parse import parse_qsl, quote, urlsplit

HEADER_KEY, HEADER_TIMESTAMP = "X-Api-Key", "X-Api-Timestamp"
HEADER_NONCE, HEADER_SIGNATURE = "X-Api-Nonce", "X-Api-Signature"
SKEW_SECONDS = 300
NONCE_CHARS = re.compile(r"^[A-Za-z0-9_-]+$")


def body_sha256(body: bytes) -> str:
    return hashlib.sha256(body or b"").hexdigest()


def sorted_query(pairs) -> str:
    """The canonical query: every (name, value) pair percent-encoded (RFC 3986), sorted."""
    encoded = sorted((quote(str(k), safe="-_.~"), quote(str(v), safe="-_.~")) for k, v in pairs)
    return "&".join(f"{k}={v}" for k, v in encoded)


def canonical(method: str, path: str, query: str, timestamp: str, nonce: str, body: bytes) -> str:
    return "\n".join([method.upper(), path, query, str(timestamp), nonce, body_sha256(body)])


def signature(secret: str, text: str) -> str:
    return hmac.new(secret.encode(), text.encode(), hashlib.sha256).hexdigest()


def sign_request(method: str, url: str, *, key_id: str, secret: str, body: bytes | str = b"",
                 timestamp: int | None = None, nonce: str | None = None) -> dict[str, str]:
    """The four signature headers for a request to `url` (a path with its query, or a full URL).
    Send `body` byte for byte as signed."""
    if isinstance(body, str):
        body = body.encode()
    parts = urlsplit(url)
    timestamp = str(int(time.time()) if timestamp is None else int(timestamp))
    nonce = nonce or secrets.token_hex(16)
    text = canonical(method, parts.path or "/", sorted_query(parse_qsl(parts.query, keep_blank_values=True)),
                     timestamp, nonce, body)
    return {HEADER_KEY: key_id, HEADER_TIMESTAMP: timestamp, HEADER_NONCE: nonce,
            HEADER_SIGNATURE: signature(secret, text)}
