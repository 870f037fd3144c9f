"""Story clustering: which stored story, if any, a new article reports on."""
