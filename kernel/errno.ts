// WASI errno values (wasi-libc uses the same numbers for POSIX errno), and the
// error type the syscall layer throws to return one.

export const enum E {
  SUCCESS = 0, TOOBIG = 1, ACCES = 2, ADDRINUSE = 3, ADDRNOTAVAIL = 4, AFNOSUPPORT = 5,
  AGAIN = 6, ALREADY = 7, BADF = 8, BADMSG = 9, BUSY = 10, CANCELED = 11, CHILD = 12,
  CONNABORTED = 13, CONNREFUSED = 14, CONNRESET = 15, DEADLK = 16, DESTADDRREQ = 17,
  DOM = 18, DQUOT = 19, EXIST = 20, FAULT = 21, FBIG = 22, HOSTUNREACH = 23, IDRM = 24,
  ILSEQ = 25, INPROGRESS = 26, INTR = 27, INVAL = 28, IO = 29, ISCONN = 30, ISDIR = 31,
  LOOP = 32, MFILE = 33, MLINK = 34, MSGSIZE = 35, MULTIHOP = 36, NAMETOOLONG = 37,
  NETDOWN = 38, NETRESET = 39, NETUNREACH = 40, NFILE = 41, NOBUFS = 42, NODEV = 43,
  NOENT = 44, NOEXEC = 45, NOLCK = 46, NOLINK = 47, NOMEM = 48, NOMSG = 49,
  NOPROTOOPT = 50, NOSPC = 51, NOSYS = 52, NOTCONN = 53, NOTDIR = 54, NOTEMPTY = 55,
  NOTRECOVERABLE = 56, NOTSOCK = 57, NOTSUP = 58, NOTTY = 59, NXIO = 60, OVERFLOW = 61,
  OWNERDEAD = 62, PERM = 63, PIPE = 64, PROTO = 65, PROTONOSUPPORT = 66, PROTOTYPE = 67,
  RANGE = 68, ROFS = 69, SPIPE = 70, SRCH = 71, STALE = 72, TIMEDOUT = 73, TXTBSY = 74,
  XDEV = 75, NOTCAPABLE = 76,
}

const NAMES = [
  "SUCCESS", "2BIG", "ACCES", "ADDRINUSE", "ADDRNOTAVAIL", "AFNOSUPPORT", "AGAIN", "ALREADY",
  "BADF", "BADMSG", "BUSY", "CANCELED", "CHILD", "CONNABORTED", "CONNREFUSED", "CONNRESET",
  "DEADLK", "DESTADDRREQ", "DOM", "DQUOT", "EXIST", "FAULT", "FBIG", "HOSTUNREACH", "IDRM",
  "ILSEQ", "INPROGRESS", "INTR", "INVAL", "IO", "ISCONN", "ISDIR", "LOOP", "MFILE", "MLINK",
  "MSGSIZE", "MULTIHOP", "NAMETOOLONG", "NETDOWN", "NETRESET", "NETUNREACH", "NFILE",
  "NOBUFS", "NODEV", "NOENT", "NOEXEC", "NOLCK", "NOLINK", "NOMEM", "NOMSG", "NOPROTOOPT",
  "NOSPC", "NOSYS", "NOTCONN", "NOTDIR", "NOTEMPTY", "NOTRECOVERABLE", "NOTSOCK", "NOTSUP",
  "NOTTY", "NXIO", "OVERFLOW", "OWNERDEAD", "PERM", "PIPE", "PROTO", "PROTONOSUPPORT",
  "PROTOTYPE", "RANGE", "ROFS", "SPIPE", "SRCH", "STALE", "TIMEDOUT", "TXTBSY", "XDEV",
  "NOTCAPABLE",
];

export function errnoName(e: number): string {
  return "E" + (NAMES[e] ?? String(e));
}

/** Thrown inside the kernel to fail the current syscall with an errno. */
export class SysError extends Error {
  constructor(readonly errno: number) {
    super(errnoName(errno));
  }
}

export function fail(errno: number): never {
  throw new SysError(errno);
}

/** Maps a Node/libuv error code to the errno a Linux guest would see. */
export function hostErrno(err: unknown): number {
  const code = (err as { code?: string } | null)?.code;
  switch (code) {
    case "ENOENT": return E.NOENT;
    case "EEXIST": return E.EXIST;
    case "ENOTDIR": return E.NOTDIR;
    case "EISDIR": return E.ISDIR;
    case "ENOTEMPTY": return E.NOTEMPTY;
    case "EACCES": return E.ACCES;
    case "EPERM": return E.PERM;
    case "EBADF": return E.BADF;
    case "EINVAL": return E.INVAL;
    case "ELOOP": return E.LOOP;
    case "ENAMETOOLONG": return E.NAMETOOLONG;
    case "EXDEV": return E.XDEV;
    case "ENOSPC": return E.NOSPC;
    case "EFBIG": return E.FBIG;
    case "EROFS": return E.ROFS;
    case "EMFILE": return E.MFILE;
    case "ENFILE": return E.NFILE;
    case "EAGAIN": return E.AGAIN;
    case "EBUSY": return E.BUSY;
    case "EMLINK": return E.MLINK;
    case "ESPIPE": return E.SPIPE;
    case "EPIPE": return E.PIPE;
    case "ENXIO": return E.NXIO;
    case "ETXTBSY": return E.TXTBSY;
    case "EOVERFLOW": return E.OVERFLOW;
    case "ENOTSUP": return E.NOTSUP;
    case "EOPNOTSUPP": return E.NOTSUP;
    case "ENOSYS": return E.NOSYS;
    case "EINTR": return E.INTR;
    case "EIO": return E.IO;
    default: return E.IO;
  }
}
