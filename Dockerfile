# The web and worker image for docker-compose. torch is installed first, pinned,
# so pip takes the CPU build rather than a multi-GB CUDA build.
FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
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
