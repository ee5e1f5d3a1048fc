"""Schemathesis hooks for .ci/schemathesis.sh (loaded through SCHEMATHESIS_HOOKS).

``positive_data_acceptance`` is configured (.ci/schemathesis.toml) to let 400 and 422 through: a request can
match the schema and still break a rule no JSON Schema can state (a USCC checksum, a legal deadline, a district
code, a cursor the server never issued); those come back as 400/422 with their own error code. What the
check exists to catch is still caught here: a schema-valid request that the API's own input validation refuses
(``invalid_input`` with pydantic error types in ``details.errors``) means the published schema is wrong.
"""

from __future__ import annotations

import schemathesis
from schemathesis.core.failures import Failure


@schemathesis.check
def schema_valid_input_passes_validation(ctx, response, case):
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code != 422:
        return None
    try:
        body = response.json()
    except ValueError:
        return None
    if not isinstance(body, dict):
        return None
    errors = (body.get("details") or {}).get("errors") or []
    typed = [e for e in errors if isinstance(e, dict) and e.get("type")]
    if body.get("code") == "invalid_input" and typed:
        raise Failure(
            operation=case.operation.label,
            title="Schema-valid input refused by input validation",
            message=f"The published schema allows this request but validation refused it: {typed[:3]}",
        )
    return None
