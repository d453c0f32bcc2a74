#include "schemas/regex/ecma_regex.hpp"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <utility>

#include "schemas/regex/ecma_translator.hpp"
#include "schemas/regex/simple_pattern.hpp"

namespace toolgate::schemas {
namespace {

constexpr std::size_t kJitStackStart = 32 * 1024;

// Match data, match context and JIT stack are reused by every search on a thread: a search then
// allocates nothing, and no two threads ever share one.
class ThreadMatcher {
 public:
  ThreadMatcher()
      : data_(pcre2_match_data_create(1, nullptr)),
        context_(pcre2_match_context_create(nullptr)),
        jit_stack_(pcre2_jit_stack_create(kJitStackStart, EcmaRegex::kJitStackBytes, nullptr)) {
    if (context_ == nullptr) return;
    pcre2_set_match_limit(context_, EcmaRegex::kMatchLimit);
    pcre2_set_depth_limit(context_, EcmaRegex::kDepthLimit);
    pcre2_set_heap_limit(context_, EcmaRegex::kHeapLimitKib);
    if (jit_stack_ != nullptr) pcre2_jit_stack_assign(context_, nullptr, jit_stack_);
  }
  ThreadMatcher(const ThreadMatcher&) = delete;
  ThreadMatcher& operator=(const ThreadMatcher&) = delete;
  ~ThreadMatcher() {
    pcre2_jit_stack_free(jit_stack_);
    pcre2_match_context_free(context_);
    pcre2_match_data_free(data_);
  }

  // PCRE2's result code; PCRE2_ERROR_NOMEMORY when this thread's buffers could not be allocated.
  int match(const pcre2_code* code, std::string_view subject) {
    if (data_ == nullptr || context_ == nullptr) return PCRE2_ERROR_NOMEMORY;
    return pcre2_match(code, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), 0, 0,
                       data_, context_);
  }

  // For subjects known to be valid UTF-8: the JIT entry point skips pcre2_match's argument and
  // UTF checks, which cost more than matching a short string.
  int match_utf8(const pcre2_code* code, bool jit, std::string_view subject) {
    if (data_ == nullptr || context_ == nullptr) return PCRE2_ERROR_NOMEMORY;
    const auto* text = reinterpret_cast<PCRE2_SPTR>(subject.data());
    if (jit) return pcre2_jit_match(code, text, subject.size(), 0, PCRE2_NO_UTF_CHECK, data_, context_);
    return pcre2_match(code, text, subject.size(), 0, PCRE2_NO_UTF_CHECK, data_, context_);
  }

 private:
  pcre2_match_data* data_;
  pcre2_match_context* context_;
  pcre2_jit_stack* jit_stack_;
};

ThreadMatcher& thread_matcher() {
  thread_local ThreadMatcher matcher;
  return matcher;
}

std::string pcre2_message(int code) {
  PCRE2_UCHAR buffer[256];
  if (pcre2_get_error_message(code, buffer, sizeof buffer) < 0) {
    return "error " + std::to_string(code);
  }
  return reinterpret_cast<const char*>(buffer);
}

}  // namespace

struct EcmaRegex::Impl {
  Impl(pcre2_code* compiled, bool jit_compiled, std::string pattern)
      : code(compiled), jit(jit_compiled), source(std::move(pattern)), simple(SimplePattern::parse(source)) {}
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl() { pcre2_code_free(code); }

  pcre2_code* code;
  bool jit;
  std::string source;
  // Set when the pattern is in the subset SimplePattern matches exactly; valid-UTF-8 searches then
  // skip PCRE2 (whose per-call cost is several times the match itself on short strings).
  std::optional<SimplePattern> simple;
};

boost::system::result<EcmaRegex, std::string> EcmaRegex::compile(std::string_view pattern) {
  auto translated = translate_ecma_pattern(pattern);
  if (!translated) return translated.error();
  if (!translated->unsupported.empty()) {
    return "not supported by the regex engine: " + translated->unsupported;
  }
  // No PCRE2_MATCH_INVALID_UTF: in 10.42 its JIT mode gets \D and \W wrong on non-ASCII
  // characters. Subjects are UTF-checked by pcre2_match instead (see search()).
  // MATCH_UNSET_BACKREF: in ECMA-262 a backreference to a group that has not matched matches "".
  constexpr std::uint32_t kOptions = PCRE2_UTF | PCRE2_MATCH_UNSET_BACKREF |
                                     PCRE2_DOLLAR_ENDONLY | PCRE2_NEVER_BACKSLASH_C;
  int error = 0;
  PCRE2_SIZE offset = 0;
  pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(translated->text.data()),
                                   translated->text.size(), kOptions, &error, &offset, nullptr);
  if (code == nullptr) {
    if (error == PCRE2_ERROR_LOOKBEHIND_NOT_FIXED_LENGTH) {
      return std::string("not supported by the regex engine: variable-length lookbehind");
    }
    return "not supported by the regex engine: " + pcre2_message(error);
  }
  // Without JIT (a platform without it, or a pattern it refuses) pcre2_match interprets, under the
  // same limits.
  const bool jit = pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0;
  return EcmaRegex(std::make_shared<const Impl>(code, jit, std::string(pattern)));
}

EcmaRegex::Match EcmaRegex::search(std::string_view subject) const {
  const int rc = thread_matcher().match(impl_->code, subject);
  if (rc >= 0) return Match::yes;
  if (rc == PCRE2_ERROR_NOMATCH) return Match::no;
  // Text that is not UTF-8 is not a JSON string, and no ECMA-262 pattern can match it.
  if (rc <= PCRE2_ERROR_UTF8_ERR1 && rc >= PCRE2_ERROR_UTF8_ERR21) return Match::no;
  // Match, depth, heap and JIT stack limits, and out of memory: the answer is unknown.
  return Match::limit_exceeded;
}

EcmaRegex::Match EcmaRegex::search_utf8(std::string_view subject) const {
  if (impl_->simple) return impl_->simple->matches(subject) ? Match::yes : Match::no;
  const int rc = thread_matcher().match_utf8(impl_->code, impl_->jit, subject);
  if (rc >= 0) return Match::yes;
  if (rc == PCRE2_ERROR_NOMATCH) return Match::no;
  return Match::limit_exceeded;
}

const std::string& EcmaRegex::source() const { return impl_->source; }

bool is_valid_ecma_regex(std::string_view pattern) {
  return translate_ecma_pattern(pattern).has_value();
}

}  // namespace toolgate::schemas
