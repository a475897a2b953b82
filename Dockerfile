# One image for the three services and the console; docker-compose picks one with `command`.
FROM python:3.11-slim AS base
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY shared ./shared
COPY services ./services
COPY ops ./ops
COPY console ./console
RUN pip install . && useradd --system --uid 10001 app
USER app
ENV MEMBERSHIP_HTTP_HOST=0.0.0.0 PROGRAMS_HTTP_HOST=0.0.0.0 EVENTS_HTTP_HOST=0.0.0.0 \
    CONSOLE_HTTP_HOST=0.0.0.0
STOPSIGNAL SIGTERM
CMD ["python", "-m", "services.membership"]
