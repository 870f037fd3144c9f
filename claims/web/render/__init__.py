"""Server-side HTML for the big tables (compare grid, overview), the diff
markup, and the cache of user-independent page fragments.
"""
