#!/usr/bin/env bash
# Entrypoint of docker-compose.yml's broker (the apache/kafka:3.9 image): one KRaft node that,
# like `kafka.sh start --users`, requires SASL/SCRAM-SHA-512 and enforces ACLs. The SCRAM users
# are created when the storage is formatted; the services' ACLs are applied by the compose
# service `kafka-acls` (python -m shared.kafka.acls apply). The controller listener (the
# container's loopback) asks who you are too: SASL/PLAIN with admin its only user, as kafka.sh.
set -euo pipefail
for v in KAFKA_ADMIN_PASSWORD KAFKA_APPLICATIONS_PASSWORD KAFKA_MATCHING_PASSWORD KAFKA_NOTIFICATIONS_PASSWORD; do
    [[ "${!v:-}" =~ ^[A-Za-z0-9_.~-]{16,}$ ]] || { echo "$v: set 16+ characters of [A-Za-z0-9_.~-]" >&2; exit 1; }
done
props=/tmp/corridor-server.properties
logs=/var/lib/kafka/data  # the image's data folder (its user's): compose keeps it in a named volume
jaas="org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" password=\"$KAFKA_ADMIN_PASSWORD\";"
plain="org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" password=\"$KAFKA_ADMIN_PASSWORD\" user_admin=\"$KAFKA_ADMIN_PASSWORD\";"
cat > "$props" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:9093
listeners=SASL_PLAINTEXT://:9092,CONTROLLER://127.0.0.1:9093
advertised.listeners=SASL_PLAINTEXT://${KAFKA_ADVERTISED_HOST:-kafka}:9092
listener.security.protocol.map=CONTROLLER:SASL_PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=SASL_PLAINTEXT
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
sasl.mechanism.controller.protocol=PLAIN
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=$plain
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=$jaas
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:admin
allow.everyone.if.no.acl.found=false
# No connections.max.reauth.ms: the services' client (aiokafka) cannot re-authenticate an open
# connection, and the broker would cut them all each interval (see kafka.sh).
log.dirs=$logs
num.partitions=3
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
EOF
chmod 600 "$props"
# For the healthcheck: kafka-broker-api-versions.sh --command-config /tmp/corridor-admin.properties
umask 077
cat > /tmp/corridor-admin.properties <<EOF
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=$jaas
EOF
/opt/kafka/bin/kafka-storage.sh format --ignore-formatted -t "${KAFKA_CLUSTER_ID:-DAodDsARTQCKAAAAAAAAAQ}" -c "$props" \
    --add-scram "SCRAM-SHA-512=[name=admin,password=$KAFKA_ADMIN_PASSWORD]" \
    --add-scram "SCRAM-SHA-512=[name=applications,password=$KAFKA_APPLICATIONS_PASSWORD]" \
    --add-scram "SCRAM-SHA-512=[name=matching,password=$KAFKA_MATCHING_PASSWORD]" \
    --add-scram "SCRAM-SHA-512=[name=notifications,password=$KAFKA_NOTIFICATIONS_PASSWORD]"
exec /opt/kafka/bin/kafka-server-start.sh "$props"
