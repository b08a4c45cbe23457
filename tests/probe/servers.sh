#!/usr/bin/env bash
# Real small servers for the portplan probe tests, inside a network namespace.
#
#   tests/probe/servers.sh start NS     create namespace NS, start the servers,
#                                       load the nftables cases, wait until
#                                       every server answers (60 s at most)
#   tests/probe/servers.sh check NS     re-run the readiness checks only
#   tests/probe/servers.sh stop NS      stop everything, remove NS and state
#   tests/probe/servers.sh packages     Debian packages this script needs
#
# Run as root.  "start" prints one line per service, "ok NAME ADDR:PORT/PROTO",
# on stdout; everything else goes to stderr.  On failure it says what failed,
# shows the end of that server's log, stops everything it started and exits 1.
# Both start and stop are idempotent: start on an existing NS first stops it.
#
# Network: a veth pair, root side PP_NS_HOST (default 10.252.0.1/30), namespace
# side PP_NS_PEER (default 10.252.0.2/30).  The namespace has no default route,
# so nothing in it can reach anything but the root side of the pair; every
# check below talks to PP_NS_PEER only.
#
# Inside the namespace, bound to PP_NS_PEER:
#   snmpd      161/udp   community "public" (read-only)
#   chronyd    123/udp   NTP server, local stratum 10 (never touches the
#                        machine clock: -x); monitoring port 323/udp
#   kamailio   5060/udp, 5060/tcp   OPTIONS -> 200 OK, anything else -> 403
#   turnserver 3478/udp, 3478/tcp   STUN binding without credentials; TURN
#                        Allocate gets 401 (long-term user portplan:portplan)
#   prosody    5269/tcp  XMPP server-to-server (no client port, no TLS)
#   listener   9999/tcp  accepts and never says anything
# and nftables rules (conf/servers.nft, loaded in the namespace only):
#   8000/tcp dropped                         -> FILTERED
#   8001/tcp rejected with a TCP reset       -> NOT LISTENING
#   8002/udp rejected, ICMP port unreachable -> NOT LISTENING
#   8003/udp dropped                         -> LISTENING OR FILTERED
#   8004/tcp rejected, ICMP admin prohibited -> FILTERED
# ICMP rate limiting is switched off in the namespace, so the rejects above
# answer every probe, however fast they come.
#
# State (configs, pid files, logs, databases) lives in PP_SERVERS_DIR if set,
# else in a new ${TMPDIR:-/tmp}/portplan-servers.NS.XXXXXX; stop finds and
# removes it (pass the same PP_SERVERS_DIR to stop if you set it).
#
# Environment: PP_NS_HOST, PP_NS_PEER, PP_SERVERS_DIR,
#              PP_SERVERS_TIMEOUT (seconds to wait for the servers, default 60),
#              PP_SERVERS_VERBOSE=1 (say when each check passed)

set -euo pipefail
umask 022

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CONF=$HERE/conf
PROG=servers.sh

HOST_ADDR=${PP_NS_HOST:-10.252.0.1}
PEER_ADDR=${PP_NS_PEER:-10.252.0.2}
PREFIX=30
TIMEOUT=${PP_SERVERS_TIMEOUT:-60}
MARKER=.portplan-servers
LISTENER_PORT=9999

PACKAGES=(iproute2 nftables python3 snmpd snmp chrony kamailio coturn prosody
          sipsak netcat-openbsd)

# Prefer Debian's python3 (a pyenv shim or a venv may be first in PATH).
if [ -x /usr/bin/python3 ]; then PY=/usr/bin/python3; else PY=python3; fi

