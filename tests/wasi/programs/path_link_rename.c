// SPDX-License-Identifier: Apache-2.0
// path_link, path_rename, path_unlink_file, path_create_directory and
// path_remove_directory, including trailing-slash rules. Modelled on the
// suite's path_link, path_rename, path_rename_dir_trailing_slashes,
// unlink_file_trailing_slashes, remove_directory_trailing_slashes and
// remove_nonempty_directory. Where the suite accepts a per-OS errno we
// expect the Linux one.
#include "check.h"

static const char *WORK = "path_link_rename.dir";

static int exists(__wasi_fd_t dir, const char *path) {
  __wasi_filestat_t st;
  return __wasi_path_filestat_get(dir, 0, path, &st) == 0;
}

static void links(__wasi_fd_t dir) {
  __wasi_filestat_t a, b;
  __wasi_fd_t sub;
  create_file(dir, "file");
  EXPECT_OK("path_link(\"file\", \"link\")", __wasi_path_link(dir, 0, "file", dir, "link"));
  require_ok("stat file", __wasi_path_filestat_get(dir, 0, "file", &a));
  require_ok("stat link", __wasi_path_filestat_get(dir, 0, "link", &b));
  check("  link and file share dev and ino", a.dev == b.dev && a.ino == b.ino);
  check_u64("  nlink", b.nlink, 2);
  EXPECT_OK("path_unlink_file(\"link\")", __wasi_path_unlink_file(dir, "link"));
  require_ok("stat file", __wasi_path_filestat_get(dir, 0, "file", &a));
  check_u64("  nlink after unlinking the link", a.nlink, 1);

  EXPECT_OK("path_create_directory(\"subdir\")", __wasi_path_create_directory(dir, "subdir"));
  require_ok("open subdir", __wasi_path_open(dir, 0, "subdir", __WASI_OFLAGS_DIRECTORY,
                                             DIR_BASE, DIR_INHERITING, 0, &sub));
  EXPECT_OK("path_link into another directory fd",
            __wasi_path_link(dir, 0, "file", sub, "link"));
  check("  visible as subdir/link", exists(dir, "subdir/link"));
  EXPECT_OK("path_unlink_file(subdir fd, \"link\")", __wasi_path_unlink_file(sub, "link"));
  EXPECT_OK("fd_close(subdir)", __wasi_fd_close(sub));

  create_file(dir, "other");
  EXPECT("path_link onto an existing file", __wasi_path_link(dir, 0, "file", dir, "other"),
         E(EXIST));
  EXPECT("path_link onto itself", __wasi_path_link(dir, 0, "file", dir, "file"), E(EXIST));
  EXPECT("path_link onto an existing directory",
         __wasi_path_link(dir, 0, "file", dir, "subdir"), E(EXIST));
  EXPECT("path_link of a directory", __wasi_path_link(dir, 0, "subdir", dir, "dirlink"),
         E(PERM), E(ACCES));
  EXPECT("path_link to a new name + \"/\"", __wasi_path_link(dir, 0, "file", dir, "link/"),
         E(NOENT));
  EXPECT("path_link of a missing source", __wasi_path_link(dir, 0, "missing", dir, "link"),
         E(NOENT));
  EXPECT("path_link out of the sandbox", __wasi_path_link(dir, 0, "file", dir, "../../link"),
         E(PERM), E(NOTCAPABLE));

  // Without SYMLINK_FOLLOW the symlink itself is linked, even if dangling.
  EXPECT_OK("path_symlink(\"missing\", \"dangling\")",
            __wasi_path_symlink("missing", dir, "dangling"));
  EXPECT_OK("path_link of a dangling symlink", __wasi_path_link(dir, 0, "dangling", dir, "link"));
  __wasi_filestat_t st;
  EXPECT_OK("path_filestat_get(\"link\")", __wasi_path_filestat_get(dir, 0, "link", &st));
  check_u64("  filetype", st.filetype, __WASI_FILETYPE_SYMBOLIC_LINK);
  EXPECT_OK("path_unlink_file(\"link\")", __wasi_path_unlink_file(dir, "link"));
  EXPECT("path_link onto a dangling symlink", __wasi_path_link(dir, 0, "file", dir, "dangling"),
         E(EXIST));
  EXPECT("path_link(SYMLINK_FOLLOW) of a dangling symlink",
         __wasi_path_link(dir, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "dangling", dir, "link"),
         E(INVAL), E(NOENT));
  EXPECT_OK("path_unlink_file(\"dangling\")", __wasi_path_unlink_file(dir, "dangling"));
  EXPECT_OK("path_symlink(\"loop\", \"loop\")", __wasi_path_symlink("loop", dir, "loop"));
  EXPECT_OK("path_link of a symlink loop", __wasi_path_link(dir, 0, "loop", dir, "link"));
  EXPECT_OK("path_unlink_file(\"link\")", __wasi_path_unlink_file(dir, "link"));
  EXPECT_OK("path_unlink_file(\"loop\")", __wasi_path_unlink_file(dir, "loop"));

  EXPECT_OK("path_unlink_file(\"other\")", __wasi_path_unlink_file(dir, "other"));
  EXPECT_OK("path_remove_directory(\"subdir\")", __wasi_path_remove_directory(dir, "subdir"));
  EXPECT_OK("path_unlink_file(\"file\")", __wasi_path_unlink_file(dir, "file"));
}

