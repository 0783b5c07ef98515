#!/bin/sh
# Lifeboat agent installer, agent version @AGENT_VERSION@ (@AGENT_FILE@).
#
# Built by apps/agent's packer. The engine fills in the two placeholders below and appends the
# package, base64-encoded, after the last line (contract: apps/agent/README.md). Run it saved to a
# file, as root for a system install: `LIFEBOAT_REGISTRATION_TOKEN=<token> sh install.sh`.
#
# Options (environment): LIFEBOAT_ENGINE_URL / LIFEBOAT_REGISTRATION_TOKEN override the filled-in
# values; LIFEBOAT_AGENT_HOME (default /opt/lifeboat-agent as root, else $HOME/.lifeboat-agent);
# LIFEBOAT_AGENT_SERVICE = auto | systemd | nohup | none; LIFEBOAT_AGENT_HOST_NAME; LIFEBOAT_NODE.
set -eu

AGENT_VERSION='@AGENT_VERSION@'
AGENT_SHA256='@AGENT_SHA256@'
FILLED_ENGINE_URL='__LIFEBOAT_ENGINE_URL__'
FILLED_REGISTRATION_TOKEN='__LIFEBOAT_REGISTRATION_TOKEN__'

say() { printf 'lifeboat-agent install: %s\n' "$*"; }
warn() { printf 'lifeboat-agent install: WARNING: %s\n' "$*" >&2; }
die() { printf 'lifeboat-agent install: ERROR: %s\n' "$*" >&2; exit 1; }

ENGINE_URL="${LIFEBOAT_ENGINE_URL:-$FILLED_ENGINE_URL}"
REGISTRATION_TOKEN="${LIFEBOAT_REGISTRATION_TOKEN:-$FILLED_REGISTRATION_TOKEN}"
# An unfilled placeholder means "not given" (the patterns avoid spelling the placeholders out).
case "$ENGINE_URL" in __LIFEBOAT_*__ | "") die "no engine URL: set LIFEBOAT_ENGINE_URL=http(s)://<engine>" ;; esac
case "$REGISTRATION_TOKEN" in __LIFEBOAT_*__) REGISTRATION_TOKEN="" ;; esac
case "$ENGINE_URL" in http://* | https://*) ;; *) die "engine URL must start with http:// or https:// (got $ENGINE_URL)" ;; esac
# Values are written single-quoted to agent.env; a quote or newline would break out of them.
for value in "$ENGINE_URL" "$REGISTRATION_TOKEN" "${LIFEBOAT_AGENT_HOST_NAME:-}"; do
  case "$value" in *"'"* | *'
'*) die "engine URL, registration token and host name must not contain quotes or newlines" ;; esac
done

case "$0" in
  sh | -sh | bash | -bash | dash | */sh | */bash | */dash) die "save this script to a file and run it: sh install.sh" ;;
esac
[ -r "$0" ] || die "cannot read the installer itself ($0); save it to a file and run: sh install.sh"

# --- prerequisites ---------------------------------------------------------------------------
NODE_BIN="${LIFEBOAT_NODE:-$(command -v node || true)}"
[ -n "$NODE_BIN" ] || die "Node.js >= 20 is required and node was not found on PATH"
"$NODE_BIN" -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' ||
  die "Node.js >= 20 is required; found $("$NODE_BIN" --version 2>/dev/null || echo unknown) at $NODE_BIN"
command -v restic >/dev/null 2>&1 ||
  warn "restic not found on PATH: the agent will run but report Degraded until restic is installed (e.g. apt-get install restic)"
for tool in tar base64 awk tail; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is required"
done

if [ "$(id -u)" = 0 ]; then DEFAULT_HOME=/opt/lifeboat-agent; else DEFAULT_HOME="$HOME/.lifeboat-agent"; fi
AGENT_HOME="${LIFEBOAT_AGENT_HOME:-$DEFAULT_HOME}"
STATE_DIR="$AGENT_HOME/state"
if [ -z "$REGISTRATION_TOKEN" ] && [ ! -f "$STATE_DIR/state.json" ]; then
  die "no registration token: generate one for a connection in the portal, then run: LIFEBOAT_REGISTRATION_TOKEN=<token> sh $0"
fi

# --- unpack and verify the package -----------------------------------------------------------
umask 077
mkdir -p "$AGENT_HOME/versions" "$STATE_DIR"
WORK="$(mktemp -d "$AGENT_HOME/versions/.install-XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
PAYLOAD_LINE="$(awk '/^__LIFEBOAT_PAYLOAD_BELOW__$/ { print NR + 1; exit }' "$0")"
[ -n "$PAYLOAD_LINE" ] || die "the installer has no package attached"
tail -n +"$PAYLOAD_LINE" "$0" | base64 -d > "$WORK/package.tgz" 2>/dev/null || die "the attached package is not valid base64"
[ -s "$WORK/package.tgz" ] || die "the installer has no package attached (nothing after the payload marker)"
if command -v sha256sum >/dev/null 2>&1; then
  GOT_SHA="$(sha256sum "$WORK/package.tgz" | awk '{ print $1 }')"
elif command -v shasum >/dev/null 2>&1; then
  GOT_SHA="$(shasum -a 256 "$WORK/package.tgz" | awk '{ print $1 }')"
else
  GOT_SHA=""
  warn "neither sha256sum nor shasum found; skipping the package checksum"
