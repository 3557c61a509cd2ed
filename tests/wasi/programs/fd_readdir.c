// SPDX-License-Identifier: Apache-2.0
// fd_readdir: "." and "..", entry types and inodes, cookies, buffer
// truncation and large directories. Modelled on the suite's fd_readdir and
// the C fdopendir-with-access test.
#include "check.h"

static const char *WORK = "fd_readdir.dir";

#define MAX_ENTRIES 400

typedef struct {
  char name[64];
  uint64_t next, ino;
  uint8_t type;
} entry_t;

static entry_t entries[MAX_ENTRIES];

// Reads the whole directory starting at `cookie` with a buffer of `buf_len`
// bytes, following d_next of the last complete entry whenever the buffer
// came back full. Returns the number of entries, or -1 on error.
static int read_dir(__wasi_fd_t fd, uint64_t cookie, size_t buf_len) {
  static uint8_t buf[4096];
  int count = 0;
  for (int rounds = 0; rounds < 10000; rounds++) {
    __wasi_size_t used = 0;
    if (__wasi_fd_readdir(fd, buf, buf_len, cookie, &used) != 0) return -1;
    size_t off = 0;
    int parsed = 0;
    while (off + sizeof(__wasi_dirent_t) <= used) {
      __wasi_dirent_t d;
      memcpy(&d, buf + off, sizeof d);
      if (off + sizeof d + d.d_namlen > used) break;  // truncated entry
      if (count < MAX_ENTRIES) {
        entry_t *e = &entries[count];
        size_t n = d.d_namlen < sizeof e->name - 1 ? d.d_namlen : sizeof e->name - 1;
        memcpy(e->name, buf + off + sizeof d, n);
        e->name[n] = 0;
        e->next = d.d_next;
        e->ino = d.d_ino;
        e->type = d.d_type;
      }
      count++;
      parsed++;
      cookie = d.d_next;
      off += sizeof d + d.d_namlen;
    }
    if (used < buf_len) return count;  // a short buffer means end of directory
    if (parsed == 0) return -1;        // buffer too small for one entry
  }
  return -1;
}

static int find(int count, const char *name) {
  for (int i = 0; i < count && i < MAX_ENTRIES; i++)
    if (strcmp(entries[i].name, name) == 0) return i;
  return -1;
}

// Names in sorted order, space separated, so the transcript is independent
// of the host's directory order.
static void sorted_names(int count, char *out, size_t cap) {
  const char *names[16];
  int n = count < 16 ? count : 16;
  for (int i = 0; i < n; i++) names[i] = entries[i].name;
  for (int i = 1; i < n; i++)
    for (int j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
      const char *t = names[j];
      names[j] = names[j - 1];
      names[j - 1] = t;
    }
  out[0] = 0;
  for (int i = 0; i < n; i++) {
    if (i) strncat(out, " ", cap - strlen(out) - 1);
    strncat(out, names[i], cap - strlen(out) - 1);
  }
}

static void expect_names(const char *label, int count, const char *want) {
  char got[256];
  sorted_names(count, got, sizeof got);
  if (strcmp(got, want) == 0 || ORACLE) {
    say("%s = %s\n", label, want);
  } else {
    say("%s = %s  <-- MISMATCH, expected %s\n", label, got, want);
    check_failures++;
  }
}

static uint64_t ino_at(__wasi_fd_t dir, const char *path) {
  __wasi_filestat_t st;
  if (__wasi_path_filestat_get(dir, 0, path, &st) != 0) return 0;
  return st.ino;
}

