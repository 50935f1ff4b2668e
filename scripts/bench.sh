#!/usr/bin/env bash
# Builds synthetic maps of 1,000, 10,000 and 20,000 handoffs with handoff
# (cold: empty graph cache; warm: the cache of the cold build) and the same
# handoffs as plain Markdown pages with Hugo, then prints wall time, peak
# memory and the ratios to Hugo. Each size runs in rounds of Hugo, cold and
# warm, and each time is the median of the rounds, because a shared machine
# makes single runs vary by a third.
#
# Usage: [ROUNDS=3] [SETTLE=0] scripts/bench.sh [SIZE...]
#        (default sizes: 1000 10000 20000)
# SETTLE is the number of seconds to wait between rounds; 65 on a
# filesystem where removing files slows creating new ones for a minute,
# such as ext4 without a journal (see docs-src/pages/benchmarks.md).
# Needs: go, hugo (Debian: apt-get install -y hugo), GNU time at
# /usr/bin/time (Debian: time), ps and awk. It installs nothing. Work files go to a new temporary folder, removed at the end
# unless KEEP=1.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
for tool in go hugo ps awk; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
[[ -x /usr/bin/time ]] || missing+=(/usr/bin/time)
if ((${#missing[@]})); then
  echo "bench.sh: missing: ${missing[*]}" >&2
  echo "bench.sh: install them first, e.g. on Debian: apt-get install -y hugo time procps gawk (and Go from go.dev)" >&2
  exit 1
fi

rounds=${ROUNDS:-3}
settle=${SETTLE:-0}
sizes=("$@")
((${#sizes[@]})) || sizes=(1000 10000 20000)
work=$(mktemp -d "${TMPDIR:-/tmp}/handoff-bench.XXXXXX")
[[ "${KEEP:-}" == 1 ]] || trap 'rm -rf "$work"' EXIT

go build -o "$work/handoff" ./cmd/handoff

# tree_rss PID prints the summed resident memory in KiB of PID and all
# its descendants, such as the render workers.
tree_rss() {
  ps -e -o pid=,ppid=,rss= | awk -v root="$1" '
    { parent[$1] = $2; rss[$1] = $3 }
    END {
      for (p in parent) {
        q = p
        while (q != "" && q != 0 && q != root) q = parent[q]
        if (q == root) sum += rss[p]
      }
      print sum + 0
    }'
}

# measure LABEL CMD... runs the command, samples the memory of its process
# tree every 50 ms, and sets $wall (seconds), $cpu (user and system seconds
# of the command and the child processes it waited for) and $peak (MiB).
measure() {
  local label=$1; shift
  local start end max=0 now
  start=$(date +%s.%N)
  /usr/bin/time -f "%U %S" -o "$work/$label.cpu" "$@" >"$work/$label.out" 2>"$work/$label.err" &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    now=$(tree_rss "$pid")
    ((now > max)) && max=$now
    sleep 0.05
  done
  if ! wait "$pid"; then
    echo "bench.sh: $label failed:" >&2
    cat "$work/$label.err" >&2
    exit 1
  fi
  end=$(date +%s.%N)
  wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
  cpu=$(awk '{ printf "%.2f", $1 + $2 }' "$work/$label.cpu")
  peak=$((max / 1024))
}

printf '%s\n' "machine: $(nproc) CPUs, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo); $(go version | cut -d' ' -f3); $(hugo version | cut -d' ' -f2)"
printf '%-9s %8s %8s %8s %9s %9s %10s %10s %10s %8s %8s %8s %8s\n' handoffs cold_s warm_s hugo_s cold/hugo warm/hugo cold_cpu_s warm_cpu_s hugo_cpu_s cold_MiB warm_MiB hugo_MiB mem/hugo
for n in "${sizes[@]}"; do
  systems=$((n / 5)) people=$((n * 3 / 100))
  ((people > 0)) || people=1
  map="$work/map-$n" site="$work/hugo-$n"
  "$work/handoff" __generate --out "$map" --handoffs "$n" --systems "$systems" --people "$people" --seed 1 --hugo "$site" >/dev/null
  # Hugo runs once before the rounds, so both tools read sources that are
  # in the page cache.
  (cd "$site" && hugo --quiet -d "$work/hugo-out-$n-first" >/dev/null)

  results=()
  for ((round = 1; round <= rounds; round++)); do
    # Nothing is removed between the runs of a round, and each round
    # waits SETTLE seconds first. On ext4 without a journal, creating files
    # is several times slower in the minute after thousands were removed,
    # so a removal would slow whichever run came next.
    ((round == 1)) || sleep "$settle"
    measure "hugo-$n" sh -c "cd '$site' && exec hugo --quiet -d '$work/hugo-out-$n-$round'"
    hugo=$wall hugo_cpu=$cpu hugo_mem=$peak
    cache="$work/cache-$n-$round"
    measure "cold-$n" "$work/handoff" build --src "$map" --out "$work/public-$n-$round" --now 2026-01-01 --cache-dir "$cache"
    cold=$wall cold_cpu=$cpu cold_mem=$peak
    measure "warm-$n" "$work/handoff" build --src "$map" --out "$work/public-$n-$round" --now 2026-01-01 --cache-dir "$cache"
    warm=$wall warm_cpu=$cpu warm_mem=$peak
    results+=("$cold $warm $hugo $cold_cpu $warm_cpu $hugo_cpu $cold_mem $warm_mem $hugo_mem")
  done
  sleep "$settle"

  # Each column is the median of the rounds, and memory the largest peak.
  printf '%s\n' "${results[@]}" | awk -v n="$n" '
    function median(col,    i, j, t, a) {
      for (i = 1; i <= NR; i++) a[i] = v[i, col]
      for (i = 2; i <= NR; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
      return NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
    }
    function largest(col,    i, m) {
      for (i = 1; i <= NR; i++) if (v[i, col] > m) m = v[i, col]
      return m
    }
    { for (c = 1; c <= NF; c++) v[NR, c] = $c }
    END {
      for (i = 1; i <= NR; i++) { v[i, 10] = v[i, 1] / v[i, 3]; v[i, 11] = v[i, 2] / v[i, 3] }
      c = median(1); w = median(2); h = median(3)
      cm = largest(7); wm = largest(8); hm = largest(9)
      m = (cm > wm ? cm : wm)
      printf "%-9d %8.2f %8.2f %8.2f %9.2f %9.2f %10.2f %10.2f %10.2f %8d %8d %8d %8.2f\n", n, c, w, h, median(10), median(11), median(4), median(5), median(6), cm, wm, hm, m / hm
    }'
  for ((round = 1; round <= rounds; round++)); do
    printf '  round %d: %s\n' "$round" "${results[round - 1]}"
  done
  sed -n 's/^built /  handoff cold: built /p' "$work/cold-$n.out"
  sed -n 's/^built /  handoff warm: built /p' "$work/warm-$n.out"
done
echo "each figure is the median of the rounds (ROUNDS=$rounds, SETTLE=$settle s between rounds), memory the largest peak; a round is Hugo, cold, warm"
echo "the ratios to Hugo are the medians of the ratios of each round, which compare runs made a few seconds apart"
echo "round columns: cold_s warm_s hugo_s cold_cpu_s warm_cpu_s hugo_cpu_s cold_MiB warm_MiB hugo_MiB"
echo "time: wall seconds; cpu: user + system seconds, render workers included"
echo "memory: peak of the summed resident memory of the process tree (handoff and its render workers), sampled every 50 ms"
