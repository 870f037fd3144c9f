"""Reading an upload: fetch, unpack, decode, clean, metadata, sentences.

Plain Python, no Django. May import `claims.pipeline.textutil` and `.nlp`; never the
align or compare packages.
"""
