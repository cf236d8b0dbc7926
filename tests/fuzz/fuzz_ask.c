/* fuzz_ask.c: libFuzzer target for the offline assistant's matcher
 * (assist/offline.h, assist/synonyms.h; tools/fuzz builds it).
 *
 * The input is the question (cut at the first NUL), copied to a block of its
 * own length + 1. Whatever the bytes: no crash, no leak, no read past the
 * text, and: every match names a catalog metric with a word of the table (or
 * the metric's own name) and a positive score, best first, at most the
 * number asked; the dimension is NULL or one of the six; every word found
 * lies within the text; and the answer on an empty workspace succeeds with
 * the same best metric. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "assist/offline.h"
#include "assist/synonyms.h"
#include "catalog/catalog.h"

static const char *const DIMS[] = {"channel", "plan", "country", "segment", "campaign", "region"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = malloc(size + 1);
  if (!text) abort();
  memcpy(text, data, size);
  text[size] = '\0';
  size_t len = strlen(text);
  ls_assist_match m[6];
  size_t n = ls_assist_match_metrics(text, m, 6);
  if (n > 6) abort();
  for (size_t i = 0; i < n; i++) {
    if (!ls_catalog_find(m[i].metric) || !m[i].synonym || m[i].score <= 0) abort();
    if (i > 0 && m[i].score > m[i - 1].score) abort();
    size_t at, end;
    /* the word is in the text (the first 4096 bytes are read) */
    if (!ls_assist_find_word(text, len, 0, m[i].synonym, &at, &end) || at >= end || end > len) abort();
  }
  const char *d = ls_assist_match_dimension(text);
  if (d) {
    size_t k = 0;
    while (k < 6 && strcmp(d, DIMS[k]) != 0) k++;
    if (k == 6) abort();
  }
  static ls_workspace *ws;
  if (!ws && !(ws = ls_workspace_new())) abort();
  cJSON *a = NULL;
  if (ls_assist_answer(ws, text, &a) != LS_OK) abort();
  const char *metric = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a, "metric"));
  if ((n == 0) != (metric == NULL) || (n && strcmp(metric, m[0].metric) != 0)) abort();
  char *out = cJSON_PrintUnformatted(a);
  if (!out) abort();
  cJSON *back = cJSON_Parse(out); /* the question shown is valid text */
  if (!back) abort();
  cJSON_Delete(back);
  cJSON_free(out);
  cJSON_Delete(a);
  free(text);
  return 0;
}
