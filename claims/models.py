"""newsdiff's data: outlets, stories, articles, sentences and how they align."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from pgvector.django import VectorField


class Outlet(models.Model):
    slug = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Story(models.Model):
    class AlignState(models.TextChoices):
        PENDING = "pending"  # never asked to align
        QUEUED = "queued"
        ALIGNING = "aligning"
        READY = "ready"
        FAILED = "failed"

    title = models.CharField(max_length=500)
    slug = models.SlugField(max_length=120, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    aligned_at = models.DateTimeField(null=True, blank=True)
    align_state = models.CharField(
        max_length=16, choices=AlignState.choices, default=AlignState.PENDING, db_index=True
    )
    align_progress = models.FloatField(default=0.0, help_text="share of articles aligned, 0 to 1")
    align_error = models.TextField(blank=True)
    # Bumped by every request to align; a run that finds it moved on runs again,
    # so requests arriving during a run coalesce into one more run.
    align_requested = models.PositiveIntegerField(default=0)
    # A full rebuild was asked for (admin action, `align --full`, a story change
    # that removed claim members); otherwise the next run attaches new articles only.
    align_full = models.BooleanField(default=False)
    # What clustering compares a new article with (see services/clustering.py):
    # the mean of the members' lead vectors, their most shared named entities
    # and the span of their published dates. Kept up to date on every change.
    centroid = VectorField(null=True, blank=True, editable=False)
    entities = models.JSONField(default=list, blank=True, editable=False)
    published_from = models.DateField(null=True, blank=True, db_index=True)
    published_to = models.DateField(null=True, blank=True, db_index=True)
    # An editor's title is kept; otherwise the title follows the most central headline.
    title_edited = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name_plural = "stories"

    def __str__(self) -> str:
        return self.title

    @property
    def align_busy(self) -> bool:
        return self.align_state in (self.AlignState.QUEUED, self.AlignState.ALIGNING)


class StoryRedirect(models.Model):
    """Where a story merged away (or emptied by a move) now lives, so saved links keep working.

    The story row itself is deleted: a tombstone left in Story would have to be
    kept out of every list, picker, clustering query and export by hand.
    """

    old_id = models.PositiveBigIntegerField(primary_key=True, help_text="the removed story's id")
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="redirects")
    title = models.CharField(max_length=500, help_text="the removed story's title")
    slug = models.SlugField(max_length=120, db_index=False)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"story {self.old_id} → {self.story_id}"


class Article(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending"
        QUEUED = "queued"  # stored as uploaded, waiting for the pipeline
        EXTRACTING = "extracting"
        EMBEDDING = "embedding"
        READY = "ready"
        FAILED = "failed"
        DUPLICATE = "duplicate"  # the same text as a ready article; nothing else stored

    IN_PROGRESS = (Status.QUEUED, Status.EXTRACTING, Status.EMBEDDING)

    story = models.ForeignKey(
        Story, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    outlet = models.ForeignKey(
        Outlet, null=True, blank=True, on_delete=models.PROTECT, related_name="articles"
    )
    title = models.CharField(max_length=500, blank=True)
    published = models.DateField(null=True, blank=True)
    url = models.URLField(max_length=2000, blank=True)
    byline = models.CharField(max_length=500, blank=True)
    dateline = models.CharField(max_length=100, blank=True)
    source_name = models.CharField(max_length=500, blank=True, help_text="the uploaded file's name")
    # The upload exactly as received; raw_text is its decoded form.
    raw = models.BinaryField(editable=False)
    raw_text = models.TextField(blank=True)
    body = models.TextField(blank=True, help_text="the cleaned text the sentences index into")
    removed = models.JSONField(default=list, blank=True, help_text="blocks cleaning removed, with reasons")
    restored = models.JSONField(default=list, blank=True, help_text="positions of removed blocks put back")
    content_hash = models.CharField(max_length=64, db_index=True)
    version_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="versions"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    error = models.TextField(blank=True)
    # What the upload asked for (outlet, title, published, url, content type,
    # story, batch), kept so a queued upload is processed as it was submitted.
    options = models.JSONField(default=dict, blank=True)
    # Headline and lead in one vector, and the named entities of the lead: what
    # story clustering reads (services/clustering.py).
    lead_embedding = VectorField(null=True, blank=True, editable=False)
    entities = models.JSONField(default=list, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["published", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_hash"],
                condition=models.Q(status="ready"),
                name="unique_ready_content",
            )
        ]

    def __str__(self) -> str:
        return self.title or self.source_name or f"article {self.pk}"

    @property
    def in_progress(self) -> bool:
        return self.status in self.IN_PROGRESS

    @property
    def label(self) -> str:
        outlet = self.outlet.name if self.outlet else "Unknown outlet"
        return f"{outlet}: {self.title}" if self.title else outlet


class Sentence(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sentences")
    index = models.PositiveIntegerField()
    paragraph = models.PositiveIntegerField(default=0)
    text = models.TextField()
    start = models.PositiveIntegerField(help_text="offset into the article's cleaned body")
    end = models.PositiveIntegerField()
    # No fixed dimension, so a deployment may pick another embedding model; the
    # HNSW index casts to the default model's 384 dimensions (see migrations).
    embedding = VectorField(null=True, blank=True)
    # Kept by PostgreSQL itself, so keyword search never sees a stale index.
    search = models.GeneratedField(
        expression=SearchVector("text", config="english"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        ordering = ["article_id", "index"]
        constraints = [models.UniqueConstraint(fields=["article", "index"], name="unique_sentence_index")]
        indexes = [GinIndex(fields=["search"], name="sentence_search_gin")]

    def __str__(self) -> str:
        return self.text[:80]


class Claim(models.Model):
    """A group of aligned sentences across the outlets of one story."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="claims")
    index = models.PositiveIntegerField(help_text="story order")
    sentences = models.ManyToManyField(Sentence, related_name="claims")
    outlet_count = models.PositiveIntegerField(default=1)
    has_discrepancy = models.BooleanField(default=False)

    class Meta:
        ordering = ["story_id", "index"]
        constraints = [models.UniqueConstraint(fields=["story", "index"], name="unique_claim_index")]

    def __str__(self) -> str:
        return f"claim {self.index + 1} of story {self.story_id}"


