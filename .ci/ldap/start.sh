#!/usr/bin/env bash
# A real OpenLDAP server for Cap's LDAP tier: slapd on 127.0.0.1:${LDAP_TEST_PORT:-3389}
# (a non-privileged port; StartTLS offered) and ldaps:// on ${LDAP_TEST_TLS_PORT:-3636},
# its database in a scratch folder, loaded from cap.ldif. Needs Debian's slapd, ldap-utils
# and openssl; run as root (slapd then keeps root's rights).
#   .ci/ldap/start.sh        # prints the pid; `kill $(cat $LDAP_TEST_DIR/slapd.pid)` stops it
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
port="${LDAP_TEST_PORT:-3389}"
dir="${LDAP_TEST_DIR:-/tmp/cap-ci-slapd}"
if [ -f "$dir/slapd.pid" ] && kill -0 "$(cat "$dir/slapd.pid")" 2>/dev/null; then
  kill "$(cat "$dir/slapd.pid")"; sleep 1
fi
rm -rf "$dir" && mkdir -p "$dir/data"
# TLS (StartTLS on the plain port, ldaps:// on the TLS port): a throw-away authority and a
# certificate for "localhost" only, so that the tests see an untrusted authority and a
# host name that does not match refused (tests/sso/test_ldap.py).
tls_port="${LDAP_TEST_TLS_PORT:-3636}"
# (Python 3.13 checks X.509 strictly: key usages and key identifiers are needed.)
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Cap CI LDAP authority" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -keyout "$dir/ca.key" -out "$dir/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
  -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null
printf '%s\n' "subjectAltName=DNS:localhost" "keyUsage=critical,digitalSignature,keyEncipherment" \
  "extendedKeyUsage=serverAuth" "subjectKeyIdentifier=hash" \
  "authorityKeyIdentifier=keyid,issuer" > "$dir/server.ext"
openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" \
  -CAcreateserial -days 2 -extfile "$dir/server.ext" -out "$dir/server.pem" 2>/dev/null
chmod 600 "$dir/server.key"
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
TLSCACertificateFile $dir/ca.pem
TLSCertificateFile $dir/server.pem
TLSCertificateKeyFile $dir/server.key
access to attrs=userPassword by self read by anonymous auth by * none
access to * by users read by * none
CONF
slapadd -f "$dir/slapd.conf" -l "$here/cap.ldif" -q
slapd -f "$dir/slapd.conf" -h "ldap://127.0.0.1:$port/ ldaps://127.0.0.1:$tls_port/"
for _ in $(seq 30); do
  ldapsearch -x -H "ldap://127.0.0.1:$port/" -D "cn=admin,dc=mairie,dc=test" \
    -w ci-only-root-password -b "dc=mairie,dc=test" -s base dn >/dev/null 2>&1 && break
  sleep 0.5
done
ldapwhoami -x -H "ldap://127.0.0.1:$port/" -D "uid=cdupont,ou=people,dc=mairie,dc=test" \
  -w ldap-claire-2021 >/dev/null
LDAPTLS_REQCERT=never ldapwhoami -x -H "ldaps://127.0.0.1:$tls_port/" \
  -D "uid=cdupont,ou=people,dc=mairie,dc=test" -w ldap-claire-2021 >/dev/null
echo "slapd listening on ldap://127.0.0.1:$port/ and ldaps://localhost:$tls_port/" \
  "(authority $dir/ca.pem; pid $(cat "$dir/slapd.pid"))"
