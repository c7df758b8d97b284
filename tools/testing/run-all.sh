#!/bin/sh
# Runs every test tier and prints one closing line "N passed, N failed"
# summed over all of them; exits non-zero if anything failed or a tier
# produced no summary (a crash or hang counts as a failure, never a pass),
# or a tier's PASS/FAIL/SKIP names differ from its `--list`.
#   1 unit       host unit tests (make unit)
#   2 ktest      in-kernel self-tests
#   3 usertests  in-guest syscall contract tests
#   4 shell/wire host-driven tests over the console and the network
#     (every tools/testing/test_*.py, e.g. test_evloop.py: httpd, evecho,
#     evchat and herd through hostfwd)
cd "$(dirname "$0")/../.."
out=tools/testing/out
mkdir -p "$out"
total_p=0; total_f=0
run_tier() {
	name="$1"; shift
	echo "== $name"
	# A tier that hangs is killed and counted as failed (each boot inside has its own timeout too).
	timeout 900 "$@" > "$out/$name.txt" 2>&1
	rc=$?
	cat "$out/$name.txt" | grep -aE "^FAIL" || true
	line=$(grep -aE '^[a-z_]+: [0-9]+ passed, [0-9]+ failed' "$out/$name.txt" | tail -n 1)
	if [ -z "$line" ]; then
		echo "$name: no summary line (rc=$rc), counted as 1 failure"
		total_f=$((total_f + 1))
		return
	fi
	echo "$line"
	p=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed.*/\1/')
	f=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed.*/\2/')
	[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
	# A tier that passed reported exactly the names its --list prints (its
	# manifest, sockeye_qemu.Results): the list is what runs, never a guess.
	# (A script still making a bare Results("NAME"), without a manifest, has
	# no --list yet: it would run its tests instead.)
	if [ "$f" -eq 0 ] && [ -n "$script" ] && ! grep -qE 'Results\("[a-z_]+"\)' "$script"; then
		python3 "$script" --list 2>&1 | sort > "$out/$name.list"
		grep -aoE '^(PASS|FAIL|SKIP) [^ ]+' "$out/$name.txt" | cut -d' ' -f2 | sort > "$out/$name.ran"
		if ! cmp -s "$out/$name.list" "$out/$name.ran"; then
			echo "$name: --list differs from what ran, counted as 1 failure:"
			diff "$out/$name.list" "$out/$name.ran" | grep -E '^[<>]' | head -n 10
			f=1
		fi
	fi
	total_p=$((total_p + p)); total_f=$((total_f + f))
}
script=
run_tier unit make -s unit
for script in tools/testing/test_*.py; do
	n=$(basename "$script" .py); n=${n#test_}
	run_tier "$n" python3 "$script"
done
echo "$total_p passed, $total_f failed"
[ "$total_f" -eq 0 ]
