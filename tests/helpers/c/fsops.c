/*
 * fsops: runs file system operations given on the command line and prints one line per
 * operation: "<op> <args...>\t<result>", where the result is "OK", a value, or the errno
 * name the call failed with. The tests use it to state what each POSIX call does.
 *
 *   fsops cat a.txt mkdir d symlink ../x d/l readlink d/l
 *
 * cat prints the contents with newlines as "\n" and NULs as "\0"; stat and lstat print
 * "<type> size=N nlink=N"; ls prints the names fd_readdir gives, in its order; times prints
 * atime and mtime with nanoseconds.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "errname.h"

static char out[65536];

static const char *fail(void) { return errname(errno); }

static const char *typename(mode_t m) {
  if (S_ISREG(m)) return "file";
  if (S_ISDIR(m)) return "dir";
  if (S_ISLNK(m)) return "symlink";
  if (S_ISCHR(m)) return "chardev";
  if (S_ISBLK(m)) return "blockdev";
  if (S_ISFIFO(m)) return "fifo";
  if (S_ISSOCK(m)) return "socket";
  return "unknown";
}

static const char *opened(const char *p, int flags) {
  int fd = open(p, flags, 0644);
  if (fd < 0) return fail();
  close(fd);
  return "OK";
}

static const char *writeall(const char *p, int flags, const char *data) {
  int fd = open(p, flags, 0644);
  if (fd < 0) return fail();
  size_t n = strlen(data);
  ssize_t w = write(fd, data, n);
  int e = errno;
  close(fd);
  if (w < 0) return errname(e);
  if ((size_t)w != n) return "short write";
  return "OK";
}

static const char *cat(const char *p) {
  int fd = open(p, O_RDONLY);
  if (fd < 0) return fail();
  char buf[4096];
  size_t o = 0;
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0) {
      int e = errno;
      close(fd);
      return errname(e);
    }
    if (n == 0) break;
    for (ssize_t i = 0; i < n && o + 4 < sizeof out; i++) {
      if (buf[i] == '\n') { out[o++] = '\\'; out[o++] = 'n'; }
      else if (buf[i] == 0) { out[o++] = '\\'; out[o++] = '0'; }
      else out[o++] = buf[i];
    }
  }
  close(fd);
  out[o] = 0;
  return out;
}

static const char *statstr(const char *p, int follow) {
  struct stat st;
  if ((follow ? stat(p, &st) : lstat(p, &st)) < 0) return fail();
  snprintf(out, sizeof out, "%s size=%lld nlink=%llu", typename(st.st_mode), (long long)st.st_size, (unsigned long long)st.st_nlink);
  return out;
}

static const char *ls(const char *p) {
  DIR *d = opendir(p);
  if (!d) return fail();
  size_t o = 0;
  out[0] = 0;
  struct dirent *e;
  errno = 0;
  while ((e = readdir(d)) != NULL) {
    o += snprintf(out + o, sizeof out - o, "%s%s", o ? " " : "", e->d_name);
    if (o >= sizeof out) break;
  }
  int err = errno;
  closedir(d);
  if (err) return errname(err);
  return out;
}

static const char *times(const char *p) {
  struct stat st;
  if (stat(p, &st) < 0) return fail();
  snprintf(out, sizeof out, "atime=%lld.%09ld mtime=%lld.%09ld", (long long)st.st_atim.tv_sec, st.st_atim.tv_nsec,
           (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
  return out;
}

static void settime(struct timespec ts[2], char **a) {
  ts[0].tv_sec = atoll(a[0]);
  ts[0].tv_nsec = atol(a[1]);
  ts[1].tv_sec = atoll(a[2]);
  ts[1].tv_nsec = atol(a[3]);
}

static const char *futimes_(const char *p, char **a) {
  struct timespec ts[2];
  settime(ts, a);
  int fd = open(p, O_RDONLY);
  if (fd < 0) return fail();
  int r = futimens(fd, ts);
  int e = errno;
  close(fd);
  return r < 0 ? errname(e) : "OK";
}

/* Opens p, unlinks it, then reads it through the open descriptor. */
static const char *readunlinked(const char *p) {
  int fd = open(p, O_RDONLY);
  if (fd < 0) return fail();
  if (unlink(p) < 0) {
    int e = errno;
    close(fd);
    return errname(e);
  }
  ssize_t n = read(fd, out, sizeof out - 1);
  int e = errno;
  close(fd);
  if (n < 0) return errname(e);
  out[n] = 0;
  return out;
}

