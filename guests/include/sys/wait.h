/*
 * sys/wait.h — waiting for child processes (wasi-libc has none). Linux's wait status
 * encoding and option values. WUNTRACED and WCONTINUED are accepted but never report
 * anything: Cove has no job control (stop signals), so no child is ever stopped.
 */
#ifndef COVE_SYS_WAIT_H
#define COVE_SYS_WAIT_H

#include <features.h>

#define __NEED_pid_t
#include <bits/alltypes.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WNOHANG 1
#define WUNTRACED 2
#define WCONTINUED 8

/* wasi-libc's stdlib.h hides its copies of these (no wait in WASI); guard anyway. */
#ifndef WEXITSTATUS
#define WEXITSTATUS(s) (((s) & 0xff00) >> 8)
#define WTERMSIG(s) ((s) & 0x7f)
#define WSTOPSIG(s) WEXITSTATUS(s)
#define WIFEXITED(s) (!WTERMSIG(s))
#define WIFSTOPPED(s) ((short)((((s) & 0xffff) * 0x10001) >> 8) > 0x7f00)
#define WIFSIGNALED(s) (((s) & 0xffff) - 1U < 0xffu)
#endif
#ifndef WCOREDUMP
#define WCOREDUMP(s) ((s) & 0x80)
#endif
#ifndef WIFCONTINUED
#define WIFCONTINUED(s) ((s) == 0xffff)
#endif

pid_t wait(int *);
pid_t waitpid(pid_t, int *, int);

#if defined(_GNU_SOURCE) || defined(_BSD_SOURCE)
struct rusage;
/* Cove does not account child resource use: a non-null rusage is zeroed. */
pid_t wait3(int *, int, struct rusage *);
pid_t wait4(pid_t, int *, int, struct rusage *);
#endif

#ifdef __cplusplus
}
#endif

#endif
