// SPDX-License-Identifier: Apache-2.0
// sock_accept, sock_recv, sock_send and sock_shutdown on descriptors that are
// not sockets. Preview1 has no way to create a socket, so all a runtime
// without inherited sockets can do is tell "bad fd" (BADF) from "not a
// socket" (NOTSOCK). Modelled on the suite's C sock_shutdown-not_sock and
// sock_shutdown-invalid_fd tests.
#include "check.h"

static const char *WORK = "sock.dir";

int main(int argc, char **argv) {
  __wasi_fd_t scratch;
  __wasi_fd_t dir = open_work_dir(argc, argv, WORK, &scratch);
  __wasi_fd_t file, newfd;
  __wasi_size_t n;
  __wasi_roflags_t roflags;
  uint8_t buf[4] = "abc";
  __wasi_iovec_t iov = {buf, sizeof buf};
  __wasi_ciovec_t ciov = {buf, 3};
  require_ok("open file", open_file(dir, "file", __WASI_OFLAGS_CREAT, FILE_RIGHTS, 0, &file));

  EXPECT("sock_shutdown(stdout, RD)", __wasi_sock_shutdown(1, __WASI_SDFLAGS_RD), E(NOTSOCK));
  EXPECT("sock_shutdown(regular file, WR)", __wasi_sock_shutdown(file, __WASI_SDFLAGS_WR),
         E(NOTSOCK));
  EXPECT("sock_shutdown(directory, RD|WR)",
         __wasi_sock_shutdown(dir, __WASI_SDFLAGS_RD | __WASI_SDFLAGS_WR), E(NOTSOCK));
  EXPECT("sock_shutdown(fd 1000, RD)", __wasi_sock_shutdown(1000, __WASI_SDFLAGS_RD), E(BADF));

  EXPECT("sock_accept(stdin)", __wasi_sock_accept(0, 0, &newfd), E(NOTSOCK));
  EXPECT("sock_accept(fd 1000)", __wasi_sock_accept(1000, 0, &newfd), E(BADF));
  EXPECT("sock_recv(regular file)", __wasi_sock_recv(file, &iov, 1, 0, &n, &roflags),
         E(NOTSOCK));
  EXPECT("sock_recv(fd 1000)", __wasi_sock_recv(1000, &iov, 1, 0, &n, &roflags), E(BADF));
  EXPECT("sock_send(stdout)", __wasi_sock_send(1, &ciov, 1, 0, &n), E(NOTSOCK));
  EXPECT("sock_send(fd 1000)", __wasi_sock_send(1000, &ciov, 1, 0, &n), E(BADF));

  // The descriptors are untouched by the failed calls.
  __wasi_fdstat_t st;
  EXPECT_OK("fd_fdstat_get(file) afterwards", __wasi_fd_fdstat_get(file, &st));
  EXPECT_OK("fd_close(file)", __wasi_fd_close(file));
  EXPECT("sock_shutdown(closed fd)", __wasi_sock_shutdown(file, __WASI_SDFLAGS_RD), E(BADF));
  EXPECT_OK("path_unlink_file(\"file\")", __wasi_path_unlink_file(dir, "file"));
  close_work_dir(scratch, dir, WORK);
  return finish();
}
