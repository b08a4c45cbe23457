-- prosody for the portplan probe tests (tests/probe/servers.sh).
-- XMPP server-to-server on TCP 5269 only (client port off), no TLS.
run_as_root = true
pidfile = "@DIR@/prosody.pid"
data_path = "@DIR@/prosody"
certificates = "@DIR@/prosody"
log = { info = "@DIR@/prosody.log" }
interfaces = { "@ADDR@" }
local_interfaces = { }
s2s_ports = { 5269 }
c2s_ports = { }
c2s_direct_tls_ports = { }
s2s_direct_tls_ports = { }
modules_enabled = { "posix", "disco", "ping", "version", "uptime", "time", "dialback" }
modules_disabled = { "c2s" }
s2s_require_encryption = false
s2s_secure_auth = false
allow_registration = false
authentication = "internal_hashed"
storage = "internal"

VirtualHost "portplan.test"
