// Matters (事项): the admin's drafts and publishing, the jargon list, the plain-language checker
// built from it, and the citizens' search. Every write is one WriteFn that changes the matter and
// appends its ledger event in the same transaction.
// Thread-safe: the search index and the checker are immutable snapshots swapped under a mutex;
// invalidate them after the write that changes their source has committed.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/clock.h"
#include "matters/records.h"
#include "matters/search.h"
#include "store/store.h"
#include "text/plain_language.h"

namespace onedoor::services {

class MatterService {
 public:
  MatterService(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // Validates the draft (contract rules) and stores it as a new unpublished matter; event
  // matter.saved. `out` receives the stored record.
  WriteFn createWrite(matters::Matter draft, int64_t user_id, std::shared_ptr<matters::MatterRecord> out) const;
  // Replaces the draft of matter `id` (the current published version is untouched); matter.saved.
  WriteFn saveWrite(int64_t id, matters::Matter draft, int64_t user_id, std::shared_ptr<matters::MatterRecord> out) const;
  // Publishes the draft as the next version (validated again); matter.published.
  WriteFn publishWrite(int64_t id, int64_t user_id, std::shared_ptr<matters::Matter> out) const;
  // Replaces the jargon list; jargon.saved.
  WriteFn saveJargonWrite(std::vector<matters::JargonEntry> terms, int64_t user_id) const;

  // Citizens' search over the current published versions (built on first use, rebuilt after
  // invalidateSearch()).
  Result<std::vector<matters::SearchHit>> search(const std::string& query, size_t limit);
  void invalidateSearch();

  // The checker with the stored jargon list (defaultJargon() until an admin saves one).
  Result<std::shared_ptr<const text::PlainLanguageChecker>> checker();
  void invalidateChecker();

  // The stored jargon list, or the default one.
  static std::vector<matters::JargonEntry> jargonOrDefault(Reader& r);

  const Clock& clock() const { return clock_; }

 private:
  Store& store_;
  const Clock& clock_;
  std::mutex mu_;
  std::shared_ptr<const std::vector<matters::SearchEntry>> search_;
  std::shared_ptr<const text::PlainLanguageChecker> checker_;
  uint64_t generation_ = 0;  // counts invalidations, so a build that raced one is not kept
};

// The checks against the store's departments and hall services, inside a transaction.
Status validateMatterIn(Reader& r, const matters::Matter& m);

}  // namespace onedoor::services
