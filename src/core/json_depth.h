// A bound on JSON nesting, checked on the raw text before any parser sees it (issue 18 item 7): a
// body nested 100,000 levels deep overflowed the stack in the recursive JSON dump. Pure; thread-safe.
#pragma once

#include <cstddef>
#include <string_view>

namespace onedoor {

// Deepest nesting any request body or file the server reads may have: an object inside an array
// inside an object counts 3. The deepest real documents (scenarios, matters) are 5 deep.
inline constexpr size_t kMaxJsonDepth = 32;

// False when `text` opens more than `max_depth` arrays and objects at once (brackets inside
// strings do not count; the text need not be valid JSON: the parser judges that afterwards).
bool jsonDepthWithin(std::string_view text, size_t max_depth = kMaxJsonDepth);

// The bilingual message for a body past the bound.
inline constexpr const char* kJsonTooDeepMessage =
    "JSON 嵌套层数过多（最多 32 层） / The JSON is nested too deeply (at most 32 levels)";

}  // namespace onedoor
