# accept4.gdb: stop at each step of __sys_accept4 (docs/accept4.md).
# Usage: make gdb, then `source tools/gdb/accept4.gdb`, then `continue`.
# Breakpoints are on functions, not line numbers, so edits to socket.c
# do not move them. get_unused_fd_flags and fd_install also fire for open()
# and pipe(); the accept4 lines are the ones between "accept4:" and step 10.
# move_addr_to_user is static and may be inlined (then its breakpoint is skipped).
# reqsk_queue_remove also runs when a listener closes (inet_csk_listen_stop).

set breakpoint pending on

break __sys_accept4
commands
  silent
  printf "accept4: fd=%d flags=%#x upeer=%p\n", fd, flags, upeer_sockaddr
  printf "  step 1-3: fget -> flags -> sock_from_file\n"
  continue
end

break sock_from_file
commands
  silent
  printf "  step 3: sock_from_file(file=%p) f_op is socket_file_ops? %d\n", file, file->f_op == &socket_file_ops
  continue
end

break sock_alloc
commands
  silent
  printf "  step 4: sock_alloc (the child's struct socket)\n"
  continue
end

break get_unused_fd_flags
commands
  silent
  printf "  step 5: get_unused_fd_flags(%#x)\n", flags
  continue
end

break sock_alloc_file
commands
  silent
  printf "  step 6: sock_alloc_file(sock=%p, flags=%#x)\n", sock, flags
  continue
end

break inet_accept
commands
  silent
  printf "  step 7: inet_accept (stream socket) -> sk_prot->accept\n"
  continue
end

break inet_csk_accept
commands
  silent
  printf "  step 7: inet_csk_accept: sk_state=%s accept queue %u (max %u) nonblock=%d rcvtimeo=%ld\n", tcp_state_names[sk->__sk_common.skc_state], sk->sk_ack_backlog, sk->sk_max_ack_backlog, (flags & 04000) != 0, sk->sk_rcvtimeo
  print-return inet_csk_accept
  continue
end

break reqsk_queue_remove
commands
  silent
  printf "  step 7: reqsk_queue_remove: the oldest child %p (accept queue %u before)\n", queue->rskq_accept_head ? queue->rskq_accept_head->sk : 0, parent->sk_ack_backlog
  continue
end

break sock_graft
commands
  silent
  printf "  step 7: sock_graft: child sk_state=%s, sk_err=%d, now owned by the new socket\n", tcp_state_names[sk->__sk_common.skc_state], sk->sk_err
  continue
end

break sock_no_accept
commands
  silent
  printf "  step 7: ops->accept is sock_no_accept: EOPNOTSUPP (a datagram socket)\n"
  continue
end

break inet_getname
commands
  silent
  printf "  step 8: getname(peer=%d)\n", peer
  continue
end

break move_addr_to_user
commands
  silent
  printf "  step 9: move_addr_to_user(klen=%d)\n", klen
  continue
end

break fd_install
commands
  silent
  printf "  step 10: fd_install(%d, %p) - the new fd is visible now\n", fd, f
  continue
end

break put_unused_fd
commands
  silent
  printf "  unwind: put_unused_fd(%d)\n", fd
  continue
end
