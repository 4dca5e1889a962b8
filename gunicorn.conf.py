"""gunicorn settings for Hikaya: `.venv/bin/gunicorn -c gunicorn.conf.py`.

Each setting can be overridden on the command line or with the environment
variables below. Put nginx (or any proxy doing TLS) in front; gunicorn listens
on loopback only unless told otherwise.
"""

import os

# The app factory; gunicorn calls it once per process (or once in all, with
# preload_app below).
wsgi_app = "app:create_app()"

# Loopback by default: the public side is the proxy's job.
bind = os.environ.get("HIKAYA_BIND", "127.0.0.1:8000")

# Rendering a page is CPU work with no waiting on a database, so sync workers
# and about two per core keep every core busy while one worker is writing
# to a slow reader. sched_getaffinity counts the cores this process may use
# (a container's share), not the host's.
_cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * (_cores or 1) + 1))
worker_class = "sync"

# Import the app and read the catalogs once, before forking: workers start
# faster, share memory, and a broken catalog stops the start-up, not a worker.
preload_app = True

# Nothing about readers is logged. gunicorn's own error log names the
# client of every malformed request; app/private_log.py's logger keeps only
# what kind of request it was, and blanks every access-log atom about the
# reader (address, user agent, referrer, headers). No access log by default;
# with HIKAYA_ACCESS_LOG=1, lines carry time, request line, status, size and
# duration.
logger_class = "app.delivery.private_log.GunicornLogger"
accesslog = "-" if os.environ.get("HIKAYA_ACCESS_LOG") == "1" else None
access_log_format = '%(t)s "%(r)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
loglevel = os.environ.get("HIKAYA_LOG_LEVEL", "info")

# A worker stuck on one request is restarted; slow readers are the proxy's
# to buffer (nginx does), so keep-alive stays short.
timeout = 30
graceful_timeout = 20
keepalive = 2
# Recycle workers now and then so that a slow leak never becomes an outage.
max_requests = 10000
max_requests_jitter = 1000
# Refuse oversized request lines and headers early, with a 4xx.
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190

# Only a proxy on this machine may say which scheme the reader used (so the
# language cookie gets Secure behind TLS).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# gunicorn 25.1+ opens a control socket at one fixed path per user
# (~/.gunicorn/gunicorn.ctl), so two instances on a machine -- a test beside a
# benchmark -- would take each other's. Off unless asked for.
control_socket_disable = os.environ.get("HIKAYA_CONTROL_SOCKET") != "1"
