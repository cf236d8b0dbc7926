/* dialect.c: the SQL pieces of each dialect (warehouse/dialect.h). */
#include "warehouse/dialect.h"

#include <stdio.h>
#include <string.h>

static const char *const NAMES[LS_WH_DIALECT_COUNT] = {"clickhouse", "postgres", "duckdb"};

/* ---- private ---- */

static void quoted(ls_text *b, ls_wh_dialect d, const char *s, char q) {
  ls_text_putc(b, q);
  for (; *s; s++) {
    if (*s == q) ls_text_putc(b, d == LS_WH_CLICKHOUSE ? '\\' : q);
    else if (*s == '\\' && d == LS_WH_CLICKHOUSE) ls_text_putc(b, '\\');
    ls_text_putc(b, *s);
  }
  ls_text_putc(b, q);
}

/* the unit of grain g in each dialect's interval and date_trunc words */
static const char *unit(ls_grain g) { return g == LS_GRAIN_MONTH ? "month" : g == LS_GRAIN_WEEK ? "week" : "day"; }

/* ---- API ---- */

int ls_wh_dialect_parse(const char *s) {
  for (int d = 0; s && d < LS_WH_DIALECT_COUNT; d++)
    if (strcmp(s, NAMES[d]) == 0) return d;
  return -1;
}

const char *ls_wh_dialect_name(ls_wh_dialect d) { return (unsigned)d < LS_WH_DIALECT_COUNT ? NAMES[d] : "?"; }

void wh_ident(ls_text *b, ls_wh_dialect d, const char *name) { quoted(b, d, name, '"'); }

void wh_str(ls_text *b, ls_wh_dialect d, const char *s) { quoted(b, d, s, '\''); }

const char *wh_type(ls_wh_dialect d, const char *type) {
  static const struct { const char *name, *t[LS_WH_DIALECT_COUNT]; } T[] = {
      {"int", {"Nullable(Int64)", "bigint", "BIGINT"}},
      {"float", {"Nullable(Float64)", "double precision", "DOUBLE"}},
      {"bool", {"Nullable(UInt8)", "boolean", "BOOLEAN"}},
      {"string", {"Nullable(String)", "text", "VARCHAR"}},
      {"timestamp", {"Nullable(DateTime)", "timestamp", "TIMESTAMP"}},
      {"date", {"Nullable(Date)", "date", "DATE"}},
  };
  for (size_t i = 0; type && i < sizeof T / sizeof T[0]; i++)
    if (strcmp(type, T[i].name) == 0) return T[i].t[d];
  return NULL;
}

const char *wh_join(ls_wh_dialect d, int left) {
  if (d == LS_WH_CLICKHOUSE) return left ? "ALL LEFT JOIN" : "ALL INNER JOIN";
  return left ? "LEFT JOIN" : "INNER JOIN";
}

void wh_day(ls_text *b, ls_wh_dialect d, const char *x) {
  if (d == LS_WH_CLICKHOUSE) ls_text_printf(b, "toDate(%s, 'UTC')", x);
  else ls_text_printf(b, "CAST(%s AS date)", x);
}

void wh_trunc(ls_text *b, ls_wh_dialect d, ls_grain g, const char *x) {
  if (g == LS_GRAIN_DAY) wh_day(b, d, x);
  else if (d == LS_WH_CLICKHOUSE)
    ls_text_printf(b, "%s(%s, 'UTC')", g == LS_GRAIN_WEEK ? "toMonday" : "toStartOfMonth", x);
  else ls_text_printf(b, "CAST(date_trunc('%s', %s) AS date)", unit(g), x);
}

void wh_date_add(ls_text *b, ls_wh_dialect d, ls_grain g, const char *date, const char *n) {
  if (d == LS_WH_CLICKHOUSE) {
    ls_text_printf(b, "add%ss(%s, %s)", g == LS_GRAIN_MONTH ? "Month" : g == LS_GRAIN_WEEK ? "Week" : "Day", date, n);
  } else if (g == LS_GRAIN_MONTH) {
    if (d == LS_WH_POSTGRES) ls_text_printf(b, "CAST(%s + (%s) * INTERVAL '1 month' AS date)", date, n);
    else ls_text_printf(b, "CAST(%s + to_months(CAST(%s AS INTEGER)) AS DATE)", date, n);
  } else {
    if (d == LS_WH_POSTGRES) ls_text_printf(b, "(%s + CAST(%s AS integer) * %d)", date, n, g == LS_GRAIN_WEEK ? 7 : 1);
    else ls_text_printf(b, "CAST(%s + to_days(CAST(%s AS INTEGER) * %d) AS DATE)", date, n, g == LS_GRAIN_WEEK ? 7 : 1);
  }
}

void wh_midnight(ls_text *b, ls_wh_dialect d, const char *date) {
  if (d == LS_WH_CLICKHOUSE) ls_text_printf(b, "toDateTime(%s, 'UTC')", date);
  else ls_text_printf(b, "CAST(%s AS timestamp)", date);
}

