from django.db import models


class Counter(models.Model):
    """Requests of one client in one area during the current window (the database store)."""

    #: "<area>:<client address>"
    bucket = models.CharField(max_length=100, primary_key=True)
    hits = models.PositiveIntegerField()
    #: Unix time (seconds) at which the window ends; windows are aligned on multiples of their length.
    window_end = models.BigIntegerField(db_index=True)

    def __str__(self):
        return f"{self.bucket}: {self.hits}"
