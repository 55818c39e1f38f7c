// libFuzzer target: any byte string as a Delta commit file. Parses it (copied and in place);
// whatever parses must write back and re-parse to the same actions, and writing those again
// must give the same text. Errors are expected, but must name the line. Must never crash,
// hang or over-allocate.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "delta/log/action_json_parser.h"
#include "delta/log/action_json_writer.h"

namespace {

[[noreturn]] void Fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "delta_commit_fuzzer: %s\n%s\n", what, detail.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lakeml::delta;
  // One parser for all inputs, as a snapshot load reuses it across commits.
  static ActionJsonParser parser;
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  std::vector<Action> actions;
  const lakeml::Status status = parser.ParseCommit(input, "fuzz.json", &actions);

  std::string padded(input);
  // Padding content must not matter: fill it with a quote, the worst byte for a scanner.
  padded.append(ActionJsonParser::kPadding, '"');
  std::vector<Action> in_place;
  const lakeml::Status padded_status =
      parser.ParseCommitPadded(std::string_view(padded.data(), size), "fuzz.json", &in_place);
  if (!(padded_status == status) || in_place != actions) {
    Fail("ParseCommitPadded disagrees with ParseCommit", status.ToString());
  }

  if (!status.ok()) {
    if (status.message().find(" in fuzz.json line ") == std::string::npos) {
      Fail("error does not name the line", status.ToString());
    }
    if (!actions.empty()) Fail("error left actions behind", status.ToString());
    return 0;
  }

  const std::string text = SerializeCommit(actions);
  std::vector<Action> again;
  const lakeml::Status again_status = parser.ParseCommit(text, "rewritten.json", &again);
  if (!again_status.ok())
    Fail("written commit does not parse", again_status.ToString() + "\n" + text);
  if (again != actions) Fail("round trip changed the actions", text);
  if (SerializeCommit(again) != text) Fail("second write differs", text);
  return 0;
}
