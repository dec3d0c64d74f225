#!/usr/bin/env bash
# Run a local Apache Kafka 3.9 broker (KRaft, no ZooKeeper, no Docker) for Corridor.
# The jars come from Maven Central through pom.xml; see README.md in this folder.
#
# Usage: kafka.sh <command> [options]
#   fetch [--force]             download the pinned jars into libs/ (idempotent,
#                               verified against libs.lock)
#   lock                        rewrite libs.lock from the jars now in libs/
#   start [options]             format a fresh data dir and start one node in the
#                               background; returns when it accepts clients
#     --port P                  client (PLAINTEXT) port        [$KAFKA_PORT or 9092]
#     --controller-port C       KRaft controller port          [$KAFKA_CONTROLLER_PORT or 9093]
#     --data DIR                data dir, wiped on each start  [$KAFKA_DATA_DIR or deploy/kafka/data]
#     --keep                    do not wipe DIR: restart on existing data (formats only
#                               if DIR was never formatted)
#     --node-id N               node.id                        [1]
#     --voters LIST             controller.quorum.voters, "1@127.0.0.1:9093,2@..."
#                               [N@127.0.0.1:C]
#     --cluster-id ID           cluster id; every node of a cluster needs the same one
#                               [random]
#     --roles ROLES             process.roles                  [broker,controller]
#     --replication-factor R    for internal and default topics [min(3, number of voters)]
#     --set KEY=VALUE           extra server property (repeatable; wins over the template)
#     --timeout S               seconds to wait for readiness   [$KAFKA_START_TIMEOUT or 60]
#     --watch-pid PID           stop the broker when process PID exits (for test harnesses)
#     --users FILE              require SASL/SCRAM-SHA-512 and ACLs: FILE has one
#                               "name=password" line per principal (mode 0600), "admin"
#                               among them (super user, the broker's own login); the users
#                               are created at format time. The ACLs of the services come
#                               from code: python -m shared.kafka.acls apply
#     --ssl-port S              with --users: also a SASL_SSL listener on S, with a local CA
#                               and broker certificate made in DIR/tls (ca.pem for clients);
#                               its connections re-authenticate every 15 minutes (partners'
#                               Java clients can; the services' aiokafka cannot: they use the
#                               SASL_PLAINTEXT listener, which never asks)
#     --ssl-host H              host name/IP of that listener and its certificate [127.0.0.1]
#   stop [--data DIR] [--timeout S]  SIGTERM, wait (default 30 s), then SIGKILL; idempotent
#   status [--data DIR]         print whether the broker of DIR runs (exit 0 yes, 3 no)
#
# Environment: KAFKA_PORT, KAFKA_CONTROLLER_PORT, KAFKA_DATA_DIR, KAFKA_START_TIMEOUT,
#   KAFKA_USERS_FILE (as --users),
#   KAFKA_HEAP_OPTS (default "-Xmx512m -Xms512m"),
#   KAFKA_JVM_PERFORMANCE_OPTS (default "-XX:+UseSerialGC -XX:TieredStopAtLevel=1"),
#   KAFKA_OPTS (extra JVM options), JAVA (java binary), MVN (mvn binary),
#   KAFKA_CDS=0 to turn off the AppCDS class archive (libs/.cds/, made by the first
#   start+stop, it cuts start-up by about a third), KAFKA_CDS=use to map an archive that
#   exists but never dump one (a throwaway clone, as in CI: the dump costs more than it saves).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
LIBS="$HERE/libs"
LOCK_FILE="$HERE/libs.lock"
STAMP="$LIBS/.fetched"
JAVA="${JAVA:-java}"
MVN="${MVN:-mvn}"

die() { echo "kafka.sh: error: $*" >&2; exit 1; }
log() { echo "kafka.sh: $*" >&2; }

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }

# ----------------------------------------------------------------------------- fetch

fetch_key() {
    # Key of the wanted libs/: the pom and the lock (if any) decide its content.
    cat "$HERE/pom.xml" "$LOCK_FILE" 2>/dev/null | sha256sum | cut -d' ' -f1
}

