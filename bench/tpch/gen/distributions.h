// Distributions: every word list the TPC-H generator draws from (dbgen's dists.dss and the
// spec's tables in 4.2.2.13 and 4.2.3): the comment grammar's words and sentence shapes, part
// colors, types and containers, market segments, order priorities, ship instructions and
// modes, and the 25 nations with their regions. Built once; immutable; thread-safe.
#pragma once

#include <array>
#include <string_view>

#include "tpch/gen/distribution.h"

namespace lakeml::tpch {

class Distributions {
 public:
  static const Distributions& Get();

  // Comment grammar (4.2.2.14).
  Distribution nouns, verbs, adjectives, adverbs, prepositions, auxiliaries, terminators;
  Distribution grammar, noun_phrases, verb_phrases;
  // Column values.
  Distribution colors, types, containers, segments, priorities, instructions, ship_modes;

  static constexpr int kNumNations = 25;
  static constexpr int kNumRegions = 5;
  static constexpr std::array<std::string_view, kNumRegions> kRegions = {
      "AFRICA", "AMERICA", "ASIA", "EUROPE", "MIDDLE EAST"};
  struct Nation {
    std::string_view name;
    int region;
  };
  static constexpr std::array<Nation, kNumNations> kNations = {{
      {"ALGERIA", 0},       {"ARGENTINA", 1}, {"BRAZIL", 1}, {"CANADA", 1},
      {"EGYPT", 4},         {"ETHIOPIA", 0},  {"FRANCE", 3}, {"GERMANY", 3},
      {"INDIA", 2},         {"INDONESIA", 2}, {"IRAN", 4},   {"IRAQ", 4},
      {"JAPAN", 2},         {"JORDAN", 4},    {"KENYA", 0},  {"MOROCCO", 0},
      {"MOZAMBIQUE", 0},    {"PERU", 1},      {"CHINA", 2},  {"ROMANIA", 3},
      {"SAUDI ARABIA", 4},  {"VIETNAM", 2},   {"RUSSIA", 3}, {"UNITED KINGDOM", 3},
      {"UNITED STATES", 1},
  }};

 private:
  Distributions();
};

}  // namespace lakeml::tpch
