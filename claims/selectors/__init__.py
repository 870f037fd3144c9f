"""Everything that reads, one module per page family or entity. May import
models and the pipeline; never services, views or tasks.
"""
