/*
 * unistd.h — wasi-libc's, plus the fd and process calls that Cove implements
 * (guests/libcove): pipe, dup, dup2, getppid, the exec family, and real getpid.
 * GNU extensions (pipe2, dup3, execvpe) need _GNU_SOURCE, as with glibc.
 */
#ifndef COVE_UNISTD_H
#define COVE_UNISTD_H

#include_next <unistd.h>

#ifdef __cplusplus
extern "C" {
#endif

int pipe(int[2]);
int dup(int);
int dup2(int, int);

/* The real process ids (wasi-libc's emulated getpid always says 42). */
pid_t getpid(void);
pid_t getppid(void);

/* exec replaces the program; fds with FD_CLOEXEC are closed. The new program starts in
 * the caller's working directory (passed to it as PWD, see libcove/README.md). */
int execve(const char *, char *const[], char *const[]);
int execv(const char *, char *const[]);
int execvp(const char *, char *const[]);
int execl(const char *, const char *, ...);
int execlp(const char *, const char *, ...);
int execle(const char *, const char *, ...);

#ifdef _GNU_SOURCE
int pipe2(int[2], int);
int dup3(int, int, int);
int execvpe(const char *, char *const[], char *const[]);
#endif

#ifdef __cplusplus
}
#endif

#endif
