// SPDX-License-Identifier: Apache-2.0
// fd_filestat_get, path_filestat_get, fd_filestat_set_times and
// path_filestat_set_times. Timestamps must round-trip to the nanosecond.
// Modelled on the suite's path_filestat, fd_filestat_set, fstflags_validate,
// symlink_filestat and the C stat-dev-ino test.
#include "check.h"

static const char *WORK = "path_filestat_times.dir";

#define MTIM __WASI_FSTFLAGS_MTIM
#define ATIM __WASI_FSTFLAGS_ATIM
#define MTIM_NOW __WASI_FSTFLAGS_MTIM_NOW
#define ATIM_NOW __WASI_FSTFLAGS_ATIM_NOW
#define FOLLOW __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW

static __wasi_filestat_t stat_at(__wasi_fd_t dir, __wasi_lookupflags_t lf, const char *path) {
  __wasi_filestat_t st;
  memset(&st, 0, sizeof st);
  require_ok(path, __wasi_path_filestat_get(dir, lf, path, &st));
  return st;
}

static void stats(__wasi_fd_t dir) {
  __wasi_fd_t fd;
  __wasi_size_t n;
  __wasi_filestat_t fst, pst, other, dst;
  require_ok("open file", __wasi_path_open(dir, 0, "file", __WASI_OFLAGS_CREAT, FILE_RIGHTS,
                                           0, 0, &fd));
  EXPECT_OK("fd_write(5 bytes)", write_bytes(fd, "hello", 5, &n));
  EXPECT_OK("fd_filestat_get(file)", __wasi_fd_filestat_get(fd, &fst));
  EXPECT_OK("path_filestat_get(\"file\")", __wasi_path_filestat_get(dir, 0, "file", &pst));
  check_u64("  filetype", pst.filetype, __WASI_FILETYPE_REGULAR_FILE);
  check_u64("  size", pst.size, 5);
  check_u64("  nlink", pst.nlink, 1);
  check("  fd and path stats agree on dev, ino, size, mtim",
        fst.dev == pst.dev && fst.ino == pst.ino && fst.size == pst.size &&
            fst.mtim == pst.mtim);
  check("  timestamps are set (non-zero)", pst.mtim != 0 && pst.atim != 0 && pst.ctim != 0);
  EXPECT_OK("fd_close(file)", __wasi_fd_close(fd));

  create_file(dir, "other");
  other = stat_at(dir, 0, "other");
  check("two files: same dev, different ino", other.dev == pst.dev && other.ino != pst.ino);
  EXPECT_OK("path_create_directory(\"sub\")", __wasi_path_create_directory(dir, "sub"));
  dst = stat_at(dir, 0, "sub");
  check_u64("directory filetype", dst.filetype, __WASI_FILETYPE_DIRECTORY);
  EXPECT_OK("fd_filestat_get(work dir)", __wasi_fd_filestat_get(dir, &fst));
  check_u64("  filetype", fst.filetype, __WASI_FILETYPE_DIRECTORY);
  EXPECT_OK("path_remove_directory(\"sub\")", __wasi_path_remove_directory(dir, "sub"));
  EXPECT_OK("path_unlink_file(\"other\")", __wasi_path_unlink_file(dir, "other"));

  EXPECT("path_filestat_get(missing)", __wasi_path_filestat_get(dir, 0, "missing", &pst),
         E(NOENT));
  EXPECT("path_filestat_get(\"file/\")", __wasi_path_filestat_get(dir, 0, "file/", &pst),
         E(NOTDIR));
}

static void path_times(__wasi_fd_t dir) {
  __wasi_filestat_t st = stat_at(dir, 0, "file"), now;
  uint64_t atim = st.atim, mtim = st.mtim - 100;

  EXPECT_OK("path_filestat_set_times(MTIM = mtim - 100ns)",
            __wasi_path_filestat_set_times(dir, 0, "file", 0, mtim, MTIM));
  now = stat_at(dir, 0, "file");
  check("  mtim is exactly the value set", now.mtim == mtim);
  check("  atim unchanged", now.atim == atim);

  atim -= 12345;
  EXPECT_OK("path_filestat_set_times(ATIM = atim - 12345ns)",
            __wasi_path_filestat_set_times(dir, 0, "file", atim, 0, ATIM));
  now = stat_at(dir, 0, "file");
  check("  atim is exactly the value set", now.atim == atim);
  check("  mtim unchanged", now.mtim == mtim);

  // An arbitrary old date with every nanosecond digit significant.
  const uint64_t a = 1234567890123456789ull, m = 1111111111987654321ull;
  EXPECT_OK("path_filestat_set_times(ATIM|MTIM, 2009/2005 dates)",
            __wasi_path_filestat_set_times(dir, 0, "file", a, m, ATIM | MTIM));
  now = stat_at(dir, 0, "file");
  check_u64("  atim", now.atim, a);
  check_u64("  mtim", now.mtim, m);

  EXPECT("path_filestat_set_times(MTIM|MTIM_NOW)",
         __wasi_path_filestat_set_times(dir, 0, "file", 0, 5, MTIM | MTIM_NOW), E(INVAL));
  EXPECT("path_filestat_set_times(ATIM|ATIM_NOW)",
         __wasi_path_filestat_set_times(dir, 0, "file", 5, 0, ATIM | ATIM_NOW), E(INVAL));
  now = stat_at(dir, 0, "file");
  check("  rejected calls changed nothing", now.atim == a && now.mtim == m);

  uint64_t t0 = now_ns(__WASI_CLOCKID_REALTIME);
  EXPECT_OK("path_filestat_set_times(MTIM_NOW)",
            __wasi_path_filestat_set_times(dir, 0, "file", 0, 0, MTIM_NOW));
  uint64_t t1 = now_ns(__WASI_CLOCKID_REALTIME);
  now = stat_at(dir, 0, "file");
  // Filesystems round "now" to their own granularity; allow 2s either side.
  check("  mtim is the current time", now.mtim + 2000000000ull >= t0 &&
                                          now.mtim <= t1 + 2000000000ull);
  check("  atim unchanged", now.atim == a);
  EXPECT_OK("path_filestat_set_times(no flags) is a no-op",
            __wasi_path_filestat_set_times(dir, 0, "file", 1, 1, 0));
  __wasi_filestat_t again = stat_at(dir, 0, "file");
  check("  times unchanged", again.atim == now.atim && again.mtim == now.mtim);
  EXPECT("path_filestat_set_times(missing)",
         __wasi_path_filestat_set_times(dir, 0, "missing", 0, 0, MTIM_NOW), E(NOENT));
}

