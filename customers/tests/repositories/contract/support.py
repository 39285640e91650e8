"""What the contract tests share: a customer's fields, a change, a walk through windows."""

from datetime import date

from customers.domain.entities import CustomerFields


def fields(phone="+14155550100", **overrides):
    base = {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "phone_number": phone,
        "date_of_birth": date(1990, 1, 2),
    }
    return CustomerFields(**(base | overrides))


def to(new_fields):
    """A `change` for `update` that ignores the current state and asks for `new_fields`."""
    return lambda current: new_fields


def walk(read, limit):
    """Every item, window by window forwards, then the same windows read backwards."""
    forward, after = [], None
    while True:
        window = read(limit=limit, after=after)
        forward.append(window.items)
        if not window.has_more:
            break
        after = window.items[-1]
    backward, before = [], forward[-1][0]
    while True:
        window = read(limit=limit, before=before)
        if not window.items:
            break
        backward.insert(0, window.items)
        before = window.items[0]
        if not window.has_more:
            break
    return forward, backward
