#include "tpch/gen/text_pool.h"

#include "tpch/gen/distributions.h"

namespace lakeml::tpch {

const TextPool& TextPool::Get() {
  static const TextPool* pool = new TextPool();
  return *pool;
}

TextPool::TextPool() {
  text_.reserve(kSize + 256);
  RandomStream r(0x7e57);  // One fixed stream: the pool is the same in every run.
  int64_t sentence = 0;
  while (static_cast<int64_t>(text_.size()) < kSize) {
    r.Seek(sentence++);
    AppendSentence(r);
  }
  text_.resize(kSize);
}

void TextPool::AppendWord(std::string_view word) {
  if (!text_.empty() && text_.back() != ' ') text_.push_back(' ');
  text_.append(word);
}

void TextPool::AppendSentence(RandomStream& r) {
  const Distributions& d = Distributions::Get();
  for (char symbol : d.grammar.Pick(r)) {
    switch (symbol) {
      case 'N':
        AppendNounPhrase(r);
        break;
      case 'V':
        AppendVerbPhrase(r);
        break;
      case 'P':
        AppendWord(d.prepositions.Pick(r));
        AppendWord("the");
        AppendNounPhrase(r);
        break;
      case 'T':
        // The terminator ends the last word; the next sentence starts after a space.
        text_.append(d.terminators.Pick(r));
        text_.push_back(' ');
        break;
    }
  }
}

void TextPool::AppendNounPhrase(RandomStream& r) {
  const Distributions& d = Distributions::Get();
  for (char symbol : d.noun_phrases.Pick(r)) {
    switch (symbol) {
      case 'N':
        AppendWord(d.nouns.Pick(r));
        break;
      case 'J':
        AppendWord(d.adjectives.Pick(r));
        break;
      case 'D':
        AppendWord(d.adverbs.Pick(r));
        break;
      case ',':
        text_.push_back(',');
        break;
    }
  }
}

void TextPool::AppendVerbPhrase(RandomStream& r) {
  const Distributions& d = Distributions::Get();
  for (char symbol : d.verb_phrases.Pick(r)) {
    switch (symbol) {
      case 'V':
        AppendWord(d.verbs.Pick(r));
        break;
      case 'X':
        AppendWord(d.auxiliaries.Pick(r));
        break;
      case 'D':
        AppendWord(d.adverbs.Pick(r));
        break;
    }
  }
}

}  // namespace lakeml::tpch
