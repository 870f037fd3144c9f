"""Keep the loaded models out of the garbage collector's full passes.

A loaded spaCy pipeline, tokenizers and transformer modules leave about half
a million Python objects on the heap. CPython's full collection walks every
one of them, about 0.27 s on the machine docs/performance.md names, and
stops every thread of the process while it does: an alignment or a page
request that happens to trigger one waits that long. These objects live as
long as the process, so after a model loads they are moved to the permanent
generation (`gc.freeze`), which full collections no longer walk.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Freeze what is alive now; garbage made before the call is collected first, not kept forever."""
    gc.collect()
    gc.freeze()
