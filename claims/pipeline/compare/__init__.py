"""Comparing an aligned pair: the typed discrepancy detectors and the word diff.

Plain Python, no Django. May import `claims.pipeline.textutil` and `claims.pipeline.nlp` only.
"""
