#include "sql/function/json/json_path.h"

#include <cctype>

#include "sql/function/json/json_text_writer.h"

namespace lakeml::sql {

std::optional<JsonPath> JsonPath::Parse(std::string_view path) {
  if (path.empty() || path[0] != '$') return std::nullopt;
  JsonPath p;
  size_t i = 1;
  while (i < path.size()) {
    Step step;
    if (path[i] == '.') {
      ++i;
      size_t end = i;
      while (end < path.size() && path[end] != '.' && path[end] != '[') ++end;
      if (end == i) return std::nullopt;
      step.name = std::string(path.substr(i, end - i));
      if (step.name == "*") {
        step.kind = Step::kWildcard;
        p.has_wildcard_ = true;
      } else {
        step.kind = Step::kName;
      }
      i = end;
    } else if (path[i] == '[') {
      const size_t close = path.find(']', i);
      if (close == std::string_view::npos) return std::nullopt;
      std::string_view inner = path.substr(i + 1, close - i - 1);
      if (inner == "*") {
        step.kind = Step::kWildcard;
        p.has_wildcard_ = true;
      } else if (inner.size() >= 2 && inner.front() == '\'' && inner.back() == '\'') {
        step.kind = Step::kName;
        step.name = std::string(inner.substr(1, inner.size() - 2));
      } else {
        if (inner.empty() || inner.size() > 9) return std::nullopt;
        for (char c : inner) {
          if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
        }
        step.kind = Step::kIndex;
        step.index = std::stoll(std::string(inner));
      }
      i = close + 1;
    } else {
      return std::nullopt;
    }
    p.steps_.push_back(std::move(step));
  }
  return p;
}

void JsonPath::Collect(simdjson::dom::element e, size_t step,
                       std::vector<simdjson::dom::element>* matches) const {
  if (step == steps_.size()) {
    matches->push_back(e);
    return;
  }
  const Step& s = steps_[step];
  switch (s.kind) {
    case Step::kName: {
      simdjson::dom::object obj;
      if (e.get(obj) != simdjson::SUCCESS) return;
      simdjson::dom::element child;
      if (obj.at_key(s.name).get(child) != simdjson::SUCCESS) return;
      Collect(child, step + 1, matches);
      return;
    }
    case Step::kIndex: {
      simdjson::dom::array arr;
      if (e.get(arr) != simdjson::SUCCESS) return;
      simdjson::dom::element child;
      if (arr.at(static_cast<size_t>(s.index)).get(child) != simdjson::SUCCESS) return;
      Collect(child, step + 1, matches);
      return;
    }
    case Step::kWildcard: {
      simdjson::dom::array arr;
      if (e.get(arr) == simdjson::SUCCESS) {
        for (simdjson::dom::element child : arr) Collect(child, step + 1, matches);
        return;
      }
      simdjson::dom::object obj;
      if (e.get(obj) == simdjson::SUCCESS) {
        for (simdjson::dom::key_value_pair kv : obj) Collect(kv.value, step + 1, matches);
      }
      return;
    }
  }
}

bool JsonPath::Evaluate(simdjson::dom::element root, std::string* out) const {
  std::vector<simdjson::dom::element> matches;
  Collect(root, 0, &matches);
  out->clear();
  if (matches.empty()) return false;
  if (matches.size() == 1 && !has_wildcard_) {
    const simdjson::dom::element& m = matches[0];
    if (m.is_null()) return false;
    std::string_view s;
    if (m.get(s) == simdjson::SUCCESS) {
      out->assign(s);
    } else {
      JsonTextWriter::AppendElement(m, out);
    }
    return true;
  }
  if (matches.size() == 1) {  // a wildcard with one match returns it unwrapped
    std::string_view s;
    if (matches[0].get(s) == simdjson::SUCCESS) {
      out->assign(s);
    } else {
      JsonTextWriter::AppendElement(matches[0], out);
    }
    return true;
  }
  out->push_back('[');
  for (size_t i = 0; i < matches.size(); ++i) {
    if (i > 0) out->push_back(',');
    JsonTextWriter::AppendElement(matches[i], out);
  }
  out->push_back(']');
  return true;
}

}  // namespace lakeml::sql
