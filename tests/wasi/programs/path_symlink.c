// SPDX-License-Identifier: Apache-2.0
// path_symlink, path_readlink and how path_open / path_filestat_get treat
// symlinks (LOOKUPFLAGS_SYMLINK_FOLLOW or not). Modelled on the suite's
// symlink_create, readlink, nofollow_errors, dangling_symlink, symlink_loop,
// path_exists and path_symlink_trailing_slashes.
#include "check.h"

static const char *WORK = "path_symlink.dir";

static __wasi_errno_t open_at(__wasi_fd_t dir, __wasi_lookupflags_t lf, const char *path,
                              __wasi_oflags_t oflags) {
  __wasi_fd_t fd;
  __wasi_errno_t err = __wasi_path_open(dir, lf, path, oflags, 0, 0, 0, &fd);
  if (err == 0) (void)__wasi_fd_close(fd);
  return err;
}

static int type_at(__wasi_fd_t dir, __wasi_lookupflags_t lf, const char *path) {
  __wasi_filestat_t st;
  __wasi_errno_t err = __wasi_path_filestat_get(dir, lf, path, &st);
  return err ? -(int)err : st.filetype;
}

#define FOLLOW __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW

int main(int argc, char **argv) {
  __wasi_fd_t scratch;
  __wasi_fd_t dir = open_work_dir(argc, argv, WORK, &scratch);

  // Symlink to a file.
  create_file(dir, "target");
  EXPECT_OK("path_symlink(\"target\", \"symlink\")", __wasi_path_symlink("target", dir, "symlink"));
  check_u64("path_filestat_get(symlink) filetype", type_at(dir, 0, "symlink"),
            __WASI_FILETYPE_SYMBOLIC_LINK);
  check_u64("path_filestat_get(FOLLOW, symlink) filetype", type_at(dir, FOLLOW, "symlink"),
            __WASI_FILETYPE_REGULAR_FILE);
  EXPECT_OK("path_open(FOLLOW, symlink)", open_at(dir, FOLLOW, "symlink", 0));
  EXPECT("path_open(symlink) without FOLLOW", open_at(dir, 0, "symlink", 0), E(LOOP));
  EXPECT("path_open(FOLLOW, symlink to file, O_DIRECTORY)",
         open_at(dir, FOLLOW, "symlink", __WASI_OFLAGS_DIRECTORY), E(NOTDIR));
  EXPECT("path_open(symlink to file, O_DIRECTORY) without FOLLOW",
         open_at(dir, 0, "symlink", __WASI_OFLAGS_DIRECTORY), E(LOOP), E(NOTDIR));

  // path_readlink returns the raw target, without a NUL, truncated to fit.
  uint8_t buf[10];
  __wasi_size_t used = 0;
  memset(buf, 0, sizeof buf);
  EXPECT_OK("path_readlink(symlink, 10-byte buffer)",
            __wasi_path_readlink(dir, "symlink", buf, sizeof buf, &used));
  check_u64("  bufused", used, 6);
  check("  buffer holds \"target\" and the rest is untouched",
        memcmp(buf, "target\0\0\0\0", 10) == 0);
  memset(buf, 0, sizeof buf);
  EXPECT_OK("path_readlink(symlink, 4-byte buffer)",
            __wasi_path_readlink(dir, "symlink", buf, 4, &used));
  check_u64("  bufused", used, 4);
  check("  buffer holds \"targ\"", memcmp(buf, "targ\0", 5) == 0);
  EXPECT("path_readlink on a regular file",
         __wasi_path_readlink(dir, "target", buf, sizeof buf, &used), E(INVAL));
  EXPECT("path_readlink on a missing path",
         __wasi_path_readlink(dir, "missing", buf, sizeof buf, &used), E(NOENT));

  // Names that already exist, with and without trailing slashes.
  EXPECT("path_symlink over an existing symlink", __wasi_path_symlink("x", dir, "symlink"),
         E(EXIST));
  EXPECT("path_symlink over an existing file", __wasi_path_symlink("x", dir, "target"),
         E(EXIST));
  EXPECT("path_symlink over an existing file + \"/\"", __wasi_path_symlink("x", dir, "target/"),
         E(NOTDIR), E(EXIST));
  EXPECT_OK("path_unlink_file(\"symlink\")", __wasi_path_unlink_file(dir, "symlink"));
  EXPECT_OK("path_unlink_file(\"target\")", __wasi_path_unlink_file(dir, "target"));

  // Symlink to a directory.
  EXPECT_OK("path_create_directory(\"target\")", __wasi_path_create_directory(dir, "target"));
  EXPECT_OK("path_symlink(\"target\", \"symlink\")", __wasi_path_symlink("target", dir, "symlink"));
  check_u64("path_filestat_get(FOLLOW, dir symlink) filetype", type_at(dir, FOLLOW, "symlink"),
            __WASI_FILETYPE_DIRECTORY);
  EXPECT_OK("path_open(FOLLOW, dir symlink, O_DIRECTORY)",
            open_at(dir, FOLLOW, "symlink", __WASI_OFLAGS_DIRECTORY));
  EXPECT("path_open(dir symlink, O_DIRECTORY) without FOLLOW",
         open_at(dir, 0, "symlink", __WASI_OFLAGS_DIRECTORY), E(LOOP), E(NOTDIR));
  EXPECT("path_open(dir symlink) without FOLLOW", open_at(dir, 0, "symlink", 0), E(LOOP),
         E(ACCES));
  // Symlinks in the middle of a path are always followed.
  create_file(dir, "target/inner");
  check_u64("path_filestat_get(\"symlink/inner\") filetype", type_at(dir, 0, "symlink/inner"),
            __WASI_FILETYPE_REGULAR_FILE);
  EXPECT("path_symlink over an existing dir", __wasi_path_symlink("x", dir, "target"), E(EXIST));
  EXPECT("path_symlink over an existing dir + \"/\"", __wasi_path_symlink("x", dir, "target/"),
         E(EXIST));
  // A symlink is removed with path_unlink_file even when it points at a dir.
  EXPECT("path_remove_directory on a dir symlink",
         __wasi_path_remove_directory(dir, "symlink"), E(NOTDIR));
  EXPECT_OK("path_unlink_file on a dir symlink", __wasi_path_unlink_file(dir, "symlink"));
  EXPECT_OK("path_unlink_file(\"target/inner\")", __wasi_path_unlink_file(dir, "target/inner"));
  EXPECT_OK("path_remove_directory(\"target\")", __wasi_path_remove_directory(dir, "target"));

  // Dangling symlinks can be created, inspected and removed.
  EXPECT("path_symlink to a new name + \"/\"", __wasi_path_symlink("source", dir, "dangling/"),
         E(NOENT));
  EXPECT_OK("path_symlink(\"missing\", \"dangling\")",
            __wasi_path_symlink("missing", dir, "dangling"));
  check_u64("path_filestat_get(dangling) filetype", type_at(dir, 0, "dangling"),
            __WASI_FILETYPE_SYMBOLIC_LINK);
  EXPECT("path_filestat_get(FOLLOW, dangling)", -type_at(dir, FOLLOW, "dangling"), E(NOENT));
  EXPECT("path_open(dangling) without FOLLOW", open_at(dir, 0, "dangling", 0), E(LOOP));
  EXPECT("path_open(dangling, O_DIRECTORY) without FOLLOW",
         open_at(dir, 0, "dangling", __WASI_OFLAGS_DIRECTORY), E(NOTDIR), E(LOOP));
  EXPECT("path_open(FOLLOW, dangling)", open_at(dir, FOLLOW, "dangling", 0), E(NOENT));
  EXPECT_OK("path_unlink_file(\"dangling\")", __wasi_path_unlink_file(dir, "dangling"));

  // Loops.
  EXPECT_OK("path_symlink(\"loop\", \"loop\")", __wasi_path_symlink("loop", dir, "loop"));
  EXPECT("path_open(loop) without FOLLOW", open_at(dir, 0, "loop", 0), E(LOOP));
  EXPECT("path_open(FOLLOW, loop)", open_at(dir, FOLLOW, "loop", 0), E(LOOP));
  EXPECT("path_filestat_get(FOLLOW, loop)", -type_at(dir, FOLLOW, "loop"), E(LOOP));
  EXPECT_OK("path_unlink_file(\"loop\")", __wasi_path_unlink_file(dir, "loop"));

  // The sandbox also applies to symlink targets: an absolute target is
  // refused outright, and a relative one that climbs out of the dirfd can
  // be created but never followed.
  EXPECT("path_symlink(\"/\", \"abs\")", __wasi_path_symlink("/", dir, "abs"), E(PERM),
         E(NOTCAPABLE));
  char up[512];
  snprintf(up, sizeof up, "../../%s", argv[1]);
  __wasi_errno_t made = __wasi_path_symlink(up, dir, "escape");
  EXPECT("path_symlink(\"../..\" + guest name, \"escape\")", made, E(SUCCESS), E(PERM),
         E(NOTCAPABLE));
  int contained = 1;
  if (made == 0) {
    __wasi_errno_t o = open_at(dir, FOLLOW, "escape", __WASI_OFLAGS_DIRECTORY);
    int t = type_at(dir, FOLLOW, "escape");
    contained = (o == E(PERM) || o == E(NOTCAPABLE)) &&
                (t == -E(PERM) || t == -E(NOTCAPABLE)) &&
                type_at(dir, 0, "escape") == __WASI_FILETYPE_SYMBOLIC_LINK &&
                __wasi_path_unlink_file(dir, "escape") == 0;
  }
  check("an escaping symlink, if created, is never followed (PERM|NOTCAPABLE)", contained);

  close_work_dir(scratch, dir, WORK);
  return finish();
}
