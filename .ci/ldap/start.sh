#!/usr/bin/env bash
# A real OpenLDAP server for Cap's LDAP tier: slapd on 127.0.0.1:${LDAP_TEST_PORT:-3389}
# (a non-privileged port), its database in a scratch folder, loaded from cap.ldif.
# Needs Debian's slapd and ldap-utils; run as root (slapd then keeps root's rights).
#   .ci/ldap/start.sh        # prints the pid; `kill $(cat $LDAP_TEST_DIR/slapd.pid)` stops it
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
port="${LDAP_TEST_PORT:-3389}"
dir="${LDAP_TEST_DIR:-/tmp/cap-ci-slapd}"
if [ -f "$dir/slapd.pid" ] && kill -0 "$(cat "$dir/slapd.pid")" 2>/dev/null; then
  kill "$(cat "$dir/slapd.pid")"; sleep 1
fi
rm -rf "$dir" && mkdir -p "$dir/data"
cat > "$dir/slapd.conf" <<CONF
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include /etc/ldap/schema/nis.schema
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile $dir/slapd.pid
argsfile $dir/slapd.args
database mdb
maxsize 104857600
suffix "dc=mairie,dc=test"
rootdn "cn=admin,dc=mairie,dc=test"
rootpw ci-only-root-password
directory $dir/data
access to attrs=userPassword by self read by anonymous auth by * none
access to * by users read by * none
CONF
slapadd -f "$dir/slapd.conf" -l "$here/cap.ldif" -q
slapd -f "$dir/slapd.conf" -h "ldap://127.0.0.1:$port/"
for _ in $(seq 30); do
  ldapsearch -x -H "ldap://127.0.0.1:$port/" -D "cn=admin,dc=mairie,dc=test" \
    -w ci-only-root-password -b "dc=mairie,dc=test" -s base dn >/dev/null 2>&1 && break
  sleep 0.5
done
ldapwhoami -x -H "ldap://127.0.0.1:$port/" -D "uid=cdupont,ou=people,dc=mairie,dc=test" \
  -w ldap-claire-2021 >/dev/null
echo "slapd listening on ldap://127.0.0.1:$port/ (pid $(cat "$dir/slapd.pid"))"
