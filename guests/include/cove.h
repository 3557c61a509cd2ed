/*
 * cove.h — the raw `cove` import module: POSIX calls that wasi_snapshot_preview1
 * lacks. Each returns 0 or an errno (wasi-libc's numbering, the same as <errno.h>);
 * results come back through pointers, as in preview1. Programs normally use the
 * POSIX wrappers in guests/libcove (pipe, dup2, fcntl, posix_spawn, waitpid, kill,
 * ...) and never call these directly. The kernel side is kernel/cove/.
 */
#ifndef COVE_H
#define COVE_H

#include <stdint.h>

#define COVE_IMPORT(name) __attribute__((import_module("cove"), import_name(#name)))

/* Flags beyond wasi-libc's: wasi-libc defines O_CLOEXEC as 0 (it has no exec). */
#define COVE_O_CLOEXEC 0x20000000

/* fds[0] = read end, fds[1] = write end. flags: O_NONBLOCK | COVE_O_CLOEXEC. */
int32_t __cove_pipe2(int32_t *fds, int32_t flags) COVE_IMPORT(pipe2);
int32_t __cove_dup(int32_t fd, int32_t *newfd) COVE_IMPORT(dup);
/* dup3: EINVAL if oldfd == newfd; flags: COVE_O_CLOEXEC. */
int32_t __cove_dup3(int32_t oldfd, int32_t newfd, int32_t flags) COVE_IMPORT(dup3);
/* cmd: F_DUPFD 0, F_GETFD 1, F_SETFD 2, F_GETFL 3, F_SETFL 4, F_DUPFD_CLOEXEC 1030,
 * F_SETPIPE_SZ 1031, F_GETPIPE_SZ 1032. *ret gets the result (new fd, flags, size). */
int32_t __cove_fcntl(int32_t fd, int32_t cmd, int32_t arg, int32_t *ret) COVE_IMPORT(fcntl);
/* request: FIONREAD 1 (argp: int*), FIONBIO 2 (argp: int*), wasi-libc's numbers. */
int32_t __cove_ioctl(int32_t fd, int32_t request, void *argp) COVE_IMPORT(ioctl);

/* One posix_spawn file action, applied in order to the child's fd table. */
struct cove_spawn_action {
  int32_t kind;      /* COVE_SPAWN_OPEN, COVE_SPAWN_CLOSE, COVE_SPAWN_DUP2 */
  int32_t fd;        /* OPEN: target fd; CLOSE: fd; DUP2: source fd */
  int32_t newfd;     /* DUP2: target fd */
  int32_t oflag;     /* OPEN: wasi-libc O_* flags */
  int32_t mode;      /* OPEN: mode (unused: WASI has no permissions) */
  const char *path;  /* OPEN: absolute path in the namespace */
  int32_t path_len;
};
#define COVE_SPAWN_OPEN 1
#define COVE_SPAWN_CLOSE 2
#define COVE_SPAWN_DUP2 3
/* spawn flags */
#define COVE_SPAWN_SETPGROUP 1

/*
 * spawn: starts `path` (an absolute path in Cove's namespace) as a child process
 * with NULL-terminated argv and envp. As with fork + file actions + execve, the child
 * gets every fd of the parent (FD_CLOEXEC ones too, so an action may dup2 from one),
 * the file actions run in order, then the FD_CLOEXEC fds are closed; the child keeps
 * those of the parent's preopens that are still directories. DUP2 clears FD_CLOEXEC
 * on its target (also when fd == newfd); OPEN honours COVE_O_CLOEXEC.
 * argv and envp may be NULL (empty). The child starts in "/": libcove passes the
 * working directory as PWD in envp and the child's start-up code changes to it.
 * Errors: ENOENT, EACCES (not a regular file), ENOEXEC (not a WASI command), EBADF
 * (a file action on a closed fd), and those of open for OPEN actions.
 */
int32_t __cove_spawn(const char *path, int32_t path_len, char *const *argv, char *const *envp,
                     const struct cove_spawn_action *actions, int32_t nactions, int32_t flags,
                     int32_t *pid) COVE_IMPORT(spawn);
/* exec: replaces the program of the calling process; returns only on error. */
int32_t __cove_exec(const char *path, int32_t path_len, char *const *argv, char *const *envp) COVE_IMPORT(exec);
/* wait4: pid -1 any child, >0 that child, 0 / <-1 a process group; options WNOHANG 1.
 * *status gets a Linux wait status (use the W* macros); *ret the pid (0 with WNOHANG
 * and no exited child). ECHILD when there is no such child. */
int32_t __cove_wait4(int32_t pid, int32_t *status, int32_t options, int32_t *ret) COVE_IMPORT(wait4);
int32_t __cove_getpid(int32_t *pid) COVE_IMPORT(getpid);
int32_t __cove_getppid(int32_t *pid) COVE_IMPORT(getppid);
/* kill: signals have their default actions (terminate, or ignore for SIGCHLD,
 * SIGCONT, SIGURG, SIGWINCH); stop signals give ENOTSUP. */
int32_t __cove_kill(int32_t pid, int32_t sig) COVE_IMPORT(kill);

/* prlimit: pid 0 or the caller's; rlim = { uint64_t cur, max }. Only RLIMIT_NOFILE (7)
 * is supported (EINVAL otherwise); raising the hard limit is EPERM. */
int32_t __cove_prlimit(int32_t pid, int32_t resource, const void *new_limit, void *old_limit) COVE_IMPORT(prlimit);

/* epoll. events: { uint32_t events; uint32_t pad; uint64_t data } (16 bytes on wasm32).
 * op: EPOLL_CTL_ADD 1, EPOLL_CTL_DEL 2, EPOLL_CTL_MOD 3. Event bits are Linux's
 * (EPOLLIN 1, EPOLLOUT 4, EPOLLERR 8, EPOLLHUP 0x10, EPOLLRDHUP 0x2000,
 * EPOLLEXCLUSIVE 1<<28, EPOLLONESHOT 1<<30, EPOLLET 1<<31).
 * epoll_create1 flags: COVE_O_CLOEXEC. timeout in ms, -1 forever. sigmask may be 0. */
int32_t __cove_epoll_create1(int32_t flags, int32_t *fd) COVE_IMPORT(epoll_create1);
int32_t __cove_epoll_ctl(int32_t epfd, int32_t op, int32_t fd, void *event) COVE_IMPORT(epoll_ctl);
int32_t __cove_epoll_pwait(int32_t epfd, void *events, int32_t maxevents, int32_t timeout,
                           const void *sigmask, int32_t *n) COVE_IMPORT(epoll_pwait);
/* eventfd flags: EFD_SEMAPHORE 1, EFD_NONBLOCK (O_NONBLOCK), EFD_CLOEXEC (COVE_O_CLOEXEC). */
int32_t __cove_eventfd(uint32_t initval, int32_t flags, int32_t *fd) COVE_IMPORT(eventfd);

#endif
