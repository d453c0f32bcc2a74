#include "gateway/app/validate_command.hpp"

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <istream>
#include <ostream>
#include <sstream>

#include <boost/json/serialize.hpp>
#include <boost/system/result.hpp>
#include <simdjson.h>

#include "schemas/json/json_parse.hpp"
#include "schemas/validator/registry.hpp"
#include "schemas/validator/schema.hpp"

namespace toolgate::gateway::app {

namespace {

constexpr std::string_view kPrefix = "toolgate validate: ";

struct ReadError {
  std::string reason;
};

using FileText = boost::system::result<std::string, ReadError>;

FileText read_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return ReadError{"is a directory"};
  std::ifstream file(path, std::ios::binary);
  if (!file) return ReadError{std::strerror(errno)};
  std::ostringstream text;
  text << file.rdbuf();
  if (file.bad()) return ReadError{"read failed"};
  return FileText(boost::system::in_place_value, std::move(text).str());
}

// Pointers and locations are printed as JSON strings so a line splits unambiguously on spaces.
std::string json_string(std::string_view text) { return boost::json::serialize(boost::json::string_view(text)); }

// Messages may quote instance strings; control characters would break the one-line-per-instance form.
std::string one_line(std::string_view text) {
  std::string line(text);
  std::replace_if(line.begin(), line.end(), [](char c) { return c == '\n' || c == '\r' || c == '\t'; }, ' ');
  return line;
}

bool is_blank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

// Prints the verdict for one parsed instance; returns whether it is valid.
bool report(const schemas::CompiledSchema& schema, simdjson::dom::element instance, std::ostream& out) {
  const schemas::ValidationResult result = schema.validate(instance, 1);
  if (result.valid) {
    out << "valid\n";
    return true;
  }
  // The validator explains every failure (tests/fuzz checks it), so there is an error to print.
  assert(!result.errors.empty());
  const schemas::ValidationError& e = result.errors.front();
  out << "invalid " << json_string(e.instance_location) << ' ' << e.keyword << ' ' << one_line(e.message) << '\n';
  return false;
}

ValidateStatus worse(ValidateStatus a, ValidateStatus b) { return static_cast<int>(a) < static_cast<int>(b) ? b : a; }

ValidateStatus validate_lines(const schemas::CompiledSchema& schema, std::istream& in, std::ostream& out) {
  simdjson::dom::parser parser;
  ValidateStatus status = ValidateStatus::all_valid;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (is_blank(line)) continue;
    simdjson::dom::element instance;
    if (auto error = schemas::parse_json(parser, line, instance)) {
      out << "unparsable line " << number << ": " << simdjson::error_message(error) << '\n';
      status = ValidateStatus::some_invalid;
      continue;
    }
    if (!report(schema, instance, out)) status = ValidateStatus::some_invalid;
  }
  return status;
}

ValidateStatus validate_files(const schemas::CompiledSchema& schema, const std::vector<std::string>& paths,
                              std::ostream& out) {
  simdjson::dom::parser parser;
  ValidateStatus status = ValidateStatus::all_valid;
  for (const std::string& path : paths) {
    out << path << ": ";
    auto text = read_file(path);
    if (!text) {
      out << "unreadable: " << text.error().reason << '\n';
      status = ValidateStatus::error;
      continue;
    }
    simdjson::dom::element instance;
    if (auto error = schemas::parse_json(parser, *text, instance)) {
      out << "unparsable: " << simdjson::error_message(error) << '\n';
      status = worse(status, ValidateStatus::some_invalid);
      continue;
    }
    if (!report(schema, instance, out)) status = worse(status, ValidateStatus::some_invalid);
  }
  return status;
}

}  // namespace

ValidateStatus run_validate(const ValidateCommand& command, std::istream& in, std::ostream& out,
                            std::ostream& err) {
  schemas::SchemaRegistry registry;
  for (const RefMapping& ref : command.refs) {
    std::error_code ec;
    if (!std::filesystem::is_directory(ref.directory, ec)) {
      err << kPrefix << "--ref " << ref.uri_prefix << '=' << ref.directory << ": not a directory\n";
      return ValidateStatus::error;
    }
    registry.add_directory(ref.uri_prefix, ref.directory);
  }

  auto text = read_file(command.schema_path);
  if (!text) {
    err << kPrefix << command.schema_path << ": cannot read schema: " << text.error().reason << '\n';
    return ValidateStatus::error;
  }
  schemas::CompileOptions options;
  options.default_dialect = command.dialect.value_or(schemas::Dialect::draft2020_12);
  options.assert_formats = command.assert_formats;
  options.registry = &registry;
  auto schema = schemas::compile_schema(std::string_view(*text), options);
  if (!schema) {
    err << kPrefix << command.schema_path << ": invalid schema at " << json_string(schema.error().schema_location)
        << ": " << one_line(schema.error().message) << '\n';
    return ValidateStatus::error;
  }

  if (command.instance_paths.empty()) return validate_lines(**schema, in, out);
  return validate_files(**schema, command.instance_paths, out);
}

}  // namespace toolgate::gateway::app
