# Sourced by the scripts that need a real API server (apiserver-latency.sh, audit-cluster.sh): etcd and kube-apiserver
# v1.32 on loopback, with certificates of their own and an admin token. Needs $work and the caller's `started PID` (which
# stops it on exit) and `alive_or_die PID NAME LOG`.
#   test_apiserver_free_ports N        prints N free TCP ports on 127.0.0.1, on one line
#   test_apiserver_pki NAME            writes $work/pki: a CA, the API server's certificate, the service-account key pair,
#                                      an admin token (token, tokens.csv); sets pki
#   test_apiserver_kubeconfig NAME PORT writes $work/kubeconfig for the admin token; sets kubeconfig
#   test_apiserver_start_etcd NAME PORT PEER_PORT [ARGS...]   starts etcd and waits until it is healthy
#   test_apiserver_start NAME PORT ETCD_PORT TRIES [ARGS...]  starts kube-apiserver (RBAC, the token file) and waits up
#                                      to TRIES half-seconds for /readyz; sets apiserver (its URL)

test_apiserver_free_ports() {
  python3 - "$1" <<'PY'
import socket, sys
sockets = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in sockets:
    s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in sockets])
PY
}

test_apiserver_pki() {
  pki="$work/pki"
  mkdir -p "$pki"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=$1 CA" \
    -keyout "$pki/ca.key" -out "$pki/ca.crt" 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=kube-apiserver" -keyout "$pki/apiserver.key" -out "$pki/apiserver.csr" 2>/dev/null
  openssl x509 -req -in "$pki/apiserver.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial -days 2 -out "$pki/apiserver.crt" \
    -extfile <(printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n') 2>/dev/null
  openssl genrsa -out "$pki/sa.key" 2048 2>/dev/null
  openssl rsa -in "$pki/sa.key" -pubout -out "$pki/sa.pub" 2>/dev/null
  head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$pki/token"
  printf '%s,admin,admin-uid,"system:masters"\n' "$(cat "$pki/token")" >"$pki/tokens.csv"
}

test_apiserver_kubeconfig() {
  kubeconfig="$work/kubeconfig"
  cat >"$kubeconfig" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
- name: $1
  cluster:
    server: https://127.0.0.1:$2
    certificate-authority-data: $(base64 -w0 <"$pki/ca.crt")
users:
- name: admin
  user:
    token: $(cat "$pki/token")
contexts:
- name: $1
  context: {cluster: $1, user: admin}
current-context: $1
KUBECONFIG
}

test_apiserver_start_etcd() {
  local name="$1" port="$2" peer="$3" i
  shift 3
  mkdir -p "$work/etcd"
  chmod 700 "$work/etcd"
  "$etcd_bin" --name "$name" --data-dir "$work/etcd" "$@" \
    --listen-client-urls "http://127.0.0.1:$port" --advertise-client-urls "http://127.0.0.1:$port" \
    --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
    --initial-cluster "$name=http://127.0.0.1:$peer" --initial-cluster-state new --listen-metrics-urls "" \
    >"$work/etcd.log" 2>&1 </dev/null &
  etcd_pid=$!
  started "$etcd_pid"
  for i in $(seq 1 60); do
    curl -fsS --max-time 2 "http://127.0.0.1:$port/health" 2>/dev/null | grep -q '"health":"true"' && return 0
    alive_or_die "$etcd_pid" etcd "$work/etcd.log"
    sleep 0.5
  done
  echo "etcd not healthy after 30 s" >&2
  exit 2
}

test_apiserver_start() {
  local port="$2" etcd_port="$3" tries="$4" i
  shift 4
  "$apiserver_bin" --etcd-servers="http://127.0.0.1:$etcd_port" \
    --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$port" \
    --tls-cert-file="$pki/apiserver.crt" --tls-private-key-file="$pki/apiserver.key" \
    --client-ca-file="$pki/ca.crt" --token-auth-file="$pki/tokens.csv" --authorization-mode=RBAC \
    --service-cluster-ip-range=10.0.0.0/24 --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="$pki/sa.pub" --service-account-signing-key-file="$pki/sa.key" \
    --allow-privileged=true --endpoint-reconciler-type=none --enable-aggregator-routing=true "$@" \
    >"$work/kube-apiserver.log" 2>&1 </dev/null &
  apiserver_pid=$!
  started "$apiserver_pid"
  apiserver="https://127.0.0.1:$port"
  for i in $(seq 1 "$tries"); do
    curl -fsS --max-time 3 --cacert "$pki/ca.crt" -H "Authorization: Bearer $(cat "$pki/token")" "$apiserver/readyz" >/dev/null 2>&1 && return 0
    alive_or_die "$apiserver_pid" kube-apiserver "$work/kube-apiserver.log"
    sleep 0.5
  done
  echo "kube-apiserver not ready after $((tries / 2)) s" >&2
  exit 2
}
