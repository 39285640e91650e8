"""The schema says which operations take an API key, and that a key can be refused with 403."""

import pytest


@pytest.fixture
def schema(api_client, db):
    return api_client.get("/swagger.json").json()


def test_both_schemes_are_defined_on_the_authorization_header(schema):
    definitions = schema["securityDefinitions"]
    assert definitions["ApiKey"] == {
        **definitions["ApiKey"],
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
    }
    assert "Api-Key" in definitions["ApiKey"]["description"]
    assert schema["security"] == [{"Bearer": []}]


def test_the_customer_book_takes_keys_and_the_account_and_keys_do_not(schema):
    paths = schema["paths"]
    assert paths["/customers/"]["get"]["security"] == [{"Bearer": []}, {"ApiKey": []}]
    assert paths["/customers/{customer_id}/"]["patch"]["security"] == [{"Bearer": []}, {"ApiKey": []}]
    for path, method in [
        ("/api-keys/", "post"),
        ("/api-keys/", "get"),
        ("/api-keys/{key_id}/", "delete"),
        ("/user/me/", "get"),
    ]:
        assert paths[path][method]["security"] == [{"Bearer": []}], (path, method)
        assert "403" in paths[path][method]["responses"], (path, method)
    assert paths["/user/token/"]["post"]["security"] == []


def test_writes_that_take_keys_document_the_403_and_reads_do_not(schema):
    paths = schema["paths"]
    assert "403" in paths["/customers/"]["post"]["responses"]
    assert "403" in paths["/customers/{customer_id}/"]["delete"]["responses"]
    assert "403" not in paths["/customers/{customer_id}/"]["get"]["responses"]
