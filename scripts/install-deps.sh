#!/bin/sh
# Installs what building and testing retort needs, from Debian 12's packages.
# Does nothing when everything is already installed. Run as root.
set -eu

packages="build-essential cmake libsoci-dev libsqlite3-dev libboost-program-options-dev
  catch2 libyaml-cpp-dev libyaml-dev pkg-config nettle-dev libssl-dev sqlite3 libpq-dev postgresql python3-alembic
  groff-base libgraphviz-dev nlohmann-json3-dev libmariadb-dev mariadb-server galera-4 pgbouncer"

missing=""
for package in $packages; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $package"
  fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages:$missing; run as root to install them" >&2
  exit 1
fi
echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
