#!/usr/bin/env bash
# Deployment throughput:  bash bench/deploy.sh [COUNT=1000] [POLICIES=200] [CERTS=50]
#
# The same COUNT generated profiles linted three ways, in interleaved rounds
# (bench/interleave.py), on the same machine in one run:
#   alone        profile-lint --format json DIR               (the profiles alone)
#   with-flags   ... --server nps.xml --cert ... (x CERTS)     (server files for every profile)
#   folder       profile-lint --format json FOLDER            (profiles beside the server files:
#                                                               also gathered as one device set)
# The NPS export is synthetic (POLICIES network policies, each a group-conditioned PEAP policy;
# the last a VPN one); the certificates are copies of testdata/deploy/certs. Prints the medians
# and the ratios to `alone` (the issue's target: the same order of time).
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-1000}"
policies="${2:-200}"
certs="${3:-50}"
out=bench/out/deploy
mkdir -p "$out"
cargo build --release --quiet --bin profile-lint --example gen_corpus
bin="${CARGO_TARGET_DIR:-target}/release"
lint="$bin/profile-lint"

profiles="$out/profiles-$count"
if [ "$(find "$profiles" -name '*.xml' 2>/dev/null | wc -l)" != "$count" ]; then
  rm -rf "$profiles"
  "$bin/examples/gen_corpus" "$profiles" "$count" 1 >&2
fi

python3 - "$out/nps.xml" "$policies" <<'PY'
import sys
path, n = sys.argv[1], int(sys.argv[2])
peap = "19000000000000000000000000000000380000000200000038000000010000001400000011223344556677889900aabbccddeeff001122330100000001000000100000000d00000000000000"
def settings(i):
    return f"""<P{i} name="Policy {i}"><Properties>
<msNPAllowDialin dt:dt="boolean">1</msNPAllowDialin>
<msNPAuthenticationType2 dt:dt="int">5</msNPAuthenticationType2>
<msNPAllowedEapType dt:dt="bin.hex">19000000000000000000000000000000</msNPAllowedEapType>
<msEAPConfiguration dt:dt="bin.hex">{peap}</msEAPConfiguration>
</Properties></P{i}>"""
def policy(i):
    return f"""<P{i} name="Policy {i}"><Properties>
<Policy_Enabled dt:dt="boolean">1</Policy_Enabled>
<msNPSequence dt:dt="int">{i + 1}</msNPSequence>
<msNPConstraint dt:dt="string">NTGROUPS("S-1-5-21-1000-2000-3000-{5000 + i}")</msNPConstraint>
<msNPConstraint dt:dt="string">MATCH("NAS-Port-Type=^5$")</msNPConstraint>
</Properties></P{i}>"""
with open(path, "w") as f:
    f.write('<?xml version="1.0"?>\n<Root xmlns:dt="urn:schemas-microsoft-com:datatypes"><Children>'
            '<Microsoft_Internet_Authentication_Service name="Microsoft_Internet_Authentication_Service"><Children>')
    f.write('<RadiusProfiles name="RadiusProfiles"><Children>' + "".join(settings(i) for i in range(n)) + '</Children></RadiusProfiles>')
    f.write('<NetworkPolicy name="NetworkPolicy"><Children>' + "".join(policy(i) for i in range(n)) + '</Children></NetworkPolicy>')
    f.write('</Children></Microsoft_Internet_Authentication_Service></Children></Root>\n')
PY

rm -rf "$out/certs" && mkdir -p "$out/certs"
sources=(testdata/deploy/certs/*.pem testdata/deploy/certs/root-ca.cer testdata/deploy/certs/*.crt)
for i in $(seq 1 "$certs"); do
  src="${sources[$(( (i - 1) % ${#sources[@]} ))]}"
  cp "$src" "$out/certs/cert-$i.${src##*.}"
done
cert_flags=""
for f in "$out"/certs/*; do cert_flags="$cert_flags --cert $f"; done

folder="$out/folder-$count"
rm -rf "$folder" && mkdir -p "$folder"
cp -al "$profiles"/. "$folder/"
cp "$out/nps.xml" "$folder/" && cp -r "$out/certs" "$folder/certs"

python3 bench/interleave.py "$out/deploy.json" "${RUNS:-10}" \
  alone="$lint --format json $profiles" \
  with-flags="$lint --format json --server $out/nps.xml $cert_flags $profiles" \
  folder="$lint --format json $folder"

python3 - "$out/deploy.json" "$count" "$policies" "$certs" <<'PY'
import json, sys
t = {r["command"]: r["median"] for r in json.load(open(sys.argv[1]))["results"]}
count, policies, certs = sys.argv[2:5]
print(f"{count} profiles, an NPS export of {policies} policies, {certs} certificates (medians of the rounds):")
for name in ("alone", "with-flags", "folder"):
    print(f"  {name:<11} {t[name]:7.3f} s   x{t[name] / t['alone']:.2f} of alone")
PY
