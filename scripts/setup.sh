#!/usr/bin/env bash
# Set up everything Hikaya needs, from a fresh clone, in .venv.
#   scripts/setup.sh          the site: venv, Python packages, compiled catalogs
#   scripts/setup.sh --test   the same, plus what the tests need: test packages
#                             and Debian's chromium, chromium-driver, nginx,
#                             poppler-utils and qpdf (to read the PDFs it prints),
#                             make
# Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[[ "${1:-}" == "--test" ]] && want_test=1

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# --- Python 3.12 or newer, never a quiet fallback to an older one ----------
find_python() {
  local candidate
  for candidate in "${PYTHON:-}" python3.12 python3.13 python3.14 python3; do
    [[ -n "$candidate" ]] || continue
    command -v "$candidate" >/dev/null 2>&1 || continue
    if "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

if [[ ! -x .venv/bin/python ]] || ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then
  if ! python=$(find_python); then
    found=$(python3 --version 2>&1 || echo "no python3")
    cat >&2 <<MSG
Hikaya needs Python 3.12 or newer, and found: $found.
Install it, then run this command again:
  Debian/Ubuntu:  sudo apt-get install python3.12 python3.12-venv
  pyenv:          pyenv install 3.12   (.python-version selects it here)
Or point PYTHON at an interpreter:  PYTHON=/path/to/python3.12 $0 ${1:-}
MSG
    exit 1
  fi
  say "creating .venv with $("$python" --version)"
  rm -rf .venv
  "$python" -m venv .venv
fi

# --- Debian packages the tests drive (browser, driver, web server) --------
if (( want_test )); then
  packages=(chromium chromium-driver nginx-light fonts-noto-core fonts-hosny-amiri openssl poppler-utils qpdf make)
  missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  if (( ${#missing[@]} )); then
    say "installing Debian packages: ${missing[*]}"
    sudo=""
    (( EUID == 0 )) || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

# --- Python packages, at the versions in constraints.txt ------------------
# constraints.txt (written by `make lock`) pins every package, pip included,
# to the version the test suite last passed with, so a fresh machine builds
# the same stack; reinstalled when it or pyproject.toml changes. PIP_CONSTRAINT
# reaches the pip that installs build dependencies too.
extra=""
(( want_test )) && extra="[test]"
stamp=".venv/.installed${extra:+-test}"
digest=$(cat pyproject.toml constraints.txt | sha256sum | cut -d' ' -f1)
if [[ ! -f "$stamp" ]] || [[ "$(cat "$stamp")" != "$digest" ]]; then
  say "installing Python packages${extra:+ (with test tools)} from constraints.txt"
  export PIP_CONSTRAINT="$PWD/constraints.txt"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".${extra}"
  echo "$digest" > "$stamp"
fi

# --- Catalogs: .po files are the source, .mo files are built here ----------
say "compiling catalogs"
.venv/bin/flask --app app translate compile