void wh_period_number(ls_text *b, ls_wh_dialect d, ls_grain g, const char *date) {
  if (d == LS_WH_CLICKHOUSE)
    ls_text_printf(b, "toInt64(toRelative%sNum(%s))",
                   g == LS_GRAIN_MONTH ? "Month" : g == LS_GRAIN_WEEK ? "Week" : "Day", date);
  else if (g == LS_GRAIN_MONTH)
    ls_text_printf(b, "CAST(EXTRACT(YEAR FROM %s) * 12 + EXTRACT(MONTH FROM %s) AS BIGINT)", date, date);
  else if (d == LS_WH_POSTGRES) /* date - date: whole days; Mondays are 7 apart from 1970-01-05 */
    ls_text_printf(b, "CAST((%s - DATE '1970-01-0%c') / %d AS BIGINT)", date, g == LS_GRAIN_WEEK ? '5' : '1',
                   g == LS_GRAIN_WEEK ? 7 : 1);
  else
    ls_text_printf(b, "CAST(date_diff('day', DATE '1970-01-0%c', %s) // %d AS BIGINT)", g == LS_GRAIN_WEEK ? '5' : '1',
                   date, g == LS_GRAIN_WEEK ? 7 : 1);
}

void wh_date_literal(ls_text *b, ls_wh_dialect d, const char *day) {
  ls_text_printf(b, d == LS_WH_CLICKHOUSE ? "toDate('%s')" : "DATE '%s'", day);
}

void wh_label(ls_text *b, ls_wh_dialect d, ls_grain g, const char *date) {
  int month = g == LS_GRAIN_MONTH;
  if (d == LS_WH_CLICKHOUSE) ls_text_printf(b, month ? "substring(toString(%s), 1, 7)" : "toString(%s)", date);
  else if (d == LS_WH_POSTGRES) ls_text_printf(b, "to_char(%s, '%s')", date, month ? "YYYY-MM" : "YYYY-MM-DD");
  else ls_text_printf(b, "strftime(%s, '%s')", date, month ? "%Y-%m" : "%Y-%m-%d");
}

void wh_seconds_between(ls_text *b, ls_wh_dialect d, const char *a, const char *bx) {
  if (d == LS_WH_CLICKHOUSE) ls_text_printf(b, "dateDiff('second', %s, %s)", a, bx);
  else if (d == LS_WH_POSTGRES) ls_text_printf(b, "EXTRACT(EPOCH FROM (%s - %s))", bx, a);
  else ls_text_printf(b, "date_diff('second', %s, %s)", a, bx);
}

void wh_series(ls_text *b, ls_wh_dialect d, long n, const char *col) {
  if (d == LS_WH_CLICKHOUSE) ls_text_printf(b, "(SELECT number AS %s FROM numbers(%ld))", col, n);
  else if (d == LS_WH_POSTGRES) ls_text_printf(b, "(SELECT generate_series(0, %ld) AS %s)", n - 1, col);
  else ls_text_printf(b, "(SELECT range AS %s FROM range(%ld))", col, n);
}

void wh_count_distinct(ls_text *b, ls_wh_dialect d, const char *x) {
  ls_text_printf(b, d == LS_WH_CLICKHOUSE ? "uniqExact(%s)" : "COUNT(DISTINCT %s)", x);
}

void wh_double(ls_text *b, ls_wh_dialect d, const char *x) {
  ls_text_printf(b, d == LS_WH_CLICKHOUSE ? "toFloat64(%s)" : "CAST(%s AS double precision)", x);
}

void wh_div(ls_text *b, ls_wh_dialect d, const char *x, const char *y) {
  wh_double(b, d, x);
  ls_text_printf(b, d == LS_WH_CLICKHOUSE ? " / nullIf(%s, 0)" : " / NULLIF(%s, 0)", y);
}

void wh_quantile(ls_text *b, ls_wh_dialect d, double p, const char *x) {
  if (d == LS_WH_POSTGRES) {
    ls_text_printf(b, "percentile_cont(%.17g) WITHIN GROUP (ORDER BY %s)", p, x);
  } else if (d == LS_WH_DUCKDB) {
    ls_text_printf(b, "quantile_cont(%s, %.17g)", x, p);
  } else {
    /* 18.16 has no interpolating quantile: the sorted values a (1-based),
     * rank h = (n - 1) p, a[floor h + 1] + (h - floor h)(a[floor h + 2] - a[floor h + 1]) */
    ls_text_printf(b,
                   "arrayMap((a, h) -> if(length(a) = 0, NULL, a[toUInt64(floor(h)) + 1] + (h - floor(h)) * "
                   "(a[least(toUInt64(floor(h)) + 2, length(a))] - a[toUInt64(floor(h)) + 1])), "
                   "[arraySort(groupArray(toFloat64(%s)))], [(toInt64(count(%s)) - 1) * %.17g])[1]",
                   x, x, p);
  }
}
