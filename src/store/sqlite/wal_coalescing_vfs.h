// A VFS over SQLite's default one that writes each WAL commit with one system call.
//
// SQLite appends a commit to the WAL frame by frame, two writes per page (the 24-byte frame header,
// then the page): an appeal batch made about sixty pwrite calls on the writer thread, a quarter of
// its time. This VFS gathers the contiguous writes of a transaction in memory and hands them to the
// real file in one write when the commit frame's page arrives, so a failed write still fails the
// COMMIT that made it. It also writes what it holds before any other use of the WAL (read, sync,
// size, truncate, close) and before SQLite publishes a commit to other connections (xShmBarrier on
// the database file, which SQLite calls between the two copies of the new wal-index header);
// reads, checkpoints and recovery therefore see exactly the bytes they would see without it.
// Database and journal files pass straight through.
//
// Thread-safety: registration is thread-safe; a file is used by one connection, i.e. one thread at
// a time, as SQLite's own files are.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>

namespace onedoor::sqlite {

// The name of the VFS over the process's default VFS ("unix"), registered on first use.
const char* walCoalescingVfs();

// Registers a coalescing VFS named `name` over `root` (tests put it over a VFS that fails on
// demand); returns nullptr if `root` is null or the name is taken.
const char* registerWalCoalescingVfs(const std::string& name, sqlite3_vfs* root);

struct WalCoalescingCounts {
  int64_t wal_writes = 0;    // writes SQLite asked for on WAL files
  int64_t file_writes = 0;   // writes made to the real WAL files
  int64_t late_flushes = 0;  // writes found pending at publication (a commit frame not recognised)
};

// The counts of the VFS named `name` (zero for an unknown name).
WalCoalescingCounts walCoalescingCounts(const std::string& name);

}  // namespace onedoor::sqlite
