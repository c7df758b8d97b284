# evloop.gdb: httpd's accept, from the packet that completes the handshake to
# the new fd, in the kernel and in the event loop (docs/event-loop.md).
#
# Usage: boot with services (httpd listens on 80), e.g. `make gdb`, then
#   (gdb) source tools/gdb/evloop.gdb
#   (gdb) continue
# and wait for "init: starting shell" in the guest console; then on the host
#   curl http://127.0.0.1:PORT/        (PORT: the "httpd:" line qemu.sh printed)
# Each step prints a line and goes on (httpd's own fd_install lines at boot
# are its loop being set up: epoll, the spare /dev/null, the listener, the
# signal pipe); the script stops (no continue) in
# inet_csk_accept when httpd's accept4 finds the child, with a backtrace from
# the system call down. `continue` then finishes the accept, shows
# server_io -> on_connection -> ev_accept in httpd, a second accept4 that returns
# EAGAIN (the "until EAGAIN" of the loop), and the fd_install of the file
# httpd opens for the request.
#
# Only httpd's own steps are shown (current_task->comm == "httpd"), except
# the wake-up, which runs in softirq for whoever was on the CPU: it is picked
# by the listener's state and port (TCP_LISTEN = 10, port 80).

set breakpoint pending on

# The child is on the accept queue; the listener's sk_data_ready wakes its
# waiters: httpd's epoll item (ep_poll_callback) is one of them.
break sock_def_readable if sk->__sk_common.skc_state == 10 && sk->__sk_common.skc_num == 80
commands
  silent
  printf "wake: listener :80 readable, accept queue %u/%u -> sock_def_readable -> ep_poll_callback\n", sk->sk_ack_backlog, sk->sk_max_ack_backlog
  continue
end

break __sys_accept4 if $_streq(current_task->comm, "httpd")
commands
  silent
  printf "httpd: accept4(fd=%d, flags=%#x) SOCK_NONBLOCK=%d SOCK_CLOEXEC=%d\n", fd, flags, (flags & 04000) != 0, (flags & 02000000) != 0
  print-return __sys_accept4
  continue
end

# Stops here: httpd takes the child off a non-empty queue.
break inet_csk_accept if $_streq(current_task->comm, "httpd") && sk->sk_ack_backlog > 0
commands
  silent
  printf "httpd: inet_csk_accept: %u waiting, nonblocking=%d - stopped; bt shows the path, continue goes on\n", sk->sk_ack_backlog, (flags & 04000) != 0
  bt
end

break fd_install if $_streq(current_task->comm, "httpd")
commands
  silent
  printf "httpd: fd_install(%d): the connection is a file descriptor\n", fd
  continue
end

# The user side: httpd's symbols (static, linked at 0x08048000). All user
# programs share those addresses, hence the same condition on comm.
add-symbol-file build/user/bin/httpd
break server_io if $_streq(current_task->comm, "httpd")
commands
  silent
  printf "httpd: server_io (uv__server_io): the listener is readable, accept4 until EAGAIN\n"
  continue
end

break ev_accept if $_streq(current_task->comm, "httpd")
commands
  silent
  printf "httpd: ev_accept (uv_accept) from on_connection (connection_cb): fd %d becomes a stream\n", srv->accepted_fd
  continue
end
