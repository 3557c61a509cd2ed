/* epoll and eventfd across processes (posix_spawn): blocking waits woken by another
 * process, timeouts, EPOLLEXCLUSIVE wake-ups, an epoll fd shared with a child,
 * EPOLL_CLOEXEC, and registrations kept alive by a child's copy of the fd.
 * Usage: procs DIR (children are started as: procs DIR child-... ARGS). */
#include "common.h"

static const char *dir;

static int num(const char *s)
{
  return (int)strtol(s, NULL, 10);
}

static pid_t child(char *const args[])
{
  char *argv[12];
  int n = 0;
  argv[n++] = (char *)dir;
  for (int i = 0; args[i]; i++) argv[n++] = args[i];
  argv[n] = NULL;
  return spawn_self(dir, "procs", argv);
}

static char *itoa_(int v)
{
  static char bufs[16][16];
  static int slot;
  char *b = bufs[slot++ & 15];
  snprintf(b, 16, "%d", v);
  return b;
}

/* ---- children ---- */

static int child_main(int argc, char **argv)
{
  const char *mode = argv[2];
  if (!strcmp(mode, "child-write") && argc == 5) { /* FD DELAY: sleep, write "x", exit */
    sleep_ms(num(argv[4]));
    put(num(argv[3]), "x");
    return 0;
  }
  if (!strcmp(mode, "child-exit") && argc == 4) { /* DELAY: sleep, exit (closing every fd) */
    sleep_ms(num(argv[3]));
    return 0;
  }
  if (!strcmp(mode, "child-efd-write") && argc == 6) { /* EFD DELAY VALUE */
    sleep_ms(num(argv[4]));
    return eventfd_write(num(argv[3]), (eventfd_t)num(argv[5])) == 0 ? 0 : 1;
  }
  if (!strcmp(mode, "child-efd-read") && argc == 5) { /* EFD DELAY */
    sleep_ms(num(argv[4]));
    eventfd_t v;
    return eventfd_read(num(argv[3]), &v) == 0 ? 0 : 1;
  }
  if (!strcmp(mode, "child-fds") && argc == 7) { /* CLOEXEC-EP PLAIN-EP EFD OUT */
    int out = num(argv[6]);
    char line[256];
    int cl = fcntl(num(argv[3]), F_GETFD);
    snprintf(line, sizeof line, "child: EPOLL_CLOEXEC epoll fd: %s\n", cl < 0 ? errname(errno) : "still open");
    put(out, line);
    int ep = num(argv[4]);
    struct epoll_event ev[4];
    int n = epoll_wait(ep, ev, 4, 0);
    snprintf(line, sizeof line, "child: inherited epoll reports %d event(s), data %llu\n", n,
             n > 0 ? (unsigned long long)ev[0].data.u64 : 0ULL);
    put(out, line);
    /* Register the inherited eventfd from the child, and make it ready. */
    ctl(NULL, ep, EPOLL_CTL_ADD, num(argv[5]), EPOLLIN, 77);
    eventfd_write(num(argv[5]), 1);
    return 0;
  }
  if (!strcmp(mode, "child-hold") && argc == 4) { /* GO: wait until GO is readable, exit */
    char c;
    return read(num(argv[3]), &c, 1) >= 0 ? 0 : 1;
  }
  if (!strcmp(mode, "child-excl") && argc == 7) { /* EFD DONE READY RESULT */
    int efd = num(argv[3]), done = num(argv[4]), ready = num(argv[5]), result = num(argv[6]);
    int ep = epoll_create1(0);
    must_ctl(ep, EPOLL_CTL_ADD, efd, EPOLLIN | EPOLLEXCLUSIVE, 1);
    must_ctl(ep, EPOLL_CTL_ADD, done, EPOLLIN, 2);
    put(ready, "r");
    struct epoll_event ev[2];
    int n = epoll_wait(ep, ev, 2, 20000);
    int byefd = 0;
    for (int i = 0; i < n; i++)
      if (ev[i].data.u64 == 1) byefd = 1;
    put(result, n <= 0 ? "t" : byefd ? "e" : "d");
    return 0;
  }
  fprintf(stderr, "procs: bad child arguments\n");
  return 2;
}

