"""The account pages, one module per feature; `users/urls/view.py` routes them."""