static const char *type(const char *p) {
  struct stat st;
  if (stat(p, &st) < 0) return fail();
  return typename(st.st_mode);
}

static const char *readlink_(const char *p) {
  ssize_t n = readlink(p, out, sizeof out - 1);
  if (n < 0) return fail();
  out[n] = 0;
  return out;
}

static const char *ok(int r) { return r < 0 ? fail() : "OK"; }

struct op {
  const char *name;
  int nargs;
};

static const struct op OPS[] = {
  {"cat", 1}, {"open", 1}, {"openw", 1}, {"openrw", 1}, {"opencreat", 1}, {"create", 1}, {"opendir", 1},
  {"nofollow", 1}, {"write", 2}, {"append", 2}, {"truncate", 2}, {"mkdir", 1}, {"rmdir", 1}, {"unlink", 1},
  {"rename", 2}, {"link", 2}, {"symlink", 2}, {"readlink", 1}, {"stat", 1}, {"lstat", 1}, {"ls", 1},
  {"utimens", 5}, {"futimens", 5}, {"times", 1}, {"chdir", 1}, {"access", 1}, {"type", 1}, {"readunlinked", 1},
};

int main(int argc, char **argv) {
  int i = 1;
  while (i < argc) {
    const char *name = argv[i];
    const struct op *op = NULL;
    for (size_t k = 0; k < sizeof OPS / sizeof OPS[0]; k++)
      if (strcmp(OPS[k].name, name) == 0) op = &OPS[k];
    if (!op || i + op->nargs > argc - 1) {
      fprintf(stderr, "fsops: bad operation at '%s'\n", name);
      return 2;
    }
    char **a = argv + i + 1;
    const char *r;
    errno = 0;
    if (!strcmp(name, "cat")) r = cat(a[0]);
    else if (!strcmp(name, "open")) r = opened(a[0], O_RDONLY);
    else if (!strcmp(name, "openw")) r = opened(a[0], O_WRONLY);
    else if (!strcmp(name, "openrw")) r = opened(a[0], O_RDWR);
    else if (!strcmp(name, "opencreat")) r = opened(a[0], O_WRONLY | O_CREAT);
    else if (!strcmp(name, "create")) r = opened(a[0], O_WRONLY | O_CREAT | O_EXCL);
    else if (!strcmp(name, "opendir")) r = opened(a[0], O_RDONLY | O_DIRECTORY);
    else if (!strcmp(name, "nofollow")) r = opened(a[0], O_RDONLY | O_NOFOLLOW);
    else if (!strcmp(name, "write")) r = writeall(a[0], O_WRONLY | O_CREAT | O_TRUNC, a[1]);
    else if (!strcmp(name, "append")) r = writeall(a[0], O_WRONLY | O_CREAT | O_APPEND, a[1]);
    else if (!strcmp(name, "truncate")) r = ok(truncate(a[0], atoll(a[1])));
    else if (!strcmp(name, "mkdir")) r = ok(mkdir(a[0], 0755));
    else if (!strcmp(name, "rmdir")) r = ok(rmdir(a[0]));
    else if (!strcmp(name, "unlink")) r = ok(unlink(a[0]));
    else if (!strcmp(name, "rename")) r = ok(rename(a[0], a[1]));
    else if (!strcmp(name, "link")) r = ok(link(a[0], a[1]));
    else if (!strcmp(name, "symlink")) r = ok(symlink(a[0], a[1]));
    else if (!strcmp(name, "readlink")) r = readlink_(a[0]);
    else if (!strcmp(name, "stat")) r = statstr(a[0], 1);
    else if (!strcmp(name, "lstat")) r = statstr(a[0], 0);
    else if (!strcmp(name, "ls")) r = ls(a[0]);
    else if (!strcmp(name, "utimens")) {
      struct timespec ts[2];
      settime(ts, a + 1);
      r = ok(utimensat(AT_FDCWD, a[0], ts, 0));
    } else if (!strcmp(name, "futimens")) r = futimes_(a[0], a + 1);
    else if (!strcmp(name, "times")) r = times(a[0]);
    else if (!strcmp(name, "chdir")) r = ok(chdir(a[0]));
    else if (!strcmp(name, "access")) r = ok(access(a[0], F_OK));
    else if (!strcmp(name, "type")) r = type(a[0]);
    else if (!strcmp(name, "readunlinked")) r = readunlinked(a[0]);
    else r = "?";
    printf("%s", name);
    for (int k = 0; k < op->nargs; k++) printf(" %s", a[k]);
    printf("\t%s\n", r);
    i += 1 + op->nargs;
  }
  return 0;
}
