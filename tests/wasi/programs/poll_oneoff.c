// SPDX-License-Identifier: Apache-2.0
// poll_oneoff: relative and absolute clock subscriptions, fd readiness for
// stdio and regular files, and argument errors. Modelled on the suite's
// poll_oneoff_stdio (which accepts either "stdin ready" or "timed out").
#include "check.h"

static const char *WORK = "poll_oneoff.dir";
static const uint64_t MS = 1000000ull;

static __wasi_subscription_t clock_sub(uint64_t userdata, __wasi_clockid_t id, uint64_t timeout,
                                       __wasi_subclockflags_t flags) {
  __wasi_subscription_t s;
  memset(&s, 0, sizeof s);
  s.userdata = userdata;
  s.u.tag = __WASI_EVENTTYPE_CLOCK;
  s.u.u.clock.id = id;
  s.u.u.clock.timeout = timeout;
  s.u.u.clock.flags = flags;
  return s;
}

static __wasi_subscription_t fd_sub(uint64_t userdata, __wasi_eventtype_t type, __wasi_fd_t fd) {
  __wasi_subscription_t s;
  memset(&s, 0, sizeof s);
  s.userdata = userdata;
  s.u.tag = type;
  if (type == __WASI_EVENTTYPE_FD_READ)
    s.u.u.fd_read.file_descriptor = fd;
  else
    s.u.u.fd_write.file_descriptor = fd;
  return s;
}

static int find_event(const __wasi_event_t *ev, __wasi_size_t n, uint64_t userdata) {
  for (__wasi_size_t i = 0; i < n; i++)
    if (ev[i].userdata == userdata) return (int)i;
  return -1;
}

static void clocks(void) {
  __wasi_subscription_t in[3];
  __wasi_event_t ev[3];
  __wasi_size_t n = 99;

  EXPECT("poll_oneoff with no subscriptions", __wasi_poll_oneoff(in, ev, 0, &n), E(INVAL));

  in[0] = clock_sub(0x1234, __WASI_CLOCKID_MONOTONIC, 20 * MS, 0);
  uint64_t t0 = now_ns(__WASI_CLOCKID_MONOTONIC);
  EXPECT_OK("poll_oneoff(one 20ms relative clock)", __wasi_poll_oneoff(in, ev, 1, &n));
  uint64_t t1 = now_ns(__WASI_CLOCKID_MONOTONIC);
  check_u64("  events", n, 1);
  check("  event is the CLOCK one, userdata and error SUCCESS",
        ev[0].userdata == 0x1234 && ev[0].type == __WASI_EVENTTYPE_CLOCK && ev[0].error == 0);
  check("  slept at least 20ms", t1 - t0 >= 20 * MS);

  // Only the earliest of several timers fires.
  in[0] = clock_sub(1, __WASI_CLOCKID_MONOTONIC, 5 * 1000 * MS, 0);
  in[1] = clock_sub(2, __WASI_CLOCKID_MONOTONIC, 10 * MS, 0);
  t0 = now_ns(__WASI_CLOCKID_MONOTONIC);
  EXPECT_OK("poll_oneoff(5s and 10ms clocks)", __wasi_poll_oneoff(in, ev, 2, &n));
  t1 = now_ns(__WASI_CLOCKID_MONOTONIC);
  check_u64("  events", n, 1);
  check("  the 10ms clock fired", ev[0].userdata == 2 && ev[0].type == __WASI_EVENTTYPE_CLOCK);
  check("  returned well before 5s", t1 - t0 < 4000 * MS);

  // Absolute deadlines, on both clocks.
  in[0] = clock_sub(3, __WASI_CLOCKID_MONOTONIC, now_ns(__WASI_CLOCKID_MONOTONIC) + 15 * MS,
                    __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME);
  t0 = now_ns(__WASI_CLOCKID_MONOTONIC);
  EXPECT_OK("poll_oneoff(absolute MONOTONIC deadline +15ms)", __wasi_poll_oneoff(in, ev, 1, &n));
  t1 = now_ns(__WASI_CLOCKID_MONOTONIC);
  check("  fired after about 15ms", n == 1 && ev[0].userdata == 3 && t1 - t0 >= 10 * MS &&
                                        t1 - t0 < 4000 * MS);
  in[0] = clock_sub(4, __WASI_CLOCKID_REALTIME, now_ns(__WASI_CLOCKID_REALTIME) - 1000 * MS,
                    __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME);
  EXPECT_OK("poll_oneoff(absolute REALTIME deadline in the past)",
            __wasi_poll_oneoff(in, ev, 1, &n));
  check("  fires at once", n == 1 && ev[0].userdata == 4 && ev[0].error == 0);

  in[0] = clock_sub(5, 99, 1 * MS, 0);
  __wasi_errno_t err = __wasi_poll_oneoff(in, ev, 1, &n);
  check("unknown clock id 99 is INVAL (as the result or in the event)",
        err == E(INVAL) || (err == 0 && n == 1 && ev[0].error == E(INVAL)));
}

