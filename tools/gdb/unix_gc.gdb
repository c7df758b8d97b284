# unix_gc.gdb: watch the AF_UNIX garbage collector (net/unix/garbage.c)
# take an unreachable cycle apart, one step at a time (docs/af-unix.md).
# Usage: make gdb APPEND="usertests=unix_gc_cycle_2 noservices", then
#   (gdb) source tools/gdb/unix_gc.gdb
#   (gdb) continue
# Breakpoints are on functions, not lines. dec_inflight, inc_inflight and
# inc_inflight_move_tail are only ever called through a pointer
# (scan_children's func), so they are never inlined; unix_sock_destructor
# is a socket's sk_destruct, likewise.

set breakpoint pending on
set $gc_step = 0

# unix-list HEAD: every unix_sock on a list threaded through unix_sock.link,
# with the two counts step 1 compares (in-flight copies, file references).
define unix-list
  set $h = (struct list_head *)&$arg0
  set $p = $h->next
  set $n = 0
  while $p != $h
    set $u = (struct unix_sock *)((char *)$p - (unsigned long)&((struct unix_sock *)0)->link)
    if $u->sk.sk_socket && $u->sk.sk_socket->file
      printf "    unix_sock %p: inflight %ld, file count %d, candidate %d\n", $u, $u->inflight, $u->sk.sk_socket->file->f_count.counter, $u->gc_candidate
    else
      printf "    unix_sock %p: inflight %ld, no file\n", $u, $u->inflight
    end
    set $p = $p->next
    set $n = $n + 1
  end
  printf "    (%d sockets)\n", $n
end

break unix_gc
commands
  silent
  if gc_in_progress
    printf "unix_gc: called again from a release inside step 4's purge: returns at once (gc_in_progress)\n"
  else
    printf "unix_gc: %ld files in flight (unix_gc_runs %lu, unix_gc_freed %lu)\n", unix_tot_inflight, unix_gc_runs, unix_gc_freed
    printf "  step 1: candidates are sockets whose every file reference is in flight:\n"
    unix-list gc_inflight_list
    set $gc_step = 1
  end
  continue
end

break dec_inflight
commands
  silent
  if $gc_step == 1
    printf "  step 2: the candidates; each queue's candidate files lose one count:\n"
    unix-list gc_candidates
    set $gc_step = 2
  end
  printf "  step 2: %p sits in a candidate's queue: inflight %ld -> %ld\n", u, u->inflight, u->inflight - 1
  continue
end

break inc_inflight_move_tail
commands
  silent
  printf "  step 3: %p is held by a live socket: inflight %ld -> %ld, revisited (maybe_cycle %d)\n", u, u->inflight, u->inflight + 1, u->gc_maybe_cycle
  continue
end

break inc_inflight
commands
  silent
  if $gc_step < 4
    printf "  step 4: garbage left on the candidate list (its skbs go to the hit list):\n"
    unix-list gc_candidates
    set $gc_step = 4
  end
  printf "  step 4: restore %p: inflight %ld -> %ld\n", u, u->inflight, u->inflight + 1
  continue
end

break unix_sock_destructor
commands
  silent
  printf "  freed: unix_sock %p (inflight %ld)\n", sk, ((struct unix_sock *)sk)->inflight
  continue
end
