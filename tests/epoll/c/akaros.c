/* One section per limitation listed in the header of Akaros's epoll
 * (user/iplib/epoll.c), each showing that it does not apply here.
 * Usage: akaros DIR SECTION|all (children: akaros DIR child-...). Each section starts
 * with a line "== SECTION". */
#include "common.h"

static const char *dir;

static void nested_epoll(void)
{
  /* "you can't epoll on an epoll fd (or any user fd)" */
  int p[2];
  mkpipe(p, 0);
  int e = eventfd(0, 0);
  int inner = epoll_create1(0), outer = epoll_create1(0);
  ctl("pipe in inner", inner, EPOLL_CTL_ADD, p[0], EPOLLIN, 1);
  ctl("eventfd in inner", inner, EPOLL_CTL_ADD, e, EPOLLIN, 2);
  ctl("inner epoll in outer epoll", outer, EPOLL_CTL_ADD, inner, EPOLLIN, 3);
  waitshow("outer", outer, 4, 0);
  put(p[1], "x");
  waitshow("outer, pipe ready in inner", outer, 4, 0);
  waitshow("inner", inner, 4, 0);
  drain(p[0]);
  eventfd_write(e, 1);
  waitshow("outer, eventfd ready in inner", outer, 4, 0);
  waitshow("inner", inner, 4, 0);
}

static void lt_oneshot(void)
{
  /* "there's no EPOLLONESHOT or level-triggered support" (ADD without EPOLLET was
   * EPERM, "Epoll level-triggered not supported"; EPOLLONESHOT EPERM too). */
  int p[2];
  mkpipe(p, 0);
  int ep = epoll_create1(0);
  ctl("ADD level-triggered", ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 1);
  put(p[1], "x");
  waitshow("LT", ep, 4, 0);
  waitshow("LT, not drained: again", ep, 4, 0);
  int q[2];
  mkpipe(q, 0);
  ctl("ADD oneshot", ep, EPOLL_CTL_ADD, q[0], EPOLLIN | EPOLLONESHOT, 2);
  put(q[1], "x");
  waitshow("oneshot fires", ep, 4, 0);
  waitshow("oneshot disabled", ep, 4, 0);
  ctl("MOD re-arms", ep, EPOLL_CTL_MOD, q[0], EPOLLIN | EPOLLONESHOT, 3);
  waitshow("re-armed", ep, 4, 0);
  /* Akaros synthesised existing IN/OUT from stat on ADD; here ADD reports any event. */
  close(q[1]);
  int ep2 = epoll_create1(0);
  ctl("ADD ET on a hung-up pipe", ep2, EPOLL_CTL_ADD, q[0], EPOLLIN | EPOLLET, 4);
  waitshow("existing HUP reported on ADD", ep2, 4, 0);
}

static void many_sets(void)
{
  /* "you can only tap one FD at a time, so you can't add the same FD to multiple
   * epoll sets." */
  int p[2];
  mkpipe(p, 0);
  int ep[3];
  for (int i = 0; i < 3; i++) {
    ep[i] = epoll_create1(0);
    char what[32];
    snprintf(what, sizeof what, "ADD to set %d", i);
    ctl(what, ep[i], EPOLL_CTL_ADD, p[0], EPOLLIN | (i == 2 ? EPOLLET : 0), 10 + i);
  }
  put(p[1], "x");
  waitshow("set 0", ep[0], 4, 0);
  waitshow("set 1", ep[1], 4, 0);
  waitshow("set 2", ep[2], 4, 0);
  ctl("DEL from set 1", ep[1], EPOLL_CTL_DEL, p[0], 0, 0);
  put(p[1], "y");
  waitshow("set 0", ep[0], 4, 0);
  waitshow("set 1", ep[1], 4, 0);
  waitshow("set 2 (ET: new edge)", ep[2], 4, 0);
  int d = dup(p[0]);
  ctl("its dup in set 0 as well", ep[0], EPOLL_CTL_ADD, d, EPOLLIN, 20);
  waitshow("set 0", ep[0], 4, 0);
}

static void growing(void)
{
  /* "there is no support for growing the epoll set" ("Epoll set cannot grow yet!":
   * ENOMEM for an fd beyond the size given to epoll_create). */
  struct rlimit rl;
  must(getrlimit(RLIMIT_NOFILE, &rl) == 0, "getrlimit");
  rl.rlim_cur = rl.rlim_max < 8192 ? rl.rlim_max : 8192;
  must(setrlimit(RLIMIT_NOFILE, &rl) == 0, "setrlimit");
  int ep = epoll_create(1);
  enum { N = 1500 };
  static int fds[N][2];
  int ok = 0;
  for (int i = 0; i < N; i++) {
    mkpipe(fds[i], 0);
    if (ctl(NULL, ep, EPOLL_CTL_ADD, fds[i][0], EPOLLIN, i) == 0) ok++;
  }
  printf("epoll_create(1), then %d pipes added: %d ok\n", N, ok);
  int high = fcntl(fds[0][0], F_DUPFD, 7000);
  ctl("an fd numbered 7000", ep, EPOLL_CTL_ADD, high, EPOLLIN, 7000);
  for (int i = 0; i < N; i += 100) put(fds[i][1], "x");
  struct epoll_event ev[64];
  int n = epoll_wait(ep, ev, 64, 0);
  unsigned long long sum = 0;
  for (int i = 0; i < n; i++) sum += ev[i].data.u64;
  printf("ready: %d (sum of data %llu)\n", n, sum);
}

