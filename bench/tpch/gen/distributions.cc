#include "tpch/gen/distributions.h"

#include <string>
#include <vector>

namespace lakeml::tpch {
namespace {

// p_type: one syllable from each of three lists (4.2.2.13), 6 * 5 * 5 = 150 types.
const std::vector<std::string>& TypeNames() {
  static const std::vector<std::string>* names = [] {
    auto* v = new std::vector<std::string>();
    for (const char* a : {"STANDARD", "SMALL", "MEDIUM", "LARGE", "ECONOMY", "PROMO"}) {
      for (const char* b : {"ANODIZED", "BURNISHED", "PLATED", "POLISHED", "BRUSHED"}) {
        for (const char* c : {"TIN", "NICKEL", "BRASS", "STEEL", "COPPER"}) {
          v->push_back(std::string(a) + " " + b + " " + c);
        }
      }
    }
    return v;
  }();
  return *names;
}

// p_container: one of 5 sizes and one of 8 kinds, 40 containers.
const std::vector<std::string>& ContainerNames() {
  static const std::vector<std::string>* names = [] {
    auto* v = new std::vector<std::string>();
    for (const char* a : {"SM", "LG", "MED", "JUMBO", "WRAP"}) {
      for (const char* b : {"CASE", "BOX", "BAG", "JAR", "PACK", "PKG", "CAN", "DRUM"}) {
        v->push_back(std::string(a) + " " + b);
      }
    }
    return v;
  }();
  return *names;
}

std::vector<std::pair<std::string_view, int>> Uniform(const std::vector<std::string>& names) {
  std::vector<std::pair<std::string_view, int>> items;
  for (const std::string& n : names) items.emplace_back(n, 1);
  return items;
}

}  // namespace

const Distributions& Distributions::Get() {
  static const Distributions* d = new Distributions();
  return *d;
}

Distributions::Distributions()
    : nouns({{"packages", 40},     {"requests", 40},     {"accounts", 40},    {"deposits", 40},
             {"foxes", 20},        {"ideas", 20},        {"theodolites", 20}, {"pinto beans", 20},
             {"instructions", 20}, {"dependencies", 10}, {"excuses", 10},     {"platelets", 10},
             {"asymptotes", 10},   {"courts", 5},        {"dolphins", 5},     {"multipliers", 1},
             {"sauternes", 1},     {"warthogs", 1},      {"frets", 1},        {"dinos", 1},
             {"attainments", 1},   {"somas", 1},         {"Tiresias", 1},     {"patterns", 1},
             {"forges", 1},        {"braids", 1},        {"frays", 1},        {"warhorses", 1},
             {"dugouts", 1},       {"notornis", 1},      {"epitaphs", 1},     {"pearls", 1},
             {"tithes", 1},        {"waters", 1},        {"orbits", 1},       {"gifts", 1},
             {"sheaves", 1},       {"depths", 1},        {"sentiments", 1},   {"decoys", 1},
             {"realms", 1},        {"pains", 1},         {"grouches", 1},     {"escapades", 1},
             {"hockey players", 1}}),
      verbs({{"sleep", 20},    {"wake", 20},    {"are", 20},   {"cajole", 20}, {"haggle", 20},
             {"nag", 10},      {"use", 10},     {"boost", 10}, {"affix", 5},   {"detect", 5},
             {"integrate", 5}, {"maintain", 1}, {"nod", 1},    {"was", 1},     {"lose", 1},
             {"sublate", 1},   {"solve", 1},    {"thrash", 1}, {"promise", 1}, {"engage", 1},
             {"hinder", 1},    {"print", 1},    {"x-ray", 1},  {"breach", 1},  {"eat", 1},
             {"grow", 1},      {"impress", 1},  {"mold", 1},   {"poach", 1},   {"serve", 1},
             {"run", 1},       {"dazzle", 1},   {"snooze", 1}, {"doze", 1},    {"unwind", 1},
             {"kindle", 1},    {"play", 1},     {"hang", 1},   {"believe", 1}, {"doubt", 1}}),
      adjectives(
          {{"special", 20}, {"pending", 20}, {"unusual", 20}, {"express", 20}, {"furious", 1},
           {"sly", 1},      {"careful", 1},  {"blithe", 1},   {"quick", 1},    {"fluffy", 1},
           {"slow", 1},     {"quiet", 1},    {"ruthless", 1}, {"thin", 1},     {"close", 1},
           {"dogged", 1},   {"daring", 1},   {"brave", 1},    {"stealthy", 1}, {"permanent", 1},
           {"enticing", 1}, {"idle", 1},     {"busy", 1},     {"regular", 50}, {"final", 40},
           {"ironic", 40},  {"even", 30},    {"bold", 20},    {"silent", 10}}),
      adverbs({{"sometimes", 1},  {"always", 1},     {"never", 1},       {"furiously", 50},
               {"slyly", 50},     {"carefully", 50}, {"blithely", 40},   {"quickly", 30},
               {"fluffily", 20},  {"slowly", 1},     {"quietly", 1},     {"ruthlessly", 1},
               {"thinly", 1},     {"closely", 1},    {"doggedly", 1},    {"daringly", 1},
               {"bravely", 1},    {"stealthily", 1}, {"permanently", 1}, {"enticingly", 1},
               {"idly", 1},       {"busily", 1},     {"regularly", 1},   {"finally", 1},
               {"ironically", 1}, {"evenly", 1},     {"boldly", 1},      {"silently", 1}}),
      prepositions({{"about", 50},
                    {"above", 50},
                    {"according to", 50},
                    {"across", 50},
                    {"after", 50},
                    {"against", 40},
                    {"along", 40},
                    {"alongside of", 30},
                    {"among", 30},
                    {"around", 20},
                    {"at", 10},
                    {"atop", 1},
                    {"before", 1},
                    {"behind", 1},
                    {"beneath", 1},
                    {"beside", 1},
                    {"besides", 1},
                    {"between", 1},
                    {"beyond", 1},
                    {"by", 1},
                    {"despite", 1},
                    {"during", 1},
                    {"except", 1},
                    {"for", 1},
                    {"from", 1},
                    {"in place of", 1},
                    {"inside", 1},
                    {"instead of", 1},
                    {"into", 1},
                    {"near", 1},
                    {"of", 1},
                    {"on", 1},
                    {"outside", 1},
                    {"over", 1},
                    {"past", 1},
                    {"since", 1},
                    {"through", 1},
                    {"throughout", 1},
                    {"to", 1},
                    {"toward", 1},
                    {"under", 1},
                    {"until", 1},
                    {"up", 1},
                    {"upon", 1},
                    {"without", 1},
                    {"with", 1},
                    {"within", 1}}),
      auxiliaries({{"do", 1},
                   {"may", 1},
                   {"might", 1},
                   {"shall", 1},
                   {"will", 1},
                   {"would", 1},
                   {"can", 1},
                   {"could", 1},
                   {"should", 1},
                   {"ought to", 1},
                   {"must", 1},
                   {"will have to", 1},
                   {"shall have to", 1},
                   {"could have to", 1},
                   {"should have to", 1},
                   {"must have to", 1},
                   {"need to", 1},
                   {"try to", 1}}),
      terminators({{".", 50}, {";", 1}, {":", 1}, {"?", 1}, {"!", 1}, {"--", 1}}),
      // N = noun phrase, V = verb phrase, P = prepositional phrase, T = terminator.
      grammar({{"NVT", 3}, {"NVPT", 3}, {"NVNT", 3}, {"NPVNT", 1}, {"NPVPT", 1}}),
      // N = noun, J = adjective, ',' = a comma after the previous word, D = adverb.
      noun_phrases({{"N", 10}, {"JN", 20}, {"J,JN", 10}, {"DJN", 50}}),
      // V = verb, X = auxiliary, D = adverb.
      verb_phrases({{"V", 30}, {"XV", 1}, {"VD", 40}, {"XVD", 1}}),
      colors({{"almond", 1},    {"antique", 1},    {"aquamarine", 1}, {"azure", 1},
              {"beige", 1},     {"bisque", 1},     {"black", 1},      {"blanched", 1},
              {"blue", 1},      {"blush", 1},      {"brown", 1},      {"burlywood", 1},
              {"burnished", 1}, {"chartreuse", 1}, {"chiffon", 1},    {"chocolate", 1},
              {"coral", 1},     {"cornflower", 1}, {"cornsilk", 1},   {"cream", 1},
              {"cyan", 1},      {"dark", 1},       {"deep", 1},       {"dim", 1},
              {"dodger", 1},    {"drab", 1},       {"firebrick", 1},  {"floral", 1},
              {"forest", 1},    {"frosted", 1},    {"gainsboro", 1},  {"ghost", 1},
              {"goldenrod", 1}, {"green", 1},      {"grey", 1},       {"honeydew", 1},
              {"hot", 1},       {"indian", 1},     {"ivory", 1},      {"khaki", 1},
              {"lace", 1},      {"lavender", 1},   {"lawn", 1},       {"lemon", 1},
              {"light", 1},     {"lime", 1},       {"linen", 1},      {"magenta", 1},
              {"maroon", 1},    {"medium", 1},     {"metallic", 1},   {"midnight", 1},
              {"mint", 1},      {"misty", 1},      {"moccasin", 1},   {"navajo", 1},
              {"navy", 1},      {"olive", 1},      {"orange", 1},     {"orchid", 1},
              {"pale", 1},      {"papaya", 1},     {"peach", 1},      {"peru", 1},
              {"pink", 1},      {"plum", 1},       {"powder", 1},     {"puff", 1},
              {"purple", 1},    {"red", 1},        {"rose", 1},       {"rosy", 1},
              {"royal", 1},     {"saddle", 1},     {"salmon", 1},     {"sandy", 1},
              {"seashell", 1},  {"sienna", 1},     {"sky", 1},        {"slate", 1},
              {"smoke", 1},     {"snow", 1},       {"spring", 1},     {"steel", 1},
              {"tan", 1},       {"thistle", 1},    {"tomato", 1},     {"turquoise", 1},
              {"violet", 1},    {"wheat", 1},      {"white", 1},      {"yellow", 1}}),
      types(Uniform(TypeNames())),
      containers(Uniform(ContainerNames())),
      segments({{"AUTOMOBILE", 1},
                {"BUILDING", 1},
                {"FURNITURE", 1},
                {"HOUSEHOLD", 1},
                {"MACHINERY", 1}}),
      priorities(
          {{"1-URGENT", 1}, {"2-HIGH", 1}, {"3-MEDIUM", 1}, {"4-NOT SPECIFIED", 1}, {"5-LOW", 1}}),
      instructions(
          {{"DELIVER IN PERSON", 1}, {"COLLECT COD", 1}, {"TAKE BACK RETURN", 1}, {"NONE", 1}}),
      ship_modes({{"REG AIR", 1},
                  {"AIR", 1},
                  {"RAIL", 1},
                  {"TRUCK", 1},
                  {"MAIL", 1},
                  {"FOB", 1},
                  {"SHIP", 1}}) {}

}  // namespace lakeml::tpch
