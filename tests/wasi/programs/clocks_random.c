// SPDX-License-Identifier: Apache-2.0
// clock_res_get, clock_time_get, random_get, sched_yield and proc_raise.
// Modelled on the suite's clock_time_get, big_random_buf, sched_yield, the C
// clock_getres / clock_gettime tests and the AssemblyScript random_get tests.
#include "check.h"

// wasi-libc no longer declares proc_raise, but it is still part of
// wasi_snapshot_preview1 and a runtime must provide the import.
int32_t cove_raw_proc_raise(int32_t sig)
    __attribute__((__import_module__("wasi_snapshot_preview1"), __import_name__("proc_raise")));
enum { SIGNAL_URG = 22 };  // preview1 `signal` enum: urg

int main(int argc, char **argv) {
  __wasi_timestamp_t res = 0, t0 = 0, t1 = 0;

  EXPECT_OK("clock_res_get(REALTIME)", __wasi_clock_res_get(__WASI_CLOCKID_REALTIME, &res));
  check("  resolution is between 1ns and 1s", res >= 1 && res <= 1000000000ull);
  EXPECT_OK("clock_res_get(MONOTONIC)", __wasi_clock_res_get(__WASI_CLOCKID_MONOTONIC, &res));
  check("  resolution is between 1ns and 1s", res >= 1 && res <= 1000000000ull);
  EXPECT("clock_res_get(clock 99)", __wasi_clock_res_get(99, &res), E(INVAL));

  EXPECT_OK("clock_time_get(REALTIME, precision 0)",
            __wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 0, &t0));
  // 2020-01-01 .. 2100-01-01, in nanoseconds since the epoch
  check("  is a plausible wall-clock time in ns",
        t0 > 1577836800000000000ull && t0 < 4102444800000000000ull);
  EXPECT_OK("clock_time_get(MONOTONIC, precision 1)",
            __wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t0));
  EXPECT_OK("clock_time_get(MONOTONIC, precision 0)",
            __wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 0, &t1));
  check("  monotonic does not go backwards", t1 >= t0);
  uint64_t prev = t1;
  int mono = 1;
  for (int i = 0; i < 1000; i++) {
    __wasi_timestamp_t t = 0;
    if (__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 0, &t) != 0 || t < prev) mono = 0;
    prev = t;
  }
  check("  ...over 1000 more reads", mono);
  EXPECT("clock_time_get(clock 99)", __wasi_clock_time_get(99, 0, &t0), E(INVAL));
  // CPU-time clocks are optional: wasmtime says BADF, uvwasi implements them.
  EXPECT("clock_time_get(PROCESS_CPUTIME_ID)",
         __wasi_clock_time_get(__WASI_CLOCKID_PROCESS_CPUTIME_ID, 0, &t0), E(SUCCESS), E(BADF),
         E(INVAL), E(NOTSUP));

  uint8_t buf[1024], buf2[1024];
  memset(buf, 0, sizeof buf);
  EXPECT_OK("random_get(0 bytes)", __wasi_random_get(buf, 0));
  EXPECT_OK("random_get(1024 bytes)", __wasi_random_get(buf, sizeof buf));
  int nonzero = 0;
  for (size_t i = 0; i < sizeof buf; i++) nonzero |= buf[i];
  check("  not all zero", nonzero != 0);
  EXPECT_OK("random_get(1024 bytes) again", __wasi_random_get(buf2, sizeof buf2));
  check("  differs from the first draw", memcmp(buf, buf2, sizeof buf) != 0);
  static uint8_t big[256 * 1024];
  EXPECT_OK("random_get(256 KiB)", __wasi_random_get(big, sizeof big));
  int tail = 0;
  for (size_t i = sizeof big - 64; i < sizeof big; i++) tail |= big[i];
  check("  the end of the buffer is filled too", tail != 0);

  EXPECT_OK("sched_yield", __wasi_sched_yield());
  // No signals in preview1 worth delivering: wasmtime answers NOTSUP. URG
  // (ignored by default) is harmless if a host does raise it for real.
  EXPECT("proc_raise(SIGURG)", cove_raw_proc_raise(SIGNAL_URG), E(NOTSUP), E(SUCCESS));
  return finish();
}
