"""Reading an upload: fetch, unpack, decode, clean, metadata, sentences.

Plain Python, no Django. May import `claims.pipeline.textutil`; never the
align or compare packages.
"""
