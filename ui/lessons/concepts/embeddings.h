#pragma once
// Natural language processing (the course's §2): how a network reads text.
// Characters become ids (their place in the vocabulary), ids pick rows of an
// embedding matrix, and those vectors are what the recurrent layers see. The
// vectors here are the ones the RNN lab's shipped character models learned
// (English fortunes, Tang poems): characters used alike end up with similar
// vectors, which the page shows as nearest neighbours by cosine similarity.
#include <string>
#include <vector>

namespace mlpg::ui {

struct Embeddings {
  std::u32string chars;        // the vocabulary, id -> character
  int dim = 0;
  std::vector<float> vectors;  // [chars.size(), dim]
};

// From a character model file (CharModel's); throws with the loader's message.
Embeddings embeddings_from_model(const std::vector<uint8_t>& file, const std::string& name);
double cosine(const Embeddings& e, int a, int b);
// The k ids most similar to `id` (itself left out), most similar first.
std::vector<int> nearest(const Embeddings& e, int id, int k);
// The mean cosine similarity between two groups of characters (pairs within
// one group when a == b), over the characters the vocabulary has.
double mean_similarity(const Embeddings& e, const std::u32string& a, const std::u32string& b);

}  // namespace mlpg::ui
