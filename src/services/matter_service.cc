// Matter service: see matter_service.h.
#include "services/matter_service.h"

#include <nlohmann/json.hpp>
#include <set>

#include "matters/rules.h"
#include "services/people_service.h"

namespace onedoor::services {

using matters::Matter;
using matters::MatterRecord;
using nlohmann::json;

Status validateMatterIn(Reader& r, const Matter& m) {
  std::set<int64_t> departments;
  for (const auto& d : r.listDepartments()) departments.insert(d.id);
  std::set<std::string> codes;
  for (const auto& h : r.listHalls())
    for (const auto& s : r.listHallServices(h.id)) codes.insert(s.code);
  return matters::validateMatter(m, departments, codes);
}

static Status matterEvent(WriteTx& tx, int64_t now, int64_t user_id, const char* type, const MatterRecord& rec,
                          int version) {
  json payload = {{"code", rec.draft.code}, {"name", rec.draft.name}, {"department_id", rec.draft.department_id}};
  if (version > 0) payload["version"] = version;
  auto ev = tx.appendEvent(EventDraft{now, userActor(user_id), type, "matter:" + std::to_string(rec.draft.id),
                                      payload.dump()});
  return ev ? Status::ok() : ev.status();
}

WriteFn MatterService::createWrite(Matter draft, int64_t user_id, std::shared_ptr<MatterRecord> out) const {
  int64_t now = clock_.nowMs();
  return [draft = std::move(draft), user_id, out, now](WriteTx& tx) -> Status {
    if (Status s = validateMatterIn(tx, draft); !s) return s;
    auto id = tx.insertMatter(draft, now);
    if (!id) return id.status();
    auto rec = tx.matterById(*id);
    if (!rec) return internalError("事项写入后读不到 / matter vanished after insert");
    if (Status s = matterEvent(tx, now, user_id, "matter.saved", *rec, 0); !s) return s;
    if (out) *out = *rec;
    return Status::ok();
  };
}

WriteFn MatterService::saveWrite(int64_t id, Matter draft, int64_t user_id, std::shared_ptr<MatterRecord> out) const {
  int64_t now = clock_.nowMs();
  return [id, draft = std::move(draft), user_id, out, now](WriteTx& tx) mutable -> Status {
    auto before = tx.matterById(id);
    if (!before) return notFound("找不到该事项 / No such matter");
    draft.id = id;
    if (Status s = validateMatterIn(tx, draft); !s) return s;
    if (Status s = tx.saveMatterDraft(draft, now); !s) return s;
    auto rec = tx.matterById(id);
    if (!rec) return internalError("事项保存后读不到 / matter vanished after save");
    if (Status s = matterEvent(tx, now, user_id, "matter.saved", *rec, 0); !s) return s;
    if (out) *out = *rec;
    return Status::ok();
  };
}

WriteFn MatterService::publishWrite(int64_t id, int64_t user_id, std::shared_ptr<Matter> out) const {
  int64_t now = clock_.nowMs();
  return [id, user_id, out, now](WriteTx& tx) -> Status {
    auto rec = tx.matterById(id);
    if (!rec) return notFound("找不到该事项 / No such matter");
    // Departments or hall services may have changed since the draft was saved.
    if (Status s = validateMatterIn(tx, rec->draft); !s) return s;
    auto published = tx.publishMatter(id, now, user_id);
    if (!published) return published.status();
    if (Status s = matterEvent(tx, now, user_id, "matter.published", *rec, published->version); !s) return s;
    if (out) *out = *published;
    return Status::ok();
  };
}

WriteFn MatterService::saveJargonWrite(std::vector<matters::JargonEntry> terms, int64_t user_id) const {
  int64_t now = clock_.nowMs();
  return [terms = std::move(terms), user_id, now](WriteTx& tx) -> Status {
    if (terms.size() > 2000) return invalid("术语最多 2000 条 / at most 2000 terms", "terms");
    if (Status s = tx.setJargonTerms(terms, now); !s) return s;
    json payload = {{"terms", terms.size()}};
    auto ev = tx.appendEvent(EventDraft{now, userActor(user_id), "jargon.saved", "jargon", payload.dump()});
    return ev ? Status::ok() : ev.status();
  };
}

Result<std::vector<matters::SearchHit>> MatterService::search(const std::string& query, size_t limit) {
  std::shared_ptr<const std::vector<matters::SearchEntry>> entries;
  uint64_t generation = 0;
  {
    std::lock_guard lock(mu_);
    entries = search_;
    generation = generation_;
  }
  if (!entries) {
    std::vector<Matter> published;
    Status st = store_.read([&](Reader& r) -> Status {
      published = r.listPublishedMatters();
      return Status::ok();
    });
    if (!st) return st;
    auto built = std::make_shared<std::vector<matters::SearchEntry>>();
    for (const auto& m : published) built->push_back(matters::searchEntry(m));
    entries = built;
    // A publish that committed while this was built has invalidated it: use it once, keep nothing.
    std::lock_guard lock(mu_);
    if (generation == generation_) search_ = entries;
  }
  return matters::searchMatters(*entries, query, limit);
}

void MatterService::invalidateSearch() {
  std::lock_guard lock(mu_);
  search_.reset();
  ++generation_;
}

std::vector<matters::JargonEntry> MatterService::jargonOrDefault(Reader& r) {
  if (auto saved = r.jargonTerms()) return *saved;
  std::vector<matters::JargonEntry> out;
  for (const auto& t : text::PlainLanguageChecker::defaultJargon()) out.push_back({t.term, t.plain});
  return out;
}

Result<std::shared_ptr<const text::PlainLanguageChecker>> MatterService::checker() {
  uint64_t generation = 0;
  {
    std::lock_guard lock(mu_);
    if (checker_) return checker_;
    generation = generation_;
  }
  std::vector<matters::JargonEntry> terms;
  Status st = store_.read([&](Reader& r) -> Status {
    terms = jargonOrDefault(r);
    return Status::ok();
  });
  if (!st) return st;
  std::vector<text::JargonTerm> jargon;
  for (const auto& t : terms) jargon.push_back({t.term, t.plain});
  auto built = std::make_shared<const text::PlainLanguageChecker>(std::move(jargon));
  std::lock_guard lock(mu_);
  if (generation == generation_) checker_ = built;
  return std::shared_ptr<const text::PlainLanguageChecker>(built);
}

void MatterService::invalidateChecker() {
  std::lock_guard lock(mu_);
  checker_.reset();
  ++generation_;
}

}  // namespace onedoor::services