static void fd_times(__wasi_fd_t dir) {
  __wasi_fd_t fd;
  __wasi_size_t n;
  __wasi_filestat_t st;
  require_ok("open file", __wasi_path_open(dir, 0, "file", 0, FILE_RIGHTS, 0, 0, &fd));
  require_ok("fstat", __wasi_fd_filestat_get(fd, &st));
  uint64_t atim = st.atim, mtim = st.mtim - 100;
  EXPECT_OK("fd_filestat_set_times(MTIM = mtim - 100ns)",
            __wasi_fd_filestat_set_times(fd, 0, mtim, MTIM));
  EXPECT_OK("fd_filestat_get", __wasi_fd_filestat_get(fd, &st));
  check("  mtim is exactly the value set", st.mtim == mtim);
  check("  atim unchanged", st.atim == atim);
  check_u64("  size unchanged", st.size, 5);
  EXPECT("fd_filestat_set_times(MTIM|MTIM_NOW)",
         __wasi_fd_filestat_set_times(fd, 100, 200, MTIM | MTIM_NOW), E(INVAL));
  EXPECT("fd_filestat_set_times(ATIM|ATIM_NOW)",
         __wasi_fd_filestat_set_times(fd, 100, 200, ATIM | ATIM_NOW), E(INVAL));

  // Setting a time must not pin it: a later write moves mtim on again.
  const uint64_t old = 1000000000000000000ull;  // 2001-09-09
  EXPECT_OK("fd_filestat_set_times(ATIM|MTIM = 2001)",
            __wasi_fd_filestat_set_times(fd, old, old, ATIM | MTIM));
  EXPECT_OK("fd_write(1 byte)", write_bytes(fd, "!", 1, &n));
  EXPECT_OK("fd_filestat_get", __wasi_fd_filestat_get(fd, &st));
  check("  mtim moved past 2001 after the write", st.mtim > old);
  EXPECT_OK("fd_close", __wasi_fd_close(fd));
  EXPECT("fd_filestat_set_times on a closed fd",
         __wasi_fd_filestat_set_times(fd, 0, 0, MTIM_NOW), E(BADF));
}

static void symlink_times(__wasi_fd_t dir) {
  // Without SYMLINK_FOLLOW the symlink's own times change, not the target's.
  EXPECT_OK("path_symlink(\"file\", \"symlink\")", __wasi_path_symlink("file", dir, "symlink"));
  __wasi_filestat_t file0 = stat_at(dir, 0, "file");
  __wasi_filestat_t link0 = stat_at(dir, 0, "symlink");
  uint64_t link_mtim = link0.mtim - 200;
  EXPECT_OK("path_filestat_set_times(symlink, MTIM)",
            __wasi_path_filestat_set_times(dir, 0, "symlink", 0, link_mtim, MTIM));
  check("  symlink mtim changed", stat_at(dir, 0, "symlink").mtim == link_mtim);
  check("  target mtim unchanged", stat_at(dir, 0, "file").mtim == file0.mtim);
  check("  FOLLOW stat shows the target's mtim",
        stat_at(dir, FOLLOW, "symlink").mtim == file0.mtim);
  uint64_t target_mtim = file0.mtim - 300;
  EXPECT_OK("path_filestat_set_times(FOLLOW, symlink, MTIM)",
            __wasi_path_filestat_set_times(dir, FOLLOW, "symlink", 0, target_mtim, MTIM));
  check("  target mtim changed", stat_at(dir, 0, "file").mtim == target_mtim);
  check("  symlink mtim unchanged", stat_at(dir, 0, "symlink").mtim == link_mtim);
  EXPECT_OK("path_unlink_file(\"symlink\")", __wasi_path_unlink_file(dir, "symlink"));
}

int main(int argc, char **argv) {
  __wasi_fd_t scratch;
  __wasi_fd_t dir = open_work_dir(argc, argv, WORK, &scratch);
  stats(dir);
  path_times(dir);
  fd_times(dir);
  symlink_times(dir);
  EXPECT_OK("path_unlink_file(\"file\")", __wasi_path_unlink_file(dir, "file"));
  close_work_dir(scratch, dir, WORK);
  return finish();
}
