from typing import Any

from django.http import HttpRequest

from users.verification import verification_mode


def account_notices(request: HttpRequest) -> dict[str, Any]:
    """`email_unverified`: show the banner asking to confirm the address (mode `optional`)."""
    user = getattr(request, "user", None)
    unverified = bool(
        user is not None
        and user.is_authenticated
        and not user.email_verified
        and verification_mode() == "optional"
    )
    return {"email_unverified": unverified}
