#!/bin/bash
# samba-dc.sh start NS | stop NS | status NS
#
# A throw-away Samba Active Directory domain controller inside network
# namespace NS, for probing the endpoint mapper (135), LDAP (389), SMB (445)
# and the dynamic RPC ports it hands out, without touching the host.
#
#   start NS   create NS with a veth pair to the root namespace, provision
#              the domain PPTEST.LAN (state in $PP_SAMBA_DIR or a new temp
#              dir), start samba inside NS, wait until 135, 389 and 445
#              answer, and print the DC address. Idempotent: a DC already up
#              in NS is reused; a half-made one is removed and made again.
#   stop NS    stop samba, delete the namespace, the veth pair and the state.
#   status NS  exit 0 and print the address when the DC answers.
#
# Environment:
#   PP_SAMBA_DIR      state directory (must be empty or one this script made)
#   PP_SAMBA_HOST_IP  root-side address (10.251.0.1)
#   PP_SAMBA_DC_IP    DC address inside NS (10.251.0.2)
#   PP_SAMBA_PREFIX   prefix length of both (24)
#   PP_SAMBA_WAIT     seconds to wait for the ports (120)
#
# Needs root and the Debian packages samba, samba-dsdb-modules and winbind
# (no recommends). Only addresses inside NS and the veth pair are used;
# NS has no default route, so the DC cannot reach anything else.
set -u
set -o pipefail

PROG=samba-dc.sh
HOST_IP=${PP_SAMBA_HOST_IP:-10.251.0.1}
DC_IP=${PP_SAMBA_DC_IP:-10.251.0.2}
PREFIX=${PP_SAMBA_PREFIX:-24}
WAIT=${PP_SAMBA_WAIT:-120}
REALM=PPTEST.LAN
DOMAIN=PPTEST
ADMINPASS='PpTest-Adm1n!2024'
MARK=.pp-samba-dc

die() { echo "$PROG: $*" >&2; exit 1; }

[ $# -eq 2 ] || { echo "usage: $PROG start|stop|status NS" >&2; exit 2; }
CMD=$1
NS=$2
case $NS in
*[!A-Za-z0-9_.-]* | '' | .*) die "bad namespace name '$NS'" ;;
esac
[ "$(id -u)" -eq 0 ] || die "must run as root (network namespaces)"

# Interface names are at most 15 characters: derive them from NS.
TAG=$(printf '%s' "$NS" | cksum | awk '{ printf "%08x", $1 }')
VETH_ROOT=ppr$TAG
VETH_NS=ppn$TAG
# Where start records the state directory, for stop.
RECORD=${TMPDIR:-/tmp}/pp-samba-dc-$NS.dir

state_dir() { [ -f "$RECORD" ] && cat "$RECORD"; }

# Answer within 2 s on DC_IP:port (from the root namespace, over the veth).
port_open() {
	timeout 2 bash -c "exec 3<>/dev/tcp/$DC_IP/$1" 2>/dev/null
}

dc_up() {
	ip netns list 2>/dev/null | grep -qw -- "$NS" || return 1
	local d
	d=$(state_dir) || return 1
	[ -n "$d" ] && [ -f "$d/samba.pid" ] || return 1
	kill -0 "$(cat "$d/samba.pid")" 2>/dev/null || return 1
	port_open 135 && port_open 389 && port_open 445
}

do_stop() {
	local d pids i
	d=$(state_dir)
	if ip netns list 2>/dev/null | grep -qw -- "$NS"; then
		# Every process in NS was started by this script: samba and the
		# children it forks (winbindd, smbd, workers).
		pids=$(ip netns pids "$NS" 2>/dev/null)
		[ -n "$pids" ] && kill -TERM $pids 2>/dev/null
		for i in $(seq 1 50); do
			pids=$(ip netns pids "$NS" 2>/dev/null)
			[ -z "$pids" ] && break
			sleep 0.1
		done
		pids=$(ip netns pids "$NS" 2>/dev/null)
		[ -n "$pids" ] && kill -KILL $pids 2>/dev/null
		ip netns del "$NS" 2>/dev/null
	fi
	ip link del "$VETH_ROOT" 2>/dev/null
	if [ -n "$d" ] && [ -f "$d/$MARK" ]; then
		rm -rf -- "$d"
	fi
	rm -f -- "$RECORD"
	return 0
}

