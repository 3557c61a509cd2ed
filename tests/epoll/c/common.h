/* Shared by the epoll test programs. Each builds natively (gcc, glibc, Linux) and with
 * `cove cc`, and must print the same transcript on both: so the programs print errno
 * names, event names and relations, never fd numbers (Cove has preopens at 3...) nor
 * libc-specific constants (wasi-libc's POLL* values are not glibc's). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

__attribute__((unused)) static const char *errname(int e)
{
  switch (e) {
  case 0: return "OK";
#define N(x) case x: return #x;
    N(E2BIG) N(EACCES) N(EAGAIN) N(EBADF) N(EBUSY) N(ECHILD) N(EEXIST) N(EFAULT) N(EINTR) N(EINVAL)
    N(EIO) N(EISDIR) N(ELOOP) N(EMFILE) N(ENFILE) N(ENOENT) N(ENOEXEC) N(ENOMEM) N(ENOSPC) N(ENOSYS)
    N(ENOTDIR) N(ENOTSUP) N(ENOTTY) N(EPERM) N(EPIPE) N(ESPIPE) N(ESRCH)
#undef N
  default: return "E?";
  }
}

/* "what: value", or "what: -1 ENAME" when r < 0. */
__attribute__((unused)) static long show(const char *what, long r)
{
  if (r < 0) printf("%s: -1 %s\n", what, errname(errno));
  else printf("%s: %ld\n", what, r);
  return r;
}

/* "what: ok" or "what: -1 ENAME": for calls whose success value is an fd. */
__attribute__((unused)) static int showfd(const char *what, int r)
{
  if (r < 0) printf("%s: -1 %s\n", what, errname(errno));
  else printf("%s: ok\n", what);
  return r;
}

/* Epoll event bits by name, "IN|OUT", or "-" for none. */
__attribute__((unused)) static const char *evname(uint32_t ev)
{
  static char buf[8][128];
  static int slot;
  char *b = buf[slot++ & 7];
  b[0] = 0;
  static const struct { uint32_t bit; const char *name; } names[] = {
    { EPOLLIN, "IN" }, { EPOLLPRI, "PRI" }, { EPOLLOUT, "OUT" }, { EPOLLERR, "ERR" }, { EPOLLHUP, "HUP" },
    { 0x20, "NVAL" }, { EPOLLRDNORM, "RDNORM" }, { EPOLLRDBAND, "RDBAND" }, { EPOLLWRNORM, "WRNORM" },
    { EPOLLWRBAND, "WRBAND" }, { EPOLLMSG, "MSG" }, { EPOLLRDHUP, "RDHUP" },
  };
  for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++) {
    if (ev & names[i].bit) {
      if (b[0]) strcat(b, "|");
      strcat(b, names[i].name);
      ev &= ~names[i].bit;
    }
  }
  if (ev) snprintf(b + strlen(b), 32, "%s0x%x", b[0] ? "|" : "", (unsigned)ev);
  if (!b[0]) strcpy(b, "-");
  return b;
}

/* poll(2) revents by name. wasi-libc has POLLRDNORM == POLLIN and POLLWRNORM ==
 * POLLOUT, so only the bits both libcs tell apart are printed. */
__attribute__((unused)) static const char *pollname(short ev)
{
  static char buf[8][64];
  static int slot;
  char *b = buf[slot++ & 7];
  b[0] = 0;
  if (ev & POLLIN) strcat(b, "|IN");
  if (ev & POLLOUT) strcat(b, "|OUT");
  if (ev & POLLERR) strcat(b, "|ERR");
  if (ev & POLLHUP) strcat(b, "|HUP");
  if (ev & POLLNVAL) strcat(b, "|NVAL");
  return b[0] ? b + 1 : "-";
}

/* epoll_wait and print "what: n [data:EVENTS ...]", with each event's data.u64 (the
 * programs put small labels there). */
__attribute__((unused)) static int waitshow(const char *what, int epfd, int max, int timeout)
{
  struct epoll_event evs[64];
  if (max > 64) max = 64;
  int n = epoll_wait(epfd, evs, max, timeout);
  if (n < 0) {
    printf("%s: -1 %s\n", what, errname(errno));
    return n;
  }
  printf("%s: %d", what, n);
  for (int i = 0; i < n; i++) printf(" %llu:%s", (unsigned long long)evs[i].data.u64, evname(evs[i].events));
  printf("\n");
  return n;
}

/* epoll_ctl with an event of `events` and data.u64 = label; prints the result. */
__attribute__((unused)) static int ctl(const char *what, int epfd, int op, int fd, uint32_t events, uint64_t label)
{
  struct epoll_event ev;
  memset(&ev, 0, sizeof ev);
  ev.events = events;
  ev.data.u64 = label;
  int r = epoll_ctl(epfd, op, fd, &ev);
  if (what) {
    if (r < 0) printf("%s: -1 %s\n", what, errname(errno));
    else printf("%s: 0\n", what);
  }
  return r;
}

/* ctl that must succeed (no output unless it fails). */
__attribute__((unused)) static void must_ctl(int epfd, int op, int fd, uint32_t events, uint64_t label)
{
  if (ctl(NULL, epfd, op, fd, events, label) < 0) {
    printf("epoll_ctl(%d) failed: %s\n", op, errname(errno));
    exit(1);
  }
}

__attribute__((unused)) static void must(int ok, const char *what)
{
  if (!ok) {
    printf("FAILED: %s (%s)\n", what, errname(errno));
    exit(1);
  }
}

__attribute__((unused)) static void mkpipe(int p[2], int flags)
{
  must(pipe2(p, flags) == 0, "pipe2");
}

__attribute__((unused)) static void put(int fd, const char *s)
{
  must(write(fd, s, strlen(s)) == (ssize_t)strlen(s), "write");
}

__attribute__((unused)) static void drain(int fd)
{
  char buf[4096];
  int fl = fcntl(fd, F_GETFL);
  fcntl(fd, F_SETFL, fl | O_NONBLOCK);
  while (read(fd, buf, sizeof buf) > 0) {}
  fcntl(fd, F_SETFL, fl);
}

/* Fills a pipe's write end until it would block. */
__attribute__((unused)) static void fill(int fd)
{
  static char buf[4096];
  int fl = fcntl(fd, F_GETFL);
  fcntl(fd, F_SETFL, fl | O_NONBLOCK);
  while (write(fd, buf, sizeof buf) > 0) {}
  while (write(fd, buf, 1) > 0) {}
  fcntl(fd, F_SETFL, fl);
}

__attribute__((unused)) static long long now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

__attribute__((unused)) static void sleep_ms(int ms)
{
  struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
  nanosleep(&ts, NULL);
}

/* Starts this program again as `self child-args...` (argv[1] of every program is the
 * directory that holds it); returns the pid. */
__attribute__((unused)) static pid_t spawn_self(const char *dir, const char *name, char *const args[])
{
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  char *argv[16];
  int n = 0;
  argv[n++] = path;
  for (int i = 0; args[i] && n < 15; i++) argv[n++] = args[i];
  argv[n] = NULL;
  pid_t pid;
  int err = posix_spawn(&pid, path, NULL, NULL, argv, environ);
  if (err) {
    printf("posix_spawn: %s\n", errname(err));
    exit(1);
  }
  return pid;
}

__attribute__((unused)) static int reap(pid_t pid)
{
  int st;
  if (waitpid(pid, &st, 0) != pid) return -1;
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
