// SPDX-License-Identifier: Apache-2.0
// The same calls through wasi-libc's POSIX layer, which finds files by
// matching path prefixes against preopen names (so "fs-tests.dir/x" needs a
// preopen named "fs-tests.dir"). Modelled on the suite's C tests: lseek,
// pread-with-access, pwrite-with-access, pwrite-with-append,
// fdopendir-with-access, stat-dev-ino, fopen-with-(no-)access, clock_*,
// sock_shutdown-*.
//
//   libc_paths.wasm <guest-dir>   with --dir HOST::<guest-dir>
//   libc_paths.wasm -             with no preopens at all
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

static char root[256];

static const char *P(const char *name) {
  static char bufs[4][512];
  static int next;
  char *b = bufs[next++ % 4];
  size_t n = strlen(root);
  snprintf(b, 512, "%s%s%s", root, n && root[n - 1] == '/' ? "" : "/", name);
  return b;
}

static void no_preopens(void) {
  errno = 0;
  FILE *f = fopen("fs-tests.dir/file", "r");
  check("fopen without a matching preopen fails", f == NULL);
  EXPECT("  errno", errno, E(NOTCAPABLE));
  __wasi_prestat_t ps;
  EXPECT("fd_prestat_get(3)", __wasi_fd_prestat_get(3, &ps), E(BADF));
  errno = 0;
  check("shutdown(3, SHUT_RD) fails", shutdown(3, SHUT_RD) != 0);
  EXPECT("  errno", errno, E(BADF));
}

static void streams(void) {
  FILE *f = fopen(P("libc.dir/lseek.txt"), "w");
  check("fopen(\"<guest>/libc.dir/lseek.txt\", \"w\")", f != NULL);
  if (!f) return;
  check("fwrite 8 bytes", fwrite("01234567", 1, 8, f) == 8);
  check("fclose", fclose(f) == 0);

  char buf[8];
  f = fopen(P("libc.dir/lseek.txt"), "r");
  check("fopen(..., \"r\")", f != NULL);
  if (!f) return;
  int fd = fileno(f);
  check("fread 4", fread(buf, 1, 4, f) == 4);
  fflush(f);  // drops the read-ahead by seeking the fd back
  check_u64("  lseek(fd, 0, SEEK_CUR)", lseek(fd, 0, SEEK_CUR), 4);
  check("fread 1 gives '4'", fread(buf, 1, 1, f) == 1 && buf[0] == '4');
  fflush(f);
  check_u64("  lseek(fd, 0, SEEK_CUR)", lseek(fd, 0, SEEK_CUR), 5);
  check_u64("lseek(fd, 0, SEEK_SET)", lseek(fd, 0, SEEK_SET), 0);
  check_u64("lseek(fd, 0, SEEK_END)", lseek(fd, 0, SEEK_END), 8);
  fclose(f);

  fd = open(P("libc.dir/lseek.txt"), O_RDONLY);
  check("open(O_RDONLY)", fd > 2);
  memset(buf, 0, sizeof buf);
  check("pread(3 bytes at 4) gives \"456\"", pread(fd, buf, 3, 4) == 3 && memcmp(buf, "456", 3) == 0);
  check_u64("  file offset untouched", lseek(fd, 0, SEEK_CUR), 0);
  struct stat a, b;
  check("fstat", fstat(fd, &a) == 0);
  check_u64("  st_size", a.st_size, 8);
  check("isatty(file) is 0", isatty(fd) == 0);
  int fd2 = open(P("libc.dir/other.txt"), O_WRONLY | O_CREAT, 0644);
  check("open(O_WRONLY|O_CREAT) a second file", fd2 > 2);
  check("fstat both: same st_dev, different st_ino",
        fstat(fd2, &b) == 0 && a.st_dev == b.st_dev && a.st_ino != b.st_ino);
  close(fd2);
  close(fd);
  check("unlink(other.txt)", unlink(P("libc.dir/other.txt")) == 0);
  check("unlink(lseek.txt)", unlink(P("libc.dir/lseek.txt")) == 0);
}

