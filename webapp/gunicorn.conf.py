"""Production gunicorn settings for newsfacet: `gunicorn -c webapp/gunicorn.conf.py "newsfacet.webapp:create_app()"`.

Command-line options override these (`--bind`, `--workers`, ...). Environment:
NEWSFACET_BIND (default 127.0.0.1:8000: only this machine, put a reverse proxy in front) and
WEB_CONCURRENCY (worker processes, gunicorn's own convention; default 2).
"""
import os

bind = os.environ.get("NEWSFACET_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Threads let one worker overlap slow clients and index reads; tantivy releases the GIL while searching.
# 2 threads shortened the tail of cached answers at 1M but let two slow misses hold up a worker's
# hits (README, "Cached answers"): 4 stays.
worker_class = "gthread"
threads = 4

# A worker silent for this long is killed and replaced, so one stuck request cannot hold it forever.
timeout = 30
# On restart or SIGTERM, requests in flight get this long to finish.
graceful_timeout = 30
keepalive = 5

# Recycle workers now and then (jitter so they never restart together) to bound slow memory growth.
# Rarely: a recycled worker closes its keep-alive connections, opens the index again and starts with an
# empty response cache, which shows in the tail. Cached answers come at about 300 requests/s per worker
# on 2 cores, so 10,000 requests recycled each worker every half minute; 100,000 is minutes at full load.
max_requests = 100_000
max_requests_jitter = 10_000

# Bounds on the request head; gunicorn answers 400 itself when they are passed. 8190 is gunicorn's
# most: a 500-character non-Latin query with a cursor needs more than its default 4094.
limit_request_line = 8190
limit_request_fields = 50
limit_request_field_size = 8190

# Access and error lines both on stdout, for the process supervisor (systemd, Docker) to collect.
# gunicorn's "-" would send errors to stderr, so its error logger gets gunicorn's stdout handler.
accesslog = "-"
loglevel = "info"
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(L)ss "%(a)s"'  # %(L)s: seconds the request took
logger_class = "newsfacet.webapp.gunicorn_log.AccessLogger"  # makes only the fields a line prints
# Only the handler is changed (no level), so --log-level and --access-logfile still work.
logconfig_dict = {"loggers": {"gunicorn.error": {"handlers": ["console"], "propagate": False}}}

# Each worker opens the index itself on its first request (see webapp/__init__.py): no preloading.
preload_app = False
proc_name = "newsfacet"
# Heartbeat files in memory, so a busy disk never makes a healthy worker look dead.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
