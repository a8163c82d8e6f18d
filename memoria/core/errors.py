"""The errors that domain actions raise besides Django's ValidationError and PermissionDenied.

Every entry point turns them into its own answer in one place: the API into
404/428/412 (api/api.py), the back office into a message, a command into
its exit status. No action raises an HTTP error.
"""


class NotFound(Exception):
    """The record an action was asked to change does not exist."""


class VersionRequired(Exception):
    """A change to an existing record that does not say which version it edits."""


class VersionConflict(Exception):
    """The record changed since the caller read it: applying the change would lose the other edit."""