# Lock format: one "<sha256>  <jar file name>" line per jar (sha256sum's format),
# sorted by name; every jar in libs/ must be listed and match, and nothing else.
write_lock() {
    (cd "$LIBS" && ls -1 -- *.jar | LC_ALL=C sort | xargs sha256sum) > "$LOCK_FILE.tmp"
    mv "$LOCK_FILE.tmp" "$LOCK_FILE"
}

verify_lock() {
    [[ -f "$LOCK_FILE" ]] || return 0
    local want have
    want="$(awk '{print $2}' "$LOCK_FILE" | LC_ALL=C sort)"
    have="$(cd "$LIBS" && ls -1 -- *.jar 2>/dev/null | LC_ALL=C sort)"
    if [[ "$want" != "$have" ]]; then
        log "jars in libs/ differ from libs.lock:"
        diff <(echo "$want") <(echo "$have") >&2 || true
        return 1
    fi
    (cd "$LIBS" && sha256sum --quiet --strict -c "$LOCK_FILE") >&2 || {
        log "checksum mismatch against libs.lock"; return 1; }
}

libs_fresh() {
    [[ -f "$STAMP" && "$(cat "$STAMP")" == "$(fetch_key)" ]]
}

cmd_fetch() {
    local force=0
    while [[ $# -gt 0 ]]; do
        case "$1" in
            --force) force=1 ;;
            -h|--help) usage; exit 0 ;;
            *) die "fetch: unknown option $1" ;;
        esac
        shift
    done
    mkdir -p "$LIBS"
    # One fetch at a time (parallel test sessions may all call start). A subshell holds
    # the lock so that the broker started later does not inherit it.
    (
        flock 9
        if [[ $force == 0 ]] && libs_fresh; then
            verify_lock || die "libs/ is damaged; run: $0 fetch --force"
            log "libs/ is up to date ($(ls -1 "$LIBS"/*.jar | wc -l) jars)"
            exit 0
        fi
        command -v "$MVN" >/dev/null || die "maven ($MVN) not found; it is needed once to fetch the jars"
        log "fetching Kafka jars with maven into $LIBS ..."
        rm -f "$STAMP" "$LIBS"/*.jar
        rm -rf "$LIBS/.cds"   # archives are bound to the jars' size and mtime
        # -q still prints bare ANSI resets; strip them and blank lines (pipefail keeps
        # maven's exit status).
        "$MVN" -q -B -Dstyle.color=never -f "$HERE/pom.xml" process-resources 2>&1 \
            | sed -e 's/\x1b\[[0-9;]*m//g' -e '/^[[:space:]]*$/d' >&2 \
            || die "maven failed to fetch the jars"
        if [[ -f "$LOCK_FILE" ]]; then
            verify_lock || die "fetched jars do not match libs.lock (pom.xml changed? run: $0 lock)"
        else
            write_lock
            log "wrote $LOCK_FILE (no lock existed)"
        fi
        fetch_key > "$STAMP"
        log "fetched $(ls -1 "$LIBS"/*.jar | wc -l) jars, checksums verified"
    ) 9>"$LIBS/.fetch.lock"
}

cmd_lock() {
    ls "$LIBS"/*.jar >/dev/null 2>&1 || die "no jars in libs/; run: $0 fetch"
    write_lock
    fetch_key > "$STAMP"
    log "wrote $LOCK_FILE ($(wc -l < "$LOCK_FILE") jars)"
}

ensure_libs() {
    if ! libs_fresh; then
        cmd_fetch
    fi
}

# ----------------------------------------------------------------------------- helpers

MARKER=".corridor-kafka"   # marks a data dir this script may wipe

abs_path() {
    mkdir -p "$1"
    (cd "$1" && pwd -P)
}

now() { date +%s.%N; }

port_open() {  # port_open PORT: true if something accepts TCP on 127.0.0.1:PORT
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Prints the pid of the broker of DATA if it is alive and really ours, else nothing.
running_pid() {
    local data="$1" pid
    [[ -f "$data/kafka.pid" ]] || return 0
    pid="$(cat "$data/kafka.pid" 2>/dev/null || true)"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 0
    kill -0 "$pid" 2>/dev/null || return 0
    # Guard against a recycled pid: the command line must be our broker for this dir.
    if tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q "kafka.Kafka $data/server.properties"; then
        echo "$pid"
    fi
}

random_cluster_id() {
    # A Kafka Uuid: 16 random bytes, url-safe base64 without padding (22 chars),
    # not starting with "-" (Kafka's own generator avoids that too).
    local id
    while :; do
        id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
        [[ "$id" != -* && ${#id} == 22 ]] && { echo "$id"; return; }
    done
}

default_data() { echo "${KAFKA_DATA_DIR:-$HERE/data}"; }

# AppCDS: the first broker run dumps the classes it loaded into a dynamic archive when
# it exits (only on a graceful stop); later runs map it. The JVM checks the archive
# against its own version and the jars and ignores it (with a warning) if it does not fit.
cds_archive() {
    local key
    key="$( { fetch_key; readlink -f "$(command -v "$JAVA")"; } | sha256sum | cut -c1-16)"
    # A broker with --users loads the SASL/SCRAM and authorizer classes too: its own archive.
    echo "$LIBS/.cds/kafka-$key${CDS_FLAVOUR:-}.jsa"
}

# Sets CDS_OPTS (and may write DATA/cds.pending for stop to publish the archive).
cds_opts() {  # cds_opts DATA
    CDS_OPTS=()
    [[ "${KAFKA_CDS:-1}" != 0 ]] || return 0
    local archive; archive="$(cds_archive)"
    if [[ -s "$archive" ]]; then
        CDS_OPTS=("-XX:SharedArchiveFile=$archive")
    elif [[ "${KAFKA_CDS:-1}" != use ]]; then
        mkdir -p "$(dirname "$archive")"
        find "$(dirname "$archive")" -name '*.tmp' -mtime +1 -delete 2>/dev/null || true
        local tmp="$archive.$$.tmp"
        CDS_OPTS=("-XX:ArchiveClassesAtExit=$tmp")
        printf '%s\n%s\n' "$tmp" "$archive" > "$1/cds.pending"
    fi
}

cds_publish() {  # cds_publish DATA: after the broker exited, keep the archive it dumped
    local data="$1" tmp archive
    [[ -f "$data/cds.pending" ]] || return 0
    { read -r tmp; read -r archive; } < "$data/cds.pending"
    rm -f "$data/cds.pending"
    if [[ -s "$tmp" && ! -s "$archive" ]]; then
        mv -f "$tmp" "$archive"
    else
        rm -f "$tmp"
    fi
}

# ----------------------------------------------------------------------------- security

declare -A USERS=()

read_users() {  # read_users FILE: fills USERS[name]=password; "admin" is required
    local line name password
    while IFS= read -r line || [[ -n "$line" ]]; do
        [[ -z "${line// }" || "$line" == \#* ]] && continue
        name="${line%%=*}" password="${line#*=}"
        [[ "$name" =~ ^[A-Za-z0-9_.-]+$ ]] || die "$1: bad principal name '$name'"
        # The passwords go into a JAAS string and a StorageTool argument: keep them plain.
        [[ "$password" =~ ^[A-Za-z0-9_.~-]{16,}$ ]] || die "$1: the password of $name must be 16+ characters of [A-Za-z0-9_.~-]"
        USERS[$name]="$password"
    done < "$1"
    [[ -n "${USERS[admin]:-}" ]] || die "$1 has no admin user (the super user the broker itself logs in as)"
}

make_tls() {  # make_tls DIR HOST: a local CA and a broker certificate for HOST (kept if present)
    local dir="$1" host="$2" san
    [[ -s "$dir/broker.p12" && -s "$dir/ca.pem" && "$(cat "$dir/host" 2>/dev/null)" == "$host" ]] && return 0
    command -v openssl >/dev/null || die "openssl is needed for --ssl-port"
    mkdir -p "$dir"; chmod 700 "$dir"
    if [[ "$host" =~ ^[0-9.]+$ ]]; then san="IP:$host"; else san="DNS:$host"; fi
    [[ "$host" == 127.0.0.1 ]] || san="$san,IP:127.0.0.1"
    san="$san,DNS:localhost"
    head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' > "$dir/store.password"
    (
        cd "$dir"
        openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 825 \
            -subj "/CN=Corridor Kafka local CA" \
            -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
        openssl req -newkey rsa:2048 -nodes -keyout broker.key -out broker.csr -subj "/CN=$host"
        printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n' "$san" > broker.ext
        openssl x509 -req -in broker.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out broker.pem \
            -days 825 -extfile broker.ext
        openssl pkcs12 -export -in broker.pem -inkey broker.key -certfile ca.pem -name broker \
            -out broker.p12 -passout "file:store.password"
        chmod 600 ca.key broker.key broker.p12 store.password
        rm -f broker.csr broker.ext ca.srl
    ) > "$dir/openssl.out" 2>&1 || { cat "$dir/openssl.out" >&2; die "making the TLS certificates failed"; }
    echo "$host" > "$dir/host"
}

security_properties() {  # security_properties DATA SSL_PORT: the broker's SASL/ACL settings
    local data="$1" ssl_port="$2"
    local jaas="org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" password=\"${USERS[admin]}\";"
    local plain="org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" password=\"${USERS[admin]}\" user_admin=\"${USERS[admin]}\";"
    cat <<EOF

# Security (kafka.sh start --users): SCRAM-SHA-512 on the client listeners, ACLs enforced by
# the KRaft StandardAuthorizer. "admin" is a super user and the broker's own inter-broker
# login. The controller listener asks who you are too: SASL/PLAIN (SCRAM credentials live in
# the metadata the controllers serve, so they cannot guard the controllers themselves), with
# "admin" as its only user: brokers and controllers log in there as admin, nobody connects
# anonymously, and no anonymous principal is a super user.
listener.security.protocol.map=CONTROLLER:SASL_PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
sasl.mechanism.controller.protocol=PLAIN
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=$plain
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=$jaas
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=$jaas
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:admin
allow.everyone.if.no.acl.found=false
# No re-authentication on the services' listener: their client (aiokafka) cannot re-authenticate
# an open connection (KIP-368), so the broker would cut every service's every connection each
# time the interval passed (consumers lost their coordinator, readiness failed, errors logged).
EOF
    if [[ -n "$ssl_port" ]]; then
        cat <<EOF
# The TLS listener, where partner systems connect (Java clients re-authenticate): a connection
# logs in again within this interval, so a rotated or removed password stops working on open
# connections too (a removed ACL stops them at once).
listener.name.sasl_ssl.scram-sha-512.connections.max.reauth.ms=900000
ssl.keystore.type=PKCS12
ssl.keystore.location=$data/tls/broker.p12
ssl.keystore.password=$(cat "$data/tls/store.password")
ssl.client.auth=none
EOF
    fi
}

# ----------------------------------------------------------------------------- start

cmd_start() {
    local port="${KAFKA_PORT:-9092}" cport="${KAFKA_CONTROLLER_PORT:-9093}"
    local data; data="$(default_data)"
    local keep=0 node_id=1 voters="" cluster_id="" roles="broker,controller" rf=""
    local timeout="${KAFKA_START_TIMEOUT:-60}" watch_pid="" sets=()
    local users_file="${KAFKA_USERS_FILE:-}" ssl_port="" ssl_host="127.0.0.1"
    while [[ $# -gt 0 ]]; do
        case "$1" in
            --port) port="$2"; shift ;;
            --controller-port) cport="$2"; shift ;;
            --data) data="$2"; shift ;;
            --keep) keep=1 ;;
            --node-id) node_id="$2"; shift ;;
            --voters) voters="$2"; shift ;;
            --cluster-id) cluster_id="$2"; shift ;;
            --roles) roles="$2"; shift ;;
            --replication-factor) rf="$2"; shift ;;
            --set) sets+=("$2"); shift ;;
            --timeout) timeout="$2"; shift ;;
            --watch-pid) watch_pid="$2"; shift ;;
            --users) users_file="$2"; shift ;;
            --ssl-port) ssl_port="$2"; shift ;;
            --ssl-host) ssl_host="$2"; shift ;;
            -h|--help) usage; exit 0 ;;
            *) die "start: unknown option $1 (see: $0 --help)" ;;
        esac
        shift
    done
    [[ "$port" =~ ^[0-9]+$ && "$cport" =~ ^[0-9]+$ ]] || die "ports must be numbers"
    [[ "$port" != "$cport" ]] || die "--port and --controller-port must differ"
    [[ "$node_id" =~ ^[0-9]+$ ]] || die "--node-id must be a number"

    local t0; t0="$(now)"
    ensure_libs
    command -v "$JAVA" >/dev/null || die "java ($JAVA) not found; Java 17+ is needed"

    data="$(abs_path "$data")"
    local pid; pid="$(running_pid "$data")"
    [[ -z "$pid" ]] || die "a broker already runs on $data (pid $pid); stop it first: $0 stop --data $data"
    port_open "$port" && die "port $port on 127.0.0.1 is already in use"
    [[ "$roles" == *controller* ]] && port_open "$cport" && die "controller port $cport on 127.0.0.1 is already in use"

    [[ -n "$voters" ]] || voters="$node_id@127.0.0.1:$cport"
    local nvoters; nvoters="$(tr ',' '\n' <<< "$voters" | grep -c .)"
    [[ -n "$rf" ]] || rf=$(( nvoters < 3 ? nvoters : 3 ))
    local min_isr=$(( rf >= 3 ? 2 : 1 ))
    local listeners="PLAINTEXT://127.0.0.1:$port" advertised="PLAINTEXT://127.0.0.1:$port" inter="PLAINTEXT"
    local users_sha=""
    if [[ -n "$users_file" ]]; then
        [[ -r "$users_file" ]] || die "--users $users_file: no such readable file"
        users_file="$(cd "$(dirname "$users_file")" && pwd -P)/$(basename "$users_file")"
        read_users "$users_file"
        users_sha="$(sha256sum < "$users_file" | cut -c1-64)"
        listeners="SASL_PLAINTEXT://127.0.0.1:$port" advertised="SASL_PLAINTEXT://127.0.0.1:$port" inter="SASL_PLAINTEXT"
        if [[ -n "$ssl_port" ]]; then
            [[ "$ssl_port" =~ ^[0-9]+$ ]] || die "--ssl-port must be a number"
            port_open "$ssl_port" && die "port $ssl_port is already in use"
            listeners="$listeners,SASL_SSL://$ssl_host:$ssl_port" advertised="$listeners"
        fi
    elif [[ -n "$ssl_port" ]]; then
        die "--ssl-port needs --users (the SASL_SSL listener authenticates clients)"
    fi
    [[ "$roles" == *controller* ]] && listeners="$listeners,CONTROLLER://127.0.0.1:$cport"

    # Fresh data dir, unless --keep. Only wipe what this script created (or an empty dir).
    if [[ $keep == 1 && -f "$data/kafka-logs/meta.properties" && "$(cat "$data/users.sha256" 2>/dev/null)" != "$users_sha" ]]; then
        # SCRAM users are created at format time: other credentials need a fresh format.
        log "the credentials differ from those $data was formatted with: formatting it afresh (its topics are lost)"
        keep=0
    fi
    if [[ $keep == 0 ]]; then
        if [[ -n "$(ls -A "$data")" && ! -f "$data/$MARKER" ]]; then
            die "$data is not empty and was not made by kafka.sh; refusing to wipe it"
        fi
        find "$data" -mindepth 1 -delete
    fi
    touch "$data/$MARKER"
    local logdirs="$data/kafka-logs"

    # Render server.properties.
    sed -e "s|@PROCESS_ROLES@|$roles|g" -e "s|@NODE_ID@|$node_id|g" \
        -e "s|@VOTERS@|$voters|g" -e "s|@LISTENERS@|$listeners|g" \
        -e "s|@ADVERTISED@|$advertised|g" -e "s|@INTER_BROKER@|$inter|g" \
        -e "s|@PORT@|$port|g" -e "s|@LOG_DIRS@|$logdirs|g" \
        -e "s|@REPLICATION_FACTOR@|$rf|g" -e "s|@MIN_ISR@|$min_isr|g" \
        "$HERE/server.properties" > "$data/server.properties"
    chmod 600 "$data/server.properties"  # with --users it holds the broker's own password
    if [[ -n "$users_file" ]]; then
        [[ -z "$ssl_port" ]] || make_tls "$data/tls" "$ssl_host"
        security_properties "$data" "$ssl_port" >> "$data/server.properties"
    fi
    if [[ ${#sets[@]} -gt 0 ]]; then
        printf '\n# --set overrides\n' >> "$data/server.properties"
        printf '%s\n' "${sets[@]}" >> "$data/server.properties"
    fi
    # shellcheck disable=SC2206
    local heap=(${KAFKA_HEAP_OPTS:--Xmx512m -Xms512m})
    # shellcheck disable=SC2206
    local perf=(${KAFKA_JVM_PERFORMANCE_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1})
    # shellcheck disable=SC2206
    local extra=(${KAFKA_OPTS:-})
    local CDS_OPTS CDS_FLAVOUR=""
    [[ -z "$users_file" ]] || CDS_FLAVOUR="-sasl"
    cds_opts "$data"
    local common=(-Djava.awt.headless=true "-Dlog4j.configuration=file:$HERE/log4j.properties"
                  "-Dkafka.logs.dir=$data" -cp "$LIBS/*")

    # Format (KRaft refuses to start on an unformatted dir).
    if [[ ! -f "$logdirs/meta.properties" ]]; then
        [[ -n "$cluster_id" ]] || cluster_id="$(random_cluster_id)"
        local fmt_cds=()
        [[ "${CDS_OPTS[0]:-}" == -XX:SharedArchiveFile=* ]] && fmt_cds=("${CDS_OPTS[0]}")
        local scram=() name
        for name in "${!USERS[@]}"; do
            scram+=(--add-scram "SCRAM-SHA-512=[name=$name,password=${USERS[$name]}]")
        done
        "$JAVA" -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 "${fmt_cds[@]}" "${common[@]}" \
            kafka.tools.StorageTool format -t "$cluster_id" -c "$data/server.properties" "${scram[@]}" \
            > "$data/format.out" 2>&1 || { cat "$data/format.out" >&2; die "formatting $logdirs failed"; }
        echo "$cluster_id" > "$data/cluster.id"
        echo "$users_sha" > "$data/users.sha256"
    fi

    # Start in the background; stdio detached so callers capturing our output get EOF.
    : > "$data/kafka.out"
    "$JAVA" "${heap[@]}" "${perf[@]}" "${CDS_OPTS[@]}" "${extra[@]}" "${common[@]}" \
        kafka.Kafka "$data/server.properties" \
        < /dev/null >> "$data/kafka.out" 2>&1 &
    pid=$!
    echo "$pid" > "$data/kafka.pid"

    if [[ -n "$watch_pid" ]]; then
        # Watchdog: when the harness dies without calling stop, stop the broker.
        ( trap '' HUP INT
          while kill -0 "$watch_pid" 2>/dev/null && kill -0 "$pid" 2>/dev/null; do sleep 1; done
          if kill -0 "$pid" 2>/dev/null; then
              kill -TERM "$pid" 2>/dev/null || true
              for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || exit 0; sleep 1; done
              kill -KILL "$pid" 2>/dev/null || true
          fi
        ) < /dev/null > /dev/null 2>&1 &
        disown $! 2>/dev/null || true
    fi
    disown "$pid" 2>/dev/null || true

    # Wait for "Kafka Server started" (logged once the broker is unfenced), then the port.
    local deadline; deadline="$(awk -v t="$(now)" -v s="$timeout" 'BEGIN{printf "%.3f", t+s}')"
    while :; do
        if ! kill -0 "$pid" 2>/dev/null; then
            log "broker exited during start-up; last lines of $data/server.log and kafka.out:"
            tail -n 40 "$data/server.log" >&2 2>/dev/null || true
            tail -n 20 "$data/kafka.out" >&2 || true
            rm -f "$data/kafka.pid"
            exit 1
        fi
        if grep -q "Kafka Server started" "$data/server.log" 2>/dev/null && port_open "$port"; then
            break
        fi
        if awk -v t="$(now)" -v d="$deadline" 'BEGIN{exit !(t>d)}'; then
            log "broker not ready after ${timeout}s; last lines of $data/server.log and kafka.out:"
            tail -n 40 "$data/server.log" >&2 2>/dev/null || true
            tail -n 20 "$data/kafka.out" >&2 || true
            do_stop "$data" 10 >/dev/null 2>&1 || true
            exit 1
        fi
        sleep 0.1
    done
    local took; took="$(awk -v a="$t0" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}')"
    local how=""
    [[ -z "$users_file" ]] || how=" (SASL_PLAINTEXT, SCRAM-SHA-512, ACLs${ssl_port:+; SASL_SSL on $ssl_host:$ssl_port, CA $data/tls/ca.pem})"
    echo "Kafka ready on 127.0.0.1:$port$how (started in $took s)"
}

# ----------------------------------------------------------------------------- stop / status

do_stop() {  # do_stop DATA TIMEOUT
    local data="$1" timeout="$2" pid
    pid="$(running_pid "$data")"
    if [[ -z "$pid" ]]; then
        rm -f "$data/kafka.pid"
        echo "Kafka not running ($data)"
        return 0
    fi
    kill -TERM "$pid" 2>/dev/null || true
    local i
    for (( i = 0; i < timeout * 10; i++ )); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        log "broker $pid did not stop within ${timeout}s; sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
        rm -f "$(head -n1 "$data/cds.pending" 2>/dev/null || echo /nonexistent)" "$data/cds.pending"
    fi
    cds_publish "$data"
    rm -f "$data/kafka.pid"
    echo "Kafka stopped (pid $pid)"
}

cmd_stop() {
    local data; data="$(default_data)"
    local timeout="${KAFKA_STOP_TIMEOUT:-30}"
    while [[ $# -gt 0 ]]; do
        case "$1" in
            --data) data="$2"; shift ;;
            --timeout) timeout="$2"; shift ;;
            -h|--help) usage; exit 0 ;;
            *) die "stop: unknown option $1" ;;
        esac
        shift
    done
    if [[ ! -d "$data" ]]; then
        echo "Kafka not running ($data)"
        return 0
    fi
    data="$(cd "$data" && pwd -P)"
    do_stop "$data" "$timeout"
}

cmd_status() {
    local data; data="$(default_data)"
    while [[ $# -gt 0 ]]; do
        case "$1" in
            --data) data="$2"; shift ;;
            -h|--help) usage; exit 0 ;;
            *) die "status: unknown option $1" ;;
        esac
        shift
    done
    [[ -d "$data" ]] && data="$(cd "$data" && pwd -P)"
    local pid; pid="$(running_pid "$data")"
    if [[ -z "$pid" ]]; then
        echo "Kafka not running ($data)"
        exit 3
    fi
    local port rss
    port="$(sed -n 's|^advertised.listeners=||p' "$data/server.properties" | tail -n1)"
    rss="$(awk '/^VmRSS/{printf "%d MiB", $2/1024}' "/proc/$pid/status" 2>/dev/null || true)"
    echo "Kafka running: pid $pid, $port, RSS $rss, data $data"
}

# ----------------------------------------------------------------------------- main

cmd="${1:-}"
[[ $# -gt 0 ]] && shift
case "$cmd" in
    fetch) cmd_fetch "$@" ;;
    lock) cmd_lock "$@" ;;
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" ;;
    status) cmd_status "$@" ;;
    -h|--help|help) usage ;;
    "") usage >&2; exit 2 ;;
    *) echo "kafka.sh: unknown command: $cmd" >&2; usage >&2; exit 2 ;;
esac