fi
[ -z "$GOT_SHA" ] || [ "$GOT_SHA" = "$AGENT_SHA256" ] || die "package checksum mismatch (expected $AGENT_SHA256, got $GOT_SHA)"
mkdir "$WORK/unpacked"
tar -xzf "$WORK/package.tgz" -C "$WORK/unpacked"
REPORTED="$("$NODE_BIN" "$WORK/unpacked/lifeboat-agent.mjs" --version)" || die "the unpacked agent does not start"
[ "$REPORTED" = "$AGENT_VERSION" ] || die "the package reports version $REPORTED, expected $AGENT_VERSION"

# --- stop a running agent (reinstall) --------------------------------------------------------
HAVE_SYSTEMD=no
if [ "$(id -u)" = 0 ] && [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then HAVE_SYSTEMD=yes; fi
if [ "$HAVE_SYSTEMD" = yes ] && systemctl is-active --quiet lifeboat-agent 2>/dev/null; then
  systemctl stop lifeboat-agent
fi
if [ -f "$AGENT_HOME/agent.pid" ] && kill -0 "$(cat "$AGENT_HOME/agent.pid")" 2>/dev/null; then
  kill -TERM "$(cat "$AGENT_HOME/agent.pid")" 2>/dev/null || true
  sleep 2
fi

rm -rf "$AGENT_HOME/versions/$AGENT_VERSION"
mv "$WORK/unpacked" "$AGENT_HOME/versions/$AGENT_VERSION"
ln -sfn "versions/$AGENT_VERSION" "$AGENT_HOME/current"
chmod -R go+rX "$AGENT_HOME/versions/$AGENT_VERSION"

# --- configuration ---------------------------------------------------------------------------
{
  printf "AGENT_ENGINE_URL='%s'\n" "$ENGINE_URL"
  [ -z "$REGISTRATION_TOKEN" ] || printf "AGENT_REGISTRATION_TOKEN='%s'\n" "$REGISTRATION_TOKEN"
  printf "AGENT_STATE_DIR='%s'\n" "$STATE_DIR"
  printf "AGENT_HOME='%s'\n" "$AGENT_HOME"
  printf "AGENT_SUPERVISED='1'\n"
  [ -z "${LIFEBOAT_AGENT_HOST_NAME:-}" ] || printf "AGENT_HOST_NAME='%s'\n" "$LIFEBOAT_AGENT_HOST_NAME"
} > "$AGENT_HOME/agent.env"
chmod 600 "$AGENT_HOME/agent.env"

# Supervisor for hosts without systemd: restarts into `current` after an upgrade (exit 75),
# restarts after a crash, and stops for good on 0 (removed by the engine) or 78 (bad config).
cat > "$AGENT_HOME/run.sh" <<RUN
#!/bin/sh
set -a; . '$AGENT_HOME/agent.env'; set +a
while :; do
  '$NODE_BIN' '$AGENT_HOME/current/lifeboat-agent.mjs' &
  child=\$!
  trap 'kill -TERM "\$child" 2>/dev/null; wait "\$child"; exit 0' TERM INT
  wait "\$child" && rc=0 || rc=\$?
  case "\$rc" in
    75) ;;
    0 | 78) exit "\$rc" ;;
    *) sleep 5 ;;
  esac
done
RUN
chmod 700 "$AGENT_HOME/run.sh"

# --- start -----------------------------------------------------------------------------------
SERVICE="${LIFEBOAT_AGENT_SERVICE:-auto}"
if [ "$SERVICE" = auto ]; then
  if [ "$HAVE_SYSTEMD" = yes ]; then SERVICE=systemd; else SERVICE=nohup; fi
fi
case "$SERVICE" in
  systemd)
    [ "$HAVE_SYSTEMD" = yes ] || die "LIFEBOAT_AGENT_SERVICE=systemd needs root and a running systemd"
    cat > /etc/systemd/system/lifeboat-agent.service <<UNIT
[Unit]
Description=Lifeboat backup agent
Wants=network-online.target
After=network-online.target

[Service]
EnvironmentFile=$AGENT_HOME/agent.env
ExecStart=$NODE_BIN $AGENT_HOME/current/lifeboat-agent.mjs
# 75 = restart into an upgraded version; 0 = removed by the engine; 78 = bad configuration.
Restart=on-failure
RestartSec=5
RestartPreventExitStatus=78

[Install]
WantedBy=multi-user.target
UNIT
    systemctl daemon-reload
    systemctl enable lifeboat-agent >/dev/null 2>&1
    systemctl restart lifeboat-agent
    say "installed agent $AGENT_VERSION in $AGENT_HOME and started the systemd service lifeboat-agent (logs: journalctl -u lifeboat-agent)"
    ;;
  nohup)
    nohup "$AGENT_HOME/run.sh" >> "$AGENT_HOME/agent.log" 2>&1 < /dev/null &
    echo $! > "$AGENT_HOME/agent.pid"
    say "installed agent $AGENT_VERSION in $AGENT_HOME and started it in the background (pid $(cat "$AGENT_HOME/agent.pid"), log $AGENT_HOME/agent.log)"
    ;;
  none)
    say "installed agent $AGENT_VERSION in $AGENT_HOME; start it with: $AGENT_HOME/run.sh"
    ;;
  *) die "LIFEBOAT_AGENT_SERVICE must be auto, systemd, nohup or none (got $SERVICE)" ;;
esac
exit 0
__LIFEBOAT_PAYLOAD_BELOW__
