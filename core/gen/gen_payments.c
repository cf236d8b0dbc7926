/* gen_payments.c: one charge per paid billing period, with failures and refunds.
 *
 * Every subscription row that was ever paid is billed at its anchor and at
 * each period start after it (monthly or yearly, ls_gen_add_months) while the
 * period starts before the row ended and before the as-of instant. About 3% of
 * charges fail and are retried successfully a day or two later; about 1% are
 * refunded. Each row draws from its own rng stream. */
#include <string.h>

#include "base/alloc.h"
#include "gen/gen_internal.h"
#include "gen/rng.h"

/* ---- private ---- */

#define FAIL_PPM 30000u
#define REFUND_PPM 10000u

static const char *const pay_status_names[3] = {"succeeded", "failed", "refunded"};

static ls_status push_pay(ls_gen_ctx *c, int64_t at, size_t sub, int status) {
  if (c->npays == c->cap_pays) {
    size_t cap = c->cap_pays ? c->cap_pays * 2 : 4096;
    ls_gen_payment *p = ls_reallocarray(c->pays, cap, sizeof *p);
    if (!p) return LS_ENOMEM;
    c->pays = p;
    c->cap_pays = cap;
  }
  ls_gen_payment *p = &c->pays[c->npays++];
  p->created = at;
  p->sub = (uint32_t)sub;
  p->status = (uint8_t)status;
  return LS_OK;
}

static ls_status bill_row(ls_gen_ctx *c, size_t i) {
  const ls_gen_sub *s = &c->subs[i];
  if (s->paid_start == LS_GEN_NONE) return LS_OK;
  ls_gen_rng r;
  ls_gen_rng_seed(&r, c->seed, LS_GEN_STREAM_PAYMENTS, (uint64_t)i);
  int step = s->interval == LS_GEN_YEAR ? 12 : 1;
  ls_status st = LS_OK;
  for (int k = 0; st == LS_OK; k++) {
    int64_t ps = ls_gen_add_months(s->paid_start, k * step);
    if (ps >= c->asof || (s->ended != LS_GEN_NONE && ps >= s->ended)) break;
    uint32_t x = (uint32_t)ls_gen_rng_below(&r, 1000000);
    if (x < FAIL_PPM) {
      st = push_pay(c, ps, i, LS_GEN_PAY_FAILED);
      int64_t retry = ps + ls_gen_rng_range(&r, 1, 2) * LS_GEN_DAY +
                      (int64_t)ls_gen_rng_below(&r, 360) * LS_GEN_MINUTE;
      if (st == LS_OK && retry < c->asof) st = push_pay(c, retry, i, LS_GEN_PAY_SUCCEEDED);
    } else {
      st = push_pay(c, ps, i, x < FAIL_PPM + REFUND_PPM ? LS_GEN_PAY_REFUNDED : LS_GEN_PAY_SUCCEEDED);
    }
  }
  return st;
}

/* ---- internal API ---- */

ls_status ls_gen_payments_run(ls_gen_ctx *c) {
  for (size_t i = 0; i < c->nsubs; i++) {
    ls_status st = bill_row(c, i);
    if (st != LS_OK) return st;
  }
  return LS_OK;
}

ls_table *ls_gen_payments_table(const ls_gen_ctx *c) {
  static const char *const names[] = {"id",       "Customer ID", "Subscription ID", "Amount",
                                      "Currency", "Status",      "Created (UTC)"};
  static const ls_type types[] = {LS_TYPE_STRING, LS_TYPE_STRING, LS_TYPE_STRING, LS_TYPE_DOUBLE,
                                  LS_TYPE_STRING, LS_TYPE_STRING, LS_TYPE_TIME};
  enum { NCOLS = sizeof names / sizeof names[0] };
  ls_column *col[NCOLS] = {0};
  ls_table *t = ls_table_new_schema("payments.csv", names, types, NCOLS, c->npays, col);
  ls_gen_order *order = ls_malloc(c->npays * sizeof *order);
  ls_status s = t && order ? LS_OK : LS_ENOMEM;
  if (s == LS_OK) {
    for (size_t i = 0; i < c->npays; i++) {
      order[i].key = c->pays[i].created;
      order[i].index = (uint32_t)i;
    }
    ls_gen_sort_order(order, c->npays);
  }
  for (size_t i = 0; i < c->npays && s == LS_OK; i++) {
    const ls_gen_payment *p = &c->pays[order[i].index];
    const ls_gen_sub *sub = &c->subs[p->sub];
    char id[32], cust[32], sid[32];
    size_t idn = ls_gen_object_id(c, "ch_", 2, order[i].index, id);
    size_t cn = ls_gen_customer_id(c, (uint32_t)sub->cust, cust);
    size_t sn = ls_gen_object_id(c, "sub_", 1, p->sub, sid);
    const char *status = pay_status_names[p->status];
    double amount = (double)(ls_gen_unit_amount(sub->plan, sub->interval) * sub->qty);
    if ((s = ls_column_push_str(col[0], id, idn)) != LS_OK ||
        (s = ls_column_push_str(col[1], cust, cn)) != LS_OK ||
        (s = ls_column_push_str(col[2], sid, sn)) != LS_OK ||
        (s = ls_column_push_f64(col[3], amount)) != LS_OK ||
        (s = ls_column_push_str(col[4], "usd", 3)) != LS_OK ||
        (s = ls_column_push_str(col[5], status, strlen(status))) != LS_OK)
      break;
    s = ls_column_push_i64(col[6], p->created);
  }
  ls_free(order);
  if (s != LS_OK) {
    ls_table_free(t);
    return NULL;
  }
  return t;
}
