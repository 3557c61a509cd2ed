// SPDX-License-Identifier: Apache-2.0
// Shared helpers for Cove's WASI preview1 conformance programs.
//
// Every program prints a deterministic transcript to stdout, one line per
// check, and exits 0 only if every check held. Output goes straight through
// fd_write (not stdio) so nothing is lost to buffering when a program exits
// early, and so the transcript never depends on libc's buffering policy.
//
// Line formats (the expected/*.out files are exactly these lines):
//   <label> = <ERRNO>            errno check that held
//   <label> = <A>|<B>            errno check that accepts either; it held
//   <label> = <value>            value check that held
//   <label>: ok                  boolean check that held
// A failed check prints the same label followed by what actually happened
// and "<-- MISMATCH", so a diff against the expected file points at it.
#ifndef COVE_CHECK_H
#define COVE_CHECK_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wasi/api.h>

#define E(name) __WASI_ERRNO_##name

static int check_failures = 0;

// Built with -DCOVE_ORACLE (node tests/wasi/build.mjs --oracle), every check
// prints its passing line whatever actually happened. Running such a build
// yields the transcript a conforming runtime must produce, i.e. a draft of
// expected/<run>.out. Data lines (argv, environ) still show real values.
#ifdef COVE_ORACLE
#define ORACLE 1
#else
#define ORACLE 0
#endif

// --- output -----------------------------------------------------------------

static inline void write_fd(int fd, const char *s, size_t n) {
  while (n > 0) {
    __wasi_ciovec_t iov = {(const uint8_t *)s, n};
    __wasi_size_t done = 0;
    if (__wasi_fd_write(fd, &iov, 1, &done) != 0 || done == 0) return;
    s += done;
    n -= done;
  }
}

static inline void say(const char *fmt, ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if ((size_t)n >= sizeof buf) n = sizeof buf - 1;
  write_fd(1, buf, (size_t)n);
}

static const char *const errno_names[] = {
    "SUCCESS", "2BIG", "ACCES", "ADDRINUSE", "ADDRNOTAVAIL", "AFNOSUPPORT",
    "AGAIN", "ALREADY", "BADF", "BADMSG", "BUSY", "CANCELED", "CHILD",
    "CONNABORTED", "CONNREFUSED", "CONNRESET", "DEADLK", "DESTADDRREQ", "DOM",
    "DQUOT", "EXIST", "FAULT", "FBIG", "HOSTUNREACH", "IDRM", "ILSEQ",
    "INPROGRESS", "INTR", "INVAL", "IO", "ISCONN", "ISDIR", "LOOP", "MFILE",
    "MLINK", "MSGSIZE", "MULTIHOP", "NAMETOOLONG", "NETDOWN", "NETRESET",
    "NETUNREACH", "NFILE", "NOBUFS", "NODEV", "NOENT", "NOEXEC", "NOLCK",
    "NOLINK", "NOMEM", "NOMSG", "NOPROTOOPT", "NOSPC", "NOSYS", "NOTCONN",
    "NOTDIR", "NOTEMPTY", "NOTRECOVERABLE", "NOTSOCK", "NOTSUP", "NOTTY",
    "NXIO", "OVERFLOW", "OWNERDEAD", "PERM", "PIPE", "PROTO", "PROTONOSUPPORT",
    "PROTOTYPE", "RANGE", "ROFS", "SPIPE", "SRCH", "STALE", "TIMEDOUT",
    "TXTBSY", "XDEV", "NOTCAPABLE"};

static const char *errno_name(int e) {
  static char other[16];
  if (e >= 0 && e < (int)(sizeof errno_names / sizeof errno_names[0]))
    return errno_names[e];
  snprintf(other, sizeof other, "errno(%d)", e);
  return other;
}

// --- checks -----------------------------------------------------------------

// `want` is a list of acceptable errnos terminated by -1. The transcript shows
// the accepted set (not the actual value) when the check holds, so the
// expected output does not depend on which of several allowed answers an
// implementation picked.
static inline void expect_errno_list(const char *label, int got, const int *want) {
  char set[128] = "";
  int ok = 0;
  for (int i = 0; want[i] >= 0; i++) {
    if (i) strncat(set, "|", sizeof set - strlen(set) - 1);
    strncat(set, errno_name(want[i]), sizeof set - strlen(set) - 1);
    if (got == want[i] || ORACLE) ok = 1;
  }
  if (ok) {
    say("%s = %s\n", label, set);
  } else {
    say("%s = %s  <-- MISMATCH, expected %s\n", label, errno_name(got), set);
    check_failures++;
  }
}

