// SPDX-License-Identifier: Apache-2.0
// path_open: creation flags, directories, path resolution inside the
// sandbox, trailing slashes and NULs. Modelled on the suite's
// interesting_paths, path_open_missing, path_open_create_existing,
// path_open_dirfd_not_dir, path_open_nonblock and path_open_preopen.
#include "check.h"

static const char *WORK = "path_open.dir";

static void expect_opens(const char *label, __wasi_fd_t dir, const char *path,
                         __wasi_oflags_t oflags, __wasi_filetype_t type) {
  __wasi_fd_t fd = 0;
  __wasi_errno_t err = __wasi_path_open(dir, 0, path, oflags, 0, 0, 0, &fd);
  EXPECT(label, err, E(SUCCESS));
  __wasi_fdstat_t st;
  st.fs_filetype = 0xff;
  if (err == 0) (void)__wasi_fd_fdstat_get(fd, &st);
  check_u64("  fs_filetype", st.fs_filetype, type);
  if (err == 0) (void)__wasi_fd_close(fd);
}

static __wasi_errno_t try_open(__wasi_fd_t dir, const char *path,
                               __wasi_oflags_t oflags, __wasi_rights_t rights) {
  __wasi_fd_t fd;
  __wasi_errno_t err = __wasi_path_open(dir, 0, path, oflags, rights, 0, 0, &fd);
  if (err == 0) (void)__wasi_fd_close(fd);
  return err;
}

