// JSON (de)serialisation of matters in the shape of docs/matters-api.md. Also the storage format
// of the matter columns (drafts and published versions). Pure; thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "matters/matter.h"

namespace onedoor::matters {

nlohmann::json materialToJson(const Material& m);

// Every field of the contract's *Matter* except those the caller adds from elsewhere
// (department_name, plain). statutory_days / promised_days are null when unset.
nlohmann::json matterToJson(const Matter& m);

// Reads a matter as an editor sends it (or as it is stored). Read-only fields (id, version,
// published_at, published_by, department_name, plain, draft, published) and unknown fields are
// ignored; missing fields keep their defaults. A field of the wrong type is kInvalid with `field`
// naming it ("materials[1].copies").
Result<Matter> matterFromJson(const nlohmann::json& j);

}  // namespace onedoor::matters
