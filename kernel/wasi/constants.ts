// wasi_snapshot_preview1 constants (witx: typenames.witx).

export const enum Filetype {
  UNKNOWN = 0, BLOCK_DEVICE = 1, CHARACTER_DEVICE = 2, DIRECTORY = 3, REGULAR_FILE = 4,
  SOCKET_DGRAM = 5, SOCKET_STREAM = 6, SYMBOLIC_LINK = 7,
}

export const enum Fdflags { APPEND = 1, DSYNC = 2, NONBLOCK = 4, RSYNC = 8, SYNC = 16 }
export const enum Oflags { CREAT = 1, DIRECTORY = 2, EXCL = 4, TRUNC = 8 }
export const LOOKUP_SYMLINK_FOLLOW = 1;
export const enum Whence { SET = 0, CUR = 1, END = 2 }
export const enum Fstflags { ATIM = 1, ATIM_NOW = 2, MTIM = 4, MTIM_NOW = 8 }
export const enum Clock { REALTIME = 0, MONOTONIC = 1, PROCESS_CPUTIME = 2, THREAD_CPUTIME = 3 }
export const enum EventType { CLOCK = 0, FD_READ = 1, FD_WRITE = 2 }
export const SUBCLOCK_ABSTIME = 1;
export const EVENTRWFLAGS_HANGUP = 1;
export const enum Sdflags { RD = 1, WR = 2 }
export const enum Riflags { RECV_PEEK = 1, RECV_WAITALL = 2 }
export const ROFLAGS_RECV_DATA_TRUNCATED = 1;

// Rights (bit numbers from the witx). All fit in 30 bits; Cove stores them as u32.
export const enum R {
  FD_DATASYNC = 1 << 0, FD_READ = 1 << 1, FD_SEEK = 1 << 2, FD_FDSTAT_SET_FLAGS = 1 << 3,
  FD_SYNC = 1 << 4, FD_TELL = 1 << 5, FD_WRITE = 1 << 6, FD_ADVISE = 1 << 7,
  FD_ALLOCATE = 1 << 8, PATH_CREATE_DIRECTORY = 1 << 9, PATH_CREATE_FILE = 1 << 10,
  PATH_LINK_SOURCE = 1 << 11, PATH_LINK_TARGET = 1 << 12, PATH_OPEN = 1 << 13,
  FD_READDIR = 1 << 14, PATH_READLINK = 1 << 15, PATH_RENAME_SOURCE = 1 << 16,
  PATH_RENAME_TARGET = 1 << 17, PATH_FILESTAT_GET = 1 << 18, PATH_FILESTAT_SET_SIZE = 1 << 19,
  PATH_FILESTAT_SET_TIMES = 1 << 20, FD_FILESTAT_GET = 1 << 21, FD_FILESTAT_SET_SIZE = 1 << 22,
  FD_FILESTAT_SET_TIMES = 1 << 23, PATH_SYMLINK = 1 << 24, PATH_REMOVE_DIRECTORY = 1 << 25,
  PATH_UNLINK_FILE = 1 << 26, POLL_FD_READWRITE = 1 << 27, SOCK_SHUTDOWN = 1 << 28,
  SOCK_ACCEPT = 1 << 29,
}
export const RIGHTS_ALL = (1 << 30) - 1;

/** Rights that make sense on a regular file. */
export const RIGHTS_FILE =
  R.FD_DATASYNC | R.FD_READ | R.FD_SEEK | R.FD_FDSTAT_SET_FLAGS | R.FD_SYNC | R.FD_TELL |
  R.FD_WRITE | R.FD_ADVISE | R.FD_ALLOCATE | R.FD_FILESTAT_GET | R.FD_FILESTAT_SET_SIZE |
  R.FD_FILESTAT_SET_TIMES | R.POLL_FD_READWRITE;

/** Rights that make sense on a directory. */
export const RIGHTS_DIR =
  R.FD_FDSTAT_SET_FLAGS | R.FD_SYNC | R.FD_ADVISE | R.PATH_CREATE_DIRECTORY |
  R.PATH_CREATE_FILE | R.PATH_LINK_SOURCE | R.PATH_LINK_TARGET | R.PATH_OPEN | R.FD_READDIR |
  R.PATH_READLINK | R.PATH_RENAME_SOURCE | R.PATH_RENAME_TARGET | R.PATH_FILESTAT_GET |
  R.PATH_FILESTAT_SET_SIZE | R.PATH_FILESTAT_SET_TIMES | R.FD_FILESTAT_GET |
  R.FD_FILESTAT_SET_TIMES | R.PATH_SYMLINK | R.PATH_REMOVE_DIRECTORY | R.PATH_UNLINK_FILE |
  R.POLL_FD_READWRITE;

/** Rights of a stream (pipe, tty, character device). */
export const RIGHTS_STREAM =
  R.FD_READ | R.FD_WRITE | R.FD_FDSTAT_SET_FLAGS | R.FD_FILESTAT_GET | R.POLL_FD_READWRITE |
  R.FD_SYNC | R.FD_DATASYNC | R.FD_ADVISE | R.FD_FILESTAT_SET_TIMES;

export const RIGHTS_SOCKET = RIGHTS_STREAM | R.SOCK_SHUTDOWN | R.SOCK_ACCEPT;
