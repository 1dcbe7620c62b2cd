#!/usr/bin/env bash
# A single-node SLURM cluster on this machine, from Debian's packages (apt-get install slurm-wlm munge), to try
# `homeward ... --executor slurm` without a real cluster, and for CI. As root:
#
#   scripts/slurm-single-node.sh start    # munge key, slurm.conf naming this host, munged, slurmctld, slurmd
#   scripts/slurm-single-node.sh status   # sinfo
#   scripts/slurm-single-node.sh stop     # stops the three daemons (the configuration stays)
#
# The one node is this host (`hostname -s`) with the CPUs and memory `slurmd -C` reads off it, in one partition
# `debug`. Jobs run as the submitting user; there is no accounting database (sacct is not needed by homeward).
# It refuses to overwrite a slurm.conf it did not write, so it never clobbers a real cluster's configuration.
set -euo pipefail

CONF_DIR=${SLURM_CONF_DIR:-/etc/slurm}
CONF=$CONF_DIR/slurm.conf
MARK='# written by homeward scripts/slurm-single-node.sh'
STATE=/var/spool/slurmctld
SPOOL=/var/spool/slurmd
LOGS=/var/log/slurm
RUN=/run/homeward-slurm

die() {
  echo "slurm-single-node: $*" >&2
  exit 1
}

need() {
  command -v "$1" >/dev/null || die "$1 not found: apt-get install slurm-wlm munge"
}

# Waits up to $1 seconds for the command that follows to succeed.
wait_for() {
  local seconds=$1
  shift
  for _ in $(seq $((seconds * 5))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  return 1
}

start_munge() {
  install -d -o munge -g munge -m 0700 /etc/munge /var/lib/munge /var/log/munge
  install -d -o munge -g munge -m 0755 /run/munge
  if [ ! -s /etc/munge/munge.key ]; then
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
  fi
  chown munge:munge /etc/munge/munge.key
  chmod 0400 /etc/munge/munge.key
  if ! running /run/munge/munged.pid >/dev/null; then
    runuser -u munge -- /usr/sbin/munged
    wait_for 10 sh -c 'munge -n | unmunge' || die 'munged did not start (see /var/log/munge/munged.log)'
  fi
}

write_conf() {
  local host node cpus memory
  host=$(hostname -s)
  # "NodeName=<host> CPUs=2 Boards=1 ... RealMemory=24105": this machine as slurmd sees it.
  node=$(slurmd -C | head -n 1)
  case $node in NodeName=*) ;; *) die "slurmd -C printed no node line: $node" ;; esac
  cpus=$(sed -n 's/.* CPUs=\([0-9]*\).*/\1/p' <<<"$node")
  memory=$(sed -n 's/.* RealMemory=\([0-9]*\).*/\1/p' <<<"$node")
  if [ -e "$CONF" ] && ! grep -qxF "$MARK" "$CONF"; then
    die "$CONF exists and was not written by this script; not overwriting it"
  fi
  install -d "$CONF_DIR" "$STATE" "$SPOOL" "$LOGS" "$RUN"
  cat >"$CONF" <<EOF
$MARK
ClusterName=homeward
SlurmctldHost=$host(127.0.0.1)
AuthType=auth/munge
SlurmUser=root
StateSaveLocation=$STATE
SlurmdSpoolDir=$SPOOL
SlurmctldPidFile=$RUN/slurmctld.pid
SlurmdPidFile=$RUN/slurmd.pid
SlurmctldLogFile=$LOGS/slurmctld.log
SlurmdLogFile=$LOGS/slurmd.log
# No cgroups (containers often lack them): processes are tracked by their parent pids.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
# A job without --mem gets its CPUs' share of the memory (not the whole node, which would run one task at a time).
DefMemPerCPU=$((memory / cpus))
SchedulerType=sched/backfill
# Start array tasks as soon as CPUs free up (and within 2 s of a node coming back), and keep finished jobs visible
# to squeue for 5 minutes.
SchedulerParameters=batch_sched_delay=0,sched_min_interval=100000,bf_interval=2
MinJobAge=300
# A node that comes back (or is resumed) takes jobs again.
ReturnToService=2
SlurmdTimeout=30
MpiDefault=none
$node NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
}

node_idle() {
  sinfo -h -N -o '%T' | grep -qx idle
}

start() {
  [ "$(id -u)" -eq 0 ] || die 'run as root'
  need munged
  need slurmctld
  need slurmd
  start_munge
  write_conf
  running "$RUN/slurmctld.pid" >/dev/null || slurmctld
  wait_for 30 scontrol ping || die "slurmctld did not answer (see $LOGS/slurmctld.log)"
  running "$RUN/slurmd.pid" >/dev/null || slurmd
  if ! wait_for 60 node_idle; then
    # A node left drained or down by an earlier run (or a test) is put back in service.
    scontrol update nodename="$(hostname -s)" state=resume 2>/dev/null || true
    wait_for 30 node_idle || { sinfo -N -l >&2; die "the node is not idle (see $LOGS/slurmd.log)"; }
  fi
  sinfo
}

# The pid in a daemon's pid file, if that process is alive.
running() {
  local pid
  pid=$(cat "$1" 2>/dev/null || true)
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

# Stops the daemon of a pid file (only that process, by its id).
stop_daemon() {
  local pid
  pid=$(running "$1") || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 50); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.2
  done
  kill -9 "$pid" 2>/dev/null || true
}

stop() {
  # Jobs still queued would come back when the cluster starts again.
  scancel --quiet --full "--user=$(id -un)" 2>/dev/null || true
  stop_daemon "$RUN/slurmd.pid"
  stop_daemon "$RUN/slurmctld.pid"
  stop_daemon /run/munge/munged.pid
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  status) sinfo -N -l ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
