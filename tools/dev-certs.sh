#!/usr/bin/env bash
# Creates a development PKI for running the gateway on localhost (tools/gateway.sample.toml):
# a CA, a server certificate for localhost and 127.0.0.1, and client certificates for the sample
# parties and an admin. For development and demonstrations only: the keys are not protected.
#
#   tools/dev-certs.sh [DIR]      (default build/dev-pki; existing files are kept)
set -euo pipefail
dir=${1:-build/dev-pki}
mkdir -p "$dir"
cd "$dir"
if [ -f ca.pem ] && [ -f server.pem ]; then exit 0; fi

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 825 \
  -subj "/CN=iwmo-gateway development CA" -keyout ca.key -out ca.pem 2>/dev/null

issue() {  # name, common name, extendedKeyUsage, [subjectAltName]
  local name=$1 cn=$2 usage=$3 san=${4:-}
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$cn" \
    -keyout "$name.key" -out "$name.csr" 2>/dev/null
  {
    echo "basicConstraints=CA:FALSE"
    echo "keyUsage=digitalSignature"
    echo "extendedKeyUsage=$usage"
    if [ -n "$san" ]; then echo "subjectAltName=$san"; fi
  } > "$name.ext"
  openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 825 \
    -extfile "$name.ext" -out "$name.pem" 2>/dev/null
  rm -f "$name.csr" "$name.ext"
}

issue server localhost serverAuth "DNS:localhost,IP:127.0.0.1"
issue aanbieder-98000011 "aanbieder 98000011" clientAuth
issue gemeente-0344 "gemeente 0344" clientAuth
issue admin "gateway admin" clientAuth
echo "development PKI in $(pwd)"