int main(int argc, char **argv) {
  __wasi_fd_t scratch;
  __wasi_fd_t work = open_work_dir(argc, argv, WORK, &scratch);
  __wasi_fd_t dir, fd;
  __wasi_size_t used;
  uint8_t buf[256];

  require_ok("mkdir d", __wasi_path_create_directory(work, "d"));
  require_ok("open d", __wasi_path_open(work, 0, "d", __WASI_OFLAGS_DIRECTORY, DIR_BASE,
                                        DIR_INHERITING, 0, &dir));
  __wasi_filestat_t dst;
  require_ok("fd_filestat_get(d)", __wasi_fd_filestat_get(dir, &dst));

  // An empty directory still lists "." and "..".
  int n = read_dir(dir, 0, 4096);
  check_u64("empty dir: entry count", n, 2);
  expect_names("empty dir: names", n, ". ..");
  int dot = find(n, "."), dotdot = find(n, "..");
  check("\".\" is a DIRECTORY", dot >= 0 && entries[dot].type == __WASI_FILETYPE_DIRECTORY);
  check("\".\" d_ino equals fd_filestat_get(dir).ino", dot >= 0 && entries[dot].ino == dst.ino);
  check("\"..\" is a DIRECTORY",
        dotdot >= 0 && entries[dotdot].type == __WASI_FILETYPE_DIRECTORY);

  // New entries show up on the next read from cookie 0 on the same handle.
  create_file(dir, "file");
  EXPECT_OK("path_create_directory(\"sub\")", __wasi_path_create_directory(dir, "sub"));
  EXPECT_OK("path_symlink(\"file\", \"link\")", __wasi_path_symlink("file", dir, "link"));
  n = read_dir(dir, 0, 4096);
  check_u64("populated dir: entry count", n, 5);
  expect_names("populated dir: names", n, ". .. file link sub");
  int f = find(n, "file"), s = find(n, "sub"), l = find(n, "link");
  check("\"file\" is a REGULAR_FILE", f >= 0 && entries[f].type == __WASI_FILETYPE_REGULAR_FILE);
  check("\"sub\" is a DIRECTORY", s >= 0 && entries[s].type == __WASI_FILETYPE_DIRECTORY);
  check("\"link\" is a SYMBOLIC_LINK (not followed)",
        l >= 0 && entries[l].type == __WASI_FILETYPE_SYMBOLIC_LINK);
  check("d_ino matches path_filestat_get for file, sub and link",
        f >= 0 && s >= 0 && l >= 0 && entries[f].ino == ino_at(dir, "file") &&
            entries[s].ino == ino_at(dir, "sub") && entries[l].ino == ino_at(dir, "link"));
  check("d_ino values are distinct", f >= 0 && s >= 0 && l >= 0 &&
                                         entries[f].ino != entries[s].ino &&
                                         entries[f].ino != entries[l].ino);

  // Resuming from any entry's d_next yields exactly the entries after it.
  entry_t first[5];
  memcpy(first, entries, sizeof first);
  int resume_ok = n == 5;
  for (int i = 0; i < 5 && resume_ok; i++) {
    int m = read_dir(dir, first[i].next, 4096);
    resume_ok = m == 4 - i;
    for (int j = 0; j < m && resume_ok; j++)
      resume_ok = strcmp(entries[j].name, first[i + 1 + j].name) == 0;
  }
  check("resuming at each d_next returns the remaining entries", resume_ok);
  EXPECT_OK("fd_readdir from the last entry's d_next",
            __wasi_fd_readdir(dir, buf, sizeof buf, first[4].next, &used));
  check_u64("  bufused", used, 0);

  // A buffer that cannot hold everything is filled to the last byte (the
  // final entry truncated); that is how callers know to ask again.
  EXPECT_OK("fd_readdir with a 30-byte buffer", __wasi_fd_readdir(dir, buf, 30, 0, &used));
  check_u64("  bufused", used, 30);
  EXPECT_OK("fd_readdir with a 10-byte buffer", __wasi_fd_readdir(dir, buf, 10, 0, &used));
  check_u64("  bufused", used, 10);
  n = read_dir(dir, 0, 40);
  check_u64("reading with a 40-byte buffer: entry count", n, 5);

  EXPECT_OK("path_unlink_file(\"link\")", __wasi_path_unlink_file(dir, "link"));
  EXPECT_OK("path_remove_directory(\"sub\")", __wasi_path_remove_directory(dir, "sub"));

  // Not a directory / not open. (NOTCAPABLE: FD_READDIR does not apply to a
  // file, so a rights-tracking kernel may have dropped it at path_open.)
  require_ok("open file", __wasi_path_open(dir, 0, "file", 0, R(FD_READ) | R(FD_READDIR), 0,
                                           0, &fd));
  EXPECT("fd_readdir on a regular file", __wasi_fd_readdir(fd, buf, sizeof buf, 0, &used),
         E(NOTDIR), E(BADF), E(NOTCAPABLE));
  EXPECT_OK("fd_close(file)", __wasi_fd_close(fd));
  EXPECT("fd_readdir on a closed fd", __wasi_fd_readdir(fd, buf, sizeof buf, 0, &used), E(BADF));
  EXPECT_OK("path_unlink_file(\"file\")", __wasi_path_unlink_file(dir, "file"));

  // Many entries through a small buffer (the suite uses 1000 files).
  enum { MANY = 300 };
  char name[32];
  int created = 0;
  for (int i = 0; i < MANY; i++) {
    snprintf(name, sizeof name, "file.%d", i);
    if (__wasi_path_open(dir, 0, name, __WASI_OFLAGS_CREAT, 0, 0, 0, &fd) == 0 &&
        __wasi_fd_close(fd) == 0)
      created++;
  }
  check_u64("files created", created, MANY);
  n = read_dir(dir, 0, 256);
  check_u64("entries read with a 256-byte buffer", n, MANY + 2);
  int all_found = 1;
  for (int i = 0; i < MANY && all_found; i++) {
    snprintf(name, sizeof name, "file.%d", i);
    all_found = find(n, name) >= 0;
  }
  check("every file.N is listed", all_found);
  int removed = 0;
  for (int i = 0; i < MANY; i++) {
    snprintf(name, sizeof name, "file.%d", i);
    if (__wasi_path_unlink_file(dir, name) == 0) removed++;
  }
  check_u64("files removed", removed, MANY);
  check_u64("entry count after removal", read_dir(dir, 0, 4096), 2);

  EXPECT_OK("fd_close(d)", __wasi_fd_close(dir));
  EXPECT_OK("path_remove_directory(\"d\")", __wasi_path_remove_directory(work, "d"));
  close_work_dir(scratch, work, WORK);
  return finish();
}
