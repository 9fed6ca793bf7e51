// Implementation of wal_coalescing_vfs.h: a shim VFS whose files wrap the root VFS's files.
#include "store/sqlite/wal_coalescing_vfs.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>

namespace onedoor::sqlite {

namespace {

// The WAL format (https://sqlite.org/fileformat2.html#walformat): a 32-byte file header, then
// frames of a 24-byte header and a page. Bytes 4..7 of a frame header hold the database size in
// pages after a commit frame, and zero in every other frame.
constexpr sqlite3_int64 kWalHeaderBytes = 32;
constexpr int kFrameHeaderBytes = 24;
// A larger transaction is written in pieces of about this size.
constexpr size_t kMaxPendingBytes = size_t{4} << 20;
// The unix VFS writes at most 0x1ffff bytes per call: it masks the length with that (so a write of
// 128 KiB would write nothing and report a full disk).
constexpr size_t kMaxWriteBytes = 0x1ffff;

struct ShimVfs {
  sqlite3_vfs base{};
  sqlite3_vfs* root = nullptr;
  std::string name;
  std::atomic<int64_t> wal_writes{0};
  std::atomic<int64_t> file_writes{0};
  std::atomic<int64_t> late_flushes{0};
};

struct ShimFile {
  sqlite3_file base;     // pMethods: kWalMethods, kPassMethods, or null when the open failed
  sqlite3_file* real;    // the root VFS's file, placed right after this struct
  ShimVfs* vfs;
  ShimFile* wal;         // database file: its WAL file while that is open
  ShimFile* db;          // WAL file: its database file, if opened through this VFS
  unsigned char* pending;  // WAL file: bytes not yet written, for offsets [pending_at, + pending_len)
  size_t pending_len;
  size_t pending_cap;
  sqlite3_int64 pending_at;
  bool next_write_ends_commit;  // the last write was a commit frame's header
};

constexpr size_t kShimBytes = (sizeof(ShimFile) + 7) & ~size_t{7};

ShimFile* shim(sqlite3_file* f) { return reinterpret_cast<ShimFile*>(f); }
sqlite3_file* real(sqlite3_file* f) { return shim(f)->real; }

int flushPending(ShimFile* f) {
  int rc = SQLITE_OK;
  for (size_t done = 0; done < f->pending_len && rc == SQLITE_OK;) {
    const size_t piece = std::min(f->pending_len - done, kMaxWriteBytes);
    rc = f->real->pMethods->xWrite(f->real, f->pending + done, static_cast<int>(piece),
                                   f->pending_at + static_cast<sqlite3_int64>(done));
    f->vfs->file_writes.fetch_add(1, std::memory_order_relaxed);
    done += piece;
  }
  // Written or not, the bytes leave the buffer: a failed write fails the SQLite call that caused
  // it, as an unbuffered write would have, and SQLite rolls the transaction back.
  f->pending_len = 0;
  return rc;
}

bool isCommitFrameHeader(const void* data, int amount, sqlite3_int64 offset) {
  if (amount != kFrameHeaderBytes || offset < kWalHeaderBytes) return false;
  const auto* b = static_cast<const unsigned char*>(data);
  return (b[4] | b[5] | b[6] | b[7]) != 0;
}

bool reserve(ShimFile* f, size_t bytes) {
  if (bytes <= f->pending_cap) return true;
  size_t cap = f->pending_cap == 0 ? size_t{64} << 10 : f->pending_cap;
  while (cap < bytes) cap *= 2;
  auto* grown = static_cast<unsigned char*>(std::realloc(f->pending, cap));
  if (grown == nullptr) return false;
  f->pending = grown;
  f->pending_cap = cap;
  return true;
}

// ---- WAL files ----

int walWrite(sqlite3_file* file, const void* data, int amount, sqlite3_int64 offset) {
  ShimFile* f = shim(file);
  f->vfs->wal_writes.fetch_add(1, std::memory_order_relaxed);
  const bool ends_commit = f->next_write_ends_commit;
  f->next_write_ends_commit = isCommitFrameHeader(data, amount, offset);
  const auto bytes = static_cast<size_t>(amount);
  const bool contiguous = f->pending_len > 0 && offset == f->pending_at + static_cast<sqlite3_int64>(f->pending_len);
  if (f->pending_len > 0 && (!contiguous || f->pending_len + bytes > kMaxPendingBytes)) {
    if (int rc = flushPending(f); rc != SQLITE_OK) return rc;
  }
  if (bytes > kMaxPendingBytes || !reserve(f, f->pending_len + bytes)) {
    if (int rc = flushPending(f); rc != SQLITE_OK) return rc;  // in order, and nothing left behind
    f->vfs->file_writes.fetch_add(1, std::memory_order_relaxed);
    return f->real->pMethods->xWrite(f->real, data, amount, offset);
  }
  if (f->pending_len == 0) f->pending_at = offset;
  std::memcpy(f->pending + f->pending_len, data, bytes);
  f->pending_len += bytes;
  return ends_commit ? flushPending(f) : SQLITE_OK;
}

int walClose(sqlite3_file* file) {
  ShimFile* f = shim(file);
  const int flushed = flushPending(f);
  std::free(f->pending);
  f->pending = nullptr;
  f->pending_cap = 0;
  if (f->db != nullptr && f->db->wal == f) f->db->wal = nullptr;
  const int rc = f->real->pMethods->xClose(f->real);
  return flushed != SQLITE_OK ? flushed : rc;
}

int walRead(sqlite3_file* file, void* out, int amount, sqlite3_int64 offset) {
  if (int rc = flushPending(shim(file)); rc != SQLITE_OK) return rc;
  return real(file)->pMethods->xRead(real(file), out, amount, offset);
}

int walTruncate(sqlite3_file* file, sqlite3_int64 size) {
  if (int rc = flushPending(shim(file)); rc != SQLITE_OK) return rc;
  return real(file)->pMethods->xTruncate(real(file), size);
}

int walSync(sqlite3_file* file, int flags) {
  if (int rc = flushPending(shim(file)); rc != SQLITE_OK) return rc;
  return real(file)->pMethods->xSync(real(file), flags);
}

int walFileSize(sqlite3_file* file, sqlite3_int64* size) {
  if (int rc = flushPending(shim(file)); rc != SQLITE_OK) return rc;
  return real(file)->pMethods->xFileSize(real(file), size);
}

int walFetch(sqlite3_file* file, sqlite3_int64 offset, int amount, void** out) {
  *out = nullptr;
  if (int rc = flushPending(shim(file)); rc != SQLITE_OK) return rc;
  return real(file)->pMethods->xFetch(real(file), offset, amount, out);
}

// ---- every file: pass-through ----

int passClose(sqlite3_file* file) {
  ShimFile* f = shim(file);
  if (f->wal != nullptr) f->wal->db = nullptr;  // SQLite closes the WAL first; this is a safety net
  return f->real->pMethods->xClose(f->real);
}
int passRead(sqlite3_file* f, void* out, int n, sqlite3_int64 off) { return real(f)->pMethods->xRead(real(f), out, n, off); }
int passWrite(sqlite3_file* f, const void* d, int n, sqlite3_int64 off) {
  return real(f)->pMethods->xWrite(real(f), d, n, off);
}
int passTruncate(sqlite3_file* f, sqlite3_int64 size) { return real(f)->pMethods->xTruncate(real(f), size); }
int passSync(sqlite3_file* f, int flags) { return real(f)->pMethods->xSync(real(f), flags); }
int passFileSize(sqlite3_file* f, sqlite3_int64* size) { return real(f)->pMethods->xFileSize(real(f), size); }
int passLock(sqlite3_file* f, int level) { return real(f)->pMethods->xLock(real(f), level); }
int passUnlock(sqlite3_file* f, int level) { return real(f)->pMethods->xUnlock(real(f), level); }
int passCheckReservedLock(sqlite3_file* f, int* out) { return real(f)->pMethods->xCheckReservedLock(real(f), out); }
int passFileControl(sqlite3_file* f, int op, void* arg) { return real(f)->pMethods->xFileControl(real(f), op, arg); }
int passSectorSize(sqlite3_file* f) { return real(f)->pMethods->xSectorSize(real(f)); }
int passDeviceCharacteristics(sqlite3_file* f) { return real(f)->pMethods->xDeviceCharacteristics(real(f)); }
int passShmMap(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
  return real(f)->pMethods->xShmMap(real(f), region, size, extend, out);
}
int passShmLock(sqlite3_file* f, int offset, int n, int flags) { return real(f)->pMethods->xShmLock(real(f), offset, n, flags); }
int passShmUnmap(sqlite3_file* f, int remove) { return real(f)->pMethods->xShmUnmap(real(f), remove); }
int passFetch(sqlite3_file* f, sqlite3_int64 off, int n, void** out) { return real(f)->pMethods->xFetch(real(f), off, n, out); }
int passUnfetch(sqlite3_file* f, sqlite3_int64 off, void* p) { return real(f)->pMethods->xUnfetch(real(f), off, p); }

// SQLite calls this between writing the two copies of a new wal-index header, i.e. before other
// connections can see a commit: its frames must be in the file by then. The commit frame's page
// flushes them first (where a failure fails the COMMIT); anything still pending means this SQLite
// writes frames in a way walWrite does not recognise, and a failed write here could not be
// reported, so it stops the process rather than publish a commit that is not in the file.
void passShmBarrier(sqlite3_file* file) {
  ShimFile* f = shim(file);
  if (f->wal != nullptr && f->wal->pending_len > 0) {
    f->vfs->late_flushes.fetch_add(1, std::memory_order_relaxed);
    if (flushPending(f->wal) != SQLITE_OK) {
      std::fprintf(stderr, "onedoor: writing WAL frames failed before their commit was published; stopping\n");
      std::abort();
    }
  }
  real(file)->pMethods->xShmBarrier(real(file));
}

constexpr sqlite3_io_methods kPassMethods = {
    3,          passClose,         passRead,      passWrite,    passTruncate,  passSync,      passFileSize,
    passLock,   passUnlock,        passCheckReservedLock,       passFileControl, passSectorSize,
    passDeviceCharacteristics,     passShmMap,    passShmLock,  passShmBarrier, passShmUnmap, passFetch,
    passUnfetch};

constexpr sqlite3_io_methods kWalMethods = {
    3,          walClose,          walRead,       walWrite,     walTruncate,   walSync,       walFileSize,
    passLock,   passUnlock,        passCheckReservedLock,       passFileControl, passSectorSize,
    passDeviceCharacteristics,     passShmMap,    passShmLock,  passShmBarrier, passShmUnmap, walFetch,
    passUnfetch};

// ---- the VFS ----

ShimVfs* shimVfs(sqlite3_vfs* v) { return static_cast<ShimVfs*>(v->pAppData); }
sqlite3_vfs* root(sqlite3_vfs* v) { return shimVfs(v)->root; }

int shimOpen(sqlite3_vfs* vfs, const char* name, sqlite3_file* file, int flags, int* out_flags) {
  ShimFile* f = shim(file);
  f->base.pMethods = nullptr;
  f->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + kShimBytes);
  f->vfs = shimVfs(vfs);
  f->wal = nullptr;
  f->db = nullptr;
  f->pending = nullptr;
  f->pending_len = 0;
  f->pending_cap = 0;
  f->pending_at = 0;
  f->next_write_ends_commit = false;
  const int rc = root(vfs)->xOpen(root(vfs), name, f->real, flags, out_flags);
  // SQLite calls xClose whenever pMethods is set, even after a failed open: mirror the root file.
  if (f->real->pMethods == nullptr) return rc;
  const bool is_wal = (flags & SQLITE_OPEN_WAL) != 0 && f->real->pMethods->iVersion >= 3;
  f->base.pMethods = is_wal ? &kWalMethods : &kPassMethods;
  if (is_wal && rc == SQLITE_OK && name != nullptr) {
    sqlite3_file* db = sqlite3_database_file_object(name);
    if (db != nullptr && db->pMethods == &kPassMethods && shim(db)->vfs == f->vfs) {
      f->db = shim(db);
      f->db->wal = f;
    }
  }
  return rc;
}

int shimDelete(sqlite3_vfs* v, const char* name, int sync_dir) { return root(v)->xDelete(root(v), name, sync_dir); }
int shimAccess(sqlite3_vfs* v, const char* name, int flags, int* out) { return root(v)->xAccess(root(v), name, flags, out); }
int shimFullPathname(sqlite3_vfs* v, const char* name, int n, char* out) {
  return root(v)->xFullPathname(root(v), name, n, out);
}
void* shimDlOpen(sqlite3_vfs* v, const char* name) { return root(v)->xDlOpen(root(v), name); }
void shimDlError(sqlite3_vfs* v, int n, char* out) { root(v)->xDlError(root(v), n, out); }
void (*shimDlSym(sqlite3_vfs* v, void* lib, const char* sym))(void) { return root(v)->xDlSym(root(v), lib, sym); }
void shimDlClose(sqlite3_vfs* v, void* lib) { root(v)->xDlClose(root(v), lib); }
int shimRandomness(sqlite3_vfs* v, int n, char* out) { return root(v)->xRandomness(root(v), n, out); }
int shimSleep(sqlite3_vfs* v, int micros) { return root(v)->xSleep(root(v), micros); }
int shimCurrentTime(sqlite3_vfs* v, double* out) { return root(v)->xCurrentTime(root(v), out); }
int shimGetLastError(sqlite3_vfs* v, int n, char* out) { return root(v)->xGetLastError(root(v), n, out); }
int shimCurrentTimeInt64(sqlite3_vfs* v, sqlite3_int64* out) { return root(v)->xCurrentTimeInt64(root(v), out); }

std::mutex registry_mu;
std::map<std::string, std::unique_ptr<ShimVfs>, std::less<>>& registry() {
  static auto* vfses = new std::map<std::string, std::unique_ptr<ShimVfs>, std::less<>>();  // never freed: SQLite keeps pointers
  return *vfses;
}

}  // namespace

