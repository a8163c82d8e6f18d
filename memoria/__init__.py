"""memoria: a war-memory archive and online exhibition."""

__version__ = "0.1.0"
