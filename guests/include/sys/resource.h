/*
 * sys/resource.h — wasi-libc's (getrusage, with the process-clocks emulation that
 * `cove cc` enables), plus resource limits, which wasi-libc lacks: getrlimit,
 * setrlimit and prlimit (guests/libcove/rlimit.c over cove.prlimit).
 *
 * Cove enforces RLIMIT_NOFILE (the fd table's limit; the hard limit starts at 2^20
 * and, as without CAP_SYS_RESOURCE, can be lowered but not raised). Every other
 * resource is EINVAL for now; the RLIMIT_* names are Linux's so that programs compile
 * and can tell.
 */
#ifndef COVE_SYS_RESOURCE_H
#define COVE_SYS_RESOURCE_H

#ifdef _WASI_EMULATED_PROCESS_CLOCKS
#include_next <sys/resource.h>
#endif

#include <features.h>

#define __NEED_pid_t
#include <bits/alltypes.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef unsigned long long rlim_t;

struct rlimit {
  rlim_t rlim_cur;
  rlim_t rlim_max;
};

#define RLIM_INFINITY (~0ULL)
#define RLIM_SAVED_CUR RLIM_INFINITY
#define RLIM_SAVED_MAX RLIM_INFINITY

#define RLIMIT_CPU 0
#define RLIMIT_FSIZE 1
#define RLIMIT_DATA 2
#define RLIMIT_STACK 3
#define RLIMIT_CORE 4
#define RLIMIT_RSS 5
#define RLIMIT_NPROC 6
#define RLIMIT_NOFILE 7
#define RLIMIT_MEMLOCK 8
#define RLIMIT_AS 9
#define RLIMIT_LOCKS 10
#define RLIMIT_SIGPENDING 11
#define RLIMIT_MSGQUEUE 12
#define RLIMIT_NICE 13
#define RLIMIT_RTPRIO 14
#define RLIMIT_RTTIME 15
#define RLIMIT_NLIMITS 16
#define RLIM_NLIMITS RLIMIT_NLIMITS

int getrlimit(int, struct rlimit *);
int setrlimit(int, const struct rlimit *);

#ifdef _GNU_SOURCE
int prlimit(pid_t, int, const struct rlimit *, struct rlimit *);
#define prlimit64 prlimit
#endif

#if defined(_LARGEFILE64_SOURCE) || defined(_GNU_SOURCE)
#define RLIM64_INFINITY RLIM_INFINITY
#define RLIM64_SAVED_CUR RLIM_SAVED_CUR
#define RLIM64_SAVED_MAX RLIM_SAVED_MAX
#define getrlimit64 getrlimit
#define setrlimit64 setrlimit
#define rlimit64 rlimit
#define rlim64_t rlim_t
#endif

#ifdef __cplusplus
}
#endif

#endif
