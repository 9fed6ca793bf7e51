// The hall's JSON (contract shapes of docs/hall-api.md): tickets, windows, the staff state with
// paged queues, and the public state, which is rendered once per snapshot (the end of a commit
// batch, on the store's writer thread) and served from memory. Stateless; thread-safe.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "services/hall_service.h"
#include "store/store.h"

namespace onedoor::api {

// `snap` may be null (no place or wait then).
nlohmann::json ticketJson(Reader& r, const TicketRow& t, const services::HallSnapshot* snap);
nlohmann::json windowJson(Reader& r, const WindowRow& w, const services::HallSnapshot* snap);

// A page of each service's queue in the staff state: the waiting tickets at places after..after+limit.
struct QueuePage {
  static constexpr int kDefaultLimit = 50;
  static constexpr int kMaxLimit = 500;
  int after = 0;
  int limit = kDefaultLimit;
};

// The staff state (a session with a hall role): everything, queues paged.
nlohmann::json hallStaffStateJson(Reader& r, const HallRow& h, const services::HallSnapshot& snap, int64_t now,
                                  const QueuePage& page);

// Fills snap.public_head and snap.public_recent from snap.board (HallService::PublicRenderer).
void renderPublicState(services::HallSnapshot& snap);
// The public state's body at `now` from a rendered snapshot (renders it on the spot when it was
// built before a renderer was set): O(size of the body), no database access.
std::string publicStateBody(const services::HallSnapshot& snap, int64_t now);

}  // namespace onedoor::api