// EXPECT("label", call, E(NOENT)) or EXPECT("label", call, E(PERM), E(NOTCAPABLE))
#define EXPECT(label, call, ...) \
  expect_errno_list((label), (int)(call), (const int[]){__VA_ARGS__, -1})
#define EXPECT_OK(label, call) EXPECT(label, call, E(SUCCESS))

// Value check for deterministic numbers (sizes, counts, flags, fd numbers).
static inline void check_u64(const char *label, uint64_t got, uint64_t want) {
  if (got == want || ORACLE) {
    say("%s = %llu\n", label, (unsigned long long)want);
  } else {
    say("%s = %llu  <-- MISMATCH, expected %llu\n", label,
        (unsigned long long)got, (unsigned long long)want);
    check_failures++;
  }
}

// Boolean check for properties whose values are not deterministic
// (timestamps, inode numbers, random bytes).
static inline void check(const char *label, int cond) {
  if (cond || ORACLE) {
    say("%s: ok\n", label);
  } else {
    say("%s: FAILED  <-- MISMATCH\n", label);
    check_failures++;
  }
}

// Setup steps that must succeed for the rest of the program to mean anything.
static inline void require_ok(const char *what, int err) {
  if (err != 0 && !ORACLE) {
    say("FATAL: %s failed with %s\n", what, errno_name(err));
    __wasi_proc_exit(2);
  }
}

static inline int finish(void) {
  if (check_failures == 0) {
    say("result: PASS\n");
    return 0;
  }
  say("result: FAIL (%d mismatches)\n", check_failures);
  return 1;
}

// --- rights -----------------------------------------------------------------

#define R(name) __WASI_RIGHTS_##name

// What a directory handle needs for everything these programs do to it.
// Mirrors the rights the wasi-testsuite Rust tests request for their
// per-test scratch directories (create_tmp_dir).
static const __wasi_rights_t DIR_BASE =
    R(FD_FILESTAT_GET) | R(FD_READDIR) | R(PATH_CREATE_FILE) |
    R(PATH_CREATE_DIRECTORY) | R(PATH_REMOVE_DIRECTORY) | R(PATH_OPEN) |
    R(PATH_UNLINK_FILE) | R(PATH_LINK_SOURCE) | R(PATH_LINK_TARGET) |
    R(PATH_READLINK) | R(PATH_RENAME_SOURCE) | R(PATH_RENAME_TARGET) |
    R(PATH_FILESTAT_GET) | R(PATH_FILESTAT_SET_SIZE) |
    R(PATH_FILESTAT_SET_TIMES) | R(PATH_SYMLINK) | R(FD_FILESTAT_SET_TIMES);
static const __wasi_rights_t DIR_INHERITING =
    DIR_BASE | R(FD_READ) | R(FD_WRITE) | R(FD_SEEK) | R(FD_TELL) |
    R(FD_FDSTAT_SET_FLAGS) | R(FD_SYNC) | R(FD_DATASYNC) | R(FD_ADVISE) |
    R(FD_ALLOCATE) | R(FD_FILESTAT_SET_SIZE) | R(POLL_FD_READWRITE);
// Everything a regular file handle in these programs uses.
static const __wasi_rights_t FILE_RIGHTS =
    R(FD_READ) | R(FD_WRITE) | R(FD_SEEK) | R(FD_TELL) | R(FD_FILESTAT_GET) |
    R(FD_FILESTAT_SET_SIZE) | R(FD_FILESTAT_SET_TIMES) | R(FD_SYNC) |
    R(FD_DATASYNC) | R(FD_ADVISE) | R(FD_ALLOCATE) | R(FD_FDSTAT_SET_FLAGS) |
    R(POLL_FD_READWRITE);

// --- raw imports ------------------------------------------------------------

// __wasi_path_open() takes a C string, so it cannot pass a path with an
// embedded NUL. Bind the import directly to control the byte length.
int32_t cove_raw_path_open(int32_t fd, int32_t dirflags, int32_t path,
                           int32_t path_len, int32_t oflags, int64_t base,
                           int64_t inheriting, int32_t fdflags, int32_t retptr)
    __attribute__((__import_module__("wasi_snapshot_preview1"),
                   __import_name__("path_open")));

static inline __wasi_errno_t raw_path_open(__wasi_fd_t dir, const char *path,
                                    size_t len, __wasi_fd_t *out) {
  return (__wasi_errno_t)cove_raw_path_open(
      (int32_t)dir, 0, (int32_t)(intptr_t)path, (int32_t)len, 0, 0, 0, 0,
      (int32_t)(intptr_t)out);
}

