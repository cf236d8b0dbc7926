/* fixtures.h: small tables built in code for the metric tests. */
#ifndef LS_FIXTURES_H
#define LS_FIXTURES_H

#include <string.h>

#include "base/timeutil.h"
#include "table/table.h"

/* an instant from text; aborts the test run on a typo */
static inline int64_t T(const char *s) {
  int64_t t;
  if (!ls_time_parse(s, strlen(s), &t)) {
    fprintf(stderr, "fixtures: bad time %s\n", s);
    abort();
  }
  return t;
}

static inline void push_time_or_null(ls_column *c, const char *s) {
  if (s && *s)
    ls_column_push_i64(c, T(s));
  else
    ls_column_push_null(c);
}

static inline void push_str_or_null(ls_column *c, const char *s) {
  if (s)
    ls_column_push_str(c, s, strlen(s));
  else
    ls_column_push_null(c);
}

typedef struct {
  const char *customer;
  const char *interval; /* NULL: no value */
  double amount;
  double quantity;
  const char *status;   /* NULL: no value */
  const char *start;
  const char *trial_end; /* NULL or "": none */
  const char *ended;     /* NULL or "": still running */
  const char *currency;  /* NULL: "usd" */
} sub_row;

/* a subscriptions table with Stripe's column names */
static inline ls_table *subs_table(const sub_row *rows, size_t n) {
  ls_table *t = ls_table_new("subscriptions.csv");
  ls_column *cu = ls_table_add(t, "Customer ID", LS_TYPE_STRING);
  ls_column *iv = ls_table_add(t, "Interval", LS_TYPE_STRING);
  ls_column *am = ls_table_add(t, "Amount", LS_TYPE_DOUBLE);
  ls_column *qt = ls_table_add(t, "Quantity", LS_TYPE_DOUBLE);
  ls_column *cur = ls_table_add(t, "Currency", LS_TYPE_STRING);
  ls_column *st = ls_table_add(t, "Status", LS_TYPE_STRING);
  ls_column *sd = ls_table_add(t, "Start Date (UTC)", LS_TYPE_TIME);
  ls_column *te = ls_table_add(t, "Trial End (UTC)", LS_TYPE_TIME);
  ls_column *ea = ls_table_add(t, "Ended At (UTC)", LS_TYPE_TIME);
  for (size_t i = 0; i < n; i++) {
    const sub_row *r = &rows[i];
    push_str_or_null(cu, r->customer);
    push_str_or_null(iv, r->interval);
    ls_column_push_f64(am, r->amount);
    ls_column_push_f64(qt, r->quantity);
    push_str_or_null(cur, r->currency ? r->currency : "usd");
    push_str_or_null(st, r->status);
    push_time_or_null(sd, r->start);
    push_time_or_null(te, r->trial_end);
    push_time_or_null(ea, r->ended);
  }
  return t;
}

typedef struct {
  const char *user;
  const char *event;
  const char *time;
} event_row;

/* a PostHog-style events table */
static inline ls_table *events_table(const event_row *rows, size_t n) {
  ls_table *t = ls_table_new("events.csv");
  ls_column *u = ls_table_add(t, "distinct_id", LS_TYPE_STRING);
  ls_column *e = ls_table_add(t, "event", LS_TYPE_STRING);
  ls_column *ts = ls_table_add(t, "timestamp", LS_TYPE_TIME);
  for (size_t i = 0; i < n; i++) {
    push_str_or_null(u, rows[i].user);
    push_str_or_null(e, rows[i].event);
    push_time_or_null(ts, rows[i].time);
  }
  return t;
}

#endif
