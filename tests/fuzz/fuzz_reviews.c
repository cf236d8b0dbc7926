/* fuzz_reviews.c: libFuzzer target for the review classifier's keyword rules
 * (assist/reviews.h, ls_review_classify; tools/fuzz builds it).
 *
 * The input is the review text, any bytes (NULs included), copied to a block
 * of exactly its size so a read past the end is caught. Whatever the bytes: no
 * crash, no read outside the text, a category in range, and evidence inside
 * the text: empty for other, else a span that starts within the text and
 * ends by its end, and the same answer twice (no hidden state). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "assist/reviews.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = malloc(size ? size : 1);
  if (!text) abort();
  memcpy(text, data, size);
  size_t at = 7, n = 7, at2 = 9, n2 = 9;
  ls_review_cat c = ls_review_classify(text, size, &at, &n);
  if ((int)c < 0 || c >= LS_REVIEW_CAT_COUNT) abort();
  if (c == LS_REVIEW_OTHER && (at != 0 || n != 0)) abort();
  if (c != LS_REVIEW_OTHER && (n == 0 || at >= size || n > size - at)) abort();
  if (ls_review_classify(text, size, &at2, &n2) != c || at2 != at || n2 != n) abort();
  if (ls_review_classify(text, size, NULL, NULL) != c) abort();
  free(text);
  return 0;
}