static void close_epoll(void)
{
  /* "closing the epoll is a little dangerous, if there are outstanding INDIR events" */
  int p[2];
  mkpipe(p, 0);
  int e = eventfd(0, 0);
  for (int round = 0; round < 3; round++) {
    int ep = epoll_create1(0);
    must_ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 1);
    must_ctl(ep, EPOLL_CTL_ADD, e, EPOLLIN | EPOLLET, 2);
    must_ctl(ep, EPOLL_CTL_ADD, p[1], EPOLLOUT | EPOLLONESHOT, 3);
    put(p[1], "x");
    eventfd_write(e, 1);
    close(ep); /* with three events pending */
    put(p[1], "y"); /* events for a closed epoll */
    eventfd_write(e, 1);
    drain(p[0]);
  }
  int ep = epoll_create1(0);
  must_ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 4);
  must_ctl(ep, EPOLL_CTL_ADD, e, EPOLLIN, 5);
  waitshow("a new epoll after closing three busy ones", ep, 4, 0);
  put(p[1], "z");
  waitshow("and a new event", ep, 4, 0);
}

static void cloexec(void)
{
  /* "epoll_create1 does not support CLOEXEC" */
  int a = epoll_create1(EPOLL_CLOEXEC), b = epoll_create1(0);
  printf("EPOLL_CLOEXEC: FD_CLOEXEC %s\n", fcntl(a, F_GETFD) & FD_CLOEXEC ? "set" : "clear");
  printf("0: FD_CLOEXEC %s\n", fcntl(b, F_GETFD) & FD_CLOEXEC ? "set" : "clear");
  char fa[16], fb[16];
  snprintf(fa, sizeof fa, "%d", a);
  snprintf(fb, sizeof fb, "%d", b);
  pid_t pid = spawn_self(dir, "akaros", (char *[]){ (char *)dir, "child-cloexec", fa, fb, NULL });
  printf("child: %d\n", reap(pid));
}

static void modify(void)
{
  /* "EPOLL_CTL_MOD is just a DEL then an ADD. There might be races associated with that." */
  int a[2], b[2];
  mkpipe(a, 0);
  mkpipe(b, 0);
  int ep = epoll_create1(0);
  must_ctl(ep, EPOLL_CTL_ADD, a[0], EPOLLIN | EPOLLET, 1);
  must_ctl(ep, EPOLL_CTL_ADD, b[0], EPOLLIN | EPOLLET, 2);
  put(a[1], "x");
  put(b[1], "x");
  ctl("MOD a (queued first) with new data", ep, EPOLL_CTL_MOD, a[0], EPOLLIN | EPOLLET, 3);
  waitshow("a keeps its place, reported once with the new data", ep, 4, 0);
  waitshow("no duplicate", ep, 4, 0);
  ctl("MOD b to OUT|ET while nothing is pending", ep, EPOLL_CTL_MOD, b[0], EPOLLOUT | EPOLLET, 4);
  ctl("MOD b back to IN|ET", ep, EPOLL_CTL_MOD, b[0], EPOLLIN | EPOLLET, 5);
  waitshow("b still has data: reported after MOD", ep, 4, 0);
  ctl("MOD of a missing fd", ep, EPOLL_CTL_MOD, a[1], EPOLLIN, 6);
  ctl("the item is still there after a failed MOD (ADD)", ep, EPOLL_CTL_ADD, a[0], EPOLLIN, 7);
}

static void close_tracked(void)
{
  /* "If you close a tracked FD without removing it from the epoll set ... You may still
   * have an epoll event that was concurrently sent. Likewise, that FD may be used
   * again by your program, and if you add *that* one to another epoll set before
   * removing it from the current one, weird things may happen" */
  int ep1 = epoll_create1(0), ep2 = epoll_create1(0);
  int p[2];
  mkpipe(p, 0);
  must_ctl(ep1, EPOLL_CTL_ADD, p[0], EPOLLIN, 1);
  put(p[1], "x"); /* an event is pending */
  int num = p[0];
  close(p[0]);
  close(p[1]);
  waitshow("the closed fd's pending event is gone", ep1, 4, 0);
  int q[2];
  mkpipe(q, 0);
  printf("the number is reused: %s\n", q[0] == num ? "yes" : "no");
  ctl("ADD the new file to another set", ep2, EPOLL_CTL_ADD, q[0], EPOLLIN, 2);
  ctl("ADD it to the first set too", ep1, EPOLL_CTL_ADD, q[0], EPOLLIN, 3);
  waitshow("set 1, nothing", ep1, 4, 0);
  put(q[1], "y");
  waitshow("set 1", ep1, 4, 0);
  waitshow("set 2", ep2, 4, 0);
  ctl("DEL from set 1", ep1, EPOLL_CTL_DEL, q[0], 0, 0);
  waitshow("set 2 unaffected", ep2, 4, 0);
}

