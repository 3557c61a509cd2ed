/*
 * signal.h — wasi-libc's emulated one (cove cc defines _WASI_EMULATED_SIGNAL), plus
 * kill() and killpg(), which are real: they go to Cove's kernel. Signals have their
 * default actions so far (terminate, or ignore for SIGCHLD, SIGCONT, SIGURG, SIGWINCH):
 * wasi-libc's signal() and raise() only emulate handlers inside the calling process,
 * and do not change what the kernel does (e.g. on SIGPIPE).
 */
#ifndef COVE_SIGNAL_H
#define COVE_SIGNAL_H

#include_next <signal.h>

#define __NEED_pid_t
#include <bits/alltypes.h>

#ifdef __cplusplus
extern "C" {
#endif

int kill(pid_t, int);
#if defined(_XOPEN_SOURCE) || defined(_BSD_SOURCE) || defined(_GNU_SOURCE)
int killpg(pid_t, int);
#endif

#ifdef __cplusplus
}
#endif

#endif
