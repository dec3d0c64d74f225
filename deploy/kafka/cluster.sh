#!/usr/bin/env bash
# A three-node Apache Kafka cluster on loopback (three JVMs, each broker+controller,
# one controller quorum), built on kafka.sh.
#
#   deploy/kafka/cluster.sh start --base-dir DIR [--ports P1,P2,P3] [--controller-ports C1,C2,C3]
#                                 [--watch-pid PID] [--users FILE]  # fresh data; prints the bootstrap list
#   deploy/kafka/cluster.sh stop   --base-dir DIR        # all three, in parallel (graceful)
#   deploy/kafka/cluster.sh resume --base-dir DIR [--watch-pid PID]   # all three again, on their data
#   deploy/kafka/cluster.sh stop-node N --base-dir DIR   # one broker down, gracefully (fault tests)
#   deploy/kafka/cluster.sh kill-node N --base-dir DIR   # one broker SIGKILLed (a crash)
#   deploy/kafka/cluster.sh start-node N --base-dir DIR [--watch-pid PID]  # and back, on its data
#   deploy/kafka/cluster.sh status --base-dir DIR        # one line per node; exit 0 if all run
#   deploy/kafka/cluster.sh bootstrap --base-dir DIR     # the bootstrap list
#
# Nodes start and stop in parallel: one node alone never reaches a quorum. Topics get
# replication factor 3 and min.insync.replicas 2 (broker defaults: a topic created without
# its own min.insync.replicas inherits 2; check with the admin client's describe_configs).
# --watch-pid: each broker stops when process PID exits (a crashed test harness leaves no JVM).
# --users FILE (start): SASL/SCRAM-SHA-512 and ACLs on every node, as `kafka.sh start --users`;
# the file is copied to DIR/users and every later command uses it. The ACLs come from code:
# CORRIDOR_KAFKA_USERNAME=admin CORRIDOR_KAFKA_PASSWORD=... python -m shared.kafka.acls apply --bootstrap LIST
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cmd="${1:-}"; shift || true
base=""; ports="39201,39202,39203"; cports="39211,39212,39213"; node=""; watch=(); users_src=""
case "$cmd" in
  stop-node|start-node|kill-node)
    node="${1:-}"; shift || true
    [[ "$node" =~ ^[123]$ ]] || { echo "cluster.sh: $cmd needs a node number 1, 2 or 3" >&2; exit 2; };;
esac
while [ $# -gt 0 ]; do
  case "$1" in
    --base-dir) base="$2"; shift 2;;
    --ports) ports="$2"; shift 2;;
    --controller-ports) cports="$2"; shift 2;;
    --watch-pid) watch=(--watch-pid "$2"); shift 2;;
    --users) users_src="$2"; shift 2;;
    *) echo "cluster.sh: unknown option $1" >&2; exit 2;;
  esac
done
[ -n "$base" ] || { echo "cluster.sh: --base-dir is required" >&2; exit 2; }
mkdir -p "$base"
base="$(cd "$base" && pwd -P)"
IFS=, read -r -a P <<<"$ports"
IFS=, read -r -a C <<<"$cports"

# Remember the layout so the other commands need only the base dir.
if [ "$cmd" = "start" ]; then
  [ ${#P[@]} -eq 3 ] && [ ${#C[@]} -eq 3 ] || { echo "cluster.sh: give three ports and three controller ports" >&2; exit 2; }
  echo "$ports" > "$base/ports"; echo "$cports" > "$base/controller-ports"
  while :; do  # a Kafka Uuid: 22 url-safe base64 characters, not starting with "-"
    cid="$(head -c16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
    [[ "$cid" != -* && ${#cid} == 22 ]] && break
  done
  echo "$cid" > "$base/cluster-id"
  rm -f "$base/users"
  if [ -n "$users_src" ]; then install -m 600 "$users_src" "$base/users"; fi
else
  [ -f "$base/ports" ] && IFS=, read -r -a P <"$base/ports"
  [ -f "$base/controller-ports" ] && IFS=, read -r -a C <"$base/controller-ports"
fi
voters="1@127.0.0.1:${C[0]},2@127.0.0.1:${C[1]},3@127.0.0.1:${C[2]}"
bootstrap="127.0.0.1:${P[0]},127.0.0.1:${P[1]},127.0.0.1:${P[2]}"

auth=()
[ -f "$base/users" ] && auth=(--users "$base/users")

start_node() {  # n [--keep]
  local i=$(($1 - 1)) keep="${2:-}"
  "$here/kafka.sh" start --node-id "$1" --port "${P[$i]}" --controller-port "${C[$i]}" \
    --voters "$voters" --cluster-id "$(cat "$base/cluster-id")" --data "$base/node$1" \
    --set min.insync.replicas=2 --set default.replication.factor=3 --timeout 90 \
    ${watch[@]+"${watch[@]}"} $keep ${auth[@]+"${auth[@]}"}
}

start_all() {  # [--keep]
  local pids=() rc=0 n
  for n in 1 2 3; do mkdir -p "$base/node$n"; start_node $n "${1:-}" & pids+=($!); done
  for p in "${pids[@]}"; do wait "$p" || rc=1; done
  if [ $rc -ne 0 ]; then stop_all >/dev/null 2>&1 || true; return 1; fi
  echo "$bootstrap"
}

stop_all() {
  local pids=() rc=0 n
  for n in 1 2 3; do "$here/kafka.sh" stop --data "$base/node$n" --timeout 20 & pids+=($!); done
  for p in "${pids[@]}"; do wait "$p" || rc=1; done
  return $rc
}

case "$cmd" in
  start) start_all ;;
  resume) start_all --keep ;;
  stop) stop_all ;;
  stop-node) "$here/kafka.sh" stop --data "$base/node$node" --timeout 20 ;;
  kill-node)
    pid=$(cat "$base/node$node/kafka.pid" 2>/dev/null || true)
    if [ -n "$pid" ] && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q "kafka.Kafka $base/node$node/server.properties"; then
      kill -9 "$pid" 2>/dev/null || true
      while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
      echo "Kafka node $node killed (pid $pid)"
    else
      echo "Kafka node $node not running"
    fi
    rm -f "$base/node$node/kafka.pid"
    ;;
  start-node) start_node "$node" --keep ;;
  status)
    rc=0
    for n in 1 2 3; do "$here/kafka.sh" status --data "$base/node$n" || rc=3; done
    exit $rc
    ;;
  bootstrap) echo "$bootstrap" ;;
  *) echo "usage: cluster.sh start|stop|resume|stop-node N|kill-node N|start-node N|status|bootstrap --base-dir DIR" >&2; exit 2;;
esac
