// SPDX-License-Identifier: Apache-2.0
// Rights: what a preopen advertises, what path_open grants, and
// fd_fdstat_set_rights (which may only ever drop rights). Modelled on the
// suite's path_open_preopen, fd_fdstat_set_rights, truncation_rights,
// directory_seek and path_open_read_write. Cove tracks rights for real,
// so the suite's "host does not support rights" escape hatch is not taken.
#include "check.h"

static const char *WORK = "rights.dir";

static int has(__wasi_rights_t set, __wasi_rights_t want) { return (set & want) == want; }

static __wasi_fdstat_t fdstat(__wasi_fd_t fd) {
  __wasi_fdstat_t st;
  memset(&st, 0, sizeof st);
  require_ok("fd_fdstat_get", __wasi_fd_fdstat_get(fd, &st));
  return st;
}

static void preopen_rights(int pre) {
  // userlands (wasi-libc, Rust std) assume at least these on a preopened dir
  const __wasi_rights_t base =
      R(PATH_CREATE_DIRECTORY) | R(PATH_CREATE_FILE) | R(PATH_LINK_SOURCE) |
      R(PATH_LINK_TARGET) | R(PATH_OPEN) | R(FD_READDIR) | R(PATH_READLINK) |
      R(PATH_RENAME_SOURCE) | R(PATH_RENAME_TARGET) | R(PATH_SYMLINK) |
      R(PATH_REMOVE_DIRECTORY) | R(PATH_UNLINK_FILE) | R(PATH_FILESTAT_GET) |
      R(PATH_FILESTAT_SET_TIMES) | R(FD_FILESTAT_GET) | R(FD_FILESTAT_SET_TIMES);
  const __wasi_rights_t inheriting =
      base | R(FD_DATASYNC) | R(FD_READ) | R(FD_SEEK) | R(FD_FDSTAT_SET_FLAGS) | R(FD_SYNC) |
      R(FD_TELL) | R(FD_WRITE) | R(FD_ADVISE) | R(FD_ALLOCATE) | R(FD_FILESTAT_GET) |
      R(FD_FILESTAT_SET_SIZE) | R(FD_FILESTAT_SET_TIMES) | R(POLL_FD_READWRITE);
  __wasi_fdstat_t st = fdstat(pre);
  check_u64("preopen fs_filetype", st.fs_filetype, __WASI_FILETYPE_DIRECTORY);
  check_u64("preopen fs_flags", st.fs_flags, 0);
  check("preopen base rights include the 16 directory rights", has(st.fs_rights_base, base));
  check("preopen inheriting rights include the 27 rights the suite lists",
        has(st.fs_rights_inheriting, inheriting));
  check("preopen base rights exclude FD_WRITE, FD_SEEK, FD_FILESTAT_SET_SIZE",
        (st.fs_rights_base & (R(FD_WRITE) | R(FD_SEEK) | R(FD_FILESTAT_SET_SIZE))) == 0);

  __wasi_fd_t fd;
  EXPECT_OK("path_open(preopen, \".\") with its own rights",
            __wasi_path_open(pre, 0, ".", 0, st.fs_rights_base, st.fs_rights_inheriting, 0, &fd));
  EXPECT_OK("  fd_close", __wasi_fd_close(fd));
  EXPECT_OK("path_open(preopen, \".\") with no rights",
            __wasi_path_open(pre, 0, ".", 0, 0, 0, 0, &fd));
  EXPECT_OK("  fd_close", __wasi_fd_close(fd));
  EXPECT_OK("path_open(preopen, \".\", O_DIRECTORY, FD_READ)",
            __wasi_path_open(pre, 0, ".", __WASI_OFLAGS_DIRECTORY, R(FD_READ), 0, 0, &fd));
  EXPECT_OK("  fd_close", __wasi_fd_close(fd));
  EXPECT("path_open(preopen, \".\", O_DIRECTORY, FD_READ|FD_WRITE)",
         __wasi_path_open(pre, 0, ".", __WASI_OFLAGS_DIRECTORY, R(FD_READ) | R(FD_WRITE), 0, 0,
                          &fd),
         E(ISDIR));

  __wasi_fdstat_t io;
  EXPECT_OK("fd_fdstat_get(stdin)", __wasi_fd_fdstat_get(0, &io));
  check("  stdin has FD_READ", has(io.fs_rights_base, R(FD_READ)));
  EXPECT_OK("fd_fdstat_get(stdout)", __wasi_fd_fdstat_get(1, &io));
  check("  stdout has FD_WRITE", has(io.fs_rights_base, R(FD_WRITE)));
}

