"""Domain errors raised by actions and translated to form errors or 4xx answers."""

from django.utils.translation import gettext_lazy as _


class ConcurrentEditError(Exception):
    """The object changed after the editor loaded it; the edit would overwrite newer data."""

    def __init__(self, current_version: int) -> None:
        self.current_version = current_version
        super().__init__(
            _(
                "Someone else changed this object while you were editing it. "
                "Reload it to see the latest version, then make your change again."
            )
        )


class NotPermittedError(Exception):
    """The acting user may not make this change."""


class ObjectInUseError(Exception):
    """The object cannot be deleted because other objects refer to it."""


class VersionRequiredError(Exception):
    """A change of a versioned object came without the version its author saw.

    A web form posted without its hidden ``version`` field, or an API call without
    ``If-Match``: the change is refused, since it could overwrite a newer one unseen.
    """

    def __init__(self) -> None:
        super().__init__(VERSION_REQUIRED_MESSAGE)


VERSION_REQUIRED_MESSAGE = _(
    "This change came without the version of the object it was made on, so it could "
    "overwrite a newer change. Reload the page and make your change again."
)
