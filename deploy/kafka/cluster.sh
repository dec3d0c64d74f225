#!/usr/bin/env bash
# A three-node Apache Kafka cluster on loopback (three JVMs, each broker+controller,
# one controller quorum), built on kafka.sh.
#
#   deploy/kafka/cluster.sh start --base-dir DIR [--ports P1,P2,P3] [--controller-ports C1,C2,C3]
#   deploy/kafka/cluster.sh stop  --base-dir DIR
#   deploy/kafka/cluster.sh stop-node N --base-dir DIR      # one broker down (fault tests)
#   deploy/kafka/cluster.sh start-node N --base-dir DIR     # and back, on its data
#
# Nodes start and stop in parallel: one node alone never reaches a quorum. Topics get
# replication factor 3 and min.insync.replicas 2. Prints the bootstrap list.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cmd="${1:-}"; shift || true
base=""; ports="39201,39202,39203"; cports="39211,39212,39213"; node=""
if [ "$cmd" = "stop-node" ] || [ "$cmd" = "start-node" ] || [ "$cmd" = "kill-node" ]; then node="$1"; shift; fi
while [ $# -gt 0 ]; do
  case "$1" in
    --base-dir) base="$2"; shift 2;;
    --ports) ports="$2"; shift 2;;
    --controller-ports) cports="$2"; shift 2;;
    *) echo "cluster.sh: unknown option $1" >&2; exit 2;;
  esac
done
[ -n "$base" ] || { echo "cluster.sh: --base-dir is required" >&2; exit 2; }
mkdir -p "$base"
IFS=, read -r -a P <<<"$ports"
IFS=, read -r -a C <<<"$cports"

# Remember the layout so stop/start-node need only the base dir.
if [ "$cmd" = "start" ]; then
  echo "$ports" > "$base/ports"; echo "$cports" > "$base/controller-ports"
  head -c16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=' > "$base/cluster-id"
else
  [ -f "$base/ports" ] && IFS=, read -r -a P <"$base/ports"
  [ -f "$base/controller-ports" ] && IFS=, read -r -a C <"$base/controller-ports"
fi
voters="1@127.0.0.1:${C[0]},2@127.0.0.1:${C[1]},3@127.0.0.1:${C[2]}"
bootstrap="127.0.0.1:${P[0]},127.0.0.1:${P[1]},127.0.0.1:${P[2]}"

start_node() {  # n keep?
  local i=$(($1 - 1)) keep="${2:-}"
  "$here/kafka.sh" start --node-id "$1" --port "${P[$i]}" --controller-port "${C[$i]}" \
    --voters "$voters" --cluster-id "$(cat "$base/cluster-id")" --data "$base/node$1" \
    --set min.insync.replicas=2 --set default.replication.factor=3 --timeout 90 $keep
}

case "$cmd" in
  start)
    pids=()
    for n in 1 2 3; do mkdir -p "$base/node$n"; start_node $n & pids+=($!); done
    rc=0; for p in "${pids[@]}"; do wait "$p" || rc=1; done
    [ $rc -eq 0 ] || { "$0" stop --base-dir "$base" || true; exit 1; }
    echo "$bootstrap"
    ;;
  stop)
    for n in 1 2 3; do "$here/kafka.sh" stop --data "$base/node$n" --timeout 20 & done; wait
    ;;
  stop-node) "$here/kafka.sh" stop --data "$base/node$node" --timeout 20 ;;
  kill-node)
    pid=$(cat "$base/node$node/kafka.pid" 2>/dev/null || true)
    [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
    ;;
  start-node) start_node "$node" --keep ;;
  bootstrap) echo "$bootstrap" ;;
  *) echo "usage: cluster.sh start|stop|stop-node N|start-node N|bootstrap --base-dir DIR" >&2; exit 2;;
esac
