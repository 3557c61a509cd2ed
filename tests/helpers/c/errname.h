/* The symbolic name of an errno value ("ENOENT"); wasi-libc's errno values are WASI's. */
#include <errno.h>
static const char *errname(int e) {
  switch (e) {
    case 0: return "OK";
#define N(x) case x: return #x;
    N(E2BIG) N(EACCES) N(EAGAIN) N(EBADF) N(EBUSY) N(EEXIST) N(EFAULT) N(EFBIG) N(EILSEQ)
    N(EINTR) N(EINVAL) N(EIO) N(EISDIR) N(ELOOP) N(EMFILE) N(EMLINK) N(ENAMETOOLONG)
    N(ENFILE) N(ENOENT) N(ENOMEM) N(ENOSPC) N(ENOSYS) N(ENOTDIR) N(ENOTEMPTY) N(ENOTSUP)
    N(ENOTTY) N(ENXIO) N(EPERM) N(EPIPE) N(EROFS) N(ESPIPE) N(EXDEV) N(ENOTCAPABLE)
#undef N
    default: return "E?";
  }
}
