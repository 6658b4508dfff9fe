#!/usr/bin/env bash
# Build the wheel from this checkout and prove that it is self-contained and upgradable, as an
# operator would meet it (run by .ci/run; a minute or two):
#
#   1. the wheel is built (front-end files gathered from node_modules, translations compiled)
#      and holds no tests;
#   2. the previous commit is installed in a fresh virtual environment, migrated and given the
#      demo data (when its migrations differ from this commit's);
#   3. deploy/upgrade.sh upgrades it to the new wheel: backup, install, migrate, collectstatic,
#      check, restart (here: gunicorn, in production mode behind a pretend proxy); without a
#      schema change since the previous commit, it "upgrades" this same wheel installed fresh
#      (CHECK_WHEEL_PREVIOUS=<commit> forces a start from that commit);
#   4. from a folder outside the checkout (no node_modules, the checkout not on sys.path), the
#      installed app renders a Word and a PDF report, writes and checks the IATI files, serves a
#      page and a static file through gunicorn.
#
# Needs: python3 (3.11+), the checkout's .venv and node_modules (make deps), curl, pdftotext.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { echo "== [${SECONDS}s] $*"; }
checkout="$(pwd)"
python="${PYTHON:-python3}"
port="${CHECK_WHEEL_PORT:-8191}"
work="$(mktemp -d /tmp/twinning-wheel.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ -f "$work/gunicorn.pid" ]; then kill "$(cat "$work/gunicorn.pid")" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

step "build the wheel"
rm -rf build
# Without build isolation: the build gathers pyIATI's ruleset from this environment, which
# gets the pinned build tools first.
.venv/bin/pip install -qq -r requirements/build.txt
.venv/bin/python -m pip wheel -qq --no-deps --no-build-isolation --wheel-dir "$work/dist" .
wheel="$(ls "$work"/dist/twinning_vn-*.whl)"
.venv/bin/python - "$wheel" <<'EOF'
import sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
tests = [n for n in names if "/tests/" in n or n.endswith(("conftest.py", "twinning/testing.py"))]
assert not tests, f"the wheel carries tests: {tests[:5]}"
for needed in (
    "twinning/vendor/bootstrap/dist/css/bootstrap.min.css",
    "twinning/vendor/chart.js/dist/chart.umd.js",
    "twinning/vendor/@fontsource/tinos/files/tinos-vietnamese-400-normal.woff",
    "twinning/locale/vi/LC_MESSAGES/django.mo",
    "twinning/vendor/pyIATI/standard_ruleset.json",
):
    assert needed in names, f"the wheel lacks {needed}"
print(f"wheel: {sys.argv[1].rsplit('/', 1)[-1]}, {len(names)} files, no tests")
EOF

# Production settings, as deploy/twinning.env.example has them; the SQLite file in $work/var.
export TWINNING_MODE=production TWINNING_VAR_DIR="$work/var" ALLOWED_HOSTS=127.0.0.1,localhost
export SECRET_KEY="check-wheel-$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 60)"
export IMPORT_WORKER=manual EXPORT_WORKER=manual
unset DATABASE_URL REDIS_URL PYTHONPATH || true
mkdir -p "$work/run" "$work/var"
venv="$work/venv"
"$python" -m venv "$venv"

start_gunicorn() {
  (cd "$work/run" && "$venv/bin/gunicorn" twinning.wsgi --bind "127.0.0.1:$port" --workers 1 \
    --pid "$work/gunicorn.pid" --daemon --error-logfile "$work/gunicorn.log")
  for _ in $(seq 1 50); do
    curl -fsS -o /dev/null -H 'X-Forwarded-Proto: https' "http://127.0.0.1:$port/public/" \
      2>/dev/null && return 0
    sleep 0.2
  done
  cat "$work/gunicorn.log" >&2
  return 1
}

