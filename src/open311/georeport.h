// Open311 GeoReport v2 without I/O: form-encoded bodies, W3C datetimes, the mapping of categories
// and appeals to services, service definitions, requests and updates, and rendering one document
// tree as XML (the spec's required format) or JSON (its mechanical mapping). Pure; thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "appeals/appeal.h"
#include "appeals/category.h"
#include "core/result.h"
#include "store/types.h"

namespace onedoor::open311 {

using Doc = nlohmann::ordered_json;  // field order as the spec lists it

// A form-encoded POST body. An empty value counts as absent (the spec's rule for optional
// parameters). attribute[CODE]=v and attribute[CODE][]=v (repeatable) land in `attributes`.
struct Form {
  std::map<std::string, std::string> fields;  // the last value of a repeated key wins
  std::map<std::string, std::vector<std::string>> attributes;
  std::optional<std::string> get(const std::string& name) const;
};
// kInvalid on a malformed percent escape, invalid UTF-8 or a malformed attribute key.
Result<Form> parseForm(std::string_view body);

// "2026-11-27T15:04:05+08:00" for epoch ms at a fixed UTC offset (minutes).
std::string formatDatetime(int64_t ms, int utc_offset_minutes);
// W3C ISO 8601: YYYY-MM-DD, or YYYY-MM-DDThh:mm[:ss[.fff]] with Z or ±hh:mm (or ±hhmm); a zone
// left out means `default_offset_minutes`. A space where the '+' of the offset was (a '+' left
// unescaped in a query string) is accepted. nullopt when malformed.
std::optional<int64_t> parseDatetime(std::string_view text, int default_offset_minutes);

// Which appeal states Open311 calls closed: replied and closed. A reply with a concrete action is
// the city's answer; if the citizen rejects it the case reopens and shows as open again.
std::string_view statusOf(appeals::State s);
// The states behind an Open311 status ("open" or "closed"); empty for anything else.
std::vector<appeals::State> statesFor(std::string_view status);

// Services.
Doc serviceDoc(const appeals::Category& c, bool has_attributes);
Doc serviceDefinitionDoc(const std::string& service_code, const std::vector<appeals::CategoryAttribute>& attrs);
// Checks the attributes a client sent against the category's definition: required ones present,
// list values among the keys, numbers numeric, datetimes W3C, unknown codes refused. Returns the
// JSON object to store ({"CODE": "v" | ["v", ...]}).
Result<nlohmann::json> checkAttributes(const std::vector<appeals::CategoryAttribute>& defs,
                                       const std::map<std::string, std::vector<std::string>>& sent,
                                       int utc_offset_minutes);

// A request as GET requests shows it.
struct RequestView {
  const appeals::Appeal* appeal = nullptr;
  std::string service_name;
  std::string agency;  // department name
  const Open311Submission* submission = nullptr;
};
Doc requestDoc(const RequestView& v, int utc_offset_minutes);

// One update of FixMyStreet's servicerequestupdates from a ledger event of an appeal.
Doc updateDoc(const Event& e, int64_t appeal_id, int utc_offset_minutes);

// The errors document: [{"code": 400, "description": "..."}].
Doc errorsDoc(int code, const std::string& description);

// XML of a document tree: objects become elements with children, arrays become a container
// whose items are named by the container (services → service, service_requests → request...),
// null becomes an empty element, booleans true/false.
std::string toXml(const std::string& root, const Doc& doc);

}  // namespace onedoor::open311
