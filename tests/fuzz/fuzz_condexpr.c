/* fuzz_condexpr.c: libFuzzer target for the entity rule conditions
 * (monitor/condexpr.h; tools/fuzz builds it).
 *
 * The input is the expression text (cut at the first NUL). Whatever the
 * bytes: no crash, no leak, no read past the text (copied to a block of its
 * own length + 1), and: a parse either succeeds with no error offset or fails
 * with LS_EPARSE, an offset within the text, a message naming its column, and
 * no expression; a parsed expression evaluates to 0 or 1 when every name has
 * a value (here: each name's length, or NaN for names starting with 'n'). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/condexpr.h"

static int lookup(void *ctx, const char *name, double *num, const char **str) {
  (void)ctx;
  if (name[0] == 's') *str = name; /* a string column */
  else *num = name[0] == 'n' ? NAN : (double)strlen(name);
  return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = malloc(size + 1);
  if (!text) abort();
  memcpy(text, data, size);
  text[size] = '\0';
  size_t len = strlen(text), at = 12345;
  char err[128];
  ls_condexpr *e = (ls_condexpr *)text;
  ls_status s = ls_condexpr_parse(text, &e, &at, err, sizeof err);
  if (s == LS_OK) {
    if (!e || at != 0) abort();
    for (size_t i = 0; i < ls_condexpr_names(e); i++)
      if (!ls_condexpr_name(e, i)) abort();
    int v = ls_condexpr_eval(e, lookup, NULL, NULL);
    if (v != 0 && v != 1) abort();
    ls_condexpr_free(e);
  } else {
    char col[48];
    snprintf(col, sizeof col, "at column %zu:", at + 1);
    if (s != LS_EPARSE || e || at > len || strncmp(err, col, strlen(col)) != 0) abort();
  }
  free(text);
  return 0;
}
