"""The published OpenAPI document is the contract generated clients are built from (finding 19).

Each test reads /api/v1/openapi.json as a client would and checks one promise it makes.
"""

from __future__ import annotations

import pydantic
import pytest

pytestmark = pytest.mark.django_db

ERROR_REF = "#/components/schemas/Error"
METHODS = ("get", "post", "put", "patch", "delete")

# Public reads that show more to a logged-in caller: anyone may call them without credentials.
PUBLIC_WITH_OPTIONAL_LOGIN = [
    ("get", "/api/v1/entities/{uscc}"),
    ("get", "/api/v1/entities/{uscc}/keys"),
    ("get", "/api/v1/tenders"),
    ("get", "/api/v1/tenders/{tender_id}"),
    ("get", "/api/v1/tenders/{tender_id}/deadline-check"),
    ("get", "/api/v1/sections/{section_id}/opening"),
]


@pytest.fixture
def openapi(api_client):
    response = api_client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def _operations(doc):
    for path, item in doc["paths"].items():
        for method in METHODS:
            if method in item:
                yield method, path, item[method]


def _resolve(doc, schema):
    while "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _body_properties(doc, method, path):
    body = doc["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]
    return set(_resolve(doc, body)["properties"])


def test_request_bodies_are_published_under_their_own_names(openapi):
    """Finding 19: `KeyIn` (bid CEK) and `AnswerIn` (experts) were published for other endpoints' bodies."""
    assert _body_properties(openapi, "post", "/api/v1/entities/{uscc}/keys") == {"jwk"}
    assert _body_properties(openapi, "post", "/api/v1/bids/{bid_id}/key") == {"cek"}
    assert _body_properties(openapi, "post", "/api/v1/experts/invitations/{invitation_id}/answer") >= {
        "accept"
    }
    for path in (
        "/api/v1/questions/{question_id}/answer",
        "/api/v1/opening-objections/{objection_id}/answer",
        "/api/v1/publicity-objections/{objection_id}/answer",
    ):
        assert "answer" in _body_properties(openapi, "post", path), path


def test_no_two_api_schemas_share_a_component_name():
    """Finding 19: every schema class reachable from an operation has a name no other class uses."""
    from ggzy.config.api import api

    seen: dict[str, type] = {}
    clashes = []

    def visit(model):
        if not (isinstance(model, type) and issubclass(model, pydantic.BaseModel)):
            return
        name = model.__name__
        if seen.get(name) is model:
            return
        if name in seen:
            clashes.append(f"{name}: {seen[name].__module__} / {model.__module__}")
            return
        seen[name] = model
        for field in model.model_fields.values():
            for arg in _type_args(field.annotation):
                visit(arg)

    for router in api._get_bound_routers():
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for params_model in operation.models:  # ninja's per-source wrappers: look at their fields
                    for field in params_model.model_fields.values():
                        for arg in _type_args(field.annotation):
                            visit(arg)
                for response_model in operation.response_models.values():
                    if isinstance(response_model, type):
                        for field in getattr(response_model, "model_fields", {}).values():
                            for arg in _type_args(field.annotation):
                                visit(arg)
    assert clashes == []


def _type_args(annotation):
    yield annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        yield from _type_args(arg)


def test_every_operation_documents_its_errors_with_the_error_schema(openapi):
    """Finding 19: only 200/201 were documented; clients need the refusals and their shape."""
    error = openapi["components"]["schemas"]["Error"]
    assert set(error["required"]) == {"code", "message", "details"}
    missing = []
    for method, path, op in _operations(openapi):
        expected = {"400", "404", "422", "429"}
        if op.get("security") and {} not in op["security"]:
            expected |= {"401", "403"}
        if method != "get":
            expected |= {"403", "409", "413"}
        for status in expected:
            response = op["responses"].get(status)
            ref = (
                (response or {}).get("content", {}).get("application/json", {}).get("schema", {}).get("$ref")
            )
            if ref != ERROR_REF:
                missing.append(f"{method.upper()} {path} {status}")
    assert missing == []


def test_throttled_operations_document_429(openapi):
    """Finding 19: the login and self-registration endpoints answer 429 when throttled."""
    for method, path in (("post", "/api/v1/auth/token"), ("post", "/api/v1/entities")):
        response = openapi["paths"][path][method]["responses"]["429"]
        assert response["content"]["application/json"]["schema"]["$ref"] == ERROR_REF


@pytest.mark.parametrize(("method", "path"), PUBLIC_WITH_OPTIONAL_LOGIN)
def test_public_endpoints_do_not_require_credentials(openapi, method, path):
    """Finding 19: public reads were declared as requiring a token; an anonymous caller must satisfy them."""
    security = openapi["paths"][path][method].get("security")
    assert security is None or {} in security


def test_operations_with_auth_none_declare_no_security(openapi):
    """Finding 19: fully public endpoints carry no security requirement at all."""
    for path in ("/api/v1/catalogue", "/api/v1/notices", "/api/v1/procedure-types", "/api/v1/audit/seals"):
        assert "security" not in openapi["paths"][path]["get"], path


@pytest.mark.parametrize("value", ["0", "1700000000", "20260101", "2026-13-01", "yesterday"])
def test_date_query_parameters_refuse_non_dates(api_client, value):
    """Finding 19: `?on=0` was read as 1970-01-01; anything but YYYY-MM-DD is refused with 422."""
    for url in ("/api/v1/catalogue", "/api/v1/catalogue/A01"):
        response = api_client.get(url, {"on": value})
        assert response.status_code == 422, (url, value, response.content)
        assert response.json()["code"] == "invalid_input"


def test_date_query_parameter_accepts_iso_dates(api_client):
    """Finding 19: a real date still works."""
    response = api_client.get("/api/v1/catalogue", {"on": "2026-01-01"})
    assert response.status_code == 200


def test_date_query_parameter_is_published_as_a_date(openapi):
    """Finding 19: the parameter's schema tells clients what is accepted."""
    (param,) = [p for p in openapi["paths"]["/api/v1/catalogue"]["get"]["parameters"] if p["name"] == "on"]
    schemas = param["schema"].get("anyOf", [param["schema"]])
    date_schema = next(s for s in schemas if s.get("type") == "string")
    assert date_schema["format"] == "date"
    assert date_schema["pattern"] == r"^\d{4}-\d{2}-\d{2}$"


def test_multipart_without_boundary_is_a_400_not_a_500(api_client):
    """Finding 19 (schemathesis): a multipart Content-Type without its boundary crashed the notes upload."""
    from ggzy.parties import services
    from ggzy.parties.models import User

    _token, raw = services.api_token_issue(
        actor=User.objects.create_user(username="st-mp", password="x"), name="t"
    )
    response = api_client.post(
        "/api/v1/redflags/alerts/1/notes",
        data=b"note=x",
        content_type="multipart/form-data",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_multipart"  # the API's error shape, not an HTML page


def test_amounts_are_published_as_numerals(openapi):
    """Finding 19 (schemathesis): Decimal fields were published as 'number or any string'."""
    money = _resolve(openapi, {"$ref": "#/components/schemas/MoneyIn"})
    strings = [s for s in money["properties"]["amount"]["anyOf"] if s.get("type") == "string"]
    assert strings and all(s["pattern"] == r"^-?\d+(\.\d+)?$" for s in strings)


def _bearer(username):
    from ggzy.parties import services
    from ggzy.parties.models import User

    _token, raw = services.api_token_issue(
        actor=User.objects.create_user(username=username, password="x"), name="t"
    )
    return {"Authorization": f"Bearer {raw}"}


def test_an_id_beyond_the_database_range_is_refused_not_a_500(api_client):
    """Finding 19 (schemathesis): /tenders/327887761930196904574976/publish overflowed SQLite's INTEGER (500)."""
    response = api_client.post(
        "/api/v1/tenders/327887761930196904574976/publish", headers=_bearer("st-overflow")
    )
    assert response.status_code == 422
    assert response.json()["code"] == "value_out_of_range"
    # the same answer on every database, and on HTML pages
    page = api_client.get("/trading/tenders/327887761930196904574976/")
    assert page.status_code in (404, 422) and page.status_code != 500
