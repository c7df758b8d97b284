# accept4.gdb: stop at each step of __sys_accept4 (docs/accept4.md).
# Usage: make gdb, then `source tools/gdb/accept4.gdb`, then `continue`.
# Breakpoints are on functions, not line numbers, so edits to socket.c
# do not move them. The helpers they stop in also run for open(), pipe(),
# socket() and a listener's close: each step's breakpoint fires only with
# __sys_accept4 among its callers ($_any_caller_is), so nothing prints
# while the system boots or other programs run. __sys_accept4's own
# print-return gives the result, errors by name (EAGAIN, EMFILE...).

set breakpoint pending on

break __sys_accept4
commands
  silent
  printf "accept4: fd=%d flags=%#x upeer=%p\n", fd, flags, upeer_sockaddr
  printf "  step 1-3: fget -> flags -> sock_from_file\n"
  print-return __sys_accept4
  continue
end

break sock_from_file if $_any_caller_is("__sys_accept4", 1)
commands
  silent
  printf "  step 3: sock_from_file(file=%p) f_op is socket_file_ops? %d\n", file, file->f_op == &socket_file_ops
  continue
end

break sock_alloc if $_any_caller_is("__sys_accept4", 1)
commands
  silent
  printf "  step 4: sock_alloc (the child's struct socket)\n"
  continue
end

break get_unused_fd_flags if $_any_caller_is("__sys_accept4", 1)
commands
  silent
  printf "  step 5: get_unused_fd_flags(%#x)\n", flags
  continue
end

break sock_alloc_file if $_any_caller_is("__sys_accept4", 1)
commands
  silent
  printf "  step 6: sock_alloc_file(sock=%p, flags=%#x)\n", sock, flags
  continue
end

break inet_accept if $_any_caller_is("__sys_accept4", 1)
commands
  silent
  printf "  step 7: inet_accept (stream socket) -> sk_prot->accept\n"
  continue
end

break inet_csk_accept if $_any_caller_is("__sys_accept4", 2)
commands
  silent
  printf "  step 7: inet_csk_accept: sk_state=%s accept queue %u (max %u) nonblock=%d rcvtimeo=%ld\n", tcp_state_names[sk->__sk_common.skc_state], sk->sk_ack_backlog, sk->sk_max_ack_backlog, (flags & 04000) != 0, sk->sk_rcvtimeo
  print-return inet_csk_accept
  continue
end

break reqsk_queue_remove if $_any_caller_is("__sys_accept4", 3)
commands
  silent
  printf "  step 7: reqsk_queue_remove: the oldest child %p (accept queue %u before)\n", queue->rskq_accept_head ? queue->rskq_accept_head->sk : 0, parent->sk_ack_backlog
  continue
end

break sock_graft if $_any_caller_is("__sys_accept4", 2)
commands
  silent
  printf "  step 7: sock_graft: child sk_state=%s, sk_err=%d, now owned by the new socket\n", tcp_state_names[sk->__sk_common.skc_state], sk->sk_err
  continue
end

break sock_no_accept if $_any_caller_is("__sys_accept4", 1)
commands
  silent
  printf "  step 7: ops->accept is sock_no_accept: EOPNOTSUPP (a datagram socket)\n"
  continue
end

break inet_getname if $_any_caller_is("__sys_accept4", 1)
commands
  silent
  printf "  step 8: getname(peer=%d)\n", peer
  continue
end

break move_addr_to_user if $_any_caller_is("__sys_accept4", 1)
commands
  silent
  printf "  step 9: move_addr_to_user(klen=%d)\n", klen
  continue
end

break fd_install if $_any_caller_is("__sys_accept4", 1)
commands
  silent
  printf "  step 10: fd_install(%d, %p) - the new fd is visible now\n", fd, f
  continue
end

break put_unused_fd if $_any_caller_is("__sys_accept4", 1)
commands
  silent
  printf "  unwind: put_unused_fd(%d)\n", fd
  continue
end
