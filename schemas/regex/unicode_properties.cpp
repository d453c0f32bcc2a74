#include "schemas/regex/unicode_properties.hpp"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <algorithm>
#include <array>
#include <utility>

namespace toolgate::schemas {
namespace {

using Alias = std::pair<std::string_view, std::string_view>;

// ECMA-262 accepts General_Category values by every alias in PropertyValueAliases.txt, but PCRE2
// knows only the short ones, so each alias maps to PCRE2's spelling.
constexpr std::array kGeneralCategories = {
    Alias{"C", "C"}, Alias{"Other", "C"},
    Alias{"Cc", "Cc"}, Alias{"Control", "Cc"}, Alias{"cntrl", "Cc"},
    Alias{"Cf", "Cf"}, Alias{"Format", "Cf"},
    Alias{"Cn", "Cn"}, Alias{"Unassigned", "Cn"},
    Alias{"Co", "Co"}, Alias{"Private_Use", "Co"},
    Alias{"Cs", "Cs"}, Alias{"Surrogate", "Cs"},
    Alias{"L", "L"}, Alias{"Letter", "L"},
    Alias{"LC", "L&"}, Alias{"Cased_Letter", "L&"},
    Alias{"Ll", "Ll"}, Alias{"Lowercase_Letter", "Ll"},
    Alias{"Lm", "Lm"}, Alias{"Modifier_Letter", "Lm"},
    Alias{"Lo", "Lo"}, Alias{"Other_Letter", "Lo"},
    Alias{"Lt", "Lt"}, Alias{"Titlecase_Letter", "Lt"},
    Alias{"Lu", "Lu"}, Alias{"Uppercase_Letter", "Lu"},
    Alias{"M", "M"}, Alias{"Mark", "M"}, Alias{"Combining_Mark", "M"},
    Alias{"Mc", "Mc"}, Alias{"Spacing_Mark", "Mc"},
    Alias{"Me", "Me"}, Alias{"Enclosing_Mark", "Me"},
    Alias{"Mn", "Mn"}, Alias{"Nonspacing_Mark", "Mn"},
    Alias{"N", "N"}, Alias{"Number", "N"},
    Alias{"Nd", "Nd"}, Alias{"Decimal_Number", "Nd"}, Alias{"digit", "Nd"},
    Alias{"Nl", "Nl"}, Alias{"Letter_Number", "Nl"},
    Alias{"No", "No"}, Alias{"Other_Number", "No"},
    Alias{"P", "P"}, Alias{"Punctuation", "P"}, Alias{"punct", "P"},
    Alias{"Pc", "Pc"}, Alias{"Connector_Punctuation", "Pc"},
    Alias{"Pd", "Pd"}, Alias{"Dash_Punctuation", "Pd"},
    Alias{"Pe", "Pe"}, Alias{"Close_Punctuation", "Pe"},
    Alias{"Pf", "Pf"}, Alias{"Final_Punctuation", "Pf"},
    Alias{"Pi", "Pi"}, Alias{"Initial_Punctuation", "Pi"},
    Alias{"Po", "Po"}, Alias{"Other_Punctuation", "Po"},
    Alias{"Ps", "Ps"}, Alias{"Open_Punctuation", "Ps"},
    Alias{"S", "S"}, Alias{"Symbol", "S"},
    Alias{"Sc", "Sc"}, Alias{"Currency_Symbol", "Sc"},
    Alias{"Sk", "Sk"}, Alias{"Modifier_Symbol", "Sk"},
    Alias{"Sm", "Sm"}, Alias{"Math_Symbol", "Sm"},
    Alias{"So", "So"}, Alias{"Other_Symbol", "So"},
    Alias{"Z", "Z"}, Alias{"Separator", "Z"},
    Alias{"Zl", "Zl"}, Alias{"Line_Separator", "Zl"},
    Alias{"Zp", "Zp"}, Alias{"Paragraph_Separator", "Zp"},
    Alias{"Zs", "Zs"}, Alias{"Space_Separator", "Zs"},
};

// The binary properties ECMA-262 lists (table "Binary Unicode property aliases"), each alias
// mapped to its long name, which is the spelling PCRE2 is most likely to know.
constexpr std::array kBinaryProperties = {
    Alias{"ASCII", "ASCII"},
    Alias{"ASCII_Hex_Digit", "ASCII_Hex_Digit"}, Alias{"AHex", "ASCII_Hex_Digit"},
    Alias{"Alphabetic", "Alphabetic"}, Alias{"Alpha", "Alphabetic"},
    Alias{"Any", "Any"},
    Alias{"Bidi_Control", "Bidi_Control"}, Alias{"Bidi_C", "Bidi_Control"},
    Alias{"Bidi_Mirrored", "Bidi_Mirrored"}, Alias{"Bidi_M", "Bidi_Mirrored"},
    Alias{"Case_Ignorable", "Case_Ignorable"}, Alias{"CI", "Case_Ignorable"},
    Alias{"Cased", "Cased"},
    Alias{"Changes_When_Casefolded", "Changes_When_Casefolded"},
    Alias{"CWCF", "Changes_When_Casefolded"},
    Alias{"Changes_When_Casemapped", "Changes_When_Casemapped"},
    Alias{"CWCM", "Changes_When_Casemapped"},
    Alias{"Changes_When_Lowercased", "Changes_When_Lowercased"},
    Alias{"CWL", "Changes_When_Lowercased"},
    Alias{"Changes_When_NFKC_Casefolded", "Changes_When_NFKC_Casefolded"},
    Alias{"CWKCF", "Changes_When_NFKC_Casefolded"},
    Alias{"Changes_When_Titlecased", "Changes_When_Titlecased"},
    Alias{"CWT", "Changes_When_Titlecased"},
    Alias{"Changes_When_Uppercased", "Changes_When_Uppercased"},
    Alias{"CWU", "Changes_When_Uppercased"},
    Alias{"Dash", "Dash"},
    Alias{"Default_Ignorable_Code_Point", "Default_Ignorable_Code_Point"},
    Alias{"DI", "Default_Ignorable_Code_Point"},
    Alias{"Deprecated", "Deprecated"}, Alias{"Dep", "Deprecated"},
    Alias{"Diacritic", "Diacritic"}, Alias{"Dia", "Diacritic"},
    Alias{"Emoji", "Emoji"},
    Alias{"Emoji_Component", "Emoji_Component"}, Alias{"EComp", "Emoji_Component"},
    Alias{"Emoji_Modifier", "Emoji_Modifier"}, Alias{"EMod", "Emoji_Modifier"},
    Alias{"Emoji_Modifier_Base", "Emoji_Modifier_Base"}, Alias{"EBase", "Emoji_Modifier_Base"},
    Alias{"Emoji_Presentation", "Emoji_Presentation"}, Alias{"EPres", "Emoji_Presentation"},
    Alias{"Extended_Pictographic", "Extended_Pictographic"},
    Alias{"ExtPict", "Extended_Pictographic"},
    Alias{"Extender", "Extender"}, Alias{"Ext", "Extender"},
    Alias{"Grapheme_Base", "Grapheme_Base"}, Alias{"Gr_Base", "Grapheme_Base"},
    Alias{"Grapheme_Extend", "Grapheme_Extend"}, Alias{"Gr_Ext", "Grapheme_Extend"},
    Alias{"Hex_Digit", "Hex_Digit"}, Alias{"Hex", "Hex_Digit"},
    Alias{"IDS_Binary_Operator", "IDS_Binary_Operator"}, Alias{"IDSB", "IDS_Binary_Operator"},
    Alias{"IDS_Trinary_Operator", "IDS_Trinary_Operator"}, Alias{"IDST", "IDS_Trinary_Operator"},
    Alias{"ID_Continue", "ID_Continue"}, Alias{"IDC", "ID_Continue"},
    Alias{"ID_Start", "ID_Start"}, Alias{"IDS", "ID_Start"},
    Alias{"Ideographic", "Ideographic"}, Alias{"Ideo", "Ideographic"},
    Alias{"Join_Control", "Join_Control"}, Alias{"Join_C", "Join_Control"},
    Alias{"Logical_Order_Exception", "Logical_Order_Exception"},
    Alias{"LOE", "Logical_Order_Exception"},
    Alias{"Lowercase", "Lowercase"}, Alias{"Lower", "Lowercase"},
    Alias{"Math", "Math"},
    Alias{"Noncharacter_Code_Point", "Noncharacter_Code_Point"},
    Alias{"NChar", "Noncharacter_Code_Point"},
    Alias{"Pattern_Syntax", "Pattern_Syntax"}, Alias{"Pat_Syn", "Pattern_Syntax"},
    Alias{"Pattern_White_Space", "Pattern_White_Space"}, Alias{"Pat_WS", "Pattern_White_Space"},
    Alias{"Quotation_Mark", "Quotation_Mark"}, Alias{"QMark", "Quotation_Mark"},
    Alias{"Radical", "Radical"},
    Alias{"Regional_Indicator", "Regional_Indicator"}, Alias{"RI", "Regional_Indicator"},
    Alias{"Sentence_Terminal", "Sentence_Terminal"}, Alias{"STerm", "Sentence_Terminal"},
    Alias{"Soft_Dotted", "Soft_Dotted"}, Alias{"SD", "Soft_Dotted"},
    Alias{"Terminal_Punctuation", "Terminal_Punctuation"}, Alias{"Term", "Terminal_Punctuation"},
    Alias{"Unified_Ideograph", "Unified_Ideograph"}, Alias{"UIdeo", "Unified_Ideograph"},
    Alias{"Uppercase", "Uppercase"}, Alias{"Upper", "Uppercase"},
    Alias{"Variation_Selector", "Variation_Selector"}, Alias{"VS", "Variation_Selector"},
    Alias{"White_Space", "White_Space"}, Alias{"space", "White_Space"},
    Alias{"XID_Continue", "XID_Continue"}, Alias{"XIDC", "XID_Continue"},
    Alias{"XID_Start", "XID_Start"}, Alias{"XIDS", "XID_Start"},
};

template <std::size_t N>
const std::string_view* find_alias(const std::array<Alias, N>& table, std::string_view name) {
  const auto it = std::find_if(table.begin(), table.end(),
                               [name](const Alias& a) { return a.first == name; });
  return it == table.end() ? nullptr : &it->second;
}

bool is_property_value_text(std::string_view value) {
  return !value.empty() && std::all_of(value.begin(), value.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

bool pcre2_knows(const std::string& escape) {
  int error = 0;
  PCRE2_SIZE offset = 0;
  pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(escape.data()), escape.size(),
                                   PCRE2_UTF, &error, &offset, nullptr);
  pcre2_code_free(code);
  return code != nullptr;
}

std::string escape_text(bool negated, std::string_view name) {
  std::string text = negated ? "\\P{" : "\\p{";
  text += name;
  text += '}';
  return text;
}

PropertyEscape ok(std::string text) {
  return {PropertyEscape::Status::ok, std::move(text)};
}

}  // namespace

PropertyEscape translate_property_escape(std::string_view body, bool negated) {
  const auto eq = body.find('=');
  if (eq == std::string_view::npos) {
    if (const auto* gc = find_alias(kGeneralCategories, body)) return ok(escape_text(negated, *gc));
    // PCRE2 has no Assigned property; it is exactly "not Unassigned".
    if (body == "Assigned") return ok(escape_text(!negated, "Cn"));
    const auto* binary = find_alias(kBinaryProperties, body);
    if (binary == nullptr) return {};
    std::string text = escape_text(negated, *binary);
    if (!pcre2_knows(text)) return {PropertyEscape::Status::unsupported, {}};
    return ok(std::move(text));
  }
  const std::string_view name = body.substr(0, eq);
  const std::string_view value = body.substr(eq + 1);
  if (name == "General_Category" || name == "gc") {
    const auto* gc = find_alias(kGeneralCategories, value);
    return gc == nullptr ? PropertyEscape{} : ok(escape_text(negated, *gc));
  }
  std::string_view pcre_name;
  if (name == "Script" || name == "sc") {
    pcre_name = "sc:";
  } else if (name == "Script_Extensions" || name == "scx") {
    pcre_name = "scx:";
  } else {
    return {};
  }
  if (!is_property_value_text(value)) return {};
  // PCRE2 holds the table of script names; asking it keeps this file free of a copy.
  std::string text = escape_text(negated, std::string(pcre_name) + std::string(value));
  if (!pcre2_knows(text)) return {};
  return ok(std::move(text));
}

}  // namespace toolgate::schemas
