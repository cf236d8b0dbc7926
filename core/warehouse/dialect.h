/* dialect.h: the three SQL dialects the warehouse export writes — ClickHouse
 * (18.16 and later: no window functions, no WITH subqueries, joins written
 * ALL INNER / ALL LEFT), PostgreSQL and DuckDB — as the pieces every query is
 * built from: quoted names and strings, column types, and the time functions
 * over wall-clock timestamps.
 *
 * Every time the queries handle is the workspace zone's wall clock as a
 * plain timestamp (ClickHouse DateTime read in UTC, PostgreSQL timestamp,
 * DuckDB TIMESTAMP); a period is named by its first day, a DATE. */
#ifndef LS_DIALECT_H
#define LS_DIALECT_H

#include "base/textbuf.h"
#include "base/timeutil.h"

typedef enum { LS_WH_CLICKHOUSE, LS_WH_POSTGRES, LS_WH_DUCKDB, LS_WH_DIALECT_COUNT } ls_wh_dialect;

/* "clickhouse", "postgres", "duckdb"; -1 for another name. */
int ls_wh_dialect_parse(const char *s);
const char *ls_wh_dialect_name(ls_wh_dialect d);

/* A name quoted as an identifier ("a ""b""", ClickHouse "a \"b\""). */
void wh_ident(ls_text *b, ls_wh_dialect d, const char *name);
/* A string literal ('it''s', ClickHouse 'it\'s'). */
void wh_str(ls_text *b, ls_wh_dialect d, const char *s);
/* The column type of a Lodestar type name (int, float, bool, string,
 * timestamp, date), nullable; NULL for another name. */
const char *wh_type(ls_wh_dialect d, const char *type);

/* "INNER JOIN" or "LEFT JOIN" (ClickHouse: "ALL INNER JOIN", "ALL LEFT JOIN"). */
const char *wh_join(ls_wh_dialect d, int left);
/* The DATE of the day holding timestamp x: "CAST(x AS date)", "toDate(x, 'UTC')". */
void wh_day(ls_text *b, ls_wh_dialect d, const char *x);
/* The first day of the period of grain g holding timestamp x (weeks start on
 * Monday), a DATE. */
void wh_trunc(ls_text *b, ls_wh_dialect d, ls_grain g, const char *x);
/* DATE date plus n periods of grain g (n an integer expression). */
void wh_date_add(ls_text *b, ls_wh_dialect d, ls_grain g, const char *date, const char *n);
/* DATE date as the timestamp of its midnight. */
void wh_midnight(ls_text *b, ls_wh_dialect d, const char *date);
/* A BIGINT numbering the periods of grain g consecutively (n + 1 is the
 * next period), of DATE date, the first day of its period: the difference
 * of two is the number of periods between them. */
void wh_period_number(ls_text *b, ls_wh_dialect d, ls_grain g, const char *date);
/* The DATE of day, a "YYYY-MM-DD" text (checked by the caller). */
void wh_date_literal(ls_text *b, ls_wh_dialect d, const char *day);
/* The period's label as the CLI prints it: "2025-11-03" (day, week),
 * "2025-11" (month). */
void wh_label(ls_text *b, ls_wh_dialect d, ls_grain g, const char *date);
/* The whole seconds from timestamp a to timestamp b. */
void wh_seconds_between(ls_text *b, ls_wh_dialect d, const char *a, const char *bx);
/* The rows k = 0 .. n-1 as a subquery with one column named col. */
void wh_series(ls_text *b, ls_wh_dialect d, long n, const char *col);
/* COUNT(DISTINCT x) (ClickHouse: uniqExact(x)). */
void wh_count_distinct(ls_text *b, ls_wh_dialect d, const char *x);
/* x / y as a double, NULL when y is 0 or NULL. */
void wh_div(ls_text *b, ls_wh_dialect d, const char *x, const char *y);
/* x as a double. */
void wh_double(ls_text *b, ls_wh_dialect d, const char *x);
/* The p-quantile (0 <= p <= 1) of the non-null x in a group, linearly
 * interpolated between the closest ranks (the C core's percentiles); NULL
 * when none. */
void wh_quantile(ls_text *b, ls_wh_dialect d, double p, const char *x);

#endif
