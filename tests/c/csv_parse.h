/* csv_parse.h: what both CSV reader tests share: a parse's outcome, its
 * dump as text, a fixture with every feature and a random byte weighted
 * toward the reader's special ones. */
#ifndef LS_CSV_PARSE_H
#define LS_CSV_PARSE_H

#include <stdint.h>

#include "ingest/csv.h"
#include "rng.h"
#include "strbuf.h"

/* A parse's status, table (NULL unless LS_OK; the test frees it) and message. */
typedef struct {
  ls_status st;
  ls_table *t;
  char msg[1024];
} parsed;

/* Every name, type and value of a parse, as text; the caller frees. */
static inline char *dump(const parsed *p) {
  strbuf b = {0};
  putf(&b, "%s|%s\n", ls_status_name(p->st), p->msg);
  if (!p->t) return b.s;
  const ls_table *t = p->t;
  put(&b, ls_table_name(t), strlen(ls_table_name(t)));
  for (size_t c = 0; c < ls_table_ncols(t); c++) {
    const ls_column *col = ls_table_col(t, c);
    putf(&b, "\n[%s:%s]", ls_column_name(col), ls_type_name(ls_column_type(col)));
    for (size_t i = 0; i < ls_column_len(col); i++) {
      if (!ls_column_valid(col, i)) {
        put(&b, " null", 5);
        continue;
      }
      size_t len;
      const char *s;
      switch (ls_column_type(col)) {
        case LS_TYPE_STRING:
          s = ls_column_str(col, i, &len);
          put(&b, " <", 2);
          put(&b, s, len);
          put(&b, ">", 1);
          break;
        case LS_TYPE_DOUBLE: putf(&b, " %.17g", ls_column_f64(col)[i]); break;
        case LS_TYPE_BOOL: putf(&b, " %d", ls_column_bool(col)[i]); break;
        default: putf(&b, " %lld", (long long)ls_column_i64(col)[i]); break;
      }
    }
  }
  return b.s;
}

/* A fixture with every feature the reader knows: a BOM, CRLF, a lone CR, an
 * empty line, quotes, doubled quotes, newlines in quotes, multibyte and
 * invalid UTF-8, an empty and a duplicate header name, nulls, every type and
 * a last line without a newline. */
static const char fixture[] =
    "\xEF\xBB\xBF"
    "id,name,score,ok,when,,name\r\n"
    "1,\"Zo\xC3\xAB, \"\"the\"\" one\",1.5,true,2024-01-02T03:04:05Z,x,a\r\n"
    "\r\n"
    "2,\"multi\r\nline\",2,FALSE,2024-01-03,,\"\"\n"
    "3,\xE6\x97\xA5\xE6\x9C\xAC,-.5,true,2024-01-04 05:06,\xFF\xFE,b\r"
    "4,bad\xE2\x82,1e3,false,,\"q\"\"\",c";

/* One random byte, weighted toward the ones the reader treats specially. */
static inline char random_byte(void) {
  static const char alphabet[] = "\"\"\"\",,,,,\r\r\n\n\n\nab1 .-e0tT";
  uint32_t x = rnd() % 100;
  if (x < 75) return alphabet[rnd() % (sizeof alphabet - 1)];
  if (x < 95) return (char)(0x80 + rnd() % 0x80);
  return (char)(rnd() % 0x80);
}

#endif
