#!/usr/bin/env bash
# Load test on loopback: gunicorn (production settings, DEBUG off) and the task worker over
# a PostgreSQL database of generated partnerships, driven by locust
# (devtools/loadtest/locustfile.py). Creates the database send_tracker_load on 127.0.0.1:5432
# as user postgres and drops it at the end. Usage: devtools/loadtest/run.sh (or: make loadtest)
#
#   DURATION=3m USERS=20 SPAWN_RATE=5 PARTNERSHIPS=150 WORKERS=<2 x CPUs + 1>
#   OUT=devtools/loadtest/results   where locust writes its CSV files and the run's summary
set -euo pipefail
cd "$(dirname "$0")/../.."

PY=${PYTHON:-.venv/bin/python}
BIN=$(dirname "$PY")
DURATION=${DURATION:-3m}
USERS=${USERS:-20}
SPAWN_RATE=${SPAWN_RATE:-5}
PARTNERSHIPS=${PARTNERSHIPS:-150}
WORKERS=${WORKERS:-$(($(nproc) * 2 + 1))}
OUT=${OUT:-devtools/loadtest/results}
PORT=8077
DB=send_tracker_load
PG=(-h 127.0.0.1 -p 5432 -U postgres)

export DJANGO_SETTINGS_MODULE=devtools.loadtest.settings
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
export DEBUG=0 SECURE_SSL_REDIRECT=0 ALLOWED_HOSTS=127.0.0.1
export SITE_URL="http://127.0.0.1:$PORT"
SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(64))')
LOADTEST_PASSWORD=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(18))')
LOADTEST_STATIC_ROOT=$(mktemp -d)
export SECRET_KEY LOADTEST_PASSWORD LOADTEST_STATIC_ROOT

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  dropdb "${PG[@]}" --if-exists --force "$DB" || true
  rm -rf "$LOADTEST_STATIC_ROOT"
}
trap cleanup EXIT

pg_isready -q -h 127.0.0.1 -p 5432 || { echo "PostgreSQL is not answering on 127.0.0.1:5432" >&2; exit 1; }
mkdir -p "$OUT"
echo "== Database $DB: migrate, $PARTNERSHIPS generated partnerships"
dropdb "${PG[@]}" --if-exists "$DB"
createdb "${PG[@]}" "$DB"
"$PY" manage.py migrate --noinput -v0
"$PY" manage.py createcachetable
"$PY" manage.py generate_scale_data --partnerships "$PARTNERSHIPS"
"$PY" manage.py collectstatic --noinput -v0

echo "== Passwords for leader-1, board-1 and officer-1 of 20 partnerships"
# One hash for all (a throwaway database): hashing 60 passwords one by one takes a minute.
"$PY" manage.py shell -v0 -c '
import os
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db.models import Count
from inspections.models import Partnership
scale = list(
    Partnership.objects.filter(slug__startswith="scale-")
    .annotate(n=Count("plans__actions"))
    .order_by("slug")[:20]
)
small = sorted(scale, key=lambda p: (p.n, p.slug))[:3]
names = [f"{p.slug}-{r}-1" for p in scale for r in ("leader", "board", "officer")]
get_user_model().objects.filter(username__in=names).update(
    password=make_password(os.environ["LOADTEST_PASSWORD"])
)
print("export LOADTEST_SLUGS=" + ",".join(p.slug for p in scale))
print("export LOADTEST_PACK_SLUGS=" + ",".join(p.slug for p in small))
' >"$OUT/users.env"
source "$OUT/users.env"
[ -n "${LOADTEST_SLUGS:-}" ] || { echo "No generated partnerships to sign in to" >&2; exit 1; }

echo "== gunicorn on 127.0.0.1:$PORT ($WORKERS workers) and the task worker"
"$PY" manage.py db_worker >"$OUT/db_worker.log" 2>&1 &
pids+=($!)
"$BIN/gunicorn" send_tracker.wsgi:application --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
  --access-logfile /dev/null --error-logfile "$OUT/gunicorn.log" &
pids+=($!)
for _ in $(seq 1 60); do
  curl -s -o /dev/null "http://127.0.0.1:$PORT/accounts/login/" && break
  sleep 0.5
done
curl -s -f -o /dev/null "http://127.0.0.1:$PORT/accounts/login/"

echo "== locust: $USERS users (spawn rate $SPAWN_RATE/s) for $DURATION"
status=0
"$BIN/locust" -f devtools/loadtest/locustfile.py --headless -u "$USERS" -r "$SPAWN_RATE" -t "$DURATION" \
  --host "http://127.0.0.1:$PORT" --csv "$OUT/locust" --only-summary --stop-timeout 10 \
  2>&1 | tee "$OUT/locust-summary.txt" || status=$?

"$PY" - "$OUT/locust_stats.csv" <<'EOF' | tee -a "$OUT/locust-summary.txt"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
total = next(r for r in rows if r["Name"] == "Aggregated")
failures = sum(int(r["Failure Count"]) for r in rows if r["Name"] != "Aggregated")
print(
    f"\nResult: {int(total['Request Count']):,} requests, {failures} failed, "
    f"{float(total['Requests/s']):.1f} requests/s, p95 {total['95%']} ms, "
    f"median {total['50%']} ms (all requests, sign-in included)"
)
EOF
exit "$status"
