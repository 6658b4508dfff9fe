#!/usr/bin/env bash
# Upgrade an installation of Twinning to a new wheel: back up, install, migrate, collect static
# files, check, restart. Run it as the service user (or root) on the application server:
#
#   deploy/upgrade.sh twinning_vn-0.3.0-py3-none-any.whl [requirements-base.txt]
#
# The second argument pins the dependencies exactly as CI tested them (requirements/base.txt of
# the same release); without it pip resolves the ranges in the wheel's metadata.
#
# Settings come from the environment file (TWINNING_ENV_FILE, default /etc/twinning/twinning.env)
# as the services read it. Other knobs:
#   TWINNING_VENV     the virtual environment (default /opt/twinning/venv)
#   TWINNING_RESTART  the command that restarts the app and the job runner
#                     (default: systemctl restart twinning-web.service twinning-jobs.timer)
#   TWINNING_BACKUP   where the backup goes (default: $TWINNING_VAR_DIR/backups/before-<time>.tar)
#
# Nothing is restarted before the backup is made, the new version is installed and every
# migration has run; on a failure the script stops (set -e) and says how to go back.
set -euo pipefail

wheel="${1:?usage: upgrade.sh NEW_WHEEL [REQUIREMENTS]}"
requirements="${2:-}"
env_file="${TWINNING_ENV_FILE:-/etc/twinning/twinning.env}"
venv="${TWINNING_VENV:-/opt/twinning/venv}"
restart="${TWINNING_RESTART:-systemctl restart twinning-web.service twinning-jobs.timer}"

[ -f "$wheel" ] || { echo "upgrade: no such wheel: $wheel" >&2; exit 2; }
[ -x "$venv/bin/python" ] || { echo "upgrade: no virtual environment at $venv" >&2; exit 2; }
if [ -f "$env_file" ]; then
  set -a
  # shellcheck disable=SC1090
  . "$env_file"
  set +a
else
  echo "upgrade: no environment file at $env_file; using the current environment" >&2
fi

twinning="$venv/bin/twinning"
installed() {  # the installed version of a distribution, or nothing
  "$venv/bin/python" -m pip show "$1" 2>/dev/null | sed -n 's/^Version: //p' || true
}
before="$(installed twinning-vn)"
old_name="$(installed twinning)"  # releases before 0.2.0 were the distribution "twinning"
if [ -z "$before" ] && [ -n "$old_name" ]; then
  before="$old_name (as the distribution twinning)"
fi
before="${before:-none}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
backup="${TWINNING_BACKUP:-${TWINNING_VAR_DIR:-var}/backups/before-${stamp}.tar}"
mkdir -p "$(dirname "$backup")"

echo "== 1/6 backup of the database -> $backup (installed: twinning-vn $before)"
"$twinning" backup --output "$backup"

on_error() {
  cat >&2 <<EOF
upgrade: FAILED. The services were not restarted. To go back:
  $venv/bin/python -m pip install --force-reinstall <the previous wheel, twinning-vn $before>
  $twinning restore $backup     # only if migrations had already run
EOF
}
trap on_error ERR

echo "== 2/6 install $(basename "$wheel")"
# Releases before 0.2.0 were installed as the distribution "twinning": its files are the same
# package, so it goes before the new name comes in.
if [ -n "$old_name" ]; then
  "$venv/bin/python" -m pip uninstall --yes --quiet twinning
fi
if [ -n "$requirements" ]; then
  "$venv/bin/python" -m pip install --quiet -r "$requirements" "$wheel"
else
  "$venv/bin/python" -m pip install --quiet "$wheel"
fi
# A rebuilt wheel may keep its version number: replace the package's files all the same.
"$venv/bin/python" -m pip install --quiet --no-deps --force-reinstall "$wheel"
"$venv/bin/python" -m pip check

echo "== 3/6 migrate"
"$twinning" migrate --no-input

echo "== 4/6 collect static files"
"$twinning" collectstatic --no-input --verbosity 0

echo "== 5/6 check"
if [ "${TWINNING_MODE:-}" = production ]; then
  "$twinning" check --deploy --fail-level WARNING
else
  "$twinning" check
fi

trap - ERR
echo "== 6/6 restart: $restart"
eval "$restart"
after="$(installed twinning-vn)"
echo "upgrade: twinning-vn $before -> $after done; backup kept at $backup"
