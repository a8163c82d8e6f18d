"""Why a contribution was refused before it was looked at (besides ValidationError on its fields)."""


class Refused(Exception):
    """A submission refused as a whole: `code` says why (honeypot, too_fast, expired, rate_limited,
    email_rate_limited), `message` tells the visitor in their language, `retry_after` (seconds) is
    set for the rate limits."""

    def __init__(self, code: str, message: str, retry_after: int | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.retry_after = retry_after
