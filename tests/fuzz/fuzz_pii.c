/* fuzz_pii.c: libFuzzer target for personal-data detection and tokens
 * (privacy/pii.h, privacy/mask.h; tools/fuzz builds it).
 *
 * The input's first line is a column name, each further line a cell of one
 * string column. Whatever the bytes: no crash, no leak, no read past a cell
 * (each is copied to a block of its own length), and: the column's kind is
 * in the list; every cell's token is at most LS_MASK_TOKEN_MAX - 1 bytes,
 * reads as a token, and is the same when made twice and when made from
 * itself; a column's table of tokens finds, for each cell's token, a value
 * with that token. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "detect/detect.h"
#include "privacy/mask.h"
#include "privacy/pii.h"
#include "table/table.h"

static const uint8_t KEY[16] = {7, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *p = (const char *)data, *end = p + size;
  const char *nl = memchr(p, '\n', size);
  size_t hn = nl ? (size_t)(nl - p) : size;
  char *head = malloc(hn + 1);
  if (!head) abort();
  memcpy(head, p, hn);
  head[hn] = '\0';
  ls_table *t = ls_table_new("fuzz.csv");
  ls_column *c = t ? ls_table_add(t, head, LS_TYPE_STRING) : NULL;
  if (!c) abort();
  for (p = nl ? nl + 1 : end; p < end;) {
    const char *e = memchr(p, '\n', (size_t)(end - p));
    size_t n = e ? (size_t)(e - p) : (size_t)(end - p);
    char *cell = malloc(n ? n : 1);
    if (!cell) abort();
    memcpy(cell, p, n);
    (void)ls_pii_is_email(cell, n), (void)ls_pii_is_ip(cell, n), (void)ls_pii_is_phone(cell, n),
        (void)ls_pii_is_card(cell, n);
    char a[LS_MASK_TOKEN_MAX], b[LS_MASK_TOKEN_MAX], again[LS_MASK_TOKEN_MAX];
    size_t an = ls_mask_token(KEY, LS_PII_EMAIL, cell, n, a);
    size_t bn = ls_mask_token(KEY, LS_PII_EMAIL, cell, n, b);
    if (an >= LS_MASK_TOKEN_MAX || an != strlen(a) || an != bn || memcmp(a, b, an) != 0) abort();
    if (!ls_mask_is_token(a, an)) abort();
    if (ls_mask_token(KEY, LS_PII_CARD, a, an, again) != an || memcmp(a, again, an) != 0) abort();
    if (ls_column_push_str(c, cell, n) != LS_OK) abort();
    free(cell);
    p += n + (e != NULL);
  }
  ls_detection det;
  ls_detect(t, &det);
  ls_pii k = ls_pii_column(t, &det, 0);
  if ((unsigned)k >= LS_PII_COUNT) abort();
  ls_mask_col *m = ls_mask_col_new(c, LS_PII_PHONE, KEY);
  if (!m || ls_mask_col_sort(m) != LS_OK) abort(); /* find reads the sorted tokens */
  for (size_t r = 0; r < ls_column_len(c); r++) {
    char buf[LS_MASK_TOKEN_MAX];
    size_t len;
    const char *tok = ls_mask_col_cell(m, r, buf, &len);
    if (!ls_column_valid(c, r)) {
      if (tok || len) abort(); /* a null cell has no token */
      continue;
    }
    /* the id found has this token: this row's, or another value's with the same
     * token (a cell that already reads as a token keeps it, so a raw value and
     * the literal of its token share one) */
    int32_t id = tok ? ls_mask_col_find(m, tok, len) : -1;
    size_t sn = 0;
    const char *s = id >= 0 ? ls_dict_str(ls_column_dict(c), id, &sn) : NULL;
    char same[LS_MASK_TOKEN_MAX];
    if (!s || ls_mask_token(KEY, LS_PII_PHONE, s, sn, same) != len || memcmp(same, tok, len) != 0) abort();
  }
  ls_mask_col_free(m);
  ls_table_free(t);
  free(head);
  return 0;
}
