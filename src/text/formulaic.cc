// Implementation of formulaic.h. The lists are compiled once to code points; check() only reads them,
// which is what makes a shared FormulaicChecker safe across threads.
#include "text/formulaic.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <unordered_map>
#include <utility>

#include "text/time_expr.h"
#include "text/utf8.h"

namespace onedoor::text {

namespace {

using U32 = std::u32string;
using Sv = std::u32string_view;

U32 prepare(std::string_view s) { return normalizeWidth(decodeUtf8(s)); }

std::vector<U32> prepareAll(const std::vector<std::string>& in) {
  std::vector<U32> out;
  for (const auto& s : in) {
    U32 u = prepare(s);
    if (!u.empty()) out.push_back(std::move(u));
  }
  // Longest first, so that 高度重视 is reported (and removed) before 重视.
  std::stable_sort(out.begin(), out.end(), [](const U32& a, const U32& b) { return a.size() > b.size(); });
  return out;
}

bool contains(Sv set, char32_t c) { return set.find(c) != Sv::npos; }

bool startsAt(Sv s, size_t i, Sv w) { return i + w.size() <= s.size() && s.substr(i, w.size()) == w; }

// Character bigrams of one clause, as sorted unique 42-bit keys (two 21-bit code points).
std::vector<uint64_t> bigrams(const U32& content) {
  std::vector<uint64_t> out;
  for (size_t i = 0; i + 1 < content.size(); ++i) {
    out.push_back((static_cast<uint64_t>(content[i]) << 21) | static_cast<uint64_t>(content[i + 1]));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

struct Clause {
  size_t begin = 0, end = 0;  // code-point range in the scanned text (breaks excluded)
  U32 content;                // its content characters
};

std::vector<Clause> splitClauses(Sv s) {
  std::vector<Clause> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && isBreak(s[i])) ++i;
    if (i >= s.size()) break;
    Clause c;
    c.begin = i;
    while (i < s.size() && !isBreak(s[i])) {
      if (isContent(s[i])) c.content.push_back(s[i]);
      ++i;
    }
    c.end = i;
    out.push_back(std::move(c));
  }
  return out;
}

std::string quoteList(const std::vector<std::string>& words, bool chinese) {
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (chinese) {
      out += "“" + words[i] + "”";
    } else {
      out += (i ? ", \"" : "\"") + words[i] + "\"";
    }
  }
  return out;
}

}  // namespace

struct FormulaicChecker::Compiled {
  struct Unit {
    U32 suffix;
    bool needs_name;
    U32 not_preceded_by, not_followed_by;
  };
  struct BoilerplateClause {
    size_t phrase;
    size_t grams;  // number of distinct bigrams
  };

  Lists lists;
  std::vector<U32> action_verbs, vague_verbs, negations, negation_exceptions, citizen_markers, completion_words,
      investigation_words, unfounded_results, complaint_words, complaint_leads, topic_nouns, time_words,
      vague_times, scheduling_words, vague_parties, vague_modifiers, person_titles;
  U32 non_name_chars, surnames, surnames_after_title;
  std::vector<Unit> units;
  std::vector<BoilerplateClause> boilerplate;
  // bigram → the boilerplate clauses holding it: Jaccard against every clause in one pass over the text.
  std::unordered_map<uint64_t, std::vector<uint32_t>> bigram_index;