/* ---- the parent's sections ---- */

static void timeouts(void)
{
  printf("-- timeouts\n");
  int p[2];
  mkpipe(p, 0);
  int ep = epoll_create1(0);
  must_ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 1);
  long long t0 = now_ms();
  waitshow("timeout 0", ep, 4, 0);
  t0 = now_ms();
  waitshow("timeout 100", ep, 4, 100);
  printf("waited at least 100 ms: %s\n", now_ms() - t0 >= 99 ? "yes" : "no");

  pid_t pid = child((char *[]){ "child-write", itoa_(p[1]), "100", NULL });
  t0 = now_ms();
  waitshow("timeout -1, a child writes after 100 ms", ep, 4, -1);
  printf("waited for the child: %s\n", now_ms() - t0 >= 50 ? "yes" : "no");
  printf("child: %d\n", reap(pid));
  drain(p[0]);

  pid = child((char *[]){ "child-write", itoa_(p[1]), "50", NULL });
  waitshow("timeout 10000, a child writes after 50 ms", ep, 4, 10000);
  printf("child: %d\n", reap(pid));
  drain(p[0]);

  /* The last writer is a child: its exit is the hang-up. */
  pid = child((char *[]){ "child-exit", "100", NULL });
  close(p[1]);
  waitshow("timeout -1, the last writer (a child) exits", ep, 4, -1);
  printf("child: %d\n", reap(pid));
  close(p[0]);

  /* epoll_pwait with a mask waits like epoll_wait. */
  mkpipe(p, 0);
  must_ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 2);
  sigset_t mask;
  memset(&mask, 0, sizeof mask); /* (wasi-libc has no sigemptyset) */
  pid = child((char *[]){ "child-write", itoa_(p[1]), "50", NULL });
  struct epoll_event ev[2];
  int n = epoll_pwait(ep, ev, 2, -1, &mask);
  printf("epoll_pwait with a mask, woken by the child: %d data %llu\n", n, n > 0 ? (unsigned long long)ev[0].data.u64 : 0ULL);
  printf("child: %d\n", reap(pid));
  t0 = now_ms();
  drain(p[0]);
  n = epoll_pwait(ep, ev, 2, 100, &mask);
  printf("epoll_pwait timeout 100: %d, waited: %s\n", n, now_ms() - t0 >= 99 ? "yes" : "no");
  close(p[0]);
  close(p[1]);
  close(ep);
}

static void eventfd_blocking(void)
{
  printf("-- eventfd across processes\n");
  int e = eventfd(0, 0);
  pid_t pid = child((char *[]){ "child-efd-write", itoa_(e), "100", "5", NULL });
  uint64_t v = 0;
  ssize_t r = read(e, &v, 8);
  printf("blocking read woken by the child: %zd value %llu\n", r, (unsigned long long)v);
  printf("child: %d\n", reap(pid));
  must(eventfd_write(e, 0xfffffffffffffffeULL) == 0, "fill");
  pid = child((char *[]){ "child-efd-read", itoa_(e), "100", NULL });
  v = 1;
  r = write(e, &v, 8);
  printf("blocking write (full) woken by the child's read: %zd\n", r);
  printf("child: %d\n", reap(pid));
  r = read(e, &v, 8);
  printf("then: %zd value %llu\n", r, (unsigned long long)v);
  /* A semaphore shared by two processes. */
  close(e);
  e = eventfd(0, EFD_SEMAPHORE);
  pid = child((char *[]){ "child-efd-write", itoa_(e), "50", "3", NULL });
  int got = 0;
  for (int i = 0; i < 3; i++)
    if (read(e, &v, 8) == 8 && v == 1) got++;
  printf("semaphore: three reads of 1 across processes: %d\n", got);
  printf("child: %d\n", reap(pid));
  close(e);
}

