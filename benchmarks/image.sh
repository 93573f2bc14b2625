#!/usr/bin/env bash
# The model server's container image: size as pushed (per layer, and what takes the space), build+push
# time to a local registry (cold: nothing cached; then the same build again), the bytes a code-only
# change pushes as a share of the first push, and container start to GET /health 200 with the bundled
# model downloaded from S3 (moto): the figure that sets the ECS service's health-check grace period.
# Usage: benchmarks/image.sh [runs]   (default 5 container starts; the median is printed)
# Needs podman + runc, docker-registry, the test virtualenv's moto_server (.venv-test, made by the tests)
# and the Debian JRE base the tests cache (~/.cache/labconsole-test/base-image/bookworm-jre17.tar; run
# ./mvnw -B -pl app -am test -Dtest=ServerImageTest once). The base stands in for eclipse-temurin:17-jre,
# which would come from a hub: its layer is reported apart.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"

base_tar="$HOME/.cache/labconsole-test/base-image/bookworm-jre17.tar"
for tool in podman docker-registry curl python3; do
  command -v "$tool" >/dev/null || { echo "image.sh: $tool is missing (apt-get install podman runc docker-registry curl)" >&2; exit 2; }
done
[ -x .venv-test/bin/moto_server ] || { echo "image.sh: .venv-test/bin/moto_server is missing: run the tests once (./mvnw -B verify)" >&2; exit 2; }
[ -f "$base_tar" ] || { echo "image.sh: $base_tar is missing: run ./mvnw -B -pl app -am test -Dtest=ServerImageTest once" >&2; exit 2; }

./mvnw -B -o -q -DskipTests package -pl app -am
version="$(sed -n 's/^version=//p' app/target/classes/labconsole-version.properties)"
cp="app/target/app-$version.jar:app/target/lib/*"

work="$(mktemp -d)"
registry_pid=""; moto_pid=""
cleanup() {
  [ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null || true
  [ -n "$moto_pid" ] && kill "$moto_pid" 2>/dev/null || true
  podman_ rm -f labconsole-image-bench >/dev/null 2>&1 || true
  [ -n "${image:-}" ] && podman_ rmi -f "$image" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
printf '[containers]\ndefault_ulimits = []\n' > "$work/containers.conf"
export CONTAINERS_CONF="$work/containers.conf"
podman_() { podman --runtime runc --cgroup-manager=cgroupfs "$@"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }

# A real registry on loopback, and the base image in it.
port="$(free_port)"
cat > "$work/registry.yml" <<EOF
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $work/registry}}
http: {addr: 127.0.0.1:$port}
EOF
docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
registry_pid=$!
until curl -sf "http://127.0.0.1:$port/v2/" >/dev/null; do sleep 0.2; done
registry="127.0.0.1:$port"
podman_ image exists localhost/labconsole-test-base:bookworm-jre17 \
  || podman_ import --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' "$base_tar" \
       localhost/labconsole-test-base:bookworm-jre17 >/dev/null
podman_ push -q --tls-verify=false localhost/labconsole-test-base:bookworm-jre17 "$registry/base:jre17" >/dev/null
base="$registry/base:jre17"

# push LABEL HOME CLASSPATH TAG: one `image push`, its seconds on stdout, its JSON result in $work/LABEL.json.
push() {
  local start end
  start="$(now)"
  java -cp "$3" dev.labconsole.Launcher image push --base "$base" --to "$registry/server:$4" --home "$2" --json \
    >"$work/$1.json" 2>"$work/$1.err" || { cat "$work/$1.err" >&2; exit 1; }
  end="$(now)"
  python3 -c "print(f'{$end - $start:.1f}')"
}
home="$work/home"
cold_s="$(push cold "$home" "$cp" 1)"
again_s="$(push again "$home" "$cp" 1)"

# A code-only change: the runtime's jar with one more entry, first on the class path.
mkdir -p "$work/changed"
cp "app/target/lib/inference-runtime-$version.jar" "$work/changed/"
python3 - "$work/changed/inference-runtime-$version.jar" <<'EOF'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "a") as jar:
    jar.writestr("dev/labconsole/runtime/changed.txt", "a code-only change\n")
