"""Aligning two articles: embeddings, pair features, classifiers, cross-encoders,
candidates, matching and claim groups.

Plain Python, no Django. May import `claims.pipeline.textutil` and the compare
package's number and negation readers; never the ingest package.
"""
