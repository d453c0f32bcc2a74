# Shared by the bench scripts (sourced): CPU pinning of load generator vs servers, and stopping a
# process with TERM, a grace period, then KILL.

# Sets pin_client and pin_server (command prefixes, empty on a single CPU): the load generator gets
# CPU 0 and the servers CPU 1, so a server's cost shows as throughput lost on its own core.
choose_pinning() {
  if (($(nproc) >= 2)); then
    pin_client=(taskset -c 0)
    pin_server=(taskset -c 1)
  else
    pin_client=()
    pin_server=()
  fi
}

# stop_pid PID [TENTHS]: SIGTERM, up to TENTHS tenths of a second (default 50) to exit, then SIGKILL; reaps it.
stop_pid() {
  local pid=$1 tenths=${2:-50}
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq "$tenths"); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
