"""People recorded more than once: scoring pairs, finding candidates, merging them."""
