#!/bin/sh
# Install the Debian 12 packages portplan needs to build and test.
# Idempotent and quick when everything is there already; run as root.
set -eu
# Build: compilers and libraries. Tests: valgrind, jq and python3 for the
# CLI tests; the real consumers of emitted output (nft, iptables-restore,
# Capirca's aclgen, Samba's registry tools and hivex, headless Chromium);
# iproute2 for the network namespaces the tests create; the servers the
# probe tests run inside them (Samba AD DC, snmpd, chrony, kamailio,
# coturn, prosody) and their clients.
packages="make gcc clang libc6-dev libyaml-dev libjansson-dev libcmocka-dev pkg-config
	valgrind jq python3 iproute2 nftables iptables python3-capirca registry-tools
	libhivex-bin libwin-hivex-perl chromium fonts-ipafont-gothic python3-markdown cmark-gfm
	time libclang-rt-14-dev
	samba samba-dsdb-modules winbind snmpd snmp chrony kamailio coturn prosody sipsak
	netcat-openbsd nmap masscan"
missing=""
for p in $packages; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: missing packages:$missing; run this script as root" >&2
	exit 1
fi
echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
# The servers are for the tests, which start them inside network namespaces:
# installing them must not start them on this machine (chrony would reach
# for the Internet's NTP servers). policy-rc.d tells invoke-rc.d and
# deb-systemd-invoke not to start anything while we install.
guard=""
if [ ! -e /usr/sbin/policy-rc.d ]; then
	printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
	chmod 755 /usr/sbin/policy-rc.d
	guard=/usr/sbin/policy-rc.d
fi
trap 'if [ -n "$guard" ]; then rm -f "$guard"; fi' EXIT
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
