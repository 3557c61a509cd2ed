// SPDX-License-Identifier: Apache-2.0
// Regular-file I/O: fd_write, fd_read, fd_seek, fd_tell, fd_pread, fd_pwrite,
// fd_filestat_get, fd_filestat_set_size, fd_fdstat_set_flags, fd_sync,
// fd_datasync, fd_close. Modelled on the suite's file_seek_tell,
// file_pread_pwrite, file_truncation, file_unbuffered_write, fd_flags_set,
// dangling_fd and the C lseek / pwrite-with-append tests.
#include "check.h"

static const char *WORK = "fd_basic.dir";

static uint64_t size_of(__wasi_fd_t fd) {
  __wasi_filestat_t st;
  if (__wasi_fd_filestat_get(fd, &st) != 0) return (uint64_t)-1;
  return st.size;
}

static void seek_and_tell(__wasi_fd_t dir) {
  __wasi_fd_t fd;
  __wasi_size_t n;
  __wasi_filesize_t pos;
  require_ok("open seek", open_file(dir, "seek", __WASI_OFLAGS_CREAT,
                                    FILE_RIGHTS, 0, &fd));
  check("new file fd > 2", fd > 2);
  EXPECT_OK("fd_tell(new file)", __wasi_fd_tell(fd, &pos));
  check_u64("  offset", pos, 0);

  char zeros[100] = {0};
  EXPECT_OK("fd_write(100 bytes)", write_bytes(fd, zeros, 100, &n));
  check_u64("  nwritten", n, 100);
  EXPECT_OK("fd_tell after write", __wasi_fd_tell(fd, &pos));
  check_u64("  offset", pos, 100);

  EXPECT_OK("fd_seek(-50, CUR)", __wasi_fd_seek(fd, -50, __WASI_WHENCE_CUR, &pos));
  check_u64("  new offset", pos, 50);
  EXPECT_OK("fd_seek(0, SET)", __wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos));
  check_u64("  new offset", pos, 0);
  EXPECT_OK("fd_seek(-10, END)", __wasi_fd_seek(fd, -10, __WASI_WHENCE_END, &pos));
  check_u64("  new offset", pos, 90);
  // Seeking past the end is allowed; seeking before byte 0 is INVAL.
  EXPECT_OK("fd_seek(1000, CUR) past EOF",
            __wasi_fd_seek(fd, 1000, __WASI_WHENCE_CUR, &pos));
  check_u64("  new offset", pos, 1090);
  EXPECT("fd_seek(-2000, CUR) before 0",
         __wasi_fd_seek(fd, -2000, __WASI_WHENCE_CUR, &pos), E(INVAL));
  EXPECT("fd_seek(-1, SET)", __wasi_fd_seek(fd, -1, __WASI_WHENCE_SET, &pos),
         E(INVAL));
  EXPECT("fd_seek(0, whence=7)", __wasi_fd_seek(fd, 0, 7, &pos), E(INVAL));
  EXPECT_OK("fd_tell after failed seeks", __wasi_fd_tell(fd, &pos));
  check_u64("  offset unchanged", pos, 1090);
  char buf[100];
  EXPECT_OK("fd_read at offset past EOF", read_bytes(fd, buf, sizeof buf, &n));
  check_u64("  nread", n, 0);
  check_u64("size not changed by seeking", size_of(fd), 100);

  EXPECT_OK("fd_seek(0, SET)", __wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos));
  EXPECT_OK("fd_read(100)", read_bytes(fd, buf, sizeof buf, &n));
  check_u64("  nread", n, 100);
  EXPECT_OK("fd_tell after read", __wasi_fd_tell(fd, &pos));
  check_u64("  offset", pos, 100);
  EXPECT_OK("fd_read at EOF", read_bytes(fd, buf, sizeof buf, &n));
  check_u64("  nread", n, 0);

  // Writing past EOF zero-fills the gap.
  EXPECT_OK("fd_seek(200, SET)", __wasi_fd_seek(fd, 200, __WASI_WHENCE_SET, &pos));
  EXPECT_OK("fd_write(\"x\") at 200", write_bytes(fd, "x", 1, &n));
  check_u64("size after write at 200", size_of(fd), 201);
  EXPECT_OK("fd_pread(1 byte at 150)", ({
              __wasi_iovec_t iov = {(uint8_t *)buf, 1};
              buf[0] = 'q';
              __wasi_fd_pread(fd, &iov, 1, 150, &n);
            }));
  check("  gap reads back as zero", n == 1 && buf[0] == 0);

  EXPECT_OK("fd_sync", __wasi_fd_sync(fd));
  EXPECT_OK("fd_datasync", __wasi_fd_datasync(fd));
  EXPECT_OK("fd_close", __wasi_fd_close(fd));
  EXPECT("fd_close again", __wasi_fd_close(fd), E(BADF));
  EXPECT("fd_write on closed fd", write_bytes(fd, "x", 1, &n), E(BADF));
  EXPECT("fd_seek on closed fd", __wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos),
         E(BADF));
  EXPECT_OK("path_unlink_file(seek)", __wasi_path_unlink_file(dir, "seek"));
}