# The upgrade starts from the previous commit when its schema differs (or CHECK_WHEEL_PREVIOUS
# names a commit); otherwise from this same wheel installed fresh, which still runs every step.
previous="${CHECK_WHEEL_PREVIOUS:-}"
if [ -z "$previous" ] && git rev-parse --verify --quiet HEAD~1 >/dev/null \
    && ! git diff --quiet HEAD~1 HEAD -- 'twinning/*/migrations/*'; then
  previous="$(git rev-parse --short HEAD~1)"
fi
if [ -n "$previous" ]; then
  step "install the previous commit ($previous), migrate it and load the demo"
  git archive --format=tar --prefix=previous/ "$previous" | tar -x -C "$work"
  # Its build may gather the npm files (from 0.2.0 on): it gets this checkout's node_modules.
  ln -s "$checkout/node_modules" "$work/previous/node_modules"
  (cd "$work/previous" && "$venv/bin/python" -m pip install -qq -r requirements/base.txt \
    && "$venv/bin/python" -m pip install -qq --no-deps .)
  rm -rf "$work/previous"
else
  step "install this wheel fresh, migrate and load the demo (no schema change since HEAD~1)"
  "$venv/bin/python" -m pip install -qq -r requirements/base.txt "$wheel"
fi
(cd "$work/run" && "$venv/bin/twinning" migrate --no-input -v 0 && "$venv/bin/twinning" demo -v 0)

step "upgrade it to the new wheel with deploy/upgrade.sh"
TWINNING_ENV_FILE=/dev/null TWINNING_VENV="$venv" \
  TWINNING_RESTART="if [ -f '$work/gunicorn.pid' ]; then pid=\$(cat '$work/gunicorn.pid'); kill \$pid; while kill -0 \$pid 2>/dev/null; do sleep 0.2; done; fi" \
  "$checkout/deploy/upgrade.sh" "$wheel" "$checkout/requirements/base.txt"
start_gunicorn

step "the installed app, run from $work/run"
cd "$work/run"
"$venv/bin/python" - <<EOF
import sys
from twinning import bundle
assert not [p for p in sys.path if p.startswith("$checkout")], sys.path
root = str(bundle.npm_dir("bootstrap"))
assert "site-packages" in root and "$checkout" not in root, root
print("front-end files from", root)
EOF
"$venv/bin/twinning" check --deploy --fail-level WARNING
if [ -n "$previous" ]; then
  "$venv/bin/twinning" demo -v 0  # idempotent: brings the previous version's demo up to date
fi
"$venv/bin/twinning" report --twinning sct-dong-giang --from 2016 --to 2023 --format docx \
  -o "$work/report.docx"
"$venv/bin/twinning" report --twinning sct-dong-giang --from 2016 --to 2023 --format pdf \
  -o "$work/report.pdf"
"$venv/bin/python" - "$work/report.docx" <<'EOF'
import sys
import docx
text = "\n".join(p.text for p in docx.Document(sys.argv[1]).paragraphs)
assert "BÁO CÁO" in text and "Đông Giang" in text, text[:400]
print("Word report:", len(text), "characters")
EOF
pdf_text="$(pdftotext -enc UTF-8 "$work/report.pdf" -)"
case "$pdf_text" in *"Đông Giang"*) ;; *) echo "the PDF report lacks Đông Giang" >&2; exit 1 ;; esac
echo "PDF report: ${#pdf_text} characters of text"
"$venv/bin/twinning" iati_export --output "$work/iati"
ls "$work/iati"

page="$(curl -fsS -H 'X-Forwarded-Proto: https' "http://127.0.0.1:$port/public/vi/")"
css="$(printf '%s' "$page" | grep -o '/static/vendor/bootstrap/css/bootstrap[^"]*\.css' | head -n 1 || true)"
[ -n "$css" ] || { echo "no Bootstrap stylesheet linked from /public/vi/" >&2; exit 1; }
size="$(curl -fsS -H 'X-Forwarded-Proto: https' "http://127.0.0.1:$port$css" | wc -c)"
[ "$size" -gt 100000 ] || { echo "the stylesheet $css is $size bytes" >&2; exit 1; }
font="$(curl -fsS -H 'X-Forwarded-Proto: https' "http://127.0.0.1:$port/static/vendor/fonts/noto-sans/400.css" | head -c 200 | wc -c)"
[ "$font" -gt 0 ]
echo "served: /public/vi/ ($(printf '%s' "$page" | wc -c) bytes) and $css ($size bytes)"