static void fds(__wasi_fd_t dir) {
  __wasi_subscription_t in[4];
  __wasi_event_t ev[4];
  __wasi_size_t n = 0;

  // stdout and stderr are writable straight away; the 5s clock must not
  // fire. Like the suite, keep polling the ones not yet reported.
  int pending[2] = {1, 1}, timed_out = 0, bad = 0;
  for (int round = 0; round < 3 && (pending[0] || pending[1]) && !timed_out && !bad; round++) {
    __wasi_size_t k = 0;
    for (int i = 0; i < 2; i++)
      if (pending[i]) in[k++] = fd_sub(11 + i, __WASI_EVENTTYPE_FD_WRITE, 1 + i);
    in[k++] = clock_sub(13, __WASI_CLOCKID_MONOTONIC, 5000 * MS, 0);
    if (__wasi_poll_oneoff(in, ev, k, &n) != 0 || n == 0) {
      bad = 1;
      break;
    }
    for (__wasi_size_t i = 0; i < n; i++) {
      if (ev[i].userdata == 13) timed_out = 1;
      else if (ev[i].type != __WASI_EVENTTYPE_FD_WRITE || ev[i].error != 0) bad = 1;
      else if (ev[i].userdata == 11 || ev[i].userdata == 12) pending[ev[i].userdata - 11] = 0;
      else bad = 1;
    }
  }
  check("stdout and stderr report FD_WRITE ready with error SUCCESS",
        !pending[0] && !pending[1] && !timed_out && !bad);

  // stdin: either readable (EOF counts) or the 100ms clock fires; no errors.
  in[0] = clock_sub(21, __WASI_CLOCKID_MONOTONIC, 100 * MS, 0);
  in[1] = fd_sub(22, __WASI_EVENTTYPE_FD_READ, 0);
  EXPECT_OK("poll_oneoff(stdin FD_READ + 100ms clock)", __wasi_poll_oneoff(in, ev, 2, &n));
  int ok = n >= 1;
  for (__wasi_size_t i = 0; i < n; i++) {
    if (ev[i].error != 0) ok = 0;
    if (ev[i].userdata == 21 && ev[i].type != __WASI_EVENTTYPE_CLOCK) ok = 0;
    if (ev[i].userdata == 22 && ev[i].type != __WASI_EVENTTYPE_FD_READ) ok = 0;
  }
  check("  at least one event, each of the right type with error SUCCESS", ok);

  // Regular files are always ready for reading and writing.
  __wasi_fd_t fd;
  __wasi_size_t w;
  require_ok("open file", open_file(dir, "file", __WASI_OFLAGS_CREAT, FILE_RIGHTS, 0, &fd));
  require_ok("write", write_bytes(fd, "data", 4, &w));
  in[0] = fd_sub(31, __WASI_EVENTTYPE_FD_READ, fd);
  in[1] = fd_sub(32, __WASI_EVENTTYPE_FD_WRITE, fd);
  in[2] = clock_sub(33, __WASI_CLOCKID_MONOTONIC, 5000 * MS, 0);
  EXPECT_OK("poll_oneoff(file FD_READ + FD_WRITE + 5s clock)", __wasi_poll_oneoff(in, ev, 3, &n));
  int r = find_event(ev, n, 31), wr = find_event(ev, n, 32);
  check("  file is readable", r >= 0 && ev[r].type == __WASI_EVENTTYPE_FD_READ && ev[r].error == 0);
  check("  file is writable", wr >= 0 && ev[wr].type == __WASI_EVENTTYPE_FD_WRITE &&
                                  ev[wr].error == 0);
  check("  clock did not fire", find_event(ev, n, 33) < 0);
  EXPECT_OK("fd_close(file)", __wasi_fd_close(fd));
  EXPECT_OK("path_unlink_file(\"file\")", __wasi_path_unlink_file(dir, "file"));

  // A closed descriptor is reported as BADF, either for the whole call or in
  // its event.
  in[0] = fd_sub(41, __WASI_EVENTTYPE_FD_READ, fd);
  __wasi_errno_t err = __wasi_poll_oneoff(in, ev, 1, &n);
  check("FD_READ on a closed fd gives BADF",
        err == E(BADF) || (err == 0 && n == 1 && ev[0].userdata == 41 && ev[0].error == E(BADF)));
}

int main(int argc, char **argv) {
  __wasi_fd_t scratch;
  __wasi_fd_t dir = open_work_dir(argc, argv, WORK, &scratch);
  clocks();
  fds(dir);
  close_work_dir(scratch, dir, WORK);
  return finish();
}
