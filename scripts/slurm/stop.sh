#!/usr/bin/env bash
# Stops the daemons scripts/slurm/start.sh started under BASE_DIR, by their pid files only (never by name).
# Usage: scripts/slurm/stop.sh [BASE_DIR]
BASE=${1:-/tmp/audio-audit-slurm}
export SLURM_CONF=$BASE/etc/slurm.conf
[[ -f $SLURM_CONF ]] && scontrol shutdown >/dev/null 2>&1 # asks slurmctld and slurmd to exit
for f in "$BASE/run/slurmd.pid" "$BASE/run/slurmctld.pid" "$BASE/munge/munged.pid"; do
  [[ -f $f ]] || continue
  p=$(cat "$f")
  # A stale pid file may name a pid reused by something else: only these daemons are signalled.
  [[ $(ps -p "$p" -o comm= 2>/dev/null) =~ ^(slurmd|slurmctld|munged)$ ]] || continue
  [[ $f == */munged.pid ]] && kill "$p" 2>/dev/null
  for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
  if kill -0 "$p" 2>/dev/null; then
    echo "stop.sh: $f: pid $p still running after 10 s, sending SIGKILL" >&2
    kill -9 "$p" 2>/dev/null
  fi
done
echo "stop.sh: slurm under $BASE stopped"