const char* registerWalCoalescingVfs(const std::string& name, sqlite3_vfs* root_vfs) {
  if (root_vfs == nullptr || root_vfs->iVersion < 2) return nullptr;
  std::lock_guard lk(registry_mu);
  if (registry().count(name) != 0 || sqlite3_vfs_find(name.c_str()) != nullptr) return nullptr;
  auto v = std::make_unique<ShimVfs>();
  v->root = root_vfs;
  v->name = name;
  sqlite3_vfs& b = v->base;
  b.iVersion = 2;  // xCurrentTimeInt64; the system-call hooks of version 3 are for tests of SQLite itself
  b.szOsFile = static_cast<int>(kShimBytes) + root_vfs->szOsFile;
  b.mxPathname = root_vfs->mxPathname;
  b.zName = v->name.c_str();
  b.pAppData = v.get();
  b.xOpen = shimOpen;
  b.xDelete = shimDelete;
  b.xAccess = shimAccess;
  b.xFullPathname = shimFullPathname;
  b.xDlOpen = shimDlOpen;
  b.xDlError = shimDlError;
  b.xDlSym = shimDlSym;
  b.xDlClose = shimDlClose;
  b.xRandomness = shimRandomness;
  b.xSleep = shimSleep;
  b.xCurrentTime = shimCurrentTime;
  b.xGetLastError = shimGetLastError;
  b.xCurrentTimeInt64 = shimCurrentTimeInt64;
  if (sqlite3_vfs_register(&v->base, 0) != SQLITE_OK) return nullptr;
  const char* registered = v->name.c_str();
  registry().emplace(name, std::move(v));
  return registered;
}

const char* walCoalescingVfs() {
  static const char* name = registerWalCoalescingVfs("onedoor-wal-coalescing", sqlite3_vfs_find(nullptr));
  return name;
}

WalCoalescingCounts walCoalescingCounts(const std::string& name) {
  std::lock_guard lk(registry_mu);
  auto it = registry().find(name);
  if (it == registry().end()) return {};
  const ShimVfs& v = *it->second;
  return {v.wal_writes.load(std::memory_order_relaxed), v.file_writes.load(std::memory_order_relaxed),
          v.late_flushes.load(std::memory_order_relaxed)};
}

}  // namespace onedoor::sqlite
