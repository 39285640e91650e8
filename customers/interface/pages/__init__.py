"""The server-rendered pages (`/customer/`), one module per feature; `urls.py` routes them."""
