# listen.gdb: stop at each step of listen(2) (docs/listen.md).
# Usage: make gdb, then `source tools/gdb/listen.gdb`, then `continue`.
# Each breakpoint prints the step and the values that decide it, and goes
# on; print-return (tools/gdb/sockeye.py) prints what a step returned.
# Breakpoints are on functions, not line numbers. reqsk_queue_alloc also
# runs for every accepted child (inet_csk_clone_lock) and inet_csk_get_port
# for bind(); the listen lines are the ones between "listen:" and its
# "__sys_listen returned".

set breakpoint pending on

break __sys_listen
commands
  silent
  printf "listen: fd=%d backlog=%d, net.core.somaxconn=%d -> backlog %d\n", fd, backlog, sysctl_somaxconn, (unsigned)backlog > (unsigned)sysctl_somaxconn ? sysctl_somaxconn : backlog
  print-return __sys_listen
  continue
end

break inet_listen
commands
  silent
  printf "  inet_listen: sock->state=%d (SS_UNCONNECTED=1) type=%d (SOCK_STREAM=1) sk_state=%s sk_max_ack_backlog=%u -> %d\n", sock->state, sock->type, tcp_state_names[sock->sk->__sk_common.skc_state], sock->sk->sk_max_ack_backlog, backlog
  if sock->state != 1 || sock->type != 1 || (sock->sk->__sk_common.skc_state != 7 && sock->sk->__sk_common.skc_state != 10)
    printf "    -> EINVAL (not an unconnected stream socket in CLOSE or LISTEN)\n"
  end
  if sock->state == 1 && sock->type == 1 && sock->sk->__sk_common.skc_state == 10
    printf "    already listening: only sk_max_ack_backlog changes\n"
  end
  print-return inet_listen
  continue
end

break inet_csk_listen_start
commands
  silent
  printf "  inet_csk_listen_start: port %d (0: not bound, get_port picks one)\n", sk->__sk_common.skc_num
  continue
end

break reqsk_queue_alloc
commands
  silent
  printf "  reqsk_queue_alloc(%p): empty SYN and accept queues\n", queue
  continue
end

break inet_csk_get_port
commands
  silent
  printf "  get_port: inet_csk_get_port(snum=%d) sk_state=%s reuse=%d reuseport=%d\n", snum, tcp_state_names[sk->__sk_common.skc_state], sk->__sk_common.skc_reuse, sk->__sk_common.skc_reuseport
  print-return inet_csk_get_port
  continue
end

break inet_hash
commands
  silent
  printf "  hash: inet_hash, port %d into lhash[%d] (sk_state=%s)\n", sk->__sk_common.skc_num, sk->__sk_common.skc_num & 31, tcp_state_names[sk->__sk_common.skc_state]
  continue
end
