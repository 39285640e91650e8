"""The JSON API (`/api/v1/customers/`), one module per feature; `urls.py` routes them."""