  explicit Compiled(Lists l) : lists(std::move(l)) {
    // Lists are configuration: a nonsense threshold is an administrator's mistake, caught at start-up.
    if (!(lists.clause_similarity > 0 && lists.clause_similarity <= 1) ||
        !(lists.boilerplate_threshold > 0 && lists.boilerplate_threshold <= 1)) {
      throw std::invalid_argument("formulaic checker: similarity thresholds must be in (0, 1]");
    }
    action_verbs = prepareAll(lists.action_verbs);
    vague_verbs = prepareAll(lists.vague_verbs);
    negations = prepareAll(lists.negations);
    negation_exceptions = prepareAll(lists.negation_exceptions);
    citizen_markers = prepareAll(lists.citizen_markers);
    completion_words = prepareAll(lists.completion_words);
    investigation_words = prepareAll(lists.investigation_words);
    unfounded_results = prepareAll(lists.unfounded_results);
    complaint_words = prepareAll(lists.complaint_words);
    complaint_leads = prepareAll(lists.complaint_leads);
    topic_nouns = prepareAll(lists.topic_nouns);
    time_words = prepareAll(lists.time_words);
    vague_times = prepareAll(lists.vague_times);
    scheduling_words = prepareAll(lists.scheduling_words);
    vague_parties = prepareAll(lists.vague_parties);
    vague_modifiers = prepareAll(lists.vague_modifiers);
    person_titles = prepareAll(lists.person_titles);
    non_name_chars = prepare(lists.non_name_chars);
    surnames = prepare(lists.surnames);
    surnames_after_title = prepare(lists.surnames_after_title);
    for (const auto& u : lists.units) {
      U32 suffix = prepare(u.suffix);
      if (suffix.empty()) continue;
      units.push_back({std::move(suffix), u.needs_name, prepare(u.not_preceded_by), prepare(u.not_followed_by)});
    }
    for (size_t p = 0; p < lists.boilerplate_phrases.size(); ++p) {
      for (auto& c : splitClauses(prepare(lists.boilerplate_phrases[p]))) {
        auto g = bigrams(c.content);
        if (g.empty()) continue;
        for (uint64_t gram : g) bigram_index[gram].push_back(static_cast<uint32_t>(boilerplate.size()));
        boilerplate.push_back({p, g.size()});
      }
    }
  }
};

namespace {

using Compiled = FormulaicChecker::Compiled;

// One field (text or action) analysed: what it states once restated complaints, the citizen's own
// steps and (for the text) boilerplate clauses are set aside.
class Analysis {
 public:
  Analysis(const Compiled& c, std::string_view utf8, bool is_text) : c_(c) {
    s_ = normalizeWidth(decodeUtf8(utf8, &valid_utf8_));
    for (size_t i = 0; i < s_.size(); ++i) positions_[s_[i]].push_back(i);
    clauses_ = splitClauses(s_);
    clause_of_.assign(s_.size(), SIZE_MAX);
    for (size_t k = 0; k < clauses_.size(); ++k) {
      for (size_t i = clauses_[k].begin; i < clauses_[k].end; ++i) clause_of_[i] = k;
    }
    ignored_.assign(s_.size(), false);
    in_boilerplate_.assign(s_.size(), false);
    markComplaints();
    markCitizenSteps();
    if (is_text) scoreBoilerplate();
    times_ = findTimeExpressions(s_, c_.time_words);
    findNegations();
    findConcreteVerbs();
    unfounded_ = findUnfoundedResult();
  }

  bool validUtf8() const { return valid_utf8_; }
  const U32& str() const { return s_; }

  size_t contentLength() const {
    return static_cast<size_t>(std::count_if(s_.begin(), s_.end(), [](char32_t ch) { return isContent(ch); }));
  }

  // A concrete verb (not negated, not the citizen's, not inside a boilerplate clause),
  // "已于<time>完成", or an investigation that found nothing to fix.
  bool hasAction() const { return !verbs_.empty() || completedOnDate() || unfounded_; }
  bool hasConcreteContent() const { return !verbs_.empty() || unfounded_; }

  bool hasTime() const {
    for (const auto& m : times_) {
      if (!ignored_[m.begin]) return true;
    }
    return unfounded_ || completedAlready();
  }

  bool namesResponsible() const { return hasUnit() || hasPerson(); }

  // Listed words present (outside restated complaints), longest first, no overlaps, at most 3.
  std::vector<std::string> listed(const std::vector<U32>& words) const {
    std::vector<std::string> out;
    std::vector<bool> used(s_.size(), false);
    for (const auto& w : words) {
      for (size_t p : findAll(w)) {
        if (ignored_[p]) continue;
        bool overlap = false;
        for (size_t i = p; i < p + w.size(); ++i) overlap = overlap || used[i];
        if (overlap) continue;
        for (size_t i = p; i < p + w.size(); ++i) used[i] = true;
        std::string word = encodeUtf8(w);
        if (std::find(out.begin(), out.end(), word) == out.end()) out.push_back(word);
        break;
      }
      if (out.size() == 3) break;
    }
    return out;
  }

