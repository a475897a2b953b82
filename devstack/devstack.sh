#!/usr/bin/env bash
# The local stand-in for Docker: a real Apache Kafka 4.x broker (KRaft, one node) and FerretDB
# v1 (MongoDB wire protocol, SQLite backend) on loopback, with all state under var/.
#   devstack.sh install   resolve the Kafka jars and build FerretDB (once; reused afterwards)
#   devstack.sh up        install if needed, start both, wait until they answer (idempotent)
#   devstack.sh status    say what runs
#   devstack.sh down      stop both; no process is left behind
#   devstack.sh reset     down, then delete their data
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VAR="${DEKRANASDA_VAR:-$ROOT/var}"
KAFKA_PORT="${DEVSTACK_KAFKA_PORT:-9092}"
CONTROLLER_PORT="${DEVSTACK_CONTROLLER_PORT:-9093}"
MONGO_PORT="${DEVSTACK_MONGO_PORT:-27017}"
# Optional: a SASL_PLAINTEXT (SCRAM-SHA-512) listener beside the plain one, with one user made
# when the data directory is formatted (a fresh DEKRANASDA_VAR), to test the secure client path.
SASL_PORT="${DEVSTACK_SASL_PORT:-}"
SASL_USER="${DEVSTACK_SASL_USER:-dekranasda}"
SASL_PASSWORD="${DEVSTACK_SASL_PASSWORD:-dekranasda-devstack}"
# Optional with it: a SASL_SSL listener (as compose's EXTERNAL) with a PEM keystore, e.g. from
# ops/make-local-certs.sh: DEVSTACK_SASL_SSL_PORT, DEVSTACK_SSL_KEYSTORE, DEVSTACK_SSL_KEY_PASSWORD.
SASL_SSL_PORT="${DEVSTACK_SASL_SSL_PORT:-}"
LIBS="$VAR/kafka-libs"
FERRET_BIN="$VAR/bin/ferretdb"