static void directory_rights(__wasi_fd_t dir) {
  // Rights that make no sense for a directory are silently not granted.
  __wasi_fd_t fd;
  __wasi_filesize_t pos;
  EXPECT_OK("path_create_directory(\"d\")", __wasi_path_create_directory(dir, "d"));
  EXPECT_OK("path_open(\"d\", O_DIRECTORY, FD_SEEK)",
            __wasi_path_open(dir, 0, "d", __WASI_OFLAGS_DIRECTORY, R(FD_SEEK), 0, 0, &fd));
  __wasi_fdstat_t st = fdstat(fd);
  check_u64("  fs_filetype", st.fs_filetype, __WASI_FILETYPE_DIRECTORY);
  check("  FD_SEEK not granted", (st.fs_rights_base & R(FD_SEEK)) == 0);
  EXPECT("  fd_seek on it", __wasi_fd_seek(fd, 0, __WASI_WHENCE_CUR, &pos), E(ISDIR),
         E(NOTCAPABLE), E(BADF));
  EXPECT_OK("  fd_close", __wasi_fd_close(fd));
  st = fdstat(dir);
  check("work dir: base rights exclude FD_FILESTAT_SET_SIZE",
        (st.fs_rights_base & R(FD_FILESTAT_SET_SIZE)) == 0);
  EXPECT_OK("path_remove_directory(\"d\")", __wasi_path_remove_directory(dir, "d"));
}

static void file_rights(__wasi_fd_t dir) {
  __wasi_fd_t fd;
  __wasi_size_t n;
  uint8_t buf[8];
  create_file(dir, "file");

  EXPECT_OK("path_open(file, FD_READ)", open_file(dir, "file", 0, R(FD_READ), 0, &fd));
  __wasi_fdstat_t st = fdstat(fd);
  check("  has FD_READ, not FD_WRITE",
        has(st.fs_rights_base, R(FD_READ)) && !(st.fs_rights_base & R(FD_WRITE)));
  check("  never more than requested", (st.fs_rights_base & ~R(FD_READ)) == 0);
  EXPECT_OK("  fd_read", read_bytes(fd, buf, sizeof buf, &n));
  EXPECT("  fd_write", write_bytes(fd, "x", 1, &n), E(BADF), E(NOTCAPABLE), E(ACCES));
  EXPECT_OK("  fd_close", __wasi_fd_close(fd));

  EXPECT_OK("path_open(file, FD_WRITE)", open_file(dir, "file", 0, R(FD_WRITE), 0, &fd));
  st = fdstat(fd);
  check("  has FD_WRITE, not FD_READ",
        has(st.fs_rights_base, R(FD_WRITE)) && !(st.fs_rights_base & R(FD_READ)));
  EXPECT_OK("  fd_write", write_bytes(fd, "x", 1, &n));
  EXPECT("  fd_read", read_bytes(fd, buf, sizeof buf, &n), E(BADF), E(NOTCAPABLE), E(ACCES));
  EXPECT_OK("  fd_close", __wasi_fd_close(fd));

  // fd_fdstat_set_rights can drop rights, never add them back.
  const __wasi_rights_t rw = R(FD_READ) | R(FD_WRITE) | R(FD_SEEK) | R(FD_TELL);
  EXPECT_OK("path_open(file, READ|WRITE|SEEK|TELL)", open_file(dir, "file", 0, rw, 0, &fd));
  EXPECT_OK("  fd_write", write_bytes(fd, "abcd", 4, &n));
  st = fdstat(fd);
  EXPECT_OK("fd_fdstat_set_rights(drop READ|WRITE)",
            __wasi_fd_fdstat_set_rights(fd, st.fs_rights_base & ~(R(FD_READ) | R(FD_WRITE)),
                                        st.fs_rights_inheriting));
  st = fdstat(fd);
  check("  READ and WRITE gone", (st.fs_rights_base & (R(FD_READ) | R(FD_WRITE))) == 0);
  check("  SEEK kept", has(st.fs_rights_base, R(FD_SEEK)));
  EXPECT("  fd_read", read_bytes(fd, buf, sizeof buf, &n), E(BADF), E(NOTCAPABLE));
  EXPECT("  fd_write", write_bytes(fd, "x", 1, &n), E(BADF), E(NOTCAPABLE));
  EXPECT("fd_fdstat_set_rights(add them back)",
         __wasi_fd_fdstat_set_rights(fd, st.fs_rights_base | rw, st.fs_rights_inheriting | rw),
         E(NOTCAPABLE));
  EXPECT_OK("  fd_close", __wasi_fd_close(fd));
  EXPECT("fd_fdstat_set_rights on a closed fd", __wasi_fd_fdstat_set_rights(fd, 0, 0), E(BADF));
}

