#include "config/config.hpp"

namespace toolgate::config {

// Names are unique (the loader rejects duplicates) and lists are short, so a linear scan is the simplest correct
// lookup.
const ModelConfig* Config::find_model(std::string_view name) const {
  for (const auto& model : models) {
    if (model.name == name) return &model;
  }
  return nullptr;
}

const UpstreamConfig* Config::find_upstream(std::string_view name) const {
  for (const auto& upstream : upstreams) {
    if (upstream.name == name) return &upstream;
  }
  return nullptr;
}

}  // namespace toolgate::config
