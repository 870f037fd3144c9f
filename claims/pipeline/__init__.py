"""The comparison pipeline: plain Python, no Django.

extract -> segment -> embed -> align -> compare. Each stage takes and returns
plain data so it can be tested, benchmarked and evaluated without a database.
Heavy models load lazily, once per process.
"""
