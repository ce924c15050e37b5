# Shared by scripts/bench.sh and scripts/loadtest.sh (sourced): the cached
# synthetic databases of a measurement directory.

# bench_prepare DIR: the directory, the key the cached databases are
# encrypted with (exported as TRAMA_SECRET_KEY) and a fresh trama binary.
bench_prepare() {
  mkdir -p "$1"
  [ -f "$1/secret.key" ] || head -c 32 /dev/urandom | base64 > "$1/secret.key"
  export TRAMA_SECRET_KEY="$(cat "$1/secret.key")"
  echo "building"
  go build -o "$1/trama" ./cmd/trama
}

# bench_machine: one line on the machine and its load before a run.
bench_machine() {
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB RAM; load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)."
}