  double boilerplateShare() const { return boilerplate_share_; }
  std::string matchedPhrase() const {
    return best_phrase_ == SIZE_MAX ? std::string() : c_.lists.boilerplate_phrases[best_phrase_];
  }

 private:
  bool sameClause(size_t a, size_t b) const {
    return a < s_.size() && b < s_.size() && clause_of_[a] != SIZE_MAX && clause_of_[a] == clause_of_[b];
  }

  // "您3月1日来电反映的路灯维修问题" describes the appeal; nothing in it is the reply's action.
  void markComplaints() {
    for (const auto& w : c_.complaint_words) {
      for (size_t p : findAll(w)) {
        size_t start = p;
        for (const auto& lead : c_.complaint_leads) {
          for (size_t q : findAll(lead)) {
            if (q < start && p - q <= 8 && sameClause(q, p)) start = q;
          }
        }
        size_t end = p + w.size();
        size_t best = SIZE_MAX;
        for (const auto& t : c_.topic_nouns) {
          for (size_t q : findAll(t)) {
            if (q >= end && q - end <= 15 && sameClause(q, p) && q + t.size() < best) best = q + t.size();
          }
        }
        if (best != SIZE_MAX) end = best;
        for (size_t i = start; i < end; ++i) ignored_[i] = true;
      }
    }
  }

  // "请您携带身份证到3号窗口办理": from the marker to the end of the clause it is the citizen who acts.
  void markCitizenSteps() {
    for (const auto& w : c_.citizen_markers) {
      for (size_t p : findAll(w)) {
        size_t k = clause_of_[p];
        size_t end = k == SIZE_MAX ? p + w.size() : clauses_[k].end;
        for (size_t i = p; i < end; ++i) ignored_[i] = true;
      }
    }
  }

  void scoreBoilerplate() {
    size_t total = 0, matched = 0;
    double best_weight = 0;
    std::vector<size_t> common(c_.boilerplate.size());
    for (const auto& cl : clauses_) {
      total += cl.content.size();
      auto grams = bigrams(cl.content);
      std::fill(common.begin(), common.end(), 0);
      for (uint64_t g : grams) {
        auto it = c_.bigram_index.find(g);
        if (it == c_.bigram_index.end()) continue;
        for (uint32_t k : it->second) ++common[k];
      }
      double best = 0;
      size_t phrase = SIZE_MAX;
      for (size_t k = 0; k < common.size(); ++k) {
        if (common[k] == 0) continue;
        // Jaccard = |A ∩ B| / |A ∪ B| over distinct character bigrams.
        double j = static_cast<double>(common[k]) /
                   static_cast<double>(grams.size() + c_.boilerplate[k].grams - common[k]);
        if (j > best) {
          best = j;
          phrase = c_.boilerplate[k].phrase;
        }
      }
      if (phrase == SIZE_MAX || best < c_.lists.clause_similarity) continue;
      matched += cl.content.size();
      for (size_t i = cl.begin; i < cl.end; ++i) in_boilerplate_[i] = true;
      double weight = best * static_cast<double>(cl.content.size());
      if (weight > best_weight) {
        best_weight = weight;
        best_phrase_ = phrase;
      }
    }
    boilerplate_share_ = total ? static_cast<double>(matched) / static_cast<double>(total) : 0;
  }

  void findNegations() {
    for (const auto& n : c_.negations) {
      for (size_t p : findAll(n)) {
        bool excepted = false;
        for (const auto& e : c_.negation_exceptions) {
          for (size_t q : findAll(e)) excepted = excepted || (q <= p && p < q + e.size());
        }
        if (!excepted) negation_ends_.push_back({p, p + n.size()});
      }
    }
  }

  bool negated(size_t verb) const {
    for (auto [b, e] : negation_ends_) {
      if (e <= verb && verb - e <= 4 && sameClause(b, verb)) return true;
    }
    return false;
  }

  void findConcreteVerbs() {
    for (const auto& v : c_.action_verbs) {
      for (size_t p : findAll(v)) {
        if (ignored_[p] || in_boilerplate_[p] || negated(p)) continue;
        verbs_.push_back({p, p + v.size()});
      }
    }
  }

  static bool endsSentence(char32_t ch) { return Sv(U"。！？；!?;\n").find(ch) != Sv::npos; }

