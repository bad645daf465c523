#!/usr/bin/env bash
# First paint on a slow phone network: the bundled hub served by nginx with the documented
# configuration (deploy/nginx/), loaded in Debian's Chromium with CDP network emulation.
#
#   bench/fcp.sh                          build the hub here (release), serve it, measure
#   bench/fcp.sh --public DIR             measure a hub already built with --precompress
#   bench/fcp.sh --public DIR --deploy D  ... served with the nginx files in D (another version's)
#   RUNS=9 bench/fcp.sh                   more runs per page and profile (default 7)
#
# What it does:
#   1. unless --public is given, builds senda in release mode and the bundled hub with
#      `senda build --precompress` into a temporary folder (as it is deployed);
#   2. installs tests/browser/node_modules (playwright-core) with `npm ci` if it is missing;
#   3. starts nginx on a loopback port with deploy/nginx/senda.conf, security-headers.conf and
#      admin-headers.conf as shipped (only `listen`, `root` and the include paths changed, and
#      Debian's brotli module loaded, as tests/it/browser.rs does);
#   4. runs bench/fcp.mjs: for each page and profile, RUNS first visits, each in a new browser
#      context (empty cache, no service worker), and RUNS visits of the page after another page
#      of the site (the stylesheet cached); prints Markdown tables of medians: first contentful
#      paint, layout shift, bytes received before the first paint and in all;
#   5. stops nginx and deletes the temporary folder.
#
# Needs: chromium, node and npm, nginx with libnginx-mod-http-brotli-static (the packages the
# browser tests use; .ci/run installs them).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PUBLIC=""
DEPLOY="$ROOT/deploy/nginx"
while [[ $# -gt 0 ]]; do
    case $1 in
        --public) PUBLIC=$(cd "$2" && pwd); shift 2 ;;
        --deploy) DEPLOY=$(cd "$2" && pwd); shift 2 ;;
        *) echo "usage: bench/fcp.sh [--public DIR] [--deploy DIR]" >&2; exit 2 ;;
    esac
done
BROTLI=/usr/lib/nginx/modules/ngx_http_brotli_static_module.so
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
for tool in chromium node "$NGINX" "$BROTLI"; do
    if ! command -v "$tool" >/dev/null && [[ ! -e $tool ]]; then
        echo "fcp.sh: $tool not found (apt-get install chromium nodejs npm nginx-light libnginx-mod-http-brotli-static)" >&2
        exit 1
    fi
done

WORK=$(mktemp -d /tmp/senda-fcp.XXXXXX)
chmod 755 "$WORK" # nginx's workers run as another user when this runs as root
NGINX_PID=""
cleanup() {
    if [[ -n $NGINX_PID ]]; then
        kill -TERM "$NGINX_PID" 2>/dev/null || true
        wait "$NGINX_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

if [[ -z $PUBLIC ]]; then
    (cd "$ROOT" && cargo build --release --quiet)
    PUBLIC="$WORK/public"
    "$ROOT/target/release/senda" build --precompress --root "$ROOT" --output "$PUBLIC" >&2
fi
[[ -d $ROOT/tests/browser/node_modules ]] || (cd "$ROOT/tests/browser" && npm ci --no-audit --no-fund >&2)

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$WORK/nginx"
cp "$DEPLOY/security-headers.conf" "$DEPLOY/admin-headers.conf" "$WORK/nginx/"
sed -e "s|listen 80;|listen 127.0.0.1:$PORT;|" \
    -e "s|root /srv/hub/public;|root $PUBLIC;|" \
    -e "s|include security-headers.conf;|include $WORK/nginx/security-headers.conf;|" \
    -e "s|include admin-headers.conf;|include $WORK/nginx/admin-headers.conf;|" \
    "$DEPLOY/senda.conf" >"$WORK/nginx/senda.conf"
cat >"$WORK/nginx/nginx.conf" <<EOF
load_module $BROTLI;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
worker_processes 1;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx/body;
  proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fastcgi;
  uwsgi_temp_path $WORK/nginx/uwsgi;
  scgi_temp_path $WORK/nginx/scgi;
  include $WORK/nginx/senda.conf;
}
EOF
"$NGINX" -p "$WORK/nginx" -e "$WORK/nginx/error.log" -c "$WORK/nginx/nginx.conf" &
NGINX_PID=$!
for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
    sleep 0.1
done

echo "Hub: $PUBLIC, served by nginx ($DEPLOY) on 127.0.0.1:$PORT; $(chromium --version 2>/dev/null)" >&2
node "$ROOT/bench/fcp.mjs" --base "http://127.0.0.1:$PORT/" --runs "${RUNS:-7}"
