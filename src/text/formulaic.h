// Formulaic-reply checker (套话检测): refuses a handler's reply to an appeal that says nothing concrete —
// no action, no deadline, no one responsible, or mostly boilerplate — and says exactly what to add.
// Pure; a constructed FormulaicChecker is immutable, so one instance may be shared by all threads.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace onedoor::text {

// What a handler submits. `text` is what the citizen reads; `action`, `responsible` and the due date
// are the structured fields of the same reply (appeals::Reply).
struct ReplyDraft {
  std::string text;         // message to the citizen
  std::string action;       // what was or will be done
  std::string responsible;  // by whom (unit or person)
  bool has_due = false;     // the reply carries a due date (by when)
};

// Finding codes. Every finding is blocking: one of them makes the reply formulaic.
inline constexpr std::string_view kInvalidUtf8 = "invalid_utf8";
inline constexpr std::string_view kTooShort = "too_short";
inline constexpr std::string_view kNoActionVerb = "no_action_verb";
inline constexpr std::string_view kNoTime = "no_time";
inline constexpr std::string_view kNoResponsible = "no_responsible";
inline constexpr std::string_view kBoilerplate = "boilerplate";

struct Finding {
  std::string code;     // one of the k* codes above
  std::string message;  // bilingual "中文 / English": what is missing and what to write instead
};

struct FormulaicVerdict {
  bool formulaic = false;              // any finding
  double boilerplate_similarity = 0;   // share of the text (in characters) made of boilerplate clauses, 0..1
  std::vector<Finding> findings;       // in a fixed order: invalid_utf8, too_short, no_action_verb, no_time,
                                       // no_responsible, boilerplate
  std::string matched_phrase;          // the closest list phrase when some clause matched one, else empty
};

// An organisation-name ending such as 局, 社区, 公司. A match needs the characters around it to look
// like a name: `not_preceded_by` / `not_followed_by` list single characters (each code point is one
// alternative) that turn the ending into an ordinary word (排队, 处理→no 处 entry, 所以, 局面).
struct UnitPattern {
  std::string suffix;
  bool needs_name = true;  // a name character must come right before it (东湖社区 yes, 安排社区 no)
  std::string not_preceded_by;
  std::string not_followed_by;
};

// Everything the checker knows, as data, so administrators can edit it (defaults() ships the
// built-in lists; docs/formulaic-replies.md explains each). Strings are UTF-8.
struct Lists {
  // Action: concrete verbs (更换, 清运, 退还 …) count; vague ones (重视, 研究, 协调 …) are only named in
  // the message. A concrete verb is ignored after a negation (未, 无法, 是否 … within 4 characters of
  // the same clause) unless the negation is part of an exception word (未来), and after a citizen
  // marker (请您, 建议您 …: then it is the citizen's action, not the handler's).
  std::vector<std::string> action_verbs;
  std::vector<std::string> vague_verbs;
  std::vector<std::string> negations;
  std::vector<std::string> negation_exceptions;
  std::vector<std::string> citizen_markers;
  // "已于<time>完成" states a completed action even without a verb from the list.
  std::vector<std::string> completion_words;
  // An investigation that found nothing to fix is itself the answer, already given: "经核查，…不属实",
  // "经检测，水质符合国家标准". An investigation word followed in the same sentence by an unfounded
  // result (not preceded by 不: 不符合 is a violation that needs an action) counts as action and time.
  std::vector<std::string> investigation_words;
  std::vector<std::string> unfounded_results;

  // Restated complaint: "您3月1日反映的路灯维修问题" describes the appeal, not the reply; verbs, times
  // and units inside it are ignored. The span runs from a lead word (您, 关于 …, at most 8 characters
  // before) through the complaint word to the first topic noun within 15 characters.
  std::vector<std::string> complaint_words;
  std::vector<std::string> complaint_leads;
  std::vector<std::string> topic_nouns;

  // Time: fixed words (今天, 下周, 月底 …) on top of the built-in date / deadline / weekday / clock
  // scanner. "已(经)" + a concrete verb within 10 characters also counts (done already), unless a
  // scheduling word (安排, 责成 …) sits between them. Vague times are only named in the message.
  std::vector<std::string> time_words;
  std::vector<std::string> vague_times;
  std::vector<std::string> scheduling_words;

  // Responsible party: the `responsible` field once the vague parties and fillers are removed must
  // keep at least 2 characters; otherwise the text or action must name a unit or a person.
  std::vector<std::string> vague_parties;       // 有关部门, 相关单位, 我们 … (removed from the field)
  std::vector<std::string> vague_modifiers;     // 有关, 相关, 该, 我 … right before a unit ending
  std::string non_name_chars;                   // characters that cannot end a name (由, 向, 排 …)
  std::vector<UnitPattern> units;
  std::vector<std::string> person_titles;       // 工作人员, 师傅, 科长 …: person = surname + title or title + name
  std::string surnames;                         // single-character surnames, one code point each
  std::string surnames_after_title;             // the subset safe after a title (not 于, 向, 高, 马: 于本周, 马上)

  // Boilerplate: phrases are split into clauses at punctuation; a text clause whose character-bigram
  // Jaccard similarity to some phrase clause is >= clause_similarity is boilerplate.
  std::vector<std::string> boilerplate_phrases;

  size_t min_code_points = 10;          // fewer content characters: too_short
  double clause_similarity = 0.5;       // a text clause matches a boilerplate clause
  double boilerplate_threshold = 0.6;   // share of the text in matched clauses, when the text has no concrete verb

  static Lists defaults();
};

class FormulaicChecker {
 public:
  FormulaicChecker();  // Lists::defaults()
  // Throws std::invalid_argument when a threshold is outside (0, 1] (configuration error).
  explicit FormulaicChecker(Lists lists);

  FormulaicVerdict check(const ReplyDraft& draft) const;

  const Lists& lists() const;

  struct Compiled;  // the lists as code points and bigrams; opaque, defined in formulaic.cc

 private:
  std::shared_ptr<const Compiled> compiled_;
};

}  // namespace onedoor::text
