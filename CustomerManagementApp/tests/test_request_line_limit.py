"""A request line over 4 KB is a 414: the API's envelope on API paths, the error page elsewhere;
one just under passes through. (Through real gunicorn: tests/contract/test_generated_client.py.)"""

from CustomerManagementApp.middlewares import MAX_REQUEST_LINE


def _query_for(path: str, line_length: int) -> str:
    return "q=" + "a" * (line_length - len(f"GET {path}?q= HTTP/1.1"))


def test_an_api_request_line_over_4_kb_is_a_414_envelope(api_client, db):
    path = "/api/v1/customers/"
    response = api_client.get(f"{path}?{_query_for(path, MAX_REQUEST_LINE + 1)}")
    assert response.status_code == 414
    body = response.json()
    assert body["status"] == "Failure" and body["errors"][0]["code"] == "uri_too_long"
    assert response["X-Request-ID"]


def test_a_page_request_line_over_4_kb_is_a_414_page(client, db):
    response = client.get(f"/?{_query_for('/', MAX_REQUEST_LINE + 1)}")
    assert response.status_code == 414
    assert "text/html" in response["Content-Type"] and b"414" in response.content


def test_a_request_line_of_exactly_4_kb_is_served(api_client, db):
    path = "/api/v1/customers/"
    response = api_client.get(f"{path}?{_query_for(path, MAX_REQUEST_LINE)}")
    assert response.status_code == 401  # reached the view: no token
