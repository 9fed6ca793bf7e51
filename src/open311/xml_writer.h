// A small streaming XML writer for the documents OneDoor serves (Open311): declared UTF-8,
// text and attribute values escaped, characters XML 1.0 forbids replaced. Not thread-safe; one
// writer per document.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace onedoor::open311 {

class XmlWriter {
 public:
  XmlWriter();  // starts with <?xml version="1.0" encoding="UTF-8"?>

  void open(std::string_view name);
  void close();                                             // closes the innermost open element
  void leaf(std::string_view name, std::string_view text);  // <name>text</name>
  void empty(std::string_view name);                        // <name/>
  // Closes what is still open and returns the document.
  std::string finish();

  // Text escaped for element content and attribute values (& < > " ' escaped; invalid UTF-8 and
  // control characters other than tab, newline and carriage return become U+FFFD).
  static std::string escape(std::string_view text);

 private:
  std::string out_;
  std::vector<std::string> stack_;
};

}  // namespace onedoor::open311