static void renames(__wasi_fd_t dir) {
  __wasi_filestat_t before, after;
  // Directory to a new name.
  EXPECT_OK("path_create_directory(\"source\")", __wasi_path_create_directory(dir, "source"));
  EXPECT_OK("path_rename(dir \"source\" -> \"target\")",
            __wasi_path_rename(dir, "source", dir, "target"));
  check("  source gone, target present", !exists(dir, "source") && exists(dir, "target"));
  // Directory over an empty directory replaces it.
  EXPECT_OK("path_create_directory(\"source\")", __wasi_path_create_directory(dir, "source"));
  EXPECT_OK("path_rename(dir -> existing empty dir)",
            __wasi_path_rename(dir, "source", dir, "target"));
  check("  source gone, target present", !exists(dir, "source") && exists(dir, "target"));
  // Directory over a non-empty directory, or over a file, fails.
  EXPECT_OK("path_create_directory(\"source\")", __wasi_path_create_directory(dir, "source"));
  create_file(dir, "target/file");
  EXPECT("path_rename(dir -> non-empty dir)", __wasi_path_rename(dir, "source", dir, "target"),
         E(NOTEMPTY));
  EXPECT("path_rename(dir -> file)", __wasi_path_rename(dir, "source", dir, "target/file"),
         E(NOTDIR));
  EXPECT("path_rename(dir -> its own subdirectory)",
         __wasi_path_rename(dir, "target", dir, "target/inside"), E(INVAL));
  EXPECT_OK("path_unlink_file(\"target/file\")", __wasi_path_unlink_file(dir, "target/file"));
  EXPECT_OK("path_remove_directory(\"target\")", __wasi_path_remove_directory(dir, "target"));

  // Trailing slashes are fine on directories, on either side.
  EXPECT_OK("path_rename(\"source/\" -> \"target\")",
            __wasi_path_rename(dir, "source/", dir, "target"));
  EXPECT_OK("path_rename(\"target\" -> \"source/\")",
            __wasi_path_rename(dir, "target", dir, "source/"));
  EXPECT_OK("path_rename(\"source/\" -> \"target/\")",
            __wasi_path_rename(dir, "source/", dir, "target/"));
  EXPECT_OK("path_rename(\"target\" -> \"source\")",
            __wasi_path_rename(dir, "target", dir, "source"));

  // Files.
  create_file(dir, "file");
  require_ok("stat file", __wasi_path_filestat_get(dir, 0, "file", &before));
  EXPECT_OK("path_rename(file -> new name)", __wasi_path_rename(dir, "file", dir, "moved"));
  require_ok("stat moved", __wasi_path_filestat_get(dir, 0, "moved", &after));
  check("  same inode after rename", before.ino == after.ino);
  check("  old name gone", !exists(dir, "file"));
  create_file(dir, "file");
  EXPECT_OK("path_rename(file -> existing file)", __wasi_path_rename(dir, "file", dir, "moved"));
  check("  old name gone", !exists(dir, "file"));
  EXPECT("path_rename(file -> existing dir)", __wasi_path_rename(dir, "moved", dir, "source"),
         E(ISDIR));
  EXPECT("path_rename(\"moved/\" -> \"x\") on a file", __wasi_path_rename(dir, "moved/", dir, "x"),
         E(NOTDIR));
  EXPECT("path_rename(file -> \"x/\")", __wasi_path_rename(dir, "moved", dir, "x/"), E(NOTDIR),
         E(NOENT));
  EXPECT("path_rename(missing -> x)", __wasi_path_rename(dir, "missing", dir, "x"), E(NOENT));
  EXPECT_OK("path_rename(file -> \"source/inner\")",
            __wasi_path_rename(dir, "moved", dir, "source/inner"));
  EXPECT("path_rename out of the sandbox", __wasi_path_rename(dir, "source/inner", dir, "../../x"),
         E(PERM), E(NOTCAPABLE));
  EXPECT_OK("path_unlink_file(\"source/inner\")", __wasi_path_unlink_file(dir, "source/inner"));
  EXPECT_OK("path_remove_directory(\"source\")", __wasi_path_remove_directory(dir, "source"));
}