static void pread_pwrite(__wasi_fd_t dir) {
  __wasi_fd_t fd;
  __wasi_size_t n;
  __wasi_filesize_t pos;
  require_ok("open prw", open_file(dir, "prw", __WASI_OFLAGS_CREAT,
                                   FILE_RIGHTS, 0, &fd));
  const uint8_t data[4] = {0, 1, 2, 3};
  __wasi_ciovec_t ciov = {data, 4};
  EXPECT_OK("fd_pwrite(4 bytes at 0)", __wasi_fd_pwrite(fd, &ciov, 1, 0, &n));
  check_u64("  nwritten", n, 4);
  EXPECT_OK("fd_tell after pwrite", __wasi_fd_tell(fd, &pos));
  check_u64("  offset unchanged by pwrite", pos, 0);

  // Two iovecs of 2 bytes each.
  uint8_t got[4] = {9, 9, 9, 9};
  __wasi_iovec_t iovs[2] = {{got, 2}, {got + 2, 2}};
  EXPECT_OK("fd_pread(2 iovecs at 0)", __wasi_fd_pread(fd, iovs, 2, 0, &n));
  check("  read 0,1,2,3 (possibly short)",
        (n == 4 && memcmp(got, data, 4) == 0) || (n == 2 && memcmp(got, data, 2) == 0));
  uint8_t four[4] = {0};
  __wasi_iovec_t iov = {four, 4};
  EXPECT_OK("fd_pread(4 at 2)", __wasi_fd_pread(fd, &iov, 1, 2, &n));
  check_u64("  nread", n, 2);
  check("  bytes are 2,3", four[0] == 2 && four[1] == 3);
  EXPECT_OK("fd_pread(4 at 100) past EOF", __wasi_fd_pread(fd, &iov, 1, 100, &n));
  check_u64("  nread", n, 0);

  const uint8_t patch[2] = {1, 0};
  __wasi_ciovec_t pc = {patch, 2};
  EXPECT_OK("fd_pwrite(1,0 at 2)", __wasi_fd_pwrite(fd, &pc, 1, 2, &n));
  memset(four, 9, 4);
  EXPECT_OK("fd_pread(4 at 0)", __wasi_fd_pread(fd, &iov, 1, 0, &n));
  check("  bytes are 0,1,1,0", n == 4 && four[0] == 0 && four[1] == 1 &&
                                   four[2] == 1 && four[3] == 0);

  // fd_write gathers every iovec in order.
  const char *a = "ab", *b = "cde";
  __wasi_ciovec_t two[2] = {{(const uint8_t *)a, 2}, {(const uint8_t *)b, 3}};
  EXPECT_OK("fd_seek(0, END)", __wasi_fd_seek(fd, 0, __WASI_WHENCE_END, &pos));
  __wasi_size_t total = 0;
  EXPECT_OK("fd_write(2 iovecs \"ab\",\"cde\")", __wasi_fd_write(fd, two, 2, &n));
  total += n;
  if (n < 5) {  // short writes are legal; finish the rest
    const char *all = "abcde";
    write_bytes(fd, all + n, 5 - n, &n);
    total += n;
  }
  check_u64("  total written", total, 5);
  char tail[5];
  __wasi_iovec_t tiov = {(uint8_t *)tail, 5};
  EXPECT_OK("fd_pread(5 at 4)", __wasi_fd_pread(fd, &tiov, 1, 4, &n));
  check("  reads back \"abcde\"", n == 5 && memcmp(tail, "abcde", 5) == 0);
  EXPECT_OK("fd_write(0 iovecs)", __wasi_fd_write(fd, two, 0, &n));
  check_u64("  nwritten", n, 0);
  EXPECT_OK("fd_close", __wasi_fd_close(fd));
  EXPECT_OK("path_unlink_file(prw)", __wasi_path_unlink_file(dir, "prw"));
}