static void pwrites(void) {
  const char *path = P("libc.dir/test_pwrite_pread.txt");
  check("access(F_OK) on a missing file fails", access(path, F_OK) != 0);
  int fd = open(path, O_WRONLY | O_CREAT, 0644);
  check("open(O_WRONLY|O_CREAT)", fd > 2);
  check("pwrite(\"very long text\" at 0)", pwrite(fd, "very long text", 14, 0) == 14);
  check("pwrite(\"test\" at 3)", pwrite(fd, "test", 4, 3) == 4);
  close(fd);
  char buf[16] = {0};
  fd = open(path, O_RDONLY);
  check("read back \"vertestng text\"", read(fd, buf, sizeof buf) == 14 &&
                                            memcmp(buf, "vertestng text", 14) == 0);
  close(fd);
  check("remove()", remove(path) == 0);

  path = P("libc.dir/append.txt");
  fd = open(path, O_CREAT | O_TRUNC | O_WRONLY | O_APPEND, 0644);
  check("open(O_CREAT|O_TRUNC|O_WRONLY|O_APPEND)", fd > 2);
  check("write 2", write(fd, "ab", 2) == 2);
  check_u64("lseek(0, SEEK_SET)", lseek(fd, 0, SEEK_SET), 0);
  check("write 2 (appends)", write(fd, "cd", 2) == 2);
  check_u64("  lseek(0, SEEK_CUR)", lseek(fd, 0, SEEK_CUR), 4);
  check("pwrite(3 at 0)", pwrite(fd, "xyz", 3, 0) == 3);
  check_u64("  lseek(0, SEEK_CUR) unchanged", lseek(fd, 0, SEEK_CUR), 4);
  off_t end = lseek(fd, 0, SEEK_END);
  check("  size is 4 (POSIX) or 7 (Linux)", end == 4 || end == 7);
  close(fd);
  check("remove()", remove(path) == 0);
}

static void directories(void) {
  check("mkdir(libc.dir/d)", mkdir(P("libc.dir/d"), 0755) == 0);
  for (int i = 0; i < 2; i++) {
    char name[64];
    snprintf(name, sizeof name, "libc.dir/d/file-%d", i);
    int fd = open(P(name), O_WRONLY | O_CREAT, 0644);
    check("create file-N", fd > 2);
    close(fd);
  }
  int dfd = open(P("libc.dir/d"), O_RDONLY | O_DIRECTORY);
  check("open(O_RDONLY|O_DIRECTORY)", dfd > 2);
  DIR *d = fdopendir(dfd);
  check("fdopendir", d != NULL);
  if (!d) return;
  int seen[2] = {0, 0}, others = 0, dots = 0, ino_match = 1;
  ino_t inos[2] = {0, 0};
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
      dots++;
      continue;
    }
    int i = strcmp(e->d_name, "file-0") == 0 ? 0 : strcmp(e->d_name, "file-1") == 0 ? 1 : -1;
    if (i < 0) {
      others++;
      continue;
    }
    seen[i]++;
    inos[i] = e->d_ino;
    struct stat st;
    if (fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || st.st_ino != e->d_ino)
      ino_match = 0;
  }
  check("readdir lists file-0 and file-1 once each, nothing else",
        seen[0] == 1 && seen[1] == 1 && others == 0);
  check("readdir lists . and ..", dots == 2);
  check("d_ino matches fstatat st_ino", ino_match && inos[0] != inos[1]);
  closedir(d);
  check("unlink file-0", unlink(P("libc.dir/d/file-0")) == 0);
  check("unlink file-1", unlink(P("libc.dir/d/file-1")) == 0);
  check("rmdir(libc.dir/d)", rmdir(P("libc.dir/d")) == 0);
}

static void misc(void) {
  struct timespec ts;
  check("clock_getres(CLOCK_MONOTONIC)", clock_getres(CLOCK_MONOTONIC, &ts) == 0);
  check("clock_getres(CLOCK_REALTIME)", clock_getres(CLOCK_REALTIME, &ts) == 0);
  check("clock_gettime(CLOCK_MONOTONIC)", clock_gettime(CLOCK_MONOTONIC, &ts) == 0);
  check("clock_gettime(CLOCK_REALTIME)", clock_gettime(CLOCK_REALTIME, &ts) == 0);
  errno = 0;
  check("shutdown(STDOUT_FILENO, SHUT_RD) fails", shutdown(STDOUT_FILENO, SHUT_RD) != 0);
  EXPECT("  errno", errno, E(NOTSOCK));
  errno = 0;
  check("shutdown(1000, SHUT_RD) fails", shutdown(1000, SHUT_RD) != 0);
  EXPECT("  errno", errno, E(BADF));
  errno = 0;
  check("fopen(missing, \"r\") fails", fopen(P("libc.dir/missing"), "r") == NULL);
  EXPECT("  errno", errno, E(NOENT));
}

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  if (strcmp(argv[1], "-") == 0) {
    no_preopens();
    return finish();
  }
  snprintf(root, sizeof root, "%s", argv[1]);
  check("mkdir(\"<guest>/libc.dir\")", mkdir(P("libc.dir"), 0755) == 0);
  streams();
  pwrites();
  directories();
  misc();
  check("rmdir(\"<guest>/libc.dir\")", rmdir(P("libc.dir")) == 0);
  return finish();
}
