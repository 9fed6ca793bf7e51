// LD_PRELOAD shim for fault tests: fdatasync and fsync fail with EIO while the file named by
// ONEDOOR_FAIL_SYNC_FLAG exists, as a disk that lost a write would make them fail.
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

extern "C" {

static int failing() {
  const char* flag = getenv("ONEDOOR_FAIL_SYNC_FLAG");
  return flag != nullptr && access(flag, F_OK) == 0;
}

int fdatasync(int fd) {
  static int (*real)(int) = nullptr;
  if (real == nullptr) real = reinterpret_cast<int (*)(int)>(dlsym(RTLD_NEXT, "fdatasync"));
  if (failing()) {
    errno = EIO;
    return -1;
  }
  return real(fd);
}

int fsync(int fd) {
  static int (*real)(int) = nullptr;
  if (real == nullptr) real = reinterpret_cast<int (*)(int)>(dlsym(RTLD_NEXT, "fsync"));
  if (failing()) {
    errno = EIO;
    return -1;
  }
  return real(fd);
}

}  // extern "C"