static void set_size_and_truncate(__wasi_fd_t dir) {
  __wasi_fd_t fd;
  __wasi_size_t n;
  require_ok("open trunc", open_file(dir, "trunc", __WASI_OFLAGS_CREAT,
                                     FILE_RIGHTS, 0, &fd));
  check_u64("new file size", size_of(fd), 0);
  EXPECT_OK("fd_filestat_set_size(100)", __wasi_fd_filestat_set_size(fd, 100));
  check_u64("  size", size_of(fd), 100);
  EXPECT_OK("fd_filestat_set_size(10)", __wasi_fd_filestat_set_size(fd, 10));
  check_u64("  size", size_of(fd), 10);
  EXPECT_OK("fd_write(\"content\")", write_bytes(fd, "content", 7, &n));
  EXPECT_OK("fd_close", __wasi_fd_close(fd));

  // O_TRUNC on reopen empties the file; plain O_CREAT keeps the content.
  require_ok("reopen", open_file(dir, "trunc", __WASI_OFLAGS_CREAT, FILE_RIGHTS,
                                 0, &fd));
  check_u64("O_CREAT on existing file keeps size", size_of(fd), 10);
  EXPECT_OK("fd_close", __wasi_fd_close(fd));
  EXPECT_OK("path_open(O_CREAT|O_TRUNC)",
            open_file(dir, "trunc", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC,
                      R(FD_READ) | R(FD_WRITE) | R(FD_FILESTAT_GET), 0, &fd));
  char buf[16];
  EXPECT_OK("fd_read after truncation", read_bytes(fd, buf, sizeof buf, &n));
  check_u64("  nread", n, 0);
  EXPECT_OK("fd_close", __wasi_fd_close(fd));
  EXPECT_OK("path_unlink_file(trunc)", __wasi_path_unlink_file(dir, "trunc"));
}

static void append_mode(__wasi_fd_t dir) {
  __wasi_fd_t fd;
  __wasi_size_t n;
  __wasi_filesize_t pos;
  __wasi_fdstat_t st;
  uint8_t data[100], buf[100];
  require_ok("open append", open_file(dir, "append", __WASI_OFLAGS_CREAT,
                                      FILE_RIGHTS, __WASI_FDFLAGS_APPEND, &fd));
  EXPECT_OK("fd_fdstat_get(append fd)", __wasi_fd_fdstat_get(fd, &st));
  check_u64("  fs_flags has APPEND", st.fs_flags & __WASI_FDFLAGS_APPEND,
            __WASI_FDFLAGS_APPEND);
  check_u64("  fs_filetype", st.fs_filetype, __WASI_FILETYPE_REGULAR_FILE);

  memset(data, 0, sizeof data);
  EXPECT_OK("fd_write(100 x 0)", write_bytes(fd, data, 100, &n));
  EXPECT_OK("fd_seek(0, SET)", __wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos));
  memset(data, 1, sizeof data);
  EXPECT_OK("fd_write(100 x 1) after seeking to 0", write_bytes(fd, data, 100, &n));
  EXPECT_OK("fd_tell", __wasi_fd_tell(fd, &pos));
  check_u64("  append write leaves offset at EOF", pos, 200);
  check_u64("  size", size_of(fd), 200);
  EXPECT_OK("fd_pread(100 at 100)", ({
              __wasi_iovec_t iov = {buf, 100};
              __wasi_fd_pread(fd, &iov, 1, 100, &n);
            }));
  check("  second block is all 1s", n == 100 && memcmp(buf, data, 100) == 0);

  // Clearing APPEND makes writes land at the offset again.
  EXPECT_OK("fd_fdstat_set_flags(0)", __wasi_fd_fdstat_set_flags(fd, 0));
  EXPECT_OK("fd_fdstat_get", __wasi_fd_fdstat_get(fd, &st));
  check_u64("  fs_flags", st.fs_flags, 0);
  EXPECT_OK("fd_seek(0, SET)", __wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos));
  memset(data, 2, sizeof data);
  EXPECT_OK("fd_write(100 x 2) at 0", write_bytes(fd, data, 100, &n));
  check_u64("  size still", size_of(fd), 200);
  EXPECT_OK("fd_pread(100 at 0)", ({
              __wasi_iovec_t iov = {buf, 100};
              __wasi_fd_pread(fd, &iov, 1, 0, &n);
            }));
  check("  first block is all 2s", n == 100 && memcmp(buf, data, 100) == 0);

  // Turn APPEND back on: pwrite must not move the offset. Where it writes
  // is platform-specific (POSIX: at the offset; Linux: at EOF), as in the
  // suite's pwrite-with-append test.
  EXPECT_OK("fd_fdstat_set_flags(APPEND)",
            __wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_APPEND));
  EXPECT_OK("fd_seek(4, SET)", __wasi_fd_seek(fd, 4, __WASI_WHENCE_SET, &pos));
  __wasi_ciovec_t three = {data, 3};
  EXPECT_OK("fd_pwrite(3 at 0) in append mode", __wasi_fd_pwrite(fd, &three, 1, 0, &n));
  EXPECT_OK("fd_tell", __wasi_fd_tell(fd, &pos));
  check_u64("  offset unchanged by pwrite", pos, 4);
  uint64_t sz = size_of(fd);
  check("  size is 200 (POSIX) or 203 (Linux)", sz == 200 || sz == 203);
  EXPECT_OK("fd_close", __wasi_fd_close(fd));
  EXPECT_OK("path_unlink_file(append)", __wasi_path_unlink_file(dir, "append"));
}