do_start() {
	if dc_up; then
		echo "$DC_IP"
		return 0
	fi
	do_stop
	command -v samba >/dev/null && command -v samba-tool >/dev/null ||
		die "samba is not installed (apt-get install samba samba-dsdb-modules winbind)"

	local d
	if [ -n "${PP_SAMBA_DIR:-}" ]; then
		d=$PP_SAMBA_DIR
		mkdir -p -- "$d" || die "cannot create '$d'"
		if [ -n "$(ls -A -- "$d")" ] && [ ! -f "$d/$MARK" ]; then
			die "'$d' is not empty and was not made by $PROG"
		fi
		rm -rf -- "${d:?}"/* "$d"/.pp-samba-dc
	else
		d=$(mktemp -d "${TMPDIR:-/tmp}/pp-samba-dc.XXXXXX") || die "mktemp failed"
	fi
	d=$(cd "$d" && pwd)
	touch "$d/$MARK"
	echo "$d" > "$RECORD"
	# From here on, any failure removes everything made so far.
	trap 'echo "$PROG: start failed, cleaning up (log in the output above)" >&2; do_stop' EXIT

	ip netns add "$NS" || die "cannot create namespace '$NS'"
	ip link add "$VETH_ROOT" type veth peer name "$VETH_NS" || die "cannot create veth pair"
	ip link set "$VETH_NS" netns "$NS" || die "cannot move veth into '$NS'"
	ip addr add "$HOST_IP/$PREFIX" dev "$VETH_ROOT" || die "cannot address $VETH_ROOT"
	ip link set "$VETH_ROOT" up
	ip netns exec "$NS" ip link set lo up
	ip netns exec "$NS" ip addr add "$DC_IP/$PREFIX" dev "$VETH_NS" || die "cannot address $VETH_NS"
	ip netns exec "$NS" ip link set "$VETH_NS" up

	# Every path samba writes to lives under $d, so two DCs (or a host
	# samba) never share a socket, a pid file or a database.
	mkdir -p "$d/etc" "$d/log" "$d/run"  # samba makes the socket dirs, with the modes it checks
	local t0 t1
	: > "$d/etc/smb.conf"  # empty: provision writes a fresh one, ignoring /etc/samba
	t0=$(date +%s.%N)
	if ! ip netns exec "$NS" samba-tool domain provision \
		--configfile="$d/etc/smb.conf" --targetdir="$d" \
		--realm="$REALM" --domain="$DOMAIN" --server-role=dc \
		--dns-backend=SAMBA_INTERNAL --adminpass="$ADMINPASS" \
		--host-name=ppdc1 --host-ip="$DC_IP" \
		--option="interfaces = $DC_IP" --option="bind interfaces only = yes" \
		--option="dns forwarder = " \
		--option="pid directory = $d/run" --option="ncalrpc dir = $d/ncalrpc" \
		--option="winbindd socket directory = $d/winbindd" \
		--option="ntp signd socket directory = $d/ntp_signd" \
		--option="log file = $d/log/log.%m" --option="panic action = " \
		>"$d/provision.log" 2>&1; then
		tail -20 "$d/provision.log" >&2
		die "provisioning failed"
	fi
	t1=$(date +%s.%N)
	echo "$PROG: provisioned $REALM in $(awk "BEGIN { printf \"%.1f\", $t1 - $t0 }") s" >&2

	# -F: stay in the foreground, so $! is samba's pid (ip netns exec execs).
	setsid ip netns exec "$NS" samba -F --no-process-group -s "$d/etc/smb.conf" \
		--debug-stdout >"$d/log/samba.out" 2>&1 </dev/null &
	echo $! > "$d/samba.pid"

	local i
	for i in $(seq 1 "$WAIT"); do
		if ! kill -0 "$(cat "$d/samba.pid")" 2>/dev/null; then
			tail -20 "$d/log/samba.out" >&2
			die "samba exited"
		fi
		if port_open 135 && port_open 389 && port_open 445; then
			t1=$(date +%s.%N)
			echo "$PROG: DC answers on 135, 389 and 445 after $(awk "BEGIN { printf \"%.1f\", $t1 - $t0 }") s" >&2
			trap - EXIT
			echo "$DC_IP"
			return 0
		fi
		sleep 1
	done
	tail -20 "$d/log/samba.out" >&2
	die "ports 135, 389 and 445 did not all answer within $WAIT s"
}

case $CMD in
start) do_start ;;
stop) do_stop ;;
status) dc_up && echo "$DC_IP" ;;
*) echo "usage: $PROG start|stop|status NS" >&2; exit 2 ;;
esac
