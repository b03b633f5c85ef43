#!/bin/bash
# The cluster test (`npm run test:slurm`, as root on Debian/Ubuntu): installs Debian's SLURM and MUNGE,
# starts a one-node cluster on this machine, and runs the job-array scripts of docs/cluster.md exactly
# as that page says to submit them:
#   1. the array plus the afterok merge job; the merged file must equal a single-machine run byte for byte;
#   2. the same with one array task killed mid-run (scancel), the merge never starting (afterok), the
#      task resubmitted alone, then the merge: again byte for byte, and the killed task's finished
#      lines kept (its file resumed, not recomputed);
#   3. a ladders array (two of verify's quick ladders) into one evidence store per task, the afterok
#      evidence merge, then `verify --quick --only` those two checks on the merged store, which must
#      read back every replicate and compute none.
# Everything it starts (munged, slurmctld, slurmd) runs from a private directory with its own socket
# and ports and is stopped at the end, whatever happens. Exit 0 when all three hold.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARDS=${SHARDS:-4}
PORT_BASE=${SLURM_TEST_PORT:-16817}
T0=$(date +%s)
say() { printf '[slurm-test %3ds] %s\n' $(($(date +%s) - T0)) "$*"; }
fail() { say "FAIL: $*"; exit 1; }

[ "$(id -u)" = 0 ] || fail "run as root (it installs packages and starts the SLURM daemons)"

# --- install -------------------------------------------------------------------------------------
need=()
for b in slurmctld slurmd sbatch munged; do command -v "$b" >/dev/null || need+=("$b"); done
if [ ${#need[@]} -gt 0 ]; then
  say "installing slurmctld slurmd slurm-client munge (missing: ${need[*]})"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends slurmctld slurmd slurm-client munge >/dev/null
fi
say "slurm $(dpkg-query -W -f '${Version}' slurmctld), $(munged --version 2>&1 | head -1)"
T_INSTALLED=$(date +%s)

[ -f "$ROOT/dist/src/cli/main.js" ] || (cd "$ROOT" && npm run build >/dev/null)
ICL="node $ROOT/bin/icl-verify.js"

# --- a private one-node cluster ------------------------------------------------------------------
W=$(mktemp -d /tmp/icl-slurm-XXXXXX)
chmod 755 "$W"
PIDS=()
cleanup() {
  local rc=$?
  set +e
  [ -n "${SLURM_CONF:-}" ] && scancel --quiet --user=root 2>/dev/null
  for pidfile in "$W/slurmd.pid" "$W/slurmctld.pid" "$W/munge/munged.pid"; do
    [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null
  done
  sleep 1
  for pidfile in "$W/slurmd.pid" "$W/slurmctld.pid" "$W/munge/munged.pid"; do
    [ -f "$pidfile" ] && kill -9 "$(cat "$pidfile")" 2>/dev/null
  done
  if [ $rc -ne 0 ]; then
    for log in "$W"/slurmctld.log "$W"/slurmd.log; do [ -f "$log" ] && { echo "--- tail $log"; tail -15 "$log"; }; done
    echo "(work directory kept: $W)"
  else
    rm -rf "$W"
  fi
  say "daemons stopped"
  exit $rc
}
trap cleanup EXIT

mkdir -p "$W/munge" "$W/state" "$W/spool"
chown munge:munge "$W/munge"
chmod 755 "$W/munge"
SOCKET="$W/munge/munge.socket"
runuser -u munge -- munged --socket="$SOCKET" --pid-file="$W/munge/munged.pid" --log-file="$W/munge/munged.log" --seed-file="$W/munge/munged.seed"
munge --socket="$SOCKET" -n </dev/null | unmunge --socket="$SOCKET" >/dev/null || fail "munge round trip"

HOST=$(hostname -s)
CPUS=$(nproc)
MEM=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 * 9 / 10 ))
export SLURM_CONF="$W/slurm.conf"
cat >"$SLURM_CONF" <<EOF
ClusterName=iclverify
SlurmctldHost=$HOST
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$SOCKET
SlurmctldPort=$PORT_BASE
SlurmdPort=$((PORT_BASE + 1))
StateSaveLocation=$W/state
SlurmdSpoolDir=$W/spool
SlurmctldPidFile=$W/slurmctld.pid
SlurmdPidFile=$W/slurmd.pid
SlurmctldLogFile=$W/slurmctld.log
SlurmdLogFile=$W/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
ReturnToService=2
MinJobAge=600
KillWait=5
NodeName=$HOST CPUs=$CPUS RealMemory=$MEM State=UNKNOWN
PartitionName=debug Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
EOF
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
for _ in $(seq 60); do
  sinfo -h -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)' && break
  sleep 1