static void shared(void)
{
  printf("-- an epoll shared with a child\n");
  int cloexec = epoll_create1(EPOLL_CLOEXEC), plain = epoll_create1(0);
  int p[2], out[2];
  mkpipe(p, 0);
  mkpipe(out, 0);
  int e = eventfd(0, 0);
  must_ctl(plain, EPOLL_CTL_ADD, p[0], EPOLLIN, 42);
  put(p[1], "x");
  pid_t pid = child((char *[]){ "child-fds", itoa_(cloexec), itoa_(plain), itoa_(e), itoa_(out[1]), NULL });
  printf("child: %d\n", reap(pid));
  close(out[1]);
  char buf[1024];
  ssize_t n = read(out[0], buf, sizeof buf - 1);
  buf[n > 0 ? n : 0] = 0;
  fputs(buf, stdout);
  close(out[0]);
  waitshow("parent: the child's registration, and its own", plain, 4, 0);
  close(plain);
  close(cloexec);
  close(e);
  close(p[0]);
  close(p[1]);

  printf("-- a child's copy of a registered fd keeps the registration\n");
  int ep = epoll_create1(0);
  int go[2];
  mkpipe(p, 0);
  mkpipe(go, 0);
  must_ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 43);
  pid = child((char *[]){ "child-hold", itoa_(go[0]), NULL });
  close(p[0]); /* the child still has it */
  put(p[1], "x");
  waitshow("parent closed its fd, the child holds it", ep, 4, 0);
  put(go[1], "g");
  printf("child: %d\n", reap(pid));
  waitshow("the child exited: last fd gone", ep, 4, 0);
  close(go[0]);
  close(go[1]);
  close(p[1]);
  close(ep);
}

static void exclusive(void)
{
  printf("-- EPOLLEXCLUSIVE across processes\n");
  /* One child waits on its own epoll; the parent adds idle epolls with EXCLUSIVE on
   * the same eventfd after it. A write must wake the waiting child. */
  int e = eventfd(0, 0);
  int done[2], ready[2], result[2];
  mkpipe(done, 0);
  mkpipe(ready, 0);
  mkpipe(result, 0);
  pid_t pid = child((char *[]){ "child-excl", itoa_(e), itoa_(done[0]), itoa_(ready[1]), itoa_(result[1]), NULL });
  char c;
  must(read(ready[0], &c, 1) == 1, "ready");
  int idle[3];
  for (int i = 0; i < 3; i++) {
    idle[i] = epoll_create1(0);
    must_ctl(idle[i], EPOLL_CTL_ADD, e, EPOLLIN | EPOLLEXCLUSIVE, 100 + i);
  }
  sleep_ms(100);
  eventfd_write(e, 1);
  must(read(result[0], &c, 1) == 1, "result");
  printf("the waiting child was woken by the eventfd: %s\n", c == 'e' ? "yes" : c == 't' ? "no (timed out)" : "no");
  printf("child: %d\n", reap(pid));
  for (int i = 0; i < 3; i++) close(idle[i]);
  eventfd_t v;
  eventfd_read(e, &v);

  /* Four children wait; one write wakes at least one of them. */
  enum { N = 4 };
  pid_t pids[N];
  for (int i = 0; i < N; i++) {
    pids[i] = child((char *[]){ "child-excl", itoa_(e), itoa_(done[0]), itoa_(ready[1]), itoa_(result[1]), NULL });
    must(read(ready[0], &c, 1) == 1, "ready");
  }
  sleep_ms(100);
  eventfd_write(e, 1);
  must(read(result[0], &c, 1) == 1, "result");
  int byefd = c == 'e';
  put(done[1], "d"); /* wake the rest */
  for (int i = 1; i < N; i++) {
    must(read(result[0], &c, 1) == 1, "result");
    if (c == 'e') byefd++;
  }
  printf("%d waiting children, one write: at least one woken by it: %s\n", N, byefd >= 1 ? "yes" : "no");
  int ok = 0;
  for (int i = 0; i < N; i++) ok += reap(pids[i]) == 0;
  printf("children exited: %d\n", ok);
  close(e);
  close(done[0]);
  close(done[1]);
  close(ready[0]);
  close(ready[1]);
  close(result[0]);
  close(result[1]);
}

int main(int argc, char **argv)
{
  setvbuf(stdout, NULL, _IOLBF, 0);
  if (argc < 2) {
    fprintf(stderr, "usage: procs DIR\n");
    return 2;
  }
  dir = argv[1];
  if (argc > 2) return child_main(argc, argv);
  timeouts();
  eventfd_blocking();
  shared();
  exclusive();
  return 0;
}
