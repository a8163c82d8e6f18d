"""Family contributions: stories, photographs and scans, corrections and missing people sent by
visitors from a public page, kept private until a curator accepts them (moderation.py)."""