done
sinfo -h -o '%T' | grep -qE '^(idle|mixed|allocated)' || fail "node never came up: $(sinfo 2>&1)"
T_UP=$(date +%s)
say "cluster up: node $HOST, $CPUS CPUs ($(sinfo -h -o '%P %T'))"

# --- the scripts of docs/cluster.md --------------------------------------------------------------
extract() { # the bash block that follows <!-- NAME --> in docs/cluster.md
  awk -v m="<!-- $1 -->" '$0 == m {f = 1; next} f && /^```bash$/ {p = 1; next} p && /^```$/ {exit} p {print}' "$ROOT/docs/cluster.md"
}

state_of() { scontrol show job "$1" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | sort -u | sed 's/JobState=//' | tr '\n' ' '; }
# Waits until no task of the job is pending or running; prints the final states.
wait_job() {
  local s
  for _ in $(seq 900); do
    s=$(state_of "$1")
    case "$s" in *PENDING* | *RUNNING* | *CONFIGURING* | *COMPLETING* | *REQUEUED* | "") sleep 1 ;; *) echo "$s"; return 0 ;; esac
  done
  fail "job $1 still not finished after 900 s: $(state_of "$1")"
}

# A small sweep: theory points and simulation points costly enough (a few seconds per shard) for a
# task to be killed in the middle.
cat >"$W/spec.json" <<'EOF'
{
  "theory":   { "alpha": [1, 10, "inf"], "kappa": [0.5, 2, "inf"], "tau": [0.5, 2], "rho": [0.01], "lambda": [0, 0.1], "digits": 20 },
  "simulate": { "d": [40, 48, 64], "alpha": [2], "kappa": [0.5, "inf"], "tau": [1.5], "rho": [0.1], "lambda": [0.5],
                "assignment": ["random"], "replicates": 4, "seed": 7 }
}
EOF

say "single-machine reference run"
(cd "$W" && $ICL sweep spec.json --workers 1 --out single.jsonl 2>/dev/null && $ICL merge single.jsonl --out reference.jsonl 2>/dev/null)
POINTS=$(wc -l <"$W/reference.jsonl")

# One cluster run in its own directory, with the documented submission commands.
setup_run() {
  local d="$W/$1"
  mkdir -p "$d"
  cp "$W/spec.json" "$d/"
  extract sweep.sbatch >"$d/sweep.sbatch"
  extract merge.sbatch >"$d/merge.sbatch"
  [ -s "$d/sweep.sbatch" ] && [ -s "$d/merge.sbatch" ] || fail "docs/cluster.md: scripts not found"
  mkdir -p "$d/logs"
}
export ICL_VERIFY_HOME="$ROOT"
export SHARDS

