// SPDX-License-Identifier: Apache-2.0
// fd_prestat_get / fd_prestat_dir_name, and file operations attempted on a
// directory handle. Modelled on the suite's dir_fd_op_failures,
// close_preopen and path_open_preopen.
#include "check.h"

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  int pre = find_preopen(argv[1]);
  check_u64("scratch preopen found at fd", pre, 3);
  __wasi_prestat_t ps;
  EXPECT_OK("fd_prestat_get(3)", __wasi_fd_prestat_get(3, &ps));
  check_u64("  tag", ps.tag, __WASI_PREOPENTYPE_DIR);
  check("  pr_name_len is the guest name's length", ps.u.dir.pr_name_len == strlen(argv[1]));

  size_t len = ps.u.dir.pr_name_len;
  char name[300];
  memset(name, '#', sizeof name);
  EXPECT("fd_prestat_dir_name(3, buffer of 0)",
         __wasi_fd_prestat_dir_name(3, (uint8_t *)name, 0), E(NAMETOOLONG), E(INVAL));
  if (len > 0)
    EXPECT("fd_prestat_dir_name(3, buffer one short)",
           __wasi_fd_prestat_dir_name(3, (uint8_t *)name, len - 1), E(NAMETOOLONG), E(INVAL));
  else
    say("fd_prestat_dir_name(3, buffer one short) = NAMETOOLONG|INVAL\n");
  memset(name, '#', sizeof name);
  EXPECT_OK("fd_prestat_dir_name(3, exact buffer)",
            __wasi_fd_prestat_dir_name(3, (uint8_t *)name, len));
  check("  name equals argv[1]", memcmp(name, argv[1], len) == 0);
  memset(name, '#', sizeof name);
  EXPECT_OK("fd_prestat_dir_name(3, buffer one larger)",
            __wasi_fd_prestat_dir_name(3, (uint8_t *)name, len + 1));
  check("  name equals argv[1], no NUL required", memcmp(name, argv[1], len) == 0);

  EXPECT("fd_prestat_get(fd 1000)", __wasi_fd_prestat_get(1000, &ps), E(BADF));
  EXPECT("fd_prestat_dir_name(fd 1000)", __wasi_fd_prestat_dir_name(1000, (uint8_t *)name, 10),
         E(BADF));

  // A directory opened with path_open is not a preopen.
  __wasi_fdstat_t st;
  require_ok("fd_fdstat_get(3)", __wasi_fd_fdstat_get(3, &st));
  __wasi_fd_t dir;
  require_ok("path_open(3, \".\")", __wasi_path_open(3, 0, ".", __WASI_OFLAGS_DIRECTORY,
                                                     st.fs_rights_base, st.fs_rights_inheriting,
                                                     0, &dir));
  EXPECT("fd_prestat_get(opened dir)", __wasi_fd_prestat_get(dir, &ps), E(BADF));
  EXPECT("fd_prestat_dir_name(opened dir)", __wasi_fd_prestat_dir_name(dir, (uint8_t *)name, 10),
         E(BADF), E(NOTDIR));

  __wasi_filestat_t fst;
  EXPECT_OK("fd_filestat_get(dir)", __wasi_fd_filestat_get(dir, &fst));
  check_u64("  filetype", fst.filetype, __WASI_FILETYPE_DIRECTORY);
  EXPECT_OK("fd_fdstat_get(dir)", __wasi_fd_fdstat_get(dir, &st));
  check_u64("  fs_filetype", st.fs_filetype, __WASI_FILETYPE_DIRECTORY);
  check_u64("  fs_flags", st.fs_flags, 0);

  // File operations on a directory fail; the accepted errnos are the union
  // of what POSIX hosts (ISDIR), capability checks (NOTCAPABLE) and
  // descriptor-type checks (BADF) give, as in the suite.
  uint8_t buf[128];
  __wasi_iovec_t iov = {buf, sizeof buf};
  __wasi_ciovec_t ciov = {buf, sizeof buf};
  __wasi_size_t n;
  __wasi_filesize_t pos;
  EXPECT("fd_read(dir)", __wasi_fd_read(dir, &iov, 1, &n), E(ISDIR), E(BADF), E(NOTCAPABLE));
  EXPECT("fd_pread(dir)", __wasi_fd_pread(dir, &iov, 1, 0, &n), E(ISDIR), E(BADF),
         E(NOTCAPABLE));
  EXPECT("fd_write(dir)", __wasi_fd_write(dir, &ciov, 1, &n), E(ISDIR), E(BADF), E(NOTCAPABLE));
  EXPECT("fd_pwrite(dir)", __wasi_fd_pwrite(dir, &ciov, 1, 0, &n), E(ISDIR), E(BADF),
         E(NOTCAPABLE));
  EXPECT("fd_seek(dir, 0, CUR)", __wasi_fd_seek(dir, 0, __WASI_WHENCE_CUR, &pos), E(ISDIR),
         E(BADF), E(NOTCAPABLE));
  EXPECT("fd_seek(dir, 0, SET)", __wasi_fd_seek(dir, 0, __WASI_WHENCE_SET, &pos), E(ISDIR),
         E(BADF), E(NOTCAPABLE));
  EXPECT("fd_seek(dir, 0, END)", __wasi_fd_seek(dir, 0, __WASI_WHENCE_END, &pos), E(ISDIR),
         E(BADF), E(NOTCAPABLE));
  EXPECT("fd_tell(dir)", __wasi_fd_tell(dir, &pos), E(ISDIR), E(BADF), E(NOTCAPABLE));
  EXPECT("fd_allocate(dir)", __wasi_fd_allocate(dir, 0, 1), E(ISDIR), E(BADF), E(NOTCAPABLE));
  EXPECT("fd_filestat_set_size(dir)", __wasi_fd_filestat_set_size(dir, 0), E(ISDIR), E(INVAL),
         E(BADF), E(NOTCAPABLE));

  // Closing a preopen is allowed; other handles to the directory survive.
  EXPECT_OK("fd_close(3)", __wasi_fd_close(3));
  EXPECT("fd_fdstat_get(3) after close", __wasi_fd_fdstat_get(3, &st), E(BADF));
  EXPECT("fd_prestat_get(3) after close", __wasi_fd_prestat_get(3, &ps), E(BADF));
  EXPECT_OK("fd_fdstat_get(dir) still works", __wasi_fd_fdstat_get(dir, &st));
  check_u64("  filetype", st.fs_filetype, __WASI_FILETYPE_DIRECTORY);
  EXPECT_OK("fd_close(dir)", __wasi_fd_close(dir));
  return finish();
}