static void unlink_and_rmdir(__wasi_fd_t dir) {
  EXPECT_OK("path_create_directory(\"dir\")", __wasi_path_create_directory(dir, "dir"));
  EXPECT("path_create_directory on an existing dir", __wasi_path_create_directory(dir, "dir"),
         E(EXIST));
  EXPECT("path_create_directory with a missing parent",
         __wasi_path_create_directory(dir, "nope/dir"), E(NOENT));
  EXPECT("path_unlink_file on a dir", __wasi_path_unlink_file(dir, "dir"), E(ISDIR));
  EXPECT("path_unlink_file on a dir + \"/\"", __wasi_path_unlink_file(dir, "dir/"), E(ISDIR));
  EXPECT_OK("path_create_directory(\"dir/nested\")",
            __wasi_path_create_directory(dir, "dir/nested"));
  EXPECT("path_remove_directory on a non-empty dir", __wasi_path_remove_directory(dir, "dir"),
         E(NOTEMPTY));
  EXPECT_OK("path_remove_directory(\"dir/nested/\")",
            __wasi_path_remove_directory(dir, "dir/nested/"));
  EXPECT_OK("path_remove_directory(\"dir\")", __wasi_path_remove_directory(dir, "dir"));
  EXPECT("path_remove_directory on a missing dir", __wasi_path_remove_directory(dir, "dir"),
         E(NOENT));
  EXPECT_OK("path_create_directory(\"dir2/\")", __wasi_path_create_directory(dir, "dir2/"));
  EXPECT_OK("path_remove_directory(\"dir2\")", __wasi_path_remove_directory(dir, "dir2"));

  create_file(dir, "file");
  EXPECT("path_remove_directory on a file", __wasi_path_remove_directory(dir, "file"),
         E(NOTDIR));
  EXPECT("path_remove_directory on a file + \"/\"", __wasi_path_remove_directory(dir, "file/"),
         E(NOTDIR));
  EXPECT("path_unlink_file on a file + \"/\"", __wasi_path_unlink_file(dir, "file/"), E(NOTDIR));
  EXPECT("path_create_directory over a file", __wasi_path_create_directory(dir, "file"),
         E(EXIST));
  EXPECT_OK("path_unlink_file(\"file\")", __wasi_path_unlink_file(dir, "file"));
  EXPECT("path_unlink_file on a missing file", __wasi_path_unlink_file(dir, "file"), E(NOENT));
}

int main(int argc, char **argv) {
  __wasi_fd_t scratch;
  __wasi_fd_t dir = open_work_dir(argc, argv, WORK, &scratch);
  links(dir);
  renames(dir);
  unlink_and_rmdir(dir);
  close_work_dir(scratch, dir, WORK);
  return finish();
}
