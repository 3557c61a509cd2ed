// SPDX-License-Identifier: Apache-2.0
// fd_renumber and fd_close, including on preopens and stdio. Modelled on
// the suite's renumber, overwrite_preopen, close_preopen and stdio tests.
// Unlike dup2, fd_renumber requires the destination to be open already.
#include "check.h"

static const char *WORK = "fd_renumber.dir";

static uint64_t ino_of(__wasi_fd_t fd) {
  __wasi_filestat_t st;
  return __wasi_fd_filestat_get(fd, &st) == 0 ? st.ino : 0;
}

int main(int argc, char **argv) {
  __wasi_fd_t scratch;
  __wasi_fd_t dir = open_work_dir(argc, argv, WORK, &scratch);
  __wasi_fd_t a, b, c;
  __wasi_fdstat_t sa, sb;
  const __wasi_rights_t rw = R(FD_READ) | R(FD_WRITE) | R(FD_FILESTAT_GET);

  require_ok("open a", open_file(dir, "a", __WASI_OFLAGS_CREAT, rw, __WASI_FDFLAGS_APPEND, &a));
  require_ok("open b", open_file(dir, "b", __WASI_OFLAGS_CREAT, rw, 0, &b));
  uint64_t ino_a = ino_of(a);
  require_ok("fdstat a", __wasi_fd_fdstat_get(a, &sa));
  EXPECT_OK("fd_renumber(a, b)", __wasi_fd_renumber(a, b));
  EXPECT("  fd_close(a) afterwards", __wasi_fd_close(a), E(BADF));
  EXPECT_OK("  fd_fdstat_get(b)", __wasi_fd_fdstat_get(b, &sb));
  check("  b now has a's filetype, flags and rights",
        sa.fs_filetype == sb.fs_filetype && sa.fs_flags == sb.fs_flags &&
            sa.fs_rights_base == sb.fs_rights_base &&
            sa.fs_rights_inheriting == sb.fs_rights_inheriting);
  check("  b now refers to file a", ino_of(b) == ino_a && ino_a != 0);
  EXPECT("fd_renumber(b, closed fd)", __wasi_fd_renumber(b, a), E(BADF));
  EXPECT("fd_renumber(closed fd, b)", __wasi_fd_renumber(a, b), E(BADF));
  EXPECT("fd_renumber(b, fd 1000)", __wasi_fd_renumber(b, 1000), E(BADF));
  EXPECT_OK("fd_renumber(b, b)", __wasi_fd_renumber(b, b));
  EXPECT_OK("  fd_fdstat_get(b) still open", __wasi_fd_fdstat_get(b, &sb));

  // Renumbering over a preopen replaces it (overwrite_preopen).
  int pre = find_preopen(argv[1]);
  check_u64("first preopen fd", pre, 3);
  require_ok("open c", __wasi_path_open(dir, 0, ".", __WASI_OFLAGS_DIRECTORY, DIR_BASE, 0, 0, &c));
  check("  new fd is above the preopen", c > (__wasi_fd_t)pre);
  uint64_t ino_work = ino_of(c);
  EXPECT_OK("fd_renumber(work dir fd, preopen fd)", __wasi_fd_renumber(c, pre));
  check("  preopen fd now refers to the work dir", ino_of(pre) == ino_work && ino_work != 0);
  EXPECT("  fd_fdstat_get(old fd)", __wasi_fd_fdstat_get(c, &sb), E(BADF));
  __wasi_prestat_t ps;
  EXPECT("  fd_prestat_get(preopen fd) is no longer a preopen", __wasi_fd_prestat_get(pre, &ps),
         E(BADF));
  // Handles opened from the old preopen keep working.
  __wasi_filestat_t st;
  EXPECT_OK("path_filestat_get via the earlier scratch handle",
            __wasi_path_filestat_get(scratch, 0, WORK, &st));
  EXPECT_OK("fd_close(preopen fd)", __wasi_fd_close(pre));
  EXPECT("  fd_fdstat_get(preopen fd) after close", __wasi_fd_fdstat_get(pre, &sb), E(BADF));
  EXPECT("  fd_close(preopen fd) again", __wasi_fd_close(pre), E(BADF));

  // stdio descriptors can be renumbered away like any other.
  require_ok("open s", open_file(dir, "s", __WASI_OFLAGS_CREAT, 0, 0, &c));
  EXPECT_OK("fd_renumber(stdin, file fd)", __wasi_fd_renumber(0, c));
  EXPECT("  fd_fdstat_get(stdin)", __wasi_fd_fdstat_get(0, &sb), E(BADF));
  EXPECT_OK("  fd_fdstat_get(file fd)", __wasi_fd_fdstat_get(c, &sb));
  EXPECT_OK("fd_renumber(stderr, file fd)", __wasi_fd_renumber(2, c));
  EXPECT("  fd_fdstat_get(stderr)", __wasi_fd_fdstat_get(2, &sb), E(BADF));
  EXPECT_OK("fd_close(file fd)", __wasi_fd_close(c));

  EXPECT_OK("fd_close(b)", __wasi_fd_close(b));
  EXPECT_OK("path_unlink_file(\"a\")", __wasi_path_unlink_file(dir, "a"));
  EXPECT_OK("path_unlink_file(\"b\")", __wasi_path_unlink_file(dir, "b"));
  EXPECT_OK("path_unlink_file(\"s\")", __wasi_path_unlink_file(dir, "s"));
  close_work_dir(scratch, dir, WORK);
  return finish();
}
