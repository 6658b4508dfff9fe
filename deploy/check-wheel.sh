#!/usr/bin/env bash
# Build the wheel from this checkout and prove that it is self-contained and upgradable, as an
# operator would meet it (run by .ci/run; a minute or two):
#
#   1. the wheel is built (front-end files gathered from node_modules, translations compiled)
#      and holds no tests;
#   2. the previous commit is installed in a fresh virtual environment, migrated and given the
#      demo data (when git has a previous commit with migrations);
#   3. deploy/upgrade.sh upgrades it to the new wheel: backup, install, migrate, collectstatic,
#      check, restart (a gunicorn started here, in production mode behind a pretend proxy);
#      or, with no previous commit, the wheel is installed fresh and migrated;
#   4. from a folder outside the checkout (no node_modules, the checkout not on sys.path), the
#      installed app renders a Word and a PDF report, writes and checks the IATI files, serves a
#      page and a static file through gunicorn.
#
# Needs: python3 (3.11+), the checkout's .venv and node_modules (make deps), curl, pdftotext.
set -euo pipefail
cd "$(dirname "$0")/.."
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

echo "== build the wheel"
rm -rf build
.venv/bin/python -m pip wheel --quiet --no-deps --wheel-dir "$work/dist" .
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
):
    assert needed in names, f"the wheel lacks {needed}"
print(f"wheel: {sys.argv[1].rsplit('/', 1)[-1]}, {len(names)} files, no tests")
EOF

# Production settings, as deploy/twinning.env.example has them; the SQLite file in $work/var.
export TWINNING_MODE=production TWINNING_VAR_DIR="$work/var" ALLOWED_HOSTS=127.0.0.1
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

previous=""
if git rev-parse --verify --quiet HEAD~1 >/dev/null; then
  previous="$(git rev-parse --short HEAD~1)"
fi
if [ -n "$previous" ]; then
  echo "== install the previous commit ($previous), migrate it and load the demo"
  git archive --format=tar --prefix=previous/ "$previous" | tar -x -C "$work"
  # Its build may gather the npm files (from 0.2.0 on): it gets this checkout's node_modules.
  ln -s "$checkout/node_modules" "$work/previous/node_modules"
  (cd "$work/previous" && "$venv/bin/python" -m pip install --quiet -r requirements/base.txt \
    && "$venv/bin/python" -m pip install --quiet --no-deps .)
  (cd "$work/run" && "$venv/bin/twinning" migrate --no-input -v 0 \
    && "$venv/bin/twinning" demo -v 0)
  rm -rf "$work/previous"
  (cd "$work/run" && "$venv/bin/twinning" collectstatic --no-input -v 0 || true)
  echo "== upgrade it with deploy/upgrade.sh"
  start_gunicorn || echo "(the previous version did not serve: upgrading anyway)"
  TWINNING_ENV_FILE=/dev/null TWINNING_VENV="$venv" \
    TWINNING_RESTART="if [ -f '$work/gunicorn.pid' ]; then kill \$(cat '$work/gunicorn.pid'); sleep 1; fi" \
    "$checkout/deploy/upgrade.sh" "$wheel" "$checkout/requirements/base.txt"
  start_gunicorn
else
  echo "== no previous commit: install the wheel fresh"
  "$venv/bin/python" -m pip install --quiet -r requirements/base.txt "$wheel"
  (cd "$work/run" && "$venv/bin/twinning" migrate --no-input -v 0 \
    && "$venv/bin/twinning" collectstatic --no-input -v 0 && "$venv/bin/twinning" demo -v 0)
  start_gunicorn
fi

echo "== the installed app, run from $work/run"
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
"$venv/bin/twinning" demo -v 0  # idempotent: brings the data up to date after the upgrade
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
pdftotext -enc UTF-8 "$work/report.pdf" - | grep -q "Đông Giang"
echo "PDF report: $(pdftotext "$work/report.pdf" - | wc -c) characters of text"
"$venv/bin/twinning" iati_export --output "$work/iati"
ls "$work/iati"

page="$(curl -fsS -H 'X-Forwarded-Proto: https' "http://127.0.0.1:$port/public/")"
css="$(printf '%s' "$page" | grep -o '/static/vendor/bootstrap/css/bootstrap[^"]*\.css' | head -n 1)"
[ -n "$css" ] || { echo "no Bootstrap stylesheet linked from /public/" >&2; exit 1; }
size="$(curl -fsS -H 'X-Forwarded-Proto: https' "http://127.0.0.1:$port$css" | wc -c)"
[ "$size" -gt 100000 ] || { echo "the stylesheet $css is $size bytes" >&2; exit 1; }
font="$(curl -fsS -H 'X-Forwarded-Proto: https' "http://127.0.0.1:$port/static/vendor/fonts/noto-sans/400.css" | head -c 200 | wc -c)"
[ "$font" -gt 0 ]
echo "served: /public/ ($(printf '%s' "$page" | wc -c) bytes) and $css ($size bytes)"
echo "check-wheel: 1 passed, 0 failed"