static void pwait(void)
{
  /* "epoll_pwait is probably racy" (it swapped the mask around epoll_wait in user
   * space). Cove has no signal handlers yet: the mask is checked and the wait behaves
   * as epoll_wait's, woken by another process or timing out. */
  int p[2];
  mkpipe(p, 0);
  int ep = epoll_create1(0);
  must_ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 1);
  sigset_t mask;
  memset(&mask, 0xff, sizeof mask);
  struct epoll_event ev[2];
  long long t0 = now_ms();
  int n = epoll_pwait(ep, ev, 2, 50, &mask);
  printf("timeout 50: %d, waited: %s\n", n, now_ms() - t0 >= 49 ? "yes" : "no");
  char fd[16];
  snprintf(fd, sizeof fd, "%d", p[1]);
  pid_t pid = spawn_self(dir, "akaros", (char *[]){ (char *)dir, "child-write", fd, NULL });
  n = epoll_pwait(ep, ev, 2, -1, &mask);
  printf("woken by a child: %d data %llu\n", n, n > 0 ? (unsigned long long)ev[0].data.u64 : 0ULL);
  printf("child: %d\n", reap(pid));
  show("maxevents 0", epoll_pwait(ep, ev, 0, 0, &mask));
}

static void dup_epoll(void)
{
  /* "You can't dup an epoll fd (same as other user FDs)." */
  int p[2];
  mkpipe(p, 0);
  int ep = epoll_create1(0);
  int d = dup(ep);
  int d2 = fcntl(ep, F_DUPFD_CLOEXEC, 100);
  showfd("dup", d);
  showfd("F_DUPFD_CLOEXEC", d2);
  ctl("ADD through the dup", d, EPOLL_CTL_ADD, p[0], EPOLLIN, 1);
  ctl("ADD through the original: same instance", ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 2);
  put(p[1], "x");
  waitshow("wait on the original", ep, 4, 0);
  waitshow("wait on the F_DUPFD_CLOEXEC one", d2, 4, 0);
  close(ep);
  waitshow("original closed, wait on the dup", d, 4, 0);
  int outer = epoll_create1(0);
  ctl("the dup in another epoll", outer, EPOLL_CTL_ADD, d, EPOLLIN, 3);
  ctl("and its other dup (same description)", outer, EPOLL_CTL_ADD, d2, EPOLLIN, 4);
  waitshow("outer", outer, 4, 0);
  int e = dup2(d, 50);
  printf("dup2 to 50: %s\n", e == 50 ? "ok" : errname(errno));
}

static int child(int argc, char **argv)
{
  if (!strcmp(argv[2], "child-cloexec") && argc == 5) {
    int a = atoi(argv[3]), b = atoi(argv[4]);
    int ra = fcntl(a, F_GETFD);
    printf("child: EPOLL_CLOEXEC epoll: %s\n", ra < 0 ? errname(errno) : "inherited");
    struct epoll_event ev;
    int rb = epoll_wait(b, &ev, 1, 0);
    printf("child: the other epoll: %s\n", rb < 0 ? errname(errno) : "inherited, usable");
    return 0;
  }
  if (!strcmp(argv[2], "child-write") && argc == 4) {
    sleep_ms(50);
    put(atoi(argv[3]), "x");
    return 0;
  }
  return 2;
}

int main(int argc, char **argv)
{
  setvbuf(stdout, NULL, _IOLBF, 0);
  if (argc < 3) {
    fprintf(stderr, "usage: akaros DIR SECTION\n");
    return 2;
  }
  dir = argv[1];
  const char *s = argv[2];
  if (!strncmp(s, "child-", 6)) return child(argc, argv);
  static const struct { const char *name; void (*run)(void); } sections[] = {
    { "nested", nested_epoll }, { "lt-oneshot", lt_oneshot }, { "many-sets", many_sets },
    { "close-epoll", close_epoll }, { "cloexec", cloexec }, { "modify", modify },
    { "close-tracked", close_tracked }, { "pwait", pwait }, { "dup", dup_epoll },
    { "growing", growing }, /* last: it raises RLIMIT_NOFILE and leaves 1500 pipes open */
  };
  int found = 0;
  for (unsigned i = 0; i < sizeof sections / sizeof sections[0]; i++) {
    if (strcmp(s, "all") && strcmp(s, sections[i].name)) continue;
    printf("== %s\n", sections[i].name);
    sections[i].run();
    found = 1;
  }
  if (!found) {
    fprintf(stderr, "akaros: unknown section %s\n", s);
    return 2;
  }
  return 0;
}