EOF
code_s="$(push code "$home" "app/target/app-$version.jar:$work/changed/inference-runtime-$version.jar:app/target/lib/*" 2)"

python3 - "$work" "$cold_s" "$again_s" "$code_s" <<'EOF'
import json, sys
work, cold_s, again_s, code_s = sys.argv[1:]
cold, again, code = (json.load(open(f"{work}/{n}.json")) for n in ("cold", "again", "code"))
mb = lambda b: b / 1e6
print("Image layers, compressed as pushed:")
ours = 0
for layer in cold["layers"]:
    print(f"  {layer['name']:<26} {mb(layer['compressedBytes']):8.1f} MB  {layer['digest'][:19]}")
    if layer["name"] != "base":
        ours += layer["compressedBytes"]
base = sum(l["compressedBytes"] for l in cold["layers"] if l["name"] == "base")
print(f"  this project's layers: {mb(ours):.1f} MB; with this base ({mb(base):.1f} MB): {mb(ours + base):.1f} MB")
print()
print(f"Build + push to a local registry:")
print(f"  first push, nothing cached:        {cold_s} s, {mb(cold['bytesUploaded']):.1f} MB uploaded (base layers mounted, not sent)")
print(f"  same build again:                  {again_s} s, {mb(again['bytesUploaded']):.3f} MB uploaded, same digest: {again['digest'] == cold['digest']}")
share = code["bytesUploaded"] / cold["bytesUploaded"]
uploaded = [l["name"] for l in code["layers"] if l["uploaded"]]
print(f"  code-only change:                  {code_s} s, {mb(code['bytesUploaded']):.3f} MB uploaded = {share:.2%} of the first push (layers sent: {', '.join(uploaded)})")
EOF

# What takes the space inside the image (uncompressed), largest files first.
image="$registry/server@$(python3 -c "import json; print(json.load(open('$work/cold.json'))['digest'])")"
podman_ pull -q --tls-verify=false "$image" >/dev/null
echo
echo "Largest files in this project's layers (uncompressed):"
podman_ run --rm --network=host --entrypoint sh "$image" -c \
  'find /app /opt/djl-cache -type f -exec du -k {} + | sort -rn | head -8' \
  | awk '{printf "  %8.1f MB  %s\n", $1/1024, $2}'

# Container start to /health 200, with the bundled model downloaded from moto's S3.
moto_port="$(free_port)"
.venv-test/bin/moto_server -H 127.0.0.1 -p "$moto_port" >"$work/moto.log" 2>&1 &
moto_pid=$!
until curl -s "http://127.0.0.1:$moto_port/" >/dev/null; do sleep 0.2; done
AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing .venv-test/bin/python - "$moto_port" <<'EOF'
import pathlib, sys, boto3
s3 = boto3.client("s3", endpoint_url=f"http://127.0.0.1:{sys.argv[1]}", region_name="us-east-1")
s3.create_bucket(Bucket="bench-models")
for f in pathlib.Path("resources/models/sentiment").iterdir():
    s3.upload_file(str(f), "bench-models", f"models/sentiment/{f.name}")
EOF
echo
echo "Container start (podman run) to GET /health 200, model from S3 (moto), $runs runs:"
times=()
for i in $(seq 1 "$runs"); do
  server_port="$(free_port)"
  start="$(now)"
  podman_ run -d --name labconsole-image-bench --network=host \
    -e MODEL_URI=s3://bench-models/models/sentiment/ -e "AWS_ENDPOINT_URL=http://127.0.0.1:$moto_port" \
    -e AWS_ACCESS_KEY_ID=testing -e AWS_SECRET_ACCESS_KEY=testing -e AWS_REGION=us-east-1 \
    -e "PORT=$server_port" "$image" >/dev/null
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$server_port/health")" = 200 ]; do
    if [ "$(python3 -c "print(int($(now) - $start > 120))")" = 1 ]; then
      podman_ logs labconsole-image-bench >&2; echo "image.sh: not healthy after 120 s" >&2; exit 1
    fi
    sleep 0.05
  done
  end="$(now)"
  seconds="$(python3 -c "print(f'{$end - $start:.2f}')")"
  loaded="$(podman_ logs labconsole-image-bench 2>&1 | sed -n 's/.* ready in \([0-9]*\) ms.*/\1/p' | head -n 1)"
  echo "  run $i: $seconds s to /health 200 (the server's own model load: ${loaded:-?} ms)"
  times+=("$seconds")
  podman_ rm -f labconsole-image-bench >/dev/null
done
python3 -c "import statistics, sys; v=[float(x) for x in sys.argv[1:]]; print(f'  median {statistics.median(v):.2f} s (min {min(v):.2f}, max {max(v):.2f})')" "${times[@]}"
