# The web and worker image for docker-compose. torch is installed first, pinned,
# so pip takes the CPU build rather than a multi-GB CUDA build.
FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
# jemalloc for every process of the image: under torch, glibc's malloc
# fragments and a worker's peak grows to 1.9 GB over 100 articles; jemalloc
# keeping its freed pages (no decay) peaks at 1.25 GB at the same speed
# (docs/performance.md).
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends libjemalloc2 \
 && ln -s "$(ls /usr/lib/*/libjemalloc.so.2 | head -n 1)" /usr/local/lib/libjemalloc.so.2 \
 && rm -rf /var/lib/apt/lists/*
ENV LD_PRELOAD=/usr/local/lib/libjemalloc.so.2 MALLOC_CONF=dirty_decay_ms:-1,muzzy_decay_ms:-1
COPY requirements.txt .
# TORCH_INDEX: a package index serving CPU builds of torch, if your platform's
# default would pull a CUDA build.
ARG TORCH_INDEX=""
RUN pip install --no-cache-dir torch==2.13.0 ${TORCH_INDEX:+--index-url "$TORCH_INDEX"} \
 && pip install --no-cache-dir -r requirements.txt
COPY . .
RUN SECRET_KEY=build DATABASE_URL=postgres://build@localhost/build python manage.py collectstatic --noinput
EXPOSE 8000
CMD ["gunicorn", "newsdiff.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "120"]
