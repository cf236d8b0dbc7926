/* sqlcmd.c: the sql command (cli/sqlcmd.h). */
#include "cli/sqlcmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/numfmt.h"
#include "cli/loadargs.h"
#include "sql/sql.h"

enum { FMT_TEXT, FMT_JSON, FMT_CSV };

/* ---- private ---- */

/* The text of a result cell: numbers as their shortest round trip, null as
 * null_text. */
static const char *cell_text(const cJSON *c, const char *null_text, char *num) {
  if (cJSON_IsNumber(c)) return ls_fmt_double(c->valuedouble, num);
  if (cJSON_IsString(c)) return c->valuestring;
  return null_text;
}

/* Characters of UTF-8 s (bytes that start one). */
static size_t width(const char *s) {
  size_t n = 0;
  for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
  return n;
}

static void print_text(const cJSON *res) {
  const cJSON *cols = cJSON_GetObjectItemCaseSensitive(res, "columns");
  const cJSON *rows = cJSON_GetObjectItemCaseSensitive(res, "rows"), *row, *c;
  int nc = cJSON_GetArraySize(cols);
  size_t *w = ls_calloc((size_t)nc + 1, sizeof *w);
  if (!w) return;
  char num[LS_NUMFMT_MAX];
  int k = 0;
  cJSON_ArrayForEach(c, cols) w[k++] = width(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "name")));
  cJSON_ArrayForEach(row, rows) {
    k = 0;
    cJSON_ArrayForEach(c, row) {
      size_t n = width(cell_text(c, "NULL", num));
      if (k < nc && n > w[k]) w[k] = n;
      k++;
    }
  }
  k = 0;
  cJSON_ArrayForEach(c, cols) {
    const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "name"));
    printf("%s%s%*s", k ? "  " : "", name, k + 1 < nc ? (int)(w[k] - width(name)) : 0, "");
    k++;
  }
  putchar('\n');
  for (k = 0; k < nc; k++) {
    printf("%s", k ? "  " : "");
    for (size_t i = 0; i < w[k]; i++) putchar('-');
  }
  putchar('\n');
  cJSON_ArrayForEach(row, rows) {
    k = 0;
    cJSON_ArrayForEach(c, row) {
      const char *t = cell_text(c, "NULL", num);
      /* numbers to the right, text to the left; no padding after the last */
      size_t pad = k < nc ? w[k] - width(t) : 0;
      if (k) fputs("  ", stdout);
      if (cJSON_IsNumber(c)) printf("%*s%s", (int)pad, "", t);
      else printf("%s%*s", t, k + 1 < nc ? (int)pad : 0, "");
      k++;
    }
    putchar('\n');
  }
  ls_free(w);
  int n = (int)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(res, "row_count"));
  if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(res, "truncated")))
    printf("(%d row%s shown, more cut: raise --max-rows or aggregate)\n", n, n == 1 ? "" : "s");
  else
    printf("(%d row%s)\n", n, n == 1 ? "" : "s");
}

static void print_csv(const cJSON *res) {
  const cJSON *c, *row;
  char num[LS_NUMFMT_MAX];
  int k = 0;
  cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(res, "columns")) {
    if (k++) putchar(',');
    cli_csv_text(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "name")));
  }
  putchar('\n');
  cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(res, "rows")) {
    k = 0;
    cJSON_ArrayForEach(c, row) {
      if (k++) putchar(',');
      cli_csv_text(cell_text(c, "", num));
    }
    putchar('\n');
  }
  /* the rows stay clean CSV; the cut is said on stderr (the exit status stays 0) */
  int n = (int)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(res, "row_count"));
  if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(res, "truncated")))
    fprintf(stderr,
            "lodestar: sql: %d row%s written, more cut (--max-rows, or about 16 MiB of text): raise --max-rows, "
            "aggregate, or page with LIMIT and OFFSET\n",
            n, n == 1 ? "" : "s");
}

/* A whole number from 1 to max in text into *out; 0 otherwise. */
static int count_of(const char *text, unsigned long long max, unsigned long long *out) {
  char *end = NULL;
  if (!text || !*text || *text == '-') return 0;
  unsigned long long v = strtoull(text, &end, 10);
  if (*end || v < 1 || v > max) return 0;
  *out = v;
  return 1;
}

/* ---- API ---- */

int cli_sql(int argc, char **argv) {
  cli_load load;
  if (!cli_load_init(&load, argc)) return 1;
  const char *query = NULL, *query_file = NULL;
  ls_sql_limits lim = LS_SQL_LIMITS_INIT;
  int fmt = FMT_TEXT, rc = 0;
  for (int i = 0; rc == 0 && i < argc;) {
    const char *o = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
    int k = cli_load_arg(&load, "sql", o, val);
    unsigned long long n;
    if (k < 0) rc = 2;
    else if (k > 0) i += k;
    else if (!val) rc = cli_usage("sql: missing value for %s", o);
    else if (strcmp(o, "--query") == 0) query = val, i += 2;
    else if (strcmp(o, "--query-file") == 0) query_file = val, i += 2;
    else if (strcmp(o, "--max-rows") == 0 && count_of(val, 1000000000ull, &n)) lim.max_rows = (size_t)n, i += 2;
    else if (strcmp(o, "--max-steps") == 0 && count_of(val, UINT64_MAX, &n)) lim.max_steps = n, i += 2;
    else if (strcmp(o, "--format") == 0 && strcmp(val, "text") == 0) fmt = FMT_TEXT, i += 2;
    else if (strcmp(o, "--format") == 0 && strcmp(val, "json") == 0) fmt = FMT_JSON, i += 2;
    else if (strcmp(o, "--format") == 0 && strcmp(val, "csv") == 0) fmt = FMT_CSV, i += 2;
    else rc = cli_usage("sql: bad or unknown option %s %s", o, val);
  }
  if (rc == 0 && !query == !query_file) rc = cli_usage("sql: give the query with --query or --query-file%s", "");
  char *text = rc == 0 && query_file ? cli_read_text(query_file) : NULL;
  if (rc == 0 && query_file && !text) rc = 1;
  ls_workspace *ws = rc == 0 ? cli_load_workspace(&load) : NULL;
  if (rc == 0 && !ws) rc = 1;
  cJSON *res = NULL;
  if (rc == 0 && ls_sql_run(ws, text ? text : query, &lim, &res) != LS_OK) {
    fprintf(stderr, "lodestar: %s\n", ls_workspace_errmsg(ws));
    rc = 1;
  }
  if (rc == 0 && fmt == FMT_TEXT) print_text(res);
  if (rc == 0 && fmt == FMT_CSV) print_csv(res);
  if (rc == 0 && fmt == FMT_JSON) {
    char *out = ls_sql_json_shortest(res) == LS_OK ? cJSON_PrintUnformatted(res) : NULL;
    if (out) printf("%s\n", out);
    else rc = 1, fputs("lodestar: out of memory\n", stderr);
    ls_free(out);
  }
  cJSON_Delete(res);
  ls_workspace_free(ws);
  ls_free(text);
  cli_load_free(&load);
  return rc;
}