// --- filesystem helpers -----------------------------------------------------

// Find the preopen whose guest name equals `name`, scanning from fd 3 and
// stopping at the first fd that is not a preopen (as the suite's Rust tests
// do, so preopens must be numbered contiguously from 3).
static inline int find_preopen(const char *name) {
  for (__wasi_fd_t fd = 3;; fd++) {
    __wasi_prestat_t ps;
    if (__wasi_fd_prestat_get(fd, &ps) != 0) return -1;
    if (ps.tag != __WASI_PREOPENTYPE_DIR) continue;
    size_t len = ps.u.dir.pr_name_len;
    char buf[256];
    if (len >= sizeof buf) continue;
    if (__wasi_fd_prestat_dir_name(fd, (uint8_t *)buf, len) != 0) continue;
    buf[len] = 0;
    if (strcmp(buf, name) == 0) return (int)fd;
  }
}

// Open a fresh handle on the scratch preopen named argv[1] (with the
// preopen's own rights, like the suite's open_scratch_directory), then make
// and open a private working directory `work` inside it.
static inline __wasi_fd_t open_work_dir(int argc, char **argv, const char *work,
                                 __wasi_fd_t *scratch_out) {
  if (argc < 2) {
    say("FATAL: usage: <program> <scratch dir guest name>\n");
    __wasi_proc_exit(2);
  }
  int pre = find_preopen(argv[1]);
  if (pre < 0) {
    say("FATAL: no preopen named by argv[1]\n");
    __wasi_proc_exit(2);
  }
  __wasi_fdstat_t st;
  require_ok("fd_fdstat_get(preopen)", __wasi_fd_fdstat_get(pre, &st));
  __wasi_fd_t scratch, dir;
  require_ok("path_open(preopen, \".\")",
             __wasi_path_open(pre, 0, ".", __WASI_OFLAGS_DIRECTORY,
                              st.fs_rights_base, st.fs_rights_inheriting, 0,
                              &scratch));
  require_ok("path_create_directory(work)",
             __wasi_path_create_directory(scratch, work));
  require_ok("path_open(work)",
             __wasi_path_open(scratch, 0, work, __WASI_OFLAGS_DIRECTORY,
                              DIR_BASE, DIR_INHERITING, 0, &dir));
  if (scratch_out) *scratch_out = scratch;
  return dir;
}

// Close the working directory and remove it; the program must have emptied it.
static inline void close_work_dir(__wasi_fd_t scratch, __wasi_fd_t dir,
                           const char *work) {
  EXPECT_OK("cleanup: fd_close(work)", __wasi_fd_close(dir));
  EXPECT_OK("cleanup: path_remove_directory(scratch, work)",
            __wasi_path_remove_directory(scratch, work));
  EXPECT_OK("cleanup: fd_close(scratch)", __wasi_fd_close(scratch));
}

static inline __wasi_errno_t open_file(__wasi_fd_t dir, const char *name,
                                __wasi_oflags_t oflags, __wasi_rights_t rights,
                                __wasi_fdflags_t fdflags, __wasi_fd_t *out) {
  return __wasi_path_open(dir, 0, name, oflags, rights, rights, fdflags, out);
}

// Create (or truncate) a file and close it again.
static inline void create_file(__wasi_fd_t dir, const char *name) {
  __wasi_fd_t fd;
  require_ok(name, __wasi_path_open(dir, 0, name, __WASI_OFLAGS_CREAT, 0, 0,
                                    0, &fd));
  require_ok("fd_close", __wasi_fd_close(fd));
}

static inline __wasi_errno_t write_bytes(__wasi_fd_t fd, const void *buf, size_t len,
                                  __wasi_size_t *n) {
  __wasi_ciovec_t iov = {(const uint8_t *)buf, len};
  return __wasi_fd_write(fd, &iov, 1, n);
}

static inline __wasi_errno_t read_bytes(__wasi_fd_t fd, void *buf, size_t len,
                                 __wasi_size_t *n) {
  __wasi_iovec_t iov = {(uint8_t *)buf, len};
  return __wasi_fd_read(fd, &iov, 1, n);
}

static inline uint64_t now_ns(__wasi_clockid_t id) {
  __wasi_timestamp_t t = 0;
  require_ok("clock_time_get", __wasi_clock_time_get(id, 1, &t));
  return t;
}

#endif
