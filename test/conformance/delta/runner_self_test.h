// RunnerSelfTest: shows that the runner can fail. It assembles a temporary conformance root
// from copies of a few real tables, each with its expectation or its data deliberately broken
// (a wrong value, a missing expected part file, a wrong protocol version, a wrong change type,
// a must-fail log repaired, a data file or a commit deleted), runs the catalogue over it, and
// checks that every broken case fails for the intended reason while an untouched control table
// passes. CTest: conformance.delta_self_test (delta_conformance --self-test).
// Stateless; writes only into its temporary directory.
#pragma once

#include <string>

#include "conformance/delta/case_runner.h"

namespace lakeml::conformance {

class RunnerSelfTest {
 public:
  // `root`: the real conformance/delta directory to copy from. Prints one line per case;
  // returns true when every perturbation was detected and the control passed.
  static bool Run(const std::string& root, const RunOptions& options);
};

}  // namespace lakeml::conformance
