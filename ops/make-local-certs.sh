#!/usr/bin/env bash
# Local certificates and keys for a compose deployment that is not on the public internet (a
# test or a council's intranet). In production, supply your own files under the same names.
#   ops/make-local-certs.sh HOST [DIR]     HOST: the name integrators and browsers use
# Writes into DIR (default deploy/secrets, never committed):
#   ca.pem                  the local CA: give it to integrators (KAFKA_SSL_CAFILE) and browsers
#   kafka-keystore.pem      Kafka's external listener: encrypted PKCS#8 key (PBE-SHA1-3DES: Java
#                           reads no PBES2) + certificate chain
#   kafka-key-password      its password (KAFKA_SSL_KEY_PASSWORD in .env beside the compose file)
#   site.pem, site-key.pem  the proxy's certificate for HOST (CADDY_TLS="/secrets/site.pem /secrets/site-key.pem")
#   mongo-keyfile           the replica set's shared key
# Existing files are kept; delete one to make it again.
set -euo pipefail

HOST="${1:?usage: ops/make-local-certs.sh HOST [DIR]}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${2:-$ROOT/deploy/secrets}"
DAYS="${CERT_DAYS:-825}"
mkdir -p "$DIR" && chmod 700 "$DIR" && cd "$DIR"
umask 077

if [ ! -f ca.pem ]; then
  openssl req -x509 -newkey rsa:3072 -nodes -keyout ca-key.pem -out ca.pem -days 3650 \
    -subj "/O=Dekranasda local/CN=Dekranasda local CA" \
    -addext "basicConstraints=critical,CA:true" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
fi

issue() {  # name, subject alternative names
  local name=$1 san=$2
  openssl req -newkey rsa:2048 -nodes -keyout "$name-key.pem" -out "$name.csr" \
    -subj "/O=Dekranasda/CN=$HOST" 2>/dev/null
  printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n' \
    "$san" > "$name.ext"
  openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca-key.pem -CAcreateserial \
    -out "$name.pem" -days "$DAYS" -extfile "$name.ext" 2>/dev/null
  rm -f "$name.csr" "$name.ext"
}

if [ ! -f site.pem ]; then issue site "DNS:$HOST"; fi
if [ ! -f kafka-keystore.pem ]; then
  issue kafka "DNS:$HOST,DNS:kafka,DNS:localhost,IP:127.0.0.1"
  [ -f kafka-key-password ] || openssl rand -hex 24 > kafka-key-password
  openssl pkcs8 -topk8 -v1 PBE-SHA1-3DES -in kafka-key.pem -passout "file:kafka-key-password" \
    -out kafka-key.enc.pem
  cat kafka-key.enc.pem kafka.pem ca.pem > kafka-keystore.pem
  rm -f kafka-key.pem kafka-key.enc.pem kafka.pem
fi
[ -f mongo-keyfile ] || openssl rand -base64 756 > mongo-keyfile
chmod 644 ca.pem site.pem kafka-keystore.pem kafka-key-password mongo-keyfile site-key.pem
echo "certificates and keys for $HOST in $DIR (give integrators ca.pem)"