die() { echo "devstack: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || die "$1 not found: install $2"; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

install_kafka() {
  if [ -f "$LIBS/.complete" ]; then return; fi
  need java "a Java 17+ runtime (Debian: openjdk-17-jre-headless)"
  need mvn "Maven 3.8+ (Debian: maven)"
  echo "devstack: resolving the Kafka broker's jars (once)"
  rm -rf "$LIBS"
  mvn -B -q -f "$ROOT/devstack/kafka/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$LIBS" -DincludeScope=runtime
  touch "$LIBS/.complete"
}

ferretdb_built() {  # the binary is newer than every source file of devstack/ferretdb
  [ -x "$FERRET_BIN" ] || return 1
  local src
  for src in "$ROOT"/devstack/ferretdb/go.mod "$ROOT"/devstack/ferretdb/*.go; do
    [ "$FERRET_BIN" -nt "$src" ] || return 1
  done
}

install_ferretdb() {
  if ferretdb_built; then return; fi
  need go "Go 1.24+ (https://go.dev/doc/install or Debian: golang)"
  echo "devstack: building FerretDB (once; a few minutes on 2 cores)"
  mkdir -p "$VAR/bin"
  (cd "$ROOT/devstack/ferretdb" && go build -o "$FERRET_BIN" .)
}

start_kafka() {
  local dir="$VAR/kafka" pidf="$VAR/kafka.pid"
  if pid_alive "$pidf" || port_open "$KAFKA_PORT"; then echo "devstack: kafka already up on $KAFKA_PORT"; return; fi
  mkdir -p "$dir/data" "$VAR/log"
  sed -e "s#@DATA@#$dir/data#" -e "s#@PORT@#$KAFKA_PORT#g" -e "s#@CPORT@#$CONTROLLER_PORT#g" \
    "$ROOT/devstack/kafka/server.properties" > "$dir/server.properties"
  local scram=()
  if [ -n "$SASL_PORT" ]; then
    sed -i -e "s#^listeners=PLAINTEXT://[^,]*#&,SASL_PLAINTEXT://127.0.0.1:$SASL_PORT#" \
      -e "s#^advertised.listeners=.*#&,SASL_PLAINTEXT://127.0.0.1:$SASL_PORT#" \
      -e "s#^listener.security.protocol.map=.*#&,SASL_PLAINTEXT:SASL_PLAINTEXT#" "$dir/server.properties"
    printf '%s\n' "sasl.enabled.mechanisms=SCRAM-SHA-512" \
      "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;" \
      >> "$dir/server.properties"
    scram=(--add-scram "SCRAM-SHA-512=[name=$SASL_USER,password=$SASL_PASSWORD]")
  fi
  if [ -n "$SASL_PORT" ] && [ -n "$SASL_SSL_PORT" ]; then
    sed -i -e "s#^listeners=PLAINTEXT://[^,]*#&,EXTERNAL://127.0.0.1:$SASL_SSL_PORT#" \
      -e "s#^advertised.listeners=.*#&,EXTERNAL://localhost:$SASL_SSL_PORT#" \
      -e "s#^listener.security.protocol.map=.*#&,EXTERNAL:SASL_SSL#" "$dir/server.properties"
    printf '%s\n' \
      "listener.name.external.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;" \
      "listener.name.external.ssl.keystore.type=PEM" \
      "listener.name.external.ssl.keystore.location=${DEVSTACK_SSL_KEYSTORE:?DEVSTACK_SSL_KEYSTORE}" \
      "listener.name.external.ssl.key.password=${DEVSTACK_SSL_KEY_PASSWORD:?DEVSTACK_SSL_KEY_PASSWORD}" \
      >> "$dir/server.properties"
  fi
  local cp="$LIBS/*"
  if [ ! -f "$dir/data/meta.properties" ]; then
    local cid; cid=$(java -cp "$cp" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n1)
    java -cp "$cp" -Dlog4j2.configurationFile="$ROOT/devstack/kafka/log4j2.yaml" \
      kafka.tools.StorageTool format -t "$cid" -c "$dir/server.properties" --ignore-formatted ${scram[@]+"${scram[@]}"} \
      >"$VAR/log/kafka-format.log" 2>&1 || die "kafka storage format failed: see $VAR/log/kafka-format.log"
  fi
  nohup java -Xms256m -Xmx${DEVSTACK_KAFKA_HEAP:-768m} -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$ROOT/devstack/kafka/log4j2.yaml" -Dkafka.logs.dir="$VAR/log" \
    -cp "$cp" kafka.Kafka "$dir/server.properties" >"$VAR/log/kafka.log" 2>&1 &
  echo $! > "$pidf"
  echo "devstack: kafka starting (pid $(cat "$pidf"))"
}

start_ferretdb() {
  local pidf="$VAR/ferretdb.pid"
  if pid_alive "$pidf" || port_open "$MONGO_PORT"; then echo "devstack: ferretdb already up on $MONGO_PORT"; return; fi
  mkdir -p "$VAR/ferretdb" "$VAR/log"
  nohup "$FERRET_BIN" -listen "127.0.0.1:$MONGO_PORT" -dir "$VAR/ferretdb" >"$VAR/log/ferretdb.log" 2>&1 &
  echo $! > "$pidf"
  echo "devstack: ferretdb starting (pid $(cat "$pidf"))"
}

wait_port() {
  local name=$1 port=$2 pidf=$3 log=$4 i
  for i in $(seq 1 240); do
    if port_open "$port"; then echo "devstack: $name ready on 127.0.0.1:$port"; return; fi
    if [ -f "$pidf" ] && ! kill -0 "$(cat "$pidf")" 2>/dev/null; then
      tail -n 30 "$log" >&2; die "$name exited during start-up (log: $log)"
    fi
    sleep 0.5
  done
  die "$name did not open port $port within 120 s (log: $log)"
}

stop_one() {
  local name=$1 pidf=$2 i
  if ! pid_alive "$pidf"; then rm -f "$pidf"; return; fi
  local pid; pid=$(cat "$pidf")
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  rm -f "$pidf"; echo "devstack: $name stopped"
}

status_one() {
  local name=$1 pidf=$2 port=$3
  if pid_alive "$pidf"; then echo "$name: running (pid $(cat "$pidf"), 127.0.0.1:$port)"
  elif port_open "$port"; then echo "$name: something else answers on 127.0.0.1:$port"
  else echo "$name: stopped"; fi
}

case "${1:-}" in
  install) install_kafka; install_ferretdb ;;
  up)
    install_kafka; install_ferretdb
    start_ferretdb; start_kafka
    wait_port ferretdb "$MONGO_PORT" "$VAR/ferretdb.pid" "$VAR/log/ferretdb.log"
    wait_port kafka "$KAFKA_PORT" "$VAR/kafka.pid" "$VAR/log/kafka.log"
    echo "KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$KAFKA_PORT"
    echo "MONGODB_URL=mongodb://127.0.0.1:$MONGO_PORT/" ;;
  down) stop_one kafka "$VAR/kafka.pid"; stop_one ferretdb "$VAR/ferretdb.pid" ;;
  status)
    status_one kafka "$VAR/kafka.pid" "$KAFKA_PORT"
    status_one ferretdb "$VAR/ferretdb.pid" "$MONGO_PORT" ;;
  reset) "$0" down; rm -rf "$VAR/kafka" "$VAR/ferretdb"; echo "devstack: data removed" ;;
  *) echo "usage: $0 install|up|status|down|reset" >&2; exit 2 ;;
esac
