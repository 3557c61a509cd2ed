// SPDX-License-Identifier: Apache-2.0
// fd_advise and fd_allocate. Advice is only a hint and never changes the
// file; fd_allocate either grows the file to offset+len (never shrinking
// it) or is NOTSUP (wasmtime) - both are accepted by the suite's fd_advise
// and file_allocate tests, so both are accepted here, all-or-nothing.
#include "check.h"

static const char *WORK = "fd_advise_allocate.dir";

static uint64_t size_of(__wasi_fd_t fd) {
  __wasi_filestat_t st;
  return __wasi_fd_filestat_get(fd, &st) == 0 ? st.size : (uint64_t)-1;
}

int main(int argc, char **argv) {
  __wasi_fd_t scratch;
  __wasi_fd_t dir = open_work_dir(argc, argv, WORK, &scratch);
  __wasi_fd_t fd;
  require_ok("open file", open_file(dir, "file", __WASI_OFLAGS_CREAT, FILE_RIGHTS, 0, &fd));
  EXPECT_OK("fd_filestat_set_size(100)", __wasi_fd_filestat_set_size(fd, 100));

  static const char *names[] = {"NORMAL", "SEQUENTIAL", "RANDOM", "WILLNEED", "DONTNEED",
                                "NOREUSE"};
  for (int advice = 0; advice < 6; advice++) {
    char label[64];
    snprintf(label, sizeof label, "fd_advise(10, 50, %s)", names[advice]);
    EXPECT_OK(label, __wasi_fd_advise(fd, 10, 50, advice));
  }
  EXPECT_OK("fd_advise beyond EOF", __wasi_fd_advise(fd, 1000, 1000, __WASI_ADVICE_NORMAL));
  check_u64("  size unchanged by advice", size_of(fd), 100);
  EXPECT("fd_advise(advice 99)", __wasi_fd_advise(fd, 0, 10, 99), E(INVAL));

  __wasi_errno_t err = __wasi_fd_allocate(fd, 100, 100);
  EXPECT("fd_allocate(100, 100)", err, E(SUCCESS), E(NOTSUP));
  int grows = 1;
  if (err == 0) {
    grows = size_of(fd) == 200;
    grows = grows && __wasi_fd_allocate(fd, 10, 10) == 0 && size_of(fd) == 200;
    grows = grows && __wasi_fd_allocate(fd, 190, 20) == 0 && size_of(fd) == 210;
  }
  check("  if supported: grows to 200, never shrinks, then grows to 210", grows);
  EXPECT_OK("fd_close", __wasi_fd_close(fd));
  EXPECT("fd_advise on a closed fd", __wasi_fd_advise(fd, 0, 0, __WASI_ADVICE_NORMAL), E(BADF));
  EXPECT("fd_allocate on a closed fd", __wasi_fd_allocate(fd, 0, 1), E(BADF));

  // Without the right, on a file opened read-only.
  require_ok("reopen read-only", open_file(dir, "file", 0, R(FD_READ), 0, &fd));
  EXPECT("fd_allocate without FD_ALLOCATE", __wasi_fd_allocate(fd, 0, 1000), E(NOTCAPABLE),
         E(BADF), E(NOTSUP));
  EXPECT_OK("fd_close", __wasi_fd_close(fd));
  EXPECT_OK("path_unlink_file(\"file\")", __wasi_path_unlink_file(dir, "file"));
  close_work_dir(scratch, dir, WORK);
  return finish();
}
