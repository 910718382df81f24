#!/usr/bin/env bash
# Regenerates the test certificates of src/deploy/cert with the OpenSSL 3 command line (the
# openssl CLI is on every machine of this project; rcgen would add a dev-dependency for the
# same files). The files are checked in; tests never run this. Every run makes new keys, so
# the thumbprints change: thumbprints.txt records what `openssl x509 -fingerprint -sha1`
# says of each certificate, and the tests compare our computed thumbprints with it.
#
# Validity is set explicitly (2025-01-01 to 2045-01-01) through `openssl ca`, so the tests
# do not expire. Private keys are made in a temporary folder and thrown away.
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/new"
: >"$work/index.txt"
echo 1000 >"$work/serial"

cat >"$work/ca.cnf" <<EOF
[ca]
default_ca = ca_default
[ca_default]
database = $work/index.txt
new_certs_dir = $work/new
serial = $work/serial
default_md = sha256
policy = policy_any
unique_subject = no
copy_extensions = none
email_in_dn = no
[policy_any]
countryName = optional
organizationName = optional
commonName = supplied
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[root]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[issuing]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[nps]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:nps.corp.example
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[vpn]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth, 1.3.6.1.5.5.8.2.2
subjectAltName = DNS:vpn.example.com, IP:192.0.2.10
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[vpn_client_auth_only]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = clientAuth
subjectAltName = DNS:vpn.example.com
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[wildcard]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:*.example.com
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
EOF

# make NAME SUBJECT EXTENSIONS [ISSUER] : a key, a request, and the certificate NAME.pem
make() {
    local name=$1 subject=$2 extensions=$3 issuer=${4:-}
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/$name.key" 2>/dev/null
    openssl req -new -config "$work/ca.cnf" -key "$work/$name.key" -subj "$subject" \
        -out "$work/$name.csr"
    local signer
    if [ -z "$issuer" ]; then
        signer=(-selfsign -keyfile "$work/$name.key")
    else
        signer=(-cert "$work/$issuer.pem" -keyfile "$work/$issuer.key")
    fi
    openssl ca -batch -config "$work/ca.cnf" "${signer[@]}" -in "$work/$name.csr" \
        -out "$work/$name.pem" -extensions "$extensions" -preserveDN -notext \
        -startdate 20250101000000Z -enddate 20450101000000Z 2>/dev/null
}

make root-ca "/C=US/O=Example Corp/CN=Example Root CA" root
make issuing-ca "/C=US/O=Example Corp/CN=Example Issuing CA 1" issuing root-ca
make nps-server "/O=Example Corp/CN=nps.corp.example" nps issuing-ca
make vpn-server "/O=Example Corp/CN=vpn.example.com" vpn issuing-ca
make vpn-server-client-auth-only "/O=Example Corp/CN=vpn.example.com" vpn_client_auth_only issuing-ca
make wildcard "/O=Example Corp/CN=*.example.com" wildcard issuing-ca

openssl x509 -in "$work/root-ca.pem" -outform DER -out root-ca.cer
cp "$work/issuing-ca.pem" issuing-ca.crt
cp "$work/nps-server.pem" nps-server.pem
cp "$work/vpn-server.pem" vpn-server.pem
cp "$work/vpn-server-client-auth-only.pem" vpn-server-client-auth-only.pem
cp "$work/wildcard.pem" wildcard.pem
cat "$work/root-ca.pem" "$work/issuing-ca.pem" >ca-bundle.pem
openssl crl2pkcs7 -nocrl -certfile "$work/vpn-server.pem" -certfile "$work/issuing-ca.pem" \
    -certfile "$work/root-ca.pem" -outform DER -out vpn-chain.p7b
openssl crl2pkcs7 -nocrl -certfile "$work/vpn-server.pem" -certfile "$work/issuing-ca.pem" \
    -certfile "$work/root-ca.pem" -out vpn-chain-pem.p7b
# A DER certificate cut short, as a broken download or copy leaves it.
openssl x509 -in "$work/vpn-server.pem" -outform DER | head -c 300 >truncated.cer

# thumbprints.txt: `FILE INDEX SHA1` for every certificate of every file, in file order.
thumbprint() {
    openssl x509 -noout -fingerprint -sha1 "$@" | sed 's/.*=//; s/://g'
}
{
    echo "# file index sha1-thumbprint (openssl x509 -fingerprint -sha1), written by make-certs.sh"
    echo "root-ca.cer 0 $(thumbprint -inform DER -in root-ca.cer)"
    for file in issuing-ca.crt nps-server.pem vpn-server.pem vpn-server-client-auth-only.pem wildcard.pem; do
        echo "$file 0 $(thumbprint -in "$file")"
    done
    for pair in "ca-bundle.pem:$(cat ca-bundle.pem)" \
        "vpn-chain.p7b:$(openssl pkcs7 -inform DER -in vpn-chain.p7b -print_certs)"; do
        file=${pair%%:*}
        printf '%s\n' "${pair#*:}" | awk -v dir="$work" '
            /-----BEGIN CERTIFICATE-----/ { n++; out = dir "/part" n ".pem" }
            out { print > out }
            /-----END CERTIFICATE-----/ { close(out); out = "" }'
        index=0
        for part in $(ls "$work"/part*.pem | sort -V); do
            echo "$file $index $(thumbprint -in "$part")"
            index=$((index + 1))
        done
        rm -f "$work"/part*.pem
    done
} >thumbprints.txt
# The RRAS fixture that names the root certificate by thumbprint follows it.
root=$(sed -n "s/^root-ca.cer 0 //p" thumbprints.txt)
sed -i -E "s/^( +)[0-9A-F]{40}\r?$/\1$root/" ../rras-auth-certificate-only.txt
cat thumbprints.txt
