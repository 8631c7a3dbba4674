#!/usr/bin/env bash
# Starts a single-node Slurm cluster (munged + slurmctld + slurmd) without systemd or cgroups, for test:cluster.
# Usage (as root): scripts/slurm/start.sh [BASE_DIR]    then: export SLURM_CONF=$BASE_DIR/etc/slurm.conf
#   SLURMCTLD_PORT / SLURMD_PORT (default 6817 / 6818) move the daemons off ports another cluster uses.
# Installs Debian's slurmctld slurmd slurm-client munge with apt-get when missing (about 10 s).
# Exit status: 0 the node is idle; 3 Slurm is missing and cannot be installed (the reason on stderr); 1 otherwise.
# Verified on Debian 12 (Slurm 22.05, munge 0.5). Stop with scripts/slurm/stop.sh BASE_DIR.
set -euo pipefail
BASE=${1:-/tmp/audio-audit-slurm}
CTLD_PORT=${SLURMCTLD_PORT:-6817}
SLURMD_PORT=${SLURMD_PORT:-6818}
HOST=$(hostname -s) # slurmd finds its NodeName entry by the short host name
NCPU=$(nproc)

have_slurm() { command -v slurmctld && command -v slurmd && command -v sbatch && command -v munged; } >/dev/null
if ! have_slurm; then
  cannot() { echo "start.sh: Slurm is not installed and cannot be installed: $*" >&2; exit 3; }
  [[ $(id -u) -eq 0 ]] || cannot "apt-get needs root (run: sudo apt-get install slurmctld slurmd slurm-client munge)"
  command -v apt-get >/dev/null || cannot "no apt-get on this system"
  log=$(mktemp)
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurmctld slurmd slurm-client munge; } >"$log" 2>&1; then
    reason=$(grep -E '^(E|W):' "$log" | head -n 3 | tr '\n' ' ')
    rm -f "$log"
    cannot "apt-get failed: ${reason:-see apt-get output}"
  fi
  rm -f "$log"
  have_slurm || cannot "apt-get succeeded but slurmctld, slurmd, sbatch or munged is still missing"
fi

rm -rf "$BASE/state" "$BASE/spool" "$BASE/run" "$BASE/munge"
mkdir -p "$BASE"/{etc,run,log,state,spool,munge}
chmod 755 "$BASE" "$BASE"/{etc,run,log,state,spool,munge}
# munged refuses a socket whose folders are not searchable by everyone (a mktemp -d folder is 0700).
d=$(cd "$BASE" && pwd)
while [[ $d != / ]]; do
  d=$(dirname "$d")
  if [[ $(( 0$(stat -c %a "$d") & 01 )) -eq 0 ]]; then
    echo "start.sh: $d is not searchable by all users (mode $(stat -c %a "$d")); munged needs every folder above its socket to be (chmod a+x)" >&2
    exit 1
  fi
done

# proctrack/linuxproc, task/none and jobacct_gather/none: no cgroups needed. batch_sched_delay=0 and
# sched_min_interval=0 start the next array tasks within about a second. No accounting database (so no sacct).
cat >"$BASE/etc/slurm.conf" <<CONF
ClusterName=audioaudit
SlurmctldHost=$HOST
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$BASE/munge/munge.socket
StateSaveLocation=$BASE/state
SlurmdSpoolDir=$BASE/spool
SlurmctldPidFile=$BASE/run/slurmctld.pid
SlurmdPidFile=$BASE/run/slurmd.pid
SlurmctldLogFile=$BASE/log/slurmctld.log
SlurmdLogFile=$BASE/log/slurmd.log
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
MailProg=/bin/true
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
MpiDefault=none
ReturnToService=2
NodeName=$HOST CPUs=$NCPU State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$BASE/etc/slurm.conf

# munge with its own key and socket under BASE: nothing in /etc/munge or /run/munge is needed or touched.
dd if=/dev/urandom of="$BASE/munge/munge.key" bs=1024 count=1 status=none
chmod 600 "$BASE/munge/munge.key"
munged --key-file="$BASE/munge/munge.key" --socket="$BASE/munge/munge.socket" \
  --pid-file="$BASE/munge/munged.pid" --log-file="$BASE/munge/munged.log" \
  --seed-file="$BASE/munge/munged.seed"

# Both daemonize and write their pid files (stop.sh stops them by those).
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"

state=''
for i in $(seq 1 150); do
  state=$(sinfo -h -o %T 2>/dev/null || true)
  if [[ $state == idle ]]; then
    echo "start.sh: slurm up: node $HOST ($NCPU CPUs) idle after $i polls; ports $CTLD_PORT/$SLURMD_PORT; SLURM_CONF=$SLURM_CONF"
    exit 0
  fi
  sleep 0.2
done
echo "start.sh: slurm did not come up within 30 s; node state '$state'" >&2
tail -n 30 "$BASE/log/slurmctld.log" "$BASE/log/slurmd.log" >&2 || true
exit 1
