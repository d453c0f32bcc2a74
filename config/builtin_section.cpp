#include <charconv>

#include "config/sections.hpp"

namespace toolgate::config {
namespace {

bool parse_device(std::string_view text, BuiltinConfig& out) {
  if (text == "auto") {
    out.device = Device::auto_select;
  } else if (text == "cpu") {
    out.device = Device::cpu;
  } else if (text == "cuda") {
    out.device = Device::cuda;
    out.cuda_device = 0;
  } else if (text.starts_with("cuda:")) {
    const auto digits = text.substr(5);
    int index = -1;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
    if (digits.empty() || ec != std::errc{} || end != digits.data() + digits.size() || index < 0 || index > 1023) {
      return false;
    }
    out.device = Device::cuda;
    out.cuda_device = index;
  } else {
    return false;
  }
  return true;
}

}  // namespace

void read_builtin(const YAML::Node& node, YamlReader& reader, BuiltinConfig& out) {
  const std::string path = "builtin";
  if (!reader.check_mapping(node, path, {"enabled", "model_path", "device", "kv_cache_bytes", "prefix_cache"})) {
    return;
  }
  reader.bool_field(node, path, "enabled", out.enabled);
  reader.string_field(node, path, "model_path", out.model_path);
  if (const auto device = find_key(node, "device"); device.IsDefined()) {
    if (const auto text = reader.read_string(device, "builtin.device")) {
      if (!parse_device(*text, out)) {
        reader.error(device, "builtin.device", "unknown device '" + *text + "' (expected auto, cpu, cuda or cuda:N)");
      }
    }
  }
  reader.uint_field(node, path, "kv_cache_bytes", out.kv_cache_bytes, 1, 1ull << 40);
  reader.bool_field(node, path, "prefix_cache", out.prefix_cache);
  if (out.enabled && out.model_path.empty() && !find_key(node, "model_path").IsDefined()) {
    reader.error(node, "builtin.model_path", "the built-in engine is enabled but no model_path is given");
  }
}

}  // namespace toolgate::config
