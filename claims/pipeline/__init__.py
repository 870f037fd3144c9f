"""The comparison pipeline: plain Python, no Django, nothing else from `claims`.

`ingest/` reads an upload into clean text and sentences, `align/` embeds and
matches sentences across articles, `compare/` types what differs in an aligned
pair; `evaluate` measures the same-claim decision on labelled pairs. Each stage
takes and returns plain data, so it can be tested and benchmarked without a
database. Heavy models load lazily, once per process.
"""