int main(int argc, char **argv) {
  __wasi_fd_t scratch;
  __wasi_fd_t dir = open_work_dir(argc, argv, WORK, &scratch);
  __wasi_fd_t fd;

  EXPECT_OK("path_create_directory(\"dir\")", __wasi_path_create_directory(dir, "dir"));
  EXPECT_OK("path_create_directory(\"dir/nested\")",
            __wasi_path_create_directory(dir, "dir/nested"));
  create_file(dir, "dir/nested/file");

  // Plain opens.
  EXPECT("missing file without O_CREAT", try_open(dir, "missing", 0, 0), E(NOENT));
  EXPECT("missing parent directory", try_open(dir, "nodir/file", __WASI_OFLAGS_CREAT, 0),
         E(NOENT));
  EXPECT("empty path", try_open(dir, "", 0, 0), E(NOENT), E(INVAL));
  expect_opens("file by nested path", dir, "dir/nested/file", 0,
               __WASI_FILETYPE_REGULAR_FILE);
  expect_opens("directory without O_DIRECTORY", dir, "dir", 0,
               __WASI_FILETYPE_DIRECTORY);
  expect_opens("directory with O_DIRECTORY", dir, "dir", __WASI_OFLAGS_DIRECTORY,
               __WASI_FILETYPE_DIRECTORY);
  expect_opens("\".\" with O_DIRECTORY", dir, ".", __WASI_OFLAGS_DIRECTORY,
               __WASI_FILETYPE_DIRECTORY);
  expect_opens("\"..\"-free dotted path", dir,
               "dir/.//nested/../../dir/nested/../nested///./file", 0,
               __WASI_FILETYPE_REGULAR_FILE);
  expect_opens("\"..\" that stays inside", dir, "dir/..", __WASI_OFLAGS_DIRECTORY,
               __WASI_FILETYPE_DIRECTORY);

  // Creation flags.
  EXPECT("O_CREAT|O_EXCL on existing file",
         try_open(dir, "dir/nested/file", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL, 0),
         E(EXIST));
  EXPECT("O_CREAT|O_EXCL on existing directory",
         try_open(dir, "dir", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL, 0), E(EXIST));
  EXPECT_OK("O_CREAT|O_EXCL on new file",
            try_open(dir, "fresh", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL, 0));
  EXPECT_OK("path_unlink_file(\"fresh\")", __wasi_path_unlink_file(dir, "fresh"));
  // O_DIRECTORY never creates or truncates (wasmtime rejects the mix up front).
  EXPECT("O_DIRECTORY|O_CREAT",
         try_open(dir, "newdir", __WASI_OFLAGS_DIRECTORY | __WASI_OFLAGS_CREAT, 0),
         E(INVAL));
  EXPECT("O_DIRECTORY|O_TRUNC on a directory",
         try_open(dir, "dir", __WASI_OFLAGS_DIRECTORY | __WASI_OFLAGS_TRUNC, 0), E(INVAL),
         E(ISDIR));

  // Type mismatches.
  EXPECT("O_DIRECTORY on a regular file",
         try_open(dir, "dir/nested/file", __WASI_OFLAGS_DIRECTORY, 0), E(NOTDIR));
  EXPECT("file used as a path component",
         try_open(dir, "dir/nested/file/x", 0, 0), E(NOTDIR));
  require_ok("open file", __wasi_path_open(dir, 0, "dir/nested/file", 0, 0, 0, 0, &fd));
  EXPECT("path_open with a file as dirfd", try_open(fd, "foo", __WASI_OFLAGS_CREAT, 0),
         E(NOTDIR), E(NOTCAPABLE));
  EXPECT_OK("fd_close(file)", __wasi_fd_close(fd));
  EXPECT("path_open with a closed dirfd", try_open(fd, "foo", 0, 0), E(BADF));
  // Asking for write access to a directory is refused like open(O_RDWR) is.
  EXPECT("O_DIRECTORY with FD_READ|FD_WRITE",
         try_open(dir, ".", __WASI_OFLAGS_DIRECTORY, R(FD_READ) | R(FD_WRITE)), E(ISDIR));
  EXPECT_OK("O_DIRECTORY with FD_READ only",
            try_open(dir, ".", __WASI_OFLAGS_DIRECTORY, R(FD_READ)));
  EXPECT_OK("\".\" with FDFLAGS_NONBLOCK",
            __wasi_path_open(dir, 0, ".", 0, 0, 0, __WASI_FDFLAGS_NONBLOCK, &fd));
  EXPECT_OK("  fd_close", __wasi_fd_close(fd));

  // Trailing slashes: fine on directories, NOTDIR on files.
  expect_opens("directory with trailing slash", dir, "dir/nested/", 0,
               __WASI_FILETYPE_DIRECTORY);
  expect_opens("directory with trailing slashes", dir, "dir/nested///", 0,
               __WASI_FILETYPE_DIRECTORY);
  EXPECT("file with trailing slash", try_open(dir, "dir/nested/file/", 0, 0), E(NOTDIR),
         E(NOENT));
  EXPECT("file with trailing slashes", try_open(dir, "dir/nested/file///", 0, 0),
         E(NOTDIR), E(NOENT));
  EXPECT("O_CREAT of new name with trailing slash",
         try_open(dir, "newfile/", __WASI_OFLAGS_CREAT, 0), E(ISDIR), E(NOTDIR), E(NOENT),
         E(INVAL));

  // A trailing NUL is part of the path, never a terminator.
  static const char nul_path[] = "dir/nested/file\0";
  EXPECT("path with trailing NUL byte",
         raw_path_open(dir, nul_path, sizeof nul_path - 1, &fd), E(INVAL), E(ILSEQ),
         E(NOENT));

  // Escaping the sandbox: absolute paths and too many "..".
  EXPECT("absolute path", try_open(dir, "/dir/nested/file", 0, 0), E(PERM),
         E(NOTCAPABLE));
  // The sandbox root is the dirfd itself, not the preopen it came from:
  // leaving it even briefly is an escape (cap-std / wasi-filesystem rule).
  EXPECT("\"..\" out of the dirfd then back in",
         try_open(dir, "../path_open.dir/dir/nested/file", 0, 0), E(PERM), E(NOTCAPABLE));
  char escape[512];
  snprintf(escape, sizeof escape, "dir/nested/../../../../%s/x", argv[1]);
  EXPECT("\"..\" above the preopen", try_open(dir, escape, 0, 0), E(PERM), E(NOTCAPABLE));
  EXPECT("\"..\" from the preopen handle", try_open(scratch, "..", __WASI_OFLAGS_DIRECTORY, 0),
         E(PERM), E(NOTCAPABLE));

  // The same rules hold for the other path functions.
  __wasi_filestat_t fst;
  EXPECT("path_filestat_get(absolute)", __wasi_path_filestat_get(dir, 0, "/dir", &fst),
         E(PERM), E(NOTCAPABLE));
  EXPECT("path_create_directory(\"../../x\")",
         __wasi_path_create_directory(dir, "../../x"), E(PERM), E(NOTCAPABLE));
  EXPECT("path_unlink_file(\"../../x\")", __wasi_path_unlink_file(dir, "../../x"),
         E(PERM), E(NOTCAPABLE));

  EXPECT_OK("path_unlink_file(\"dir/nested/file\")",
            __wasi_path_unlink_file(dir, "dir/nested/file"));
  EXPECT_OK("path_remove_directory(\"dir/nested\")",
            __wasi_path_remove_directory(dir, "dir/nested"));
  EXPECT_OK("path_remove_directory(\"dir\")", __wasi_path_remove_directory(dir, "dir"));
  close_work_dir(scratch, dir, WORK);
  return finish();
}