# 1. The array and the dependent merge, as docs/cluster.md submits them (one CPU per task here, so
#    the two cores run two shards at once; the page's defaults ask for two).
say "run 1: sbatch --array=1-$SHARDS sweep.sbatch, then merge.sbatch with afterok"
setup_run run1
cd "$W/run1"
jid=$(sbatch --parsable --export=ALL --array=1-"$SHARDS" --cpus-per-task=1 --mem-per-cpu=1G sweep.sbatch)
mid=$(sbatch --parsable --export=ALL --dependency=afterok:"${jid%%;*}" merge.sbatch)
s=$(wait_job "${jid%%;*}")
[ "$s" = "COMPLETED " ] || fail "array $jid ended $s"
s=$(wait_job "${mid%%;*}")
[ "$s" = "COMPLETED " ] || fail "merge job $mid ended $s: $(cat logs/*merge* 2>/dev/null)"
cmp "$W/reference.jsonl" results/merged.jsonl || fail "run 1: merged file differs from the single-machine run"
say "run 1: array $jid ($SHARDS tasks) and merge $mid COMPLETED; results/merged.jsonl ($POINTS lines) == single-machine run, byte for byte"

# 2. Kill one task mid-run, resubmit it alone, then merge.
say "run 2: the same, with task 2 killed (scancel) after its first finished line"
setup_run run2
cd "$W/run2"
jid=$(sbatch --parsable --export=ALL --array=1-"$SHARDS" --cpus-per-task=1 --mem-per-cpu=1G sweep.sbatch)
jid=${jid%%;*}
mid=$(sbatch --parsable --export=ALL --dependency=afterok:"$jid" merge.sbatch)
mid=${mid%%;*}
shard2="results/shard-2-of-$SHARDS.jsonl"
for _ in $(seq 600); do
  [ -s "$shard2" ] && [ "$(wc -l <"$shard2")" -ge 1 ] && break
  sleep 0.2
done
[ -s "$shard2" ] || fail "task 2 wrote nothing"
scancel "${jid}_2"
wait_job "$jid" >/dev/null
kept=$(wc -l <"$shard2")
cp "$shard2" "$W/run2-before.jsonl"
task2=$(state_of "${jid}_2")
[ "$task2" = "CANCELLED " ] || fail "task 2 ended $task2, not CANCELLED (it finished before the kill: make the spec costlier)"
mstate=$(state_of "$mid")
[ "$mstate" = "PENDING " ] || fail "merge job should wait for afterok, is $mstate"
# The scheduler marks the dependency as never satisfiable on its next pass (docs/cluster.md says so).
for _ in $(seq 60); do
  mreason=$(scontrol show job "$mid" | grep -o 'Reason=[A-Za-z]*' | head -1)
  [ "$mreason" = "Reason=DependencyNeverSatisfied" ] && break
  sleep 1
done
[ "$mreason" = "Reason=DependencyNeverSatisfied" ] || fail "merge job pending with $mreason, not DependencyNeverSatisfied"
mstate="PENDING, $mreason"
say "run 2: task ${jid}_2 CANCELLED with $kept finished line(s) in its file; merge $mid not started ($mstate)"
scancel "$mid" 2>/dev/null || true
# The documented recovery: resubmit just the failed task, then the merge.
rid=$(sbatch --parsable --export=ALL --array=2 --cpus-per-task=1 --mem-per-cpu=1G sweep.sbatch)
rid=${rid%%;*}
s=$(wait_job "$rid")
[ "$s" = "COMPLETED " ] || fail "resubmitted task $rid ended $s"
mid=$(sbatch --parsable --export=ALL --dependency=afterok:"$rid" merge.sbatch)
mid=${mid%%;*}
s=$(wait_job "$mid")
[ "$s" = "COMPLETED " ] || fail "merge job $mid ended $s: $(cat logs/*merge* 2>/dev/null)"
# Nothing lost: every line finished before the kill is still there, unchanged, and was not recomputed.
head -n "$kept" "$shard2" | cmp - <(head -n "$kept" "$W/run2-before.jsonl") || fail "lines finished before the kill changed"
rlog=logs/icl-sweep-"${rid}"_2.out
grep -q " $kept already in $shard2" "$rlog" || fail "the resubmitted task did not resume from the $kept kept line(s): $(cat "$rlog")"
cmp "$W/reference.jsonl" results/merged.jsonl || fail "run 2: merged file differs from the single-machine run"
total2=$(wc -l <"$shard2")
say "run 2: resubmitted task $rid resumed its file ($kept line(s) kept, $((total2 - kept)) computed) and merge $mid COMPLETED; results/merged.jsonl == single-machine run, byte for byte"
say "resubmitted task's log: $(grep -h "already in" "$rlog")"