log() { printf '%s: %s\n' "$PROG" "$*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
    sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

# ---------------------------------------------------------------- addresses

ip2int() {
    local IFS=. a b c d
    read -r a b c d <<<"$1"
    echo $(( (a << 24) | (b << 16) | (c << 8) | d ))
}

valid_ipv4() {
    [[ $1 =~ ^([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})$ ]] || return 1
    local o
    for o in "${BASH_REMATCH[@]:1}"; do [ "$o" -le 255 ] || return 1; done
}

check_addresses() {
    valid_ipv4 "$HOST_ADDR" || die "PP_NS_HOST=$HOST_ADDR is not an IPv4 address"
    valid_ipv4 "$PEER_ADDR" || die "PP_NS_PEER=$PEER_ADDR is not an IPv4 address"
    local h p
    h=$(ip2int "$HOST_ADDR"); p=$(ip2int "$PEER_ADDR")
    # Both must be the two usable addresses of one /30, so that the peer is
    # reached through the veth and never through the machine's default route.
    if (( (h & ~3) != (p & ~3) || h == p || (h & 3) == 0 || (h & 3) == 3 ||
          (p & 3) == 0 || (p & 3) == 3 )); then
        die "PP_NS_HOST=$HOST_ADDR and PP_NS_PEER=$PEER_ADDR must be the two host addresses of one /30"
    fi
}

# ---------------------------------------------------------------- names

check_ns_name() {
    [[ $1 =~ ^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$ ]] ||
        die "bad namespace name '$1' (letters, digits, _ . - ; 64 at most)"
}

# veth names (15 characters at most) derived from the namespace name.
veth_names() {
    local sum
    sum=$(printf '%s' "$1" | cksum | awk '{ printf "%08x", $1 }')
    VETH_HOST=pps${sum}h
    VETH_PEER=pps${sum}n
}

ns_exists() { ip netns list 2>/dev/null | awk '{ print $1 }' | grep -qxF -- "$1"; }

# ---------------------------------------------------------------- state dir

# Every state dir this script may have made for NS.
state_dirs() {
    local ns=$1 d
    if [ -n "${PP_SERVERS_DIR:-}" ]; then
        [ -f "$PP_SERVERS_DIR/$MARKER" ] && printf '%s\n' "$PP_SERVERS_DIR"
    fi
    for d in "${TMPDIR:-/tmp}/portplan-servers.$ns".*; do
        if [ ! -d "$d" ] || [ -L "$d" ] || [ ! -f "$d/$MARKER" ]; then continue; fi
        [ "$(cat "$d/$MARKER")" = "$ns" ] && printf '%s\n' "$d"
    done
    return 0
}

make_state_dir() {
    local ns=$1
    if [ -n "${PP_SERVERS_DIR:-}" ]; then
        DIR=$PP_SERVERS_DIR
        mkdir -p "$DIR"
        if [ -n "$(ls -A "$DIR")" ]; then
            die "PP_SERVERS_DIR=$DIR is not empty (it would be removed by stop)"
        fi
        chmod 700 "$DIR"
    else
        DIR=$(mktemp -d "${TMPDIR:-/tmp}/portplan-servers.$ns.XXXXXX")
    fi
    DIR=$(cd "$DIR" && pwd -P)
    printf '%s\n' "$ns" >"$DIR/$MARKER"
}

# ---------------------------------------------------------------- processes

# True if PID is alive and its command line mentions the state dir DIR (every
# server is started with a path into DIR), so a recycled pid is never killed.
is_ours() {
    local pid=$1 dir=$2 cmd
    [[ $pid =~ ^[0-9]+$ ]] && [ "$pid" -gt 1 ] || return 1
    [ -r "/proc/$pid/cmdline" ] || return 1
    cmd=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") || return 1
    [[ $cmd == *"$dir/"* ]]
}

# True if PID is a live process (not a zombie).
running() {
    [[ $1 =~ ^[0-9]+$ ]] && [ -d "/proc/$1" ] &&
        ! grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null
}

# Pids to stop for NS: the pid files in its state dirs (checked with is_ours)
# and every process inside the namespace (all of them are ours: we made it).
collect_pids() {
    local ns=$1 d f pid
    while IFS= read -r d; do
        [ -n "$d" ] || continue
        for f in "$d"/*.pid; do
            [ -f "$f" ] || continue
            pid=$(head -n1 "$f" 2>/dev/null | tr -dc 0-9)
            is_ours "$pid" "$d" && echo "$pid"
        done
    done < <(state_dirs "$ns")
    if ns_exists "$ns"; then
        ip netns pids "$ns" 2>/dev/null || true
    fi
}

stop_processes() {
    local ns=$1 pids i p alive
    pids=$(collect_pids "$ns" | sort -un | tr '\n' ' ')
    [ -n "${pids// /}" ] || return 0
    # shellcheck disable=SC2086
    kill -TERM $pids 2>/dev/null || true
    for i in $(seq 1 50); do               # 5 s for a clean exit
        alive=
        for p in $pids; do
            # a zombie has exited already (init reaps it in its own time)
            if running "$p"; then alive="$alive $p"; fi
        done
        [ -n "$alive" ] || break
        sleep 0.1
    done
    if [ -n "$alive" ]; then
        log "killing what did not stop:$alive"
        # shellcheck disable=SC2086
        kill -KILL $alive 2>/dev/null || true
        sleep 0.2
    fi
    # a server may have forked while we waited
    pids=$(collect_pids "$ns" | sort -un | tr '\n' ' ')
    if [ -n "${pids// /}" ]; then
        # shellcheck disable=SC2086
        kill -KILL $pids 2>/dev/null || true
        sleep 0.2
    fi
}

do_stop() {
    local ns=$1 d i
    veth_names "$ns"
    stop_processes "$ns"
    if ns_exists "$ns"; then
        ip netns delete "$ns" 2>/dev/null || log "could not delete namespace $ns"
    fi
    # The veth pair goes with the namespace, a little later; make sure.
    for i in $(seq 1 20); do
        ip link show "$VETH_HOST" >/dev/null 2>&1 || break
        [ "$i" -lt 10 ] || ip link delete "$VETH_HOST" 2>/dev/null || true
        sleep 0.1
    done
    if ip link show "$VETH_HOST" >/dev/null 2>&1; then
        log "could not remove $VETH_HOST"
    fi
    while IFS= read -r d; do
        [ -n "$d" ] && rm -rf -- "$d"
    done < <(state_dirs "$ns")
    if ns_exists "$ns" || ip link show "$VETH_HOST" >/dev/null 2>&1; then
        return 1
    fi
    return 0
}

# Start one server in the namespace, in the foreground (no daemon forking),
# detached from our session; output to DIR/NAME.log.  Its pid goes to
# DIR/NAME.launch.pid (most servers also write their own pid file).
launch() {
    local name=$1; shift
    setsid ip netns exec "$NS" "$@" </dev/null >>"$DIR/$name.log" 2>&1 &
    echo $! >"$DIR/$name.launch.pid"
}

# ---------------------------------------------------------------- checks

# The checks that need no Debian client: NTP, STUN, XMPP and the silent TCP
# listener.  Each makes one short exchange with ADDR and exits 0 on success.
pycheck() {
    "$PY" - "$@" <<'PYEOF'
import os, socket, struct, sys

kind, addr = sys.argv[1], sys.argv[2]
port = int(sys.argv[3])

def udp(payload):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(1.0)
    s.connect((addr, port))
    s.send(payload)
    return s.recv(4096)

if kind == "ntp":
    # NTPv4 client request; the answer must be a synchronised server reply
    # echoing our transmit time stamp.
    req = bytearray(48)
    req[0] = (4 << 3) | 3
    req[40:48] = os.urandom(8)
    r = udp(bytes(req))
    li, mode, stratum = r[0] >> 6, r[0] & 7, r[1]
    ok = len(r) >= 48 and mode == 4 and li != 3 and 0 < stratum < 16 \
        and r[24:32] == req[40:48]
    sys.exit(0 if ok else 1)

if kind == "stun":
    # RFC 5389 Binding request; expect a Binding success response.
    tid = os.urandom(12)
    r = udp(struct.pack("!HHI", 0x0001, 0, 0x2112A442) + tid)
    ok = len(r) >= 20 and struct.unpack("!H", r[:2])[0] == 0x0101 \
        and r[8:20] == tid
    sys.exit(0 if ok else 1)

if kind == "xmpp":
    # Open a server-to-server stream and wait for the stream features.
    s = socket.create_connection((addr, port), timeout=1.0)
    s.settimeout(1.0)
    s.sendall(b"<?xml version='1.0'?><stream:stream xmlns='jabber:server' "
              b"xmlns:stream='http://etherx.jabber.org/streams' "
              b"xmlns:db='jabber:server:dialback' to='portplan.test' "
              b"from='probe.portplan.test' version='1.0'>")
    data = b""
    while b"</stream:features>" not in data and b"<stream:features/>" not in data:
        chunk = s.recv(4096)
        if not chunk:
            break
        data += chunk
    s.sendall(b"</stream:stream>")
    sys.exit(0 if b"<stream:features" in data else 1)

if kind == "silent":
    # Connects, and the server says nothing for 0.3 s.
    s = socket.create_connection((addr, port), timeout=1.0)
    s.settimeout(0.3)
    try:
        data = s.recv(1)
    except socket.timeout:
        sys.exit(0)
    sys.exit(1)

if kind == "rules":
    # The nftables cases that answer at once (the two DROP cases would cost a
    # timeout each, so they are left to the tests).
    import errno
    def tcp_err(p):
        s = socket.socket()
        s.settimeout(1.0)
        try:
            s.connect((addr, p))
            return 0
        except socket.timeout:
            return -1
        except OSError as e:
            return e.errno
    def udp_err(p):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.settimeout(1.0)
        s.connect((addr, p))
        try:
            s.send(b"portplan-probe\n")
            s.recv(64)
            return 0
        except socket.timeout:
            return -1
        except OSError as e:
            return e.errno
    ok = tcp_err(8001) == errno.ECONNREFUSED \
        and udp_err(8002) == errno.ECONNREFUSED \
        and tcp_err(8004) == errno.EHOSTUNREACH
    sys.exit(0 if ok else 1)

sys.exit(2)
PYEOF
}

# check_one CHECK: run one readiness check (quietly, 2 s at most).
check_one() {
    case $1 in
    snmpd)
        SNMP_PERSISTENT_DIR=$DIR/snmp-client \
            timeout 3 snmpget -v2c -c public -t 0.5 -r 0 -Oqv "$PEER_ADDR" \
            1.3.6.1.2.1.1.5.0 2>/dev/null | grep -q portplan ;;
    chronyd)    pycheck ntp "$PEER_ADDR" 123 ;;
    kamailio-udp)
        timeout 3 sipsak -s "sip:probe@$PEER_ADDR:5060" -H "$HOST_ADDR" ;;
    kamailio-tcp)
        timeout 3 sipsak -E tcp -s "sip:probe@$PEER_ADDR:5060" -H "$HOST_ADDR" ;;
    turnserver) pycheck stun "$PEER_ADDR" 3478 ;;
    prosody)    pycheck xmpp "$PEER_ADDR" 5269 ;;
    listener)
        timeout 3 nc -z -w 1 "$PEER_ADDR" "$LISTENER_PORT" &&
            pycheck silent "$PEER_ADDR" "$LISTENER_PORT" ;;
    nftables)   pycheck rules "$PEER_ADDR" 0 ;;
    *) return 2 ;;
    esac
} >/dev/null 2>&1

# check name -> the process it needs, and the line printed when it passes.
check_service() {
    case $1 in
    kamailio-*) echo kamailio ;;
    nftables) echo "" ;;
    *) echo "$1" ;;
    esac
}
check_label() {
    case $1 in
    snmpd)        echo "snmpd $PEER_ADDR:161/udp" ;;
    chronyd)      echo "chronyd $PEER_ADDR:123/udp" ;;
    kamailio-udp) echo "kamailio $PEER_ADDR:5060/udp" ;;
    kamailio-tcp) echo "kamailio $PEER_ADDR:5060/tcp" ;;
    turnserver)   echo "turnserver $PEER_ADDR:3478/udp" ;;
    prosody)      echo "prosody $PEER_ADDR:5269/tcp" ;;
    listener)     echo "listener $PEER_ADDR:$LISTENER_PORT/tcp" ;;
    nftables)     echo "nftables $PEER_ADDR:8000-8004/tcp+udp" ;;
    esac
}

CHECKS=(snmpd chronyd kamailio-udp kamailio-tcp turnserver prosody listener nftables)

show_log() {
    local f=$DIR/$1.log
    [ -f "$f" ] || return 0
    log "last lines of $f:"
    tail -n 15 "$f" | sed 's/^/    /' >&2
}

# Wait until every check passes, TIMEOUT seconds at most from START_NS.
wait_ready() {
    local pending=("${CHECKS[@]}") left c svc pid now
    while [ ${#pending[@]} -gt 0 ]; do
        left=()
        for c in "${pending[@]}"; do
            if check_one "$c"; then
                echo "ok $(check_label "$c")"
                [ -z "${PP_SERVERS_VERBOSE:-}" ] ||
                    log "$c ready after $(( ($(date +%s%N) - START_NS) / 1000000 )) ms"
                continue
            fi
            svc=$(check_service "$c")
            if [ -n "$svc" ]; then
                pid=$(cat "$DIR/$svc.launch.pid" 2>/dev/null || true)
                if ! running "$pid"; then
                    show_log "$svc"
                    die "$svc exited during start-up (check $(check_label "$c"))"
                fi
            fi
            left+=("$c")
        done
        pending=("${left[@]+"${left[@]}"}")
        [ ${#pending[@]} -gt 0 ] || break
        now=$(date +%s%N)
        if (( (now - START_NS) / 1000000000 >= TIMEOUT )); then
            for c in "${pending[@]}"; do
                svc=$(check_service "$c")
                log "no answer: $(check_label "$c")"
                [ -z "$svc" ] || show_log "$svc"
            done
            die "servers not ready after ${TIMEOUT}s"
        fi
        sleep 0.2
    done
}

# ---------------------------------------------------------------- start

# The silent TCP listener: accepts, reads and discards, never writes; closes
# a connection when the client does, or after 5 minutes.
write_listener() {
    cat >"$DIR/listener.py" <<'PYEOF'
import os, selectors, signal, socket, sys, time

addr, port, pidfile = sys.argv[1], int(sys.argv[2]), sys.argv[3]
signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind((addr, port))
srv.listen(128)
srv.setblocking(False)
with open(pidfile, "w") as f:
    f.write("%d\n" % os.getpid())
sel = selectors.DefaultSelector()
sel.register(srv, selectors.EVENT_READ)
conns = {}
while True:
    for key, _ in sel.select(timeout=1.0):
        if key.fileobj is srv:
            try:
                c, _ = srv.accept()
            except OSError:
                continue
            c.setblocking(False)
            sel.register(c, selectors.EVENT_READ)
            conns[c] = time.monotonic()
            continue
        c = key.fileobj
        try:
            data = c.recv(65536)
        except OSError:
            data = b""
        if not data:
            sel.unregister(c)
            conns.pop(c, None)
            c.close()
    now = time.monotonic()
    for c, t in list(conns.items()):
        if now - t > 300 or len(conns) > 512:
            sel.unregister(c)
            conns.pop(c, None)
            c.close()
PYEOF
}

render_conf() {
    local f
    for f in snmpd.conf chrony.conf kamailio.cfg turnserver.conf \
             prosody.cfg.lua servers.nft; do
        [ -f "$CONF/$f" ] || die "missing $CONF/$f"
        sed -e "s|@ADDR@|$PEER_ADDR|g" -e "s|@DIR@|$DIR|g" "$CONF/$f" >"$DIR/$f"
    done
}

need_tools() {
    local t missing=
    for t in ip nft setsid timeout snmpd snmpget chronyd kamailio turnserver \
             prosody sipsak nc; do
        command -v "$t" >/dev/null 2>&1 || missing="$missing $t"
    done
    "$PY" -c 'import selectors' >/dev/null 2>&1 || missing="$missing python3"
    [ -z "$missing" ] || die "missing:$missing (install: $0 packages)"
}

on_start_exit() {
    local rc=$?
    trap - EXIT INT TERM HUP
    if [ "$rc" -ne 0 ]; then
        log "start failed; stopping everything it started"
        do_stop "$NS" || true
    fi
    exit "$rc"
}

do_start() {
    NS=$1
    START_NS=$(date +%s%N)
    need_tools
    veth_names "$NS"

    if ns_exists "$NS" || [ -n "$(state_dirs "$NS")" ] ||
       ip link show "$VETH_HOST" >/dev/null 2>&1; then
        log "namespace $NS is there already: stopping it first"
        do_stop "$NS" || die "could not clean up the previous $NS"
    fi
    if ip -4 -o addr show | awk '{ print $4 }' | grep -qxF "$HOST_ADDR/$PREFIX" ||
       ip -4 -o addr show | awk '{ print $4 }' | cut -d/ -f1 | grep -qxF "$HOST_ADDR"; then
        die "$HOST_ADDR is already on an interface of this machine (another namespace? set PP_NS_HOST and PP_NS_PEER)"
    fi

    trap on_start_exit EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    trap 'exit 129' HUP

    make_state_dir "$NS"
    mkdir -p "$DIR/snmp" "$DIR/snmp-client" "$DIR/prosody" "$DIR/kamailio-run"
    render_conf
    write_listener

    # --- namespace and veth pair
    ip netns add "$NS"
    # no IPv6 on the pair: no router solicitations, no DAD, IPv4 only
    ip netns exec "$NS" sh -c "echo 1 >/proc/sys/net/ipv6/conf/all/disable_ipv6; \
        echo 1 >/proc/sys/net/ipv6/conf/default/disable_ipv6" 2>/dev/null || true
    ip link add "$VETH_HOST" type veth peer name "$VETH_PEER"
    echo 1 >"/proc/sys/net/ipv6/conf/$VETH_HOST/disable_ipv6" 2>/dev/null || true
    ip link set "$VETH_PEER" netns "$NS"
    ip addr add "$HOST_ADDR/$PREFIX" dev "$VETH_HOST"
    ip link set "$VETH_HOST" up
    ip -n "$NS" link set lo up
    ip -n "$NS" addr add "$PEER_ADDR/$PREFIX" dev "$VETH_PEER"
    ip -n "$NS" link set "$VETH_PEER" up
    # The rejects must answer every probe: no ICMP rate limit in NS.
    ip netns exec "$NS" sh -c 'echo 0 >/proc/sys/net/ipv4/icmp_ratelimit &&
        echo 100000 >/proc/sys/net/ipv4/icmp_msgs_per_sec &&
        echo 10000 >/proc/sys/net/ipv4/icmp_msgs_burst' ||
        die "could not switch off ICMP rate limiting in $NS"
    local via
    via=$(ip -4 route get "$PEER_ADDR" 2>/dev/null || true)
    [[ $via == *" dev $VETH_HOST "* ]] ||
        die "$PEER_ADDR is not routed through $VETH_HOST: $via"

    # --- firewall cases, inside NS only
    ip netns exec "$NS" nft -f "$DIR/servers.nft" ||
        die "could not load $DIR/servers.nft in $NS"

    # --- servers (all in the foreground; they run as root inside NS)
    launch snmpd env SNMP_PERSISTENT_DIR="$DIR/snmp" MIBS= \
        snmpd -f -C -c "$DIR/snmpd.conf" -Lo -p "$DIR/snmpd.pid" \
        -I -smux,mteTrigger,mteTriggerConf
    launch chronyd chronyd -4 -d -x -u root -f "$DIR/chrony.conf"
    launch kamailio kamailio -f "$DIR/kamailio.cfg" -P "$DIR/kamailio.pid" \
        -Y "$DIR/kamailio-run" -DD -E -m 32 -M 4
    launch turnserver turnserver -c "$DIR/turnserver.conf"
    launch prosody prosody -F --config "$DIR/prosody.cfg.lua"
    launch listener "$PY" "$DIR/listener.py" "$PEER_ADDR" "$LISTENER_PORT" \
        "$DIR/listener.pid"

    wait_ready

    trap - EXIT INT TERM HUP
    local ms=$(( ($(date +%s%N) - START_NS) / 1000000 ))
    log "namespace $NS ready in $((ms / 1000)).$(printf '%03d' $((ms % 1000)))s; state and logs in $DIR"
}

do_check() {
    NS=$1
    ns_exists "$NS" || die "no namespace $NS"
    DIR=$(state_dirs "$NS" | head -n1)
    [ -n "$DIR" ] || die "no state dir for $NS"
    START_NS=$(date +%s%N)
    TIMEOUT=${PP_SERVERS_TIMEOUT:-5}
    wait_ready
}

# ---------------------------------------------------------------- main

cmd=${1:-}
case $cmd in
packages)
    printf '%s\n' "${PACKAGES[@]}"
    ;;
start|stop|check)
    [ $# -eq 2 ] || usage
    [ "$(id -u)" -eq 0 ] || die "$cmd needs root"
    export PATH=$PATH:/usr/sbin:/sbin
    check_ns_name "$2"
    case $cmd in
    start) check_addresses; do_start "$2" ;;
    check) check_addresses; do_check "$2" ;;
    stop)
        do_stop "$2" || die "could not remove everything for $2"
        ;;
    esac
    ;;
*)
    usage
    ;;
esac