static void two_handles(__wasi_fd_t dir) {
  // A write through one handle is visible through another immediately.
  __wasi_fd_t r, w;
  __wasi_size_t n;
  require_ok("open reader", open_file(dir, "shared", __WASI_OFLAGS_CREAT,
                                      R(FD_READ), 0, &r));
  require_ok("open writer", open_file(dir, "shared", 0, R(FD_WRITE), 0, &w));
  check("two distinct fds", r != w);
  EXPECT_OK("fd_write(writer, 1 byte)", write_bytes(w, "\x01", 1, &n));
  uint8_t b = 0;
  EXPECT_OK("fd_read(reader, 1 byte)", read_bytes(r, &b, 1, &n));
  check("  reader sees the byte", n == 1 && b == 1);
  EXPECT_OK("fd_close(writer)", __wasi_fd_close(w));
  EXPECT_OK("fd_close(reader)", __wasi_fd_close(r));

  // An open handle keeps working after its name is unlinked, and the name
  // can be reused straight away (the suite's dangling_fd).
  require_ok("reopen", open_file(dir, "shared", 0, R(FD_READ) | R(FD_SEEK), 0, &r));
  EXPECT_OK("path_unlink_file(shared) while open", __wasi_path_unlink_file(dir, "shared"));
  __wasi_filesize_t pos;
  EXPECT_OK("fd_seek on unlinked file", __wasi_fd_seek(r, 0, __WASI_WHENCE_SET, &pos));
  EXPECT_OK("fd_read on unlinked file", read_bytes(r, &b, 1, &n));
  check("  still reads the byte", n == 1 && b == 1);
  EXPECT_OK("path_open(O_CREAT) same name again",
            open_file(dir, "shared", __WASI_OFLAGS_CREAT, 0, 0, &w));
  EXPECT_OK("fd_close(new)", __wasi_fd_close(w));
  EXPECT_OK("fd_close(unlinked)", __wasi_fd_close(r));
  EXPECT_OK("path_unlink_file(shared)", __wasi_path_unlink_file(dir, "shared"));
}

int main(int argc, char **argv) {
  __wasi_fd_t scratch;
  __wasi_fd_t dir = open_work_dir(argc, argv, WORK, &scratch);
  seek_and_tell(dir);
  pread_pwrite(dir);
  set_size_and_truncate(dir);
  append_mode(dir);
  two_handles(dir);
  close_work_dir(scratch, dir, WORK);
  return finish();
}
