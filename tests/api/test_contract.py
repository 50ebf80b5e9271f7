"""Contract tests from the OpenAPI document (issue 24 tests): schemathesis generates requests
for every operation of /api/v1/openapi.json — valid and invalid ones —, each is signed like a
partner's and sent to the app; no answer may be a 5xx, and every answer must match the
document (status code, content type, body schema). Few examples per operation, so the whole
run stays well under two minutes."""
import json
from collections import Counter
from urllib.parse import urlencode

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance, not_a_server_error, response_schema_conformance, status_code_conformance,
)
from schemathesis.core import NOT_SET

from app.api.signing import sign_request
from app.api.spec import openapi
from app.core import clock
from tests.api.helpers import partner

ALL_SCOPES = ("feeds:read", "bookings:write", "bookings:read")
EXAMPLES = 25
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def _send(client, case, key_id, secret):
    query = urlencode(case.query or {}, doseq=True)
    url = case.formatted_path + (f"?{query}" if query else "")
    body = b"" if case.body is NOT_SET else json.dumps(case.body, ensure_ascii=False).encode()
    headers = {k: str(v) for k, v in (case.headers or {}).items()}
    headers.update(sign_request(case.method, url, key_id=key_id, secret=secret, body=body,
                                timestamp=int(clock.now().timestamp())))
    if case.body is not NOT_SET:
        headers["Content-Type"] = "application/json"
    return client.open(url, method=case.method, data=body, headers=headers)


def test_every_operation_keeps_its_contract(app, client):
    with app.test_request_context():
        document = openapi("http://localhost")
    schema = schemathesis.openapi.from_dict(document)
    p, secret = partner(scopes=ALL_SCOPES, rate=100000)
    operations = [result.ok() for result in schema.get_all_operations()]
    seen = Counter()
    assert len(operations) == sum(len(methods) for methods in document["paths"].values())
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def keeps_contract(case):
            response = _send(client, case, p.key_id, secret)
            seen[response.status_code] += 1
            assert response.status_code < 500, response.get_data(as_text=True)[:300]
            case.validate_response(response, checks=CHECKS)

        keeps_contract()
    # the signing works (answers beyond 401) and invalid input was generated and refused
    assert seen[200] and seen[422] and not seen[401], seen
