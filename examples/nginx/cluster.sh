#!/usr/bin/env bash
# Starts a Parley cluster on this machine: N nodes (default 3) on PostgreSQL, Redis and RabbitMQ,
# behind nginx on 127.0.0.1:8080 (set LISTEN to change it). Ctrl-C stops everything it started.
#
#   examples/nginx/cluster.sh            # 3 nodes on 8081..8083, nginx on 127.0.0.1:8080
#   NODES=5 LISTEN=127.0.0.1:9000 examples/nginx/cluster.sh
#
# Needs nginx (apt-get install nginx-light) and the services at their default addresses; override
# with PARLEY_DB_URL, PARLEY_REDIS_URL, PARLEY_AMQP_URL, PARLEY_NAMESPACE. The nodes share one
# webhook signing secret: PARLEY_WEBHOOK_SECRET, or a random one printed at start.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/../.."

nodes=${NODES:-3}
listen=${LISTEN:-127.0.0.1:8080}
first_port=${FIRST_PORT:-8081}
work=$(mktemp -d /tmp/parley-cluster.XXXXXX)
command -v nginx >/dev/null || { echo "nginx is not installed: apt-get install nginx-light" >&2; exit 2; }

export PARLEY_STORE=postgres PARLEY_BUS=redis PARLEY_QUEUE=rabbitmq
export PARLEY_DB_URL=${PARLEY_DB_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}
export PARLEY_REDIS_URL=${PARLEY_REDIS_URL:-redis://127.0.0.1:6379}
export PARLEY_AMQP_URL=${PARLEY_AMQP_URL:-amqp://guest:guest@127.0.0.1:5672}
export PARLEY_NAMESPACE=${PARLEY_NAMESPACE:-parley-example}
if [[ -z "${PARLEY_WEBHOOK_SECRET:-}" ]]; then
  PARLEY_WEBHOOK_SECRET=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
  echo "webhook secret (receivers verify X-Parley-Signature with it): $PARLEY_WEBHOOK_SECRET"
fi
export PARLEY_WEBHOOK_SECRET

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "stopped; logs in $work"
}
trap cleanup EXIT INT TERM

./parley build -q >/dev/null # one build up front, not one per node
upstreams=""
for ((i = 0; i < nodes; i++)); do
  port=$((first_port + i))
  ./parley serve --host 127.0.0.1 --port "$port" --data-dir "$work/node$i" >"$work/node$i.log" 2>&1 &
  pids+=("$!")
  upstreams+="    server 127.0.0.1:$port;"$'\n'
done

sed -e "s|@PREFIX@|$work|g" -e "s|@LISTEN@|$listen|g" examples/nginx/nginx.conf.template |
  awk -v ups="$upstreams" '{ if ($0 == "@UPSTREAMS@") printf "%s", ups; else print }' >"$work/nginx.conf"
nginx -p "$work" -c "$work/nginx.conf" &
pids+=("$!")

for ((i = 0; i < nodes; i++)); do
  until curl -sf "http://127.0.0.1:$((first_port + i))/readyz" >/dev/null; do sleep 0.5; done
done
echo "Parley cluster of $nodes nodes behind nginx: http://$listen (Ctrl-C stops it)"
wait