  // "经现场核查，您反映的噪音问题不属实": investigated, nothing to fix — the answer is given.
  bool findUnfoundedResult() const {
    for (const auto& w : c_.investigation_words) {
      for (size_t i : findAll(w)) {
        if (ignored_[i] || in_boilerplate_[i]) continue;
        for (const auto& r : c_.unfounded_results) {
          for (size_t q : findAll(r)) {
            if (q < i + w.size() || q - i > 40 || ignored_[q]) continue;
            if (r[0] != U'不' && q > 0 && s_[q - 1] == U'不') continue;  // 不符合 is a violation
            bool same_sentence = true;
            for (size_t k = i; k < q && same_sentence; ++k) same_sentence = !endsSentence(s_[k]);
            if (same_sentence) return true;
          }
        }
      }
    }
    return false;
  }

  bool schedulingBetween(size_t from, size_t to) const {
    for (const auto& w : c_.scheduling_words) {
      for (size_t q : findAll(w)) {
        if (q >= from && q + w.size() <= to) return true;
      }
    }
    return false;
  }

  // "已更换", "现已疏通", "已对该路段井盖进行更换", "清理完毕": the action is done, which answers
  // "by when". "已安排人员更换" is not: 安排 (a scheduling word) sits between.
  bool completedAlready() const {
    for (size_t a : findAll(U"已")) {
      if (ignored_[a]) continue;
      for (auto [vb, ve] : verbs_) {
        if (vb > a && vb - a <= 11 && sameClause(a, vb) && !schedulingBetween(a + 1, vb) &&
            !schedulingBetween(vb, ve)) {  // 已责令: the order is given, the work is still to come
          return true;
        }
      }
    }
    for (auto [vb, ve] : verbs_) {
      for (size_t q : findAll(U"完毕")) {
        if (q >= ve && q - ve <= 2 && sameClause(vb, q)) return true;
      }
    }
    return completedOnDate();
  }

  // "已于3月3日完成", "已于昨日办结": completion with a date, even when the verb is implied.
  bool completedOnDate() const {
    for (size_t a : findAll(U"已于")) {
      if (ignored_[a]) continue;
      for (const auto& t : times_) {
        if (t.begin < a + 2 || t.begin - (a + 2) > 10 || !sameClause(a, t.begin)) continue;
        for (const auto& w : c_.completion_words) {
          for (size_t q : findAll(w)) {
            if (q >= t.end && q - t.end <= 3 && sameClause(a, q)) return true;
          }
        }
      }
    }
    return false;
  }

  bool endsWithAny(size_t at, const std::vector<U32>& words) const {
    for (const auto& w : words) {
      if (at >= w.size() && Sv(s_).substr(at - w.size(), w.size()) == w) return true;
    }
    return false;
  }

  bool unitEndsAt(size_t at) const {
    for (const auto& u : c_.units) {
      if (at >= u.suffix.size() && Sv(s_).substr(at - u.suffix.size(), u.suffix.size()) == u.suffix) return true;
    }
    return false;
  }

  bool isNameChar(size_t i) const {
    return i < s_.size() && isContent(s_[i]) && s_[i] != U'\uFFFD' && !contains(c_.non_name_chars, s_[i]);
  }

  // 明湖区城市管理局, 东湖社区, 区交警大队, 小区物业 — not 有关部门, 该公司, 排队, 所以, 处理.
  bool hasUnit() const {
    for (const auto& u : c_.units) {
      for (size_t p : findAll(u.suffix)) {
        if (ignored_[p]) continue;
        size_t after = p + u.suffix.size();
        if (after < s_.size() && contains(u.not_followed_by, s_[after])) continue;
        if (p > 0 && contains(u.not_preceded_by, s_[p - 1])) continue;
        if (endsWithAny(p, c_.vague_modifiers)) continue;
        if (u.needs_name && !(p > 0 && sameClause(p - 1, p) && isNameChar(p - 1))) continue;
        return true;
      }
    }
    return false;
  }