# 3. Verify's ladders as a job array of two rounds: each task fills its own evidence store, the merge
#    job puts them together; verify --all-held reads both rounds back, plain verify the design's one.
LADDER_IDS=(fig2a.idg.tau0.5 fig2b.icl.tau0.5)
say "run 3: sbatch --array=1-$SHARDS ladders.sbatch (quick ladders ${LADDER_IDS[*]}), then ladders-merge.sbatch with afterok"
d="$W/run3"
mkdir -p "$d/logs"
cd "$d"
printf '{"ladders": {"seed": 20250711, "quick": true, "rounds": 2, "only": ["%s", "%s"]}}\n' "${LADDER_IDS[@]}" >ladders.json
extract ladders.sbatch >ladders.sbatch
extract ladders-merge.sbatch >ladders-merge.sbatch
[ -s ladders.sbatch ] && [ -s ladders-merge.sbatch ] || fail "docs/cluster.md: ladders scripts not found"
T3=$(date +%s)
jid=$(sbatch --parsable --export=ALL --array=1-"$SHARDS" --cpus-per-task=1 --mem-per-cpu=1G ladders.sbatch)
mid=$(sbatch --parsable --export=ALL --dependency=afterok:"${jid%%;*}" ladders-merge.sbatch)
s=$(wait_job "${jid%%;*}")
[ "$s" = "COMPLETED " ] || fail "ladders array $jid ended $s: $(cat logs/icl-ladders-* 2>/dev/null)"
s=$(wait_job "${mid%%;*}")
[ "$s" = "COMPLETED " ] || fail "ladders merge job $mid ended $s: $(cat logs/icl-ladders-merge-* 2>/dev/null)"
T3A=$(date +%s)
replicates=$(grep -ho 'of [0-9]* ladder replicates' logs/icl-ladders-"${jid%%;*}"_1.out | grep -o '[0-9]*')
say "run 3: array $jid and merge $mid COMPLETED in $((T3A - T3)) s: $(grep -h 'entries copied' logs/icl-ladders-merge-*.out)"
only=$(printf '*sim.extrapolation.%s,' "${LADDER_IDS[@]}")
vout=$($ICL verify --quick --only "${only%,}" --figures none --report verify-report --evidence evidence/merged --all-held 2>&1) ||
  fail "verify --all-held on the merged store failed: $vout"
echo "$vout" | grep -q "the ladders used $replicates replicates, $replicates read back, 0 computed (all held)" ||
  fail "verify --all-held did not read every one of the $replicates replicates back: $(echo "$vout" | grep 'evidence:')"
say "run 3: verify --quick --only ${only%,} --evidence evidence/merged --all-held: $(echo "$vout" | grep -o 'the ladders used.*') ($(($(date +%s) - T3A)) s)"
T3B=$(date +%s)
vout=$($ICL verify --quick --only "${only%,}" --figures none --report verify-report --evidence evidence/merged 2>&1) ||
  fail "verify on the merged store failed: $vout"
echo "$vout" | grep -q "the ladders used $((replicates / 2)) replicates, $((replicates / 2)) read back, 0 computed" ||
  fail "verify did not read the design's $((replicates / 2)) replicates back: $(echo "$vout" | grep 'evidence:')"
say "run 3: verify (the design's round) on the same store: $(echo "$vout" | grep -o 'the ladders used.*') ($(($(date +%s) - T3B)) s)"

T_END=$(date +%s)
say "PASS: install $((T_INSTALLED - T0)) s, cluster start $((T_UP - T_INSTALLED)) s, runs $((T_END - T_UP)) s, total $((T_END - T0)) s"
