# Production image: gunicorn serving the web app as a non-root user.
# Run the mail sender and the matching worker from the same image:
#   docker run IMAGE flask --app wsgi mail worker
#   docker run IMAGE flask --app wsgi jobs worker
FROM python:3.11-slim

# Two threaded workers (4 threads each) that keep connections alive: what `python -m bench.web_polling`
# measured best on 2 cores for a room of phones polling their pages (see web/gunicorn.conf.py).
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    FLASK_APP=wsgi BIND=0.0.0.0:8000 WEB_CONCURRENCY=2 WORKER_CLASS=gthread THREADS=4 KEEPALIVE=5

RUN useradd --create-home --uid 10001 matchmaker
WORKDIR /app

COPY pyproject.toml README.md ./
COPY matchmaker ./matchmaker
COPY web ./web
COPY api ./api
COPY wsgi.py babel.cfg* ./
RUN set -e; pip install .; \
    for d in web/translations web/mail/translations; do \
      if [ -d "$d" ]; then pybabel -q compile --use-fuzzy -d "$d"; fi; \
    done; \
    mkdir -p /app/instance; chown matchmaker /app/instance

USER matchmaker
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status == 200 else 1)"
# Apply migrations, then serve. Set DATABASE_URL, SECRET_KEY and BASE_URL.
CMD ["sh", "-c", "flask --app wsgi db upgrade && exec gunicorn --config web/gunicorn.conf.py wsgi:app"]