  // Where a name could start: the start of a clause, after a preposition (由王科长), or right after a
  // unit (社区李主任) — not inside a word (园林工作人员, 提高工作人员).
  bool nameCanStartAt(size_t i) const {
    if (i == 0 || !sameClause(i - 1, i)) return true;
    return contains(c_.non_name_chars, s_[i - 1]) || unitEndsAt(i);
  }

  bool startsListedWord(size_t i) const {
    for (const auto* list : {&c_.action_verbs, &c_.vague_verbs, &c_.time_words, &c_.vague_times}) {
      for (const auto& w : *list) {
        if (startsAt(s_, i, w)) return true;
      }
    }
    return false;
  }

  // 王师傅, 张伟同志, 社区李主任, 工作人员张伟 — a title alone (工作人员) is no one in particular.
  bool hasPerson() const {
    for (const auto& t : c_.person_titles) {
      for (size_t p : findAll(t)) {
        if (ignored_[p]) continue;
        // surname + title, or surname + given name + title
        for (size_t k = 1; k <= 2 && k <= p; ++k) {
          size_t sp = p - k;
          if (!sameClause(sp, p) || !contains(c_.surnames, s_[sp]) || !nameCanStartAt(sp)) continue;
          if (k == 2 && !(isHan(s_[p - 1]) && isNameChar(p - 1))) continue;
          return true;
        }
        // title + surname + given name
        size_t e = p + t.size();
        if (e + 1 < s_.size() && sameClause(p, e + 1) && contains(c_.surnames_after_title, s_[e]) &&
            isHan(s_[e + 1]) && isNameChar(e + 1) && !startsListedWord(e)) {
          return true;
        }
      }
    }
    return false;
  }

  // Every occurrence of `w`, found through the positions of its first character: the lists hold some
  // 400 words and a reply a few hundred characters, so scanning the text once per word would dominate.
  std::vector<size_t> findAll(Sv w) const {
    std::vector<size_t> out;
    if (w.empty()) return out;
    auto it = positions_.find(w[0]);
    if (it == positions_.end()) return out;
    for (size_t p : it->second) {
      if (startsAt(s_, p, w)) out.push_back(p);
    }
    return out;
  }

  const Compiled& c_;
  U32 s_;
  std::unordered_map<char32_t, std::vector<size_t>> positions_;
  bool valid_utf8_ = true;
  std::vector<Clause> clauses_;
  std::vector<size_t> clause_of_;
  std::vector<bool> ignored_, in_boilerplate_;
  std::vector<std::pair<size_t, size_t>> negation_ends_, verbs_;
  std::vector<TimeMatch> times_;
  bool unfounded_ = false;
  double boilerplate_share_ = 0;
  size_t best_phrase_ = SIZE_MAX;
};

// The `responsible` field names someone once vague parties (有关部门, 我们) and fillers (和, 等)
// are taken out and at least two characters remain — or it contains a unit or person outright.
bool responsibleFieldNamesSomeone(const Compiled& c, const Analysis& field) {
  if (field.namesResponsible()) return true;
  U32 rest = field.str();
  for (const auto& v : c.vague_parties) {
    for (size_t p = rest.find(v); p != U32::npos; p = rest.find(v, p)) rest.erase(p, v.size());
  }
  return std::count_if(rest.begin(), rest.end(), [](char32_t ch) { return isContent(ch) && ch != U'\uFFFD'; }) >= 2;
}

std::string percent(double share) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%d%%", static_cast<int>(share * 100 + 0.5));
  return buf;
}

}  // namespace

FormulaicChecker::FormulaicChecker() : FormulaicChecker(Lists::defaults()) {}

FormulaicChecker::FormulaicChecker(Lists lists) : compiled_(std::make_shared<const Compiled>(std::move(lists))) {}

const Lists& FormulaicChecker::lists() const { return compiled_->lists; }