static void truncation_rights(__wasi_fd_t dir) {
  // O_TRUNC needs PATH_FILESTAT_SET_SIZE on the directory, not
  // FD_FILESTAT_SET_SIZE on the new handle.
  __wasi_fd_t fd;
  __wasi_fdstat_t st = fdstat(dir);
  check("work dir has PATH_FILESTAT_SET_SIZE",
        has(st.fs_rights_base, R(PATH_FILESTAT_SET_SIZE)));
  EXPECT_OK("path_open(file, O_TRUNC)", open_file(dir, "file", __WASI_OFLAGS_TRUNC, 0, 0, &fd));
  EXPECT_OK("  fd_close", __wasi_fd_close(fd));
  EXPECT_OK("fd_fdstat_set_rights(dir, inheriting - FD_FILESTAT_SET_SIZE)",
            __wasi_fd_fdstat_set_rights(dir, st.fs_rights_base,
                                        st.fs_rights_inheriting & ~R(FD_FILESTAT_SET_SIZE)));
  EXPECT_OK("path_open(file, O_TRUNC) still works",
            open_file(dir, "file", __WASI_OFLAGS_TRUNC, 0, 0, &fd));
  EXPECT_OK("  fd_close", __wasi_fd_close(fd));
  st = fdstat(dir);
  EXPECT_OK("fd_fdstat_set_rights(dir, base - PATH_FILESTAT_SET_SIZE)",
            __wasi_fd_fdstat_set_rights(dir, st.fs_rights_base & ~R(PATH_FILESTAT_SET_SIZE),
                                        st.fs_rights_inheriting));
  st = fdstat(dir);
  check("  PATH_FILESTAT_SET_SIZE gone", (st.fs_rights_base & R(PATH_FILESTAT_SET_SIZE)) == 0);
  EXPECT("path_open(file, O_TRUNC) without it",
         open_file(dir, "file", __WASI_OFLAGS_TRUNC, 0, 0, &fd), E(PERM), E(NOTCAPABLE));

  // Path rights gate the matching path_* calls.
  EXPECT_OK("fd_fdstat_set_rights(dir, base - PATH_CREATE_DIRECTORY)",
            __wasi_fd_fdstat_set_rights(dir, st.fs_rights_base & ~R(PATH_CREATE_DIRECTORY),
                                        st.fs_rights_inheriting));
  EXPECT("path_create_directory without PATH_CREATE_DIRECTORY",
         __wasi_path_create_directory(dir, "nope"), E(NOTCAPABLE));
  EXPECT_OK("path_unlink_file(\"file\")", __wasi_path_unlink_file(dir, "file"));
}

int main(int argc, char **argv) {
  __wasi_fd_t scratch;
  __wasi_fd_t dir = open_work_dir(argc, argv, WORK, &scratch);
  int pre = find_preopen(argv[1]);
  check_u64("first preopen fd", pre, 3);
  preopen_rights(pre);
  directory_rights(dir);
  file_rights(dir);
  truncation_rights(dir);
  close_work_dir(scratch, dir, WORK);
  return finish();
}