class Alignment(models.Model):
    class Verdict(models.TextChoices):
        AGREE = "agree"
        DISCREPANCY = "discrepancy"

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="alignments")
    sentence_a = models.ForeignKey(Sentence, on_delete=models.CASCADE, related_name="+")
    sentence_b = models.ForeignKey(Sentence, on_delete=models.CASCADE, related_name="+")
    claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.SET_NULL, related_name="alignments"
    )
    score = models.FloatField()
    verdict = models.CharField(max_length=16, choices=Verdict.choices)
    confidence = models.FloatField(default=0.0)
    discrepancies = models.JSONField(default=list, blank=True)
    diff = models.JSONField(default=list, blank=True)
    # True when the aligner scored this pair itself; False when the two
    # sentences are paired because both belong to one claim (score: the link
    # that brought the later sentence into the claim).
    direct = models.BooleanField(default=True)

    class Meta:
        ordering = ["sentence_a_id", "sentence_b_id"]
        constraints = [
            models.UniqueConstraint(fields=["sentence_a", "sentence_b"], name="unique_alignment_pair")
        ]

    def __str__(self) -> str:
        return f"{self.sentence_a_id} ~ {self.sentence_b_id} ({self.verdict})"


class Flag(models.Model):
    """A fact-checker's note that an aligned pair contradicts (or was wrongly flagged)."""

    class State(models.TextChoices):
        OPEN = "open"
        CONFIRMED = "confirmed"
        DISMISSED = "dismissed"

    # A flag belongs to its two sentences; the alignment is re-linked after every
    # re-alignment (and is empty while the pair is not aligned), so flags survive
    # re-alignment, moves, merges and splits.
    alignment = models.ForeignKey(
        Alignment, null=True, blank=True, on_delete=models.SET_NULL, related_name="flags"
    )
    sentence_a = models.ForeignKey(Sentence, on_delete=models.CASCADE, related_name="+")
    sentence_b = models.ForeignKey(Sentence, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="flags")
    note = models.TextField(blank=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.OPEN)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"flag {self.pk} on alignment {self.alignment_id} ({self.state})"


class ClauseEmbedding(models.Model):
    """A clause's embedding, kept so a story's clauses are embedded once, not with every new article.

    Attaching an article compares its clauses with those of the story's
    sentences it is put next to; those sentences' clauses were embedded when
    their own article was attached. Keyed by the clause text's hash and the
    encoder's name, like PairScore: a fact about a text, shared by every story.
    """

    encoder = models.CharField(max_length=300)
    key = models.CharField(max_length=32)
    embedding = VectorField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["encoder", "key"], name="unique_clause_embedding"),
        ]

    def __str__(self) -> str:
        return f"clause {self.key[:8]} by {self.encoder[-24:]}"


class PairScore(models.Model):
    """A scorer's verdict on two sentence texts, kept so no pair is ever scored twice.

    Keyed by the texts' hashes (in pair_key order) and the scorer's version
    (its file's hash and base model): re-alignment, a retried upload or a new
    version reads the score instead of running the model again.
    """

    scorer = models.CharField(max_length=100)
    key_a = models.CharField(max_length=32)
    key_b = models.CharField(max_length=32)
    logit = models.FloatField(help_text="the scorer's mean logit over both orders")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scorer", "key_a", "key_b"], name="unique_pair_score"),
        ]
        # The unique index finds a text as key_a; a new article's text may be either side.
        indexes = [models.Index(fields=["scorer", "key_b"], name="pair_score_key_b")]

    def __str__(self) -> str:
        return f"{self.key_a[:8]}~{self.key_b[:8]} by {self.scorer[:12]}: {self.logit:.3f}"
