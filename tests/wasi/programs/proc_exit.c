// SPDX-License-Identifier: Apache-2.0
// proc_exit: the exit status is the guest's, output written before the
// call is not lost, and nothing after it runs. Run as
//   proc_exit.wasm <guest-dir> <status>
// Modelled on the suite's AssemblyScript proc_exit-success / -failure.
#include "check.h"

int main(int argc, char **argv) {
  int status = argc > 2 ? atoi(argv[2]) : 0;
  say("exiting with status %d\n", status);
  // Unterminated on purpose: a runtime that line-buffers and drops the tail
  // on exit loses this.
  say("last words");
  __wasi_proc_exit((__wasi_exitcode_t)status);
  say("\nproc_exit returned  <-- MISMATCH\n");
  return 99;
}
