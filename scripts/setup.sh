# Shared by scripts/demo and scripts/test: system packages and the .venv virtual environment.

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Installs the Debian/Ubuntu packages whose commands are missing, given as pairs of a command
# and its package; a command starting with / is a file pattern instead (a library with no
# command, e.g. a Varnish module). apt-get update runs only when something must be installed.
ensure_debian_packages() {
    local missing=()
    while [ $# -gt 0 ]; do
        if [[ $1 == /* ]]; then
            compgen -G "$1" >/dev/null || missing+=("$2")
        else
            command -v "$1" >/dev/null 2>&1 || missing+=("$2")
        fi
        shift 2
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "Installing system packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# Tools the tests run but Dateline never imports, in an environment of their own: semgrep pins
# dependencies (jsonschema) below what the test extra needs.
ensure_tool_venv() {
    [ -x .venv-tools/bin/python ] || python3 -m venv .venv-tools
    .venv-tools/bin/python -m pip install --quiet --disable-pip-version-check "$@"
}

ensure_venv() {
    if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
        echo "Dateline needs Python 3.11 or newer; this python3 is $(python3 --version)." >&2
        exit 1
    fi
    if [ ! -x .venv/bin/python ]; then
        python3 -m venv .venv 2>/dev/null || {
            as_root apt-get update -qq
            as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
            rm -rf .venv
            python3 -m venv .venv
        }
    fi
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -e "$1"
}