if command -v nginx >/dev/null && command -v openssl >/dev/null; then
  step "deploy/nginx/twinning.conf in front of it, over TLS (a self-signed certificate)"
  mkdir -p "$work/tls" "$work/nginx"
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
    -addext subjectAltName=DNS:localhost -keyout "$work/tls/key.pem" -out "$work/tls/cert.pem" \
    2>/dev/null
  https_port=$((port + 1000))
  http_port=$((port + 1001))
  sed -e "s|server_name twinning.example.gov.vn;|server_name localhost;|" \
    -e "/listen \[::\]/d" \
    -e "s|listen 80;|listen 127.0.0.1:$http_port;|" \
    -e "s|listen 443 ssl http2;|listen 127.0.0.1:$https_port ssl http2;|" \
    -e "s|/etc/letsencrypt/live/twinning.example.gov.vn/fullchain.pem|$work/tls/cert.pem|" \
    -e "s|/etc/letsencrypt/live/twinning.example.gov.vn/privkey.pem|$work/tls/key.pem|" \
    -e "s|alias /var/lib/twinning/static/;|alias $work/var/static/;|" \
    -e "s|server 127.0.0.1:8000 |server 127.0.0.1:$port |" \
    "$checkout/deploy/nginx/twinning.conf" > "$work/nginx/site.conf"
  printf '%s\n' "worker_processes 1;" "pid $work/nginx/nginx.pid;" \
    "error_log $work/nginx/error.log;" "events {}" "http {" \
    "  include /etc/nginx/mime.types;" "  access_log off;" \
    "  client_body_temp_path $work/nginx/body;" "  proxy_temp_path $work/nginx/proxy;" \
    "  include $work/nginx/site.conf;" "}" > "$work/nginx/nginx.conf"
  chmod -R a+rX "$work/var/static"
  chmod a+x "$work" "$work/var"
  nginx -t -q -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log"
  nginx -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log"
  sleep 0.5
  pids+=("$(cat "$work/nginx/nginx.pid")")
  moved="$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' \
    "http://127.0.0.1:$http_port/public/vi/")"
  [ "$moved" = "301 https://127.0.0.1/public/vi/" ] || { echo "HTTP gave: $moved" >&2; exit 1; }
  proxied="$(curl -fsS --cacert "$work/tls/cert.pem" "https://localhost:$https_port/public/vi/")"
  case "$proxied" in *"$css"*) ;; *) echo "nginx did not pass the page on" >&2; exit 1 ;; esac
  headers="$(curl -fsS --cacert "$work/tls/cert.pem" -D - -o /dev/null \
    "https://localhost:$https_port$css")"
  case "$headers" in *immutable*) ;; *) echo "nginx did not serve $css itself" >&2; exit 1 ;; esac
  echo "nginx: HTTP moves to HTTPS, pages come from gunicorn, $css from the static folder"
fi
if command -v systemd-analyze >/dev/null; then
  step "the systemd units, pointed at this virtual environment (systemd-analyze verify)"
  mkdir -p "$work/units"
  for unit in "$checkout"/deploy/systemd/*; do
    sed -e "s|/opt/twinning/venv|$venv|g" "$unit" > "$work/units/$(basename "$unit")"
  done
  verified="$(systemd-analyze verify "$work"/units/* 2>&1 || true)"
  if [ -n "$verified" ]; then echo "$verified" >&2; exit 1; fi
  echo "systemd: $(ls "$work/units" | wc -l) units verified"
fi
echo "check-wheel: 1 passed, 0 failed"
