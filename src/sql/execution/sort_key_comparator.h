// SortKeyComparator: compares rows of key columns under ORDER BY semantics: per key ASC or
// DESC and NULLS FIRST or LAST; floats order NaN above every number and -0.0 equal to 0.0;
// strings and binaries compare as unsigned bytes.
//
// Holds pointers to the key vectors, which must outlive it. Immutable; thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "columnar/vector.h"
#include "sql/expression/sort_spec.h"

namespace lakeml::sql {

class SortKeyComparator {
 public:
  // REQUIRES: keys.size() == specs.size(); key types are not MAPs (nested keys compare as
  // NestedComparison does).
  SortKeyComparator(std::vector<const columnar::Vector*> keys, std::vector<SortSpec> specs);

  // <0, 0, >0 as row a sorts before, with, or after row b.
  int Compare(int64_t a, int64_t b) const;
  bool Less(int64_t a, int64_t b) const { return Compare(a, b) < 0; }

 private:
  struct Key {
    const columnar::Vector* vector;
    columnar::TypeId id;
    SortSpec spec;
  };
  static int CompareValues(const Key& k, int64_t a, int64_t b);
  std::vector<Key> keys_;
};

}  // namespace lakeml::sql