FormulaicVerdict FormulaicChecker::check(const ReplyDraft& d) const {
  const Compiled& c = *compiled_;
  Analysis text(c, d.text, true);
  Analysis action(c, d.action, false);
  Analysis responsible(c, d.responsible, false);

  FormulaicVerdict v;
  v.boilerplate_similarity = text.boilerplateShare();
  v.matched_phrase = text.matchedPhrase();
  auto add = [&v](std::string_view code, std::string message) {
    v.findings.push_back({std::string(code), std::move(message)});
  };

  if (!text.validUtf8() || !action.validUtf8() || !responsible.validUtf8()) {
    add(kInvalidUtf8,
        "回复中有无法识别的字符（不是有效的 UTF-8 编码），请删除乱码后重新填写 / The reply contains bytes that are "
        "not valid UTF-8; remove the garbled characters and enter it again");
  }

  size_t length = text.contentLength();
  if (length < c.lists.min_code_points) {
    add(kTooShort, "回复正文只有 " + std::to_string(length) + " 个字，至少需要 " +
                       std::to_string(c.lists.min_code_points) +
                       " 个字：告诉群众做了什么、由谁负责、何时完成 / The text has only " + std::to_string(length) +
                       " characters; write at least " + std::to_string(c.lists.min_code_points) +
                       " telling the citizen what was done, by whom and by when");
  }

  if (!text.hasAction() && !action.hasAction()) {
    auto vague = text.listed(c.vague_verbs);
    for (const auto& w : action.listed(c.vague_verbs)) {
      if (vague.size() < 3 && std::find(vague.begin(), vague.end(), w) == vague.end()) vague.push_back(w);
    }
    std::string zh = "请写明具体措施：做了什么或将做什么（如“已安排维修人员更换路灯”“已于3月3日对该餐馆处以5000元罚款”）";
    std::string en = "State the concrete action: what was or will be done (e.g. \"maintenance staff will replace "
                     "the street lamp\", \"on 3 March the restaurant was fined 5,000 yuan\")";
    if (!vague.empty()) {
      zh = quoteList(vague, true) + "不是具体措施。" + zh;
      en = quoteList(vague, false) + (vague.size() == 1 ? " is" : " are") + " not a concrete action. " + en;
    }
    add(kNoActionVerb, zh + " / " + en);
  }

  if (!d.has_due && !text.hasTime() && !action.hasTime()) {
    auto vague = text.listed(c.vague_times);
    for (const auto& w : action.listed(c.vague_times)) {
      if (vague.size() < 3 && std::find(vague.begin(), vague.end(), w) == vague.end()) vague.push_back(w);
    }
    std::string zh = "请写明完成时限：具体日期或期限（如“3月5日前”“5个工作日内”“本周五”），或填写办结日期";
    std::string en = "State by when: a date or a deadline (e.g. \"by 5 March\", \"within 5 working days\", "
                     "\"this Friday\"), or fill in the due date";
    if (!vague.empty()) {
      zh = quoteList(vague, true) + "不是明确的时限。" + zh;
      en = quoteList(vague, false) + (vague.size() == 1 ? " is" : " are") + " not a deadline. " + en;
    }
    add(kNoTime, zh + " / " + en);
  }

  bool field_ok = responsibleFieldNamesSomeone(c, responsible);
  if (!field_ok && !text.namesResponsible() && !action.namesResponsible()) {
    std::string zh = "请写明责任单位或责任人（如“明湖区城市管理局”“东湖社区工作人员张伟”）";
    std::string en = "Name the responsible unit or person (e.g. \"Minghu District Urban Management Bureau\", "
                     "\"Zhang Wei of Donghu Community\")";
    std::string given = truncateCodePoints(d.responsible, 20);
    if (responsible.contentLength() > 0) {
      zh = "“" + given + "”不是具体的责任主体。" + zh;
      en = "\"" + given + "\" is not a specific responsible party. " + en;
    } else {
      zh += "；“有关部门”“相关单位”等说法不算";
      en += "; \"the relevant department\" does not count";
    }
    add(kNoResponsible, zh + " / " + en);
  }

  if (v.boilerplate_similarity >= c.lists.boilerplate_threshold && !text.hasConcreteContent()) {
    std::string share = percent(v.boilerplate_similarity);
    add(kBoilerplate, "回复正文约 " + share + " 是套话（最接近：“" + v.matched_phrase +
                          "”），没有写明具体措施；请在正文里告诉群众做了什么、由谁负责、何时完成 / About " + share +
                          " of the text is boilerplate (closest: \"" + v.matched_phrase +
                          "\") and it states no concrete action; tell the citizen what was done, by whom and by when");
  }

  v.formulaic = !v.findings.empty();
  return v;
}

}  // namespace onedoor::text
