"""The claims the test provider hands out: e-mail, names, and a department code."""

from typing import Any

from oidc_provider.lib.claims import ScopeClaims


def userinfo(claims: dict[str, Any], user: Any) -> dict[str, Any]:
    claims["email"] = user.email
    claims["email_verified"] = True
    claims["given_name"] = user.first_name
    claims["family_name"] = user.last_name
    claims["name"] = f"{user.first_name} {user.last_name}".strip()
    claims["preferred_username"] = user.username
    return claims


class DepartmentClaims(ScopeClaims):
    def scope_department(self) -> dict[str, Any]:
        return {"department": self.user.groups.values_list("name", flat=True).first() or ""}
