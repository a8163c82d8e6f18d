"""Rate limits on the expensive public endpoints (search, name search, OAI-PMH, the anonymous API).

counting.py counts requests per client and area in windows every server worker shares;
middleware.py decides which requests count and answers 429 (503 for OAI-PMH) with Retry-After.
"""
