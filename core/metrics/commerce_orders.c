/* commerce_orders.c: a payments dataset read once as paid orders
 * (metrics/commerce_orders.h). */
#include "metrics/commerce_orders.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/dict.h"
#include "base/keymap.h"
#include "metrics/money.h"
#include "metrics/scope.h"

enum { ROW_SKIP = 255, ROW_UNKNOWN = 254, ROW_NOT = 0, ROW_PAID = 1, ROW_REFUNDED = 2, ROW_PARTIAL = 3, ROW_CLOSED = 4 };

/* An amount of one row fits in ROW_MAX units of currency, leaving room to
 * sum ROW_ROOM of them in 64 bits (sums are checked too). */
#define ROW_ROOM 1e3
#define ROW_MAX (9e18 / ROW_ROOM / (double)LS_MONEY_UNIT)

/* one order being gathered, then kept */
typedef struct {
  int64_t t, amount, refund;
  int32_t customer, first; /* first: its first counted row, for a stable order */
  uint8_t paid, not_paid, refunded, has_amount;
} order;

/* ---- private: reading cells ---- */

/* text folded for the vocabularies: ASCII lower case, ' ' and '-' as '_' */
static size_t fold(const char *s, size_t len, char *buf, size_t cap) {
  if (len >= cap) return 0;
  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    buf[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c == ' ' || c == '-' ? '_' : c;
  }
  buf[len] = '\0';
  return len;
}

static int listed(const char *word, const char *const *list) {
  for (size_t i = 0; list[i]; i++)
    if (strcmp(word, list[i]) == 0) return 1;
  return 0;
}

static const ls_column *role_col(const ls_table *t, const ls_detection *d, ls_role r) {
  return d->col[r] >= 0 ? ls_table_col(t, (size_t)d->col[r]) : NULL;
}

/* 0 when row i's direction says expense or neither, else 1 */
static int income(const ls_column *dir, size_t i) {
  static const char *const out[] = {"支出", "支", "expense", "out", "不计收支", "/", "neither", NULL};
  size_t len;
  const char *s = dir && ls_column_type(dir) == LS_TYPE_STRING ? ls_column_str(dir, i, &len) : NULL;
  char buf[32];
  return !(s && fold(s, len, buf, sizeof buf) && listed(buf, out));
}

/* WeChat Pay's "已退款(￥12.00)" (or with full-width parentheses): the
 * amount refunded, in major units, into *amount; 0 when s is not that. */
static int wechat_refund(const char *s, size_t len, double *amount) {
  static const char head[] = "已退款";
  size_t h = sizeof head - 1, i;
  if (len <= h || memcmp(s, head, h) != 0) return 0;
  i = h;
  if (s[i] == '(') i++;
  else if (len - i >= 3 && memcmp(s + i, "（", 3) == 0) i += 3;
  else return 0;
  if (len - i >= 3 && memcmp(s + i, "￥", 3) == 0) i += 3; /* full width */
  else if (len - i >= 2 && memcmp(s + i, "¥", 2) == 0) i += 2;
  else if (i < len && s[i] == '$') i++;
  char num[32];
  size_t k = 0;
  while (i < len && k + 1 < sizeof num && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.')) num[k++] = s[i++];
  num[k] = '\0';
  if (!k) return 0;
  *amount = strtod(num, NULL);
  return 1;
}

/* the class of each string of a status column's dictionary, once, and the
 * refund a WeChat status names (NaN: none) into *refunds (one per string) */
static uint8_t *status_classes(const ls_column *c, double **refunds) {
  *refunds = NULL;
  const ls_dict *d = c && ls_column_type(c) == LS_TYPE_STRING ? ls_column_dict(c) : NULL;
  size_t n = d ? ls_dict_size(d) : 0;
  uint8_t *cls = ls_malloc(n + 1);
  double *back = ls_malloc((n + 1) * sizeof *back);
  if (!cls || !back) {
    ls_free(cls);
    ls_free(back);
    return NULL;
  }
  for (size_t k = 0; k < n; k++) {
    size_t len;
    const char *s = ls_dict_str(d, (int32_t)k, &len);
    int r = ls_orders_status(s, len);
    back[k] = NAN;
    if (wechat_refund(s, len, &back[k])) r = 3;
    cls[k] = r < 0 ? ROW_UNKNOWN : (uint8_t)r;
  }
  *refunds = back;
  return cls;
}

/* ---- private: building ---- */

static void orders_free(void *p) {
  ls_orders *o = p;
  if (!o) return;
  ls_free(o->t);
  ls_free(o->customer);
  ls_free(o->amount);
  ls_free(o->refund);
  ls_free(o->refunded);
  ls_free(o);
}

static int by_time(const void *a, const void *b) {
  const order *x = a, *y = b;
  if (x->t != y->t) return x->t < y->t ? -1 : 1;
  return (x->first > y->first) - (x->first < y->first);
}

/* row i's class (ROW_*) and its refund into *refund (NaN: none): the refund
 * amount cell, else the refund its status names. A false success flag (Stripe's
 * Captured) means not paid, whatever else the row says; a refund makes a paid
 * row of a closed trade (Alipay's 交易关闭) or of no status. */
static uint8_t row_class(const ls_table *t, const ls_detection *d, const uint8_t *cls, const double *named,
                         size_t i, double *refund) {
  const ls_column *status = role_col(t, d, LS_ROLE_STATUS), *ok = role_col(t, d, LS_ROLE_SUCCESS),
                  *flag = role_col(t, d, LS_ROLE_REFUNDED), *ref = role_col(t, d, LS_ROLE_REFUND_AMOUNT);
  uint8_t c = ROW_UNKNOWN;
  *refund = ref ? ls_column_num(ref, i) : NAN;
  if (status && ls_column_type(status) == LS_TYPE_STRING && ls_column_valid(status, i)) {
    int32_t id = ls_column_str_ids(status)[i];
    c = cls[id];
    if (isnan(*refund)) *refund = named[id];
  }
  if (ok && ls_column_num(ok, i) == 0) return ROW_NOT;
  int refunded = (!isnan(*refund) && *refund > 0) || (flag && ls_column_num(flag, i) > 0);
  if (c == ROW_CLOSED) c = refunded ? ROW_REFUNDED : ROW_NOT;
  if (refunded && c == ROW_UNKNOWN) c = ROW_REFUNDED;
  if (refunded && c == ROW_PAID && flag && ls_column_num(flag, i) > 0 && !(*refund > 0)) c = ROW_REFUNDED;
  return c;
}

typedef struct {
  ls_workspace *ws;
  const ls_table *t;
  const ls_detection *d;
  ls_money_rates rt;
  int32_t *customer; /* per row, -1 none */
} reader;

/* add counted row i of class c to order o; 0 after failing on ws */
static int add_row(reader *r, order *o, size_t i, uint8_t c, double refund) {
  const ls_column *amount = role_col(r->t, r->d, LS_ROLE_AMOUNT), *disc = role_col(r->t, r->d, LS_ROLE_DISCOUNT),
                  *when = role_col(r->t, r->d, LS_ROLE_CREATED);
  double minor = ls_money_minor(r->d), a = ls_column_num(amount, i);
  int64_t units = 0;
  if (!isnan(a)) {
    double price = a / minor;
    if (ls_workspace_settings(r->ws)->discounts != LS_DISCOUNTS_IGNORE) price = ls_money_discounted(disc, i, price, minor);
    if (!ls_money_units(price, r->rt.rate[i], ROW_ROOM, &units)) goto range;
    o->has_amount = 1;
    if (__builtin_add_overflow(o->amount, units, &o->amount)) goto range;
  }
  int64_t back = 0;
  if (!isnan(refund) && refund > 0) {
    /* a refund beyond any amount is held at the row limit; the order's refund
     * is capped at its amount once all its rows are in */
    if (!ls_money_units(refund / minor, r->rt.rate[i], ROW_ROOM, &back)) back = (int64_t)(9e18 / ROW_ROOM);
  } else if (c == ROW_REFUNDED) {
    back = units;
  }
  if (__builtin_add_overflow(o->refund, back, &o->refund)) o->refund = INT64_MAX;
  o->refunded |= c == ROW_REFUNDED || c == ROW_PARTIAL || back > 0;
  if (when && ls_column_type(when) == LS_TYPE_TIME && ls_column_valid(when, i)) {
    int64_t at = ls_column_i64(when)[i];
    if (at < o->t) o->t = at;
  }
  if (o->customer < 0) o->customer = r->customer[i];
  if (o->first < 0) o->first = (int32_t)i;
  return 1;
range:
  ls_workspace_fail(r->ws, LS_ERANGE, "%s: row %zu: amount out of range (at most %.0e)",
                    ls_table_name(r->t), i + 1, ROW_MAX);
  return 0;
}

static ls_status build(ls_workspace *ws, void *ctx, void **out) {
  int di = ls_workspace_find(ws, LS_KIND_PAYMENTS);
  if (di < 0) return ls_workspace_fail(ws, LS_ENODATA, "no payments dataset is loaded");
  reader r = {ws, ls_workspace_table(ws, (size_t)di), ls_workspace_detection(ws, (size_t)di), {0}, NULL};
  const ls_table *t = r.t;
  const ls_detection *d = r.d;
  size_t n = ls_table_rows(t), nids = 0, ncust = 0;
  const ls_column *cust = role_col(t, d, LS_ROLE_CUSTOMER), *oid = role_col(t, d, LS_ROLE_ORDER_ID),
                  *dir = role_col(t, d, LS_ROLE_DIRECTION);
  if (!cust) cust = role_col(t, d, LS_ROLE_EMAIL);
  uint8_t *keep = NULL, *cls = NULL, *rowc = NULL;
  double *refund = NULL, *named = NULL; /* per row: its refund; per status: the refund it names */
  int32_t *ids = NULL;
  order *o = NULL;
  ls_orders *res = NULL;
  ls_status s = ls_scope_mask(ws, di, ctx, &keep);
  if (s == LS_OK) s = ls_money_rates_get(ws, t, role_col(t, d, LS_ROLE_CURRENCY), keep, &r.rt);
  if (s != LS_OK) {
    ls_free(keep);
    return s;
  }
  /* a key column of another type (mapped by hand) is read as absent */
  ls_status ks = oid ? ls_keymap_build(oid, &ids, &nids) : LS_OK;
  if (ks == LS_ENOMEM) goto oom;
  if (ks != LS_OK) oid = NULL, ids = NULL, nids = 0;
  ks = cust ? ls_keymap_build(cust, &r.customer, &ncust) : LS_OK;
  if (ks == LS_ENOMEM) goto oom;
  if (ks != LS_OK) cust = NULL, r.customer = NULL, ncust = 0;
  size_t norders = nids + n;
  cls = status_classes(role_col(t, d, LS_ROLE_STATUS), &named);
  rowc = ls_malloc(n + 1);
  o = ls_malloc((norders + 1) * sizeof *o);
  refund = ls_malloc((n + 1) * sizeof *refund);
  if (!r.customer && !(r.customer = ls_malloc((n + 1) * sizeof *r.customer))) goto oom;
  if (!cust)
    for (size_t i = 0; i < n; i++) r.customer[i] = -1;
  if ((oid && !ids) || !cls || !rowc || !o || !refund) goto oom;
  for (size_t k = 0; k < norders; k++) o[k] = (order){INT64_MAX, 0, 0, -1, -1, 0, 0, 0, 0};
  /* pass 1: each row's class, and which orders have a paid or a not paid row */
  const ls_column *amount = role_col(t, d, LS_ROLE_AMOUNT);
  for (size_t i = 0; i < n; i++) {
    rowc[i] = ROW_SKIP;
    if ((keep && !keep[i]) || !income(dir, i) || ls_column_num(amount, i) < 0) continue;
    rowc[i] = row_class(t, d, cls, named, i, &refund[i]);
    order *x = &o[ids && ids[i] >= 0 ? (size_t)ids[i] : nids + i];
    x->paid |= rowc[i] != ROW_NOT && rowc[i] != ROW_UNKNOWN;
    x->not_paid |= rowc[i] == ROW_NOT;
  }
  /* pass 2: the counted rows of paid orders */
  for (size_t i = 0; s == LS_OK && i < n; i++) {
    if (rowc[i] == ROW_SKIP || rowc[i] == ROW_NOT) continue;
    order *x = &o[ids && ids[i] >= 0 ? (size_t)ids[i] : nids + i];
    if ((x->paid || !x->not_paid) && !add_row(&r, x, i, rowc[i], refund[i])) s = LS_ERANGE;
  }
  size_t m = 0;
  for (size_t k = 0; s == LS_OK && k < norders; k++)
    if (o[k].first >= 0 && o[k].t != INT64_MAX && o[k].has_amount) {
      if (o[k].refund > o[k].amount) o[k].refund = o[k].amount;
      o[m++] = o[k];
    }
  qsort(o, m, sizeof *o, by_time);
  res = s == LS_OK ? ls_calloc(1, sizeof *res) : NULL;
  if (s == LS_OK && !res) goto oom;
  if (res) {
    res->di = di;
    res->n = m;
    res->ncustomers = ncust;
    res->has_customers = cust != NULL;
    memcpy(res->currency, r.rt.currency, sizeof res->currency);
    res->t = ls_malloc((m + 1) * sizeof *res->t);
    res->customer = ls_malloc((m + 1) * sizeof *res->customer);
    res->amount = ls_malloc((m + 1) * sizeof *res->amount);
    res->refund = ls_malloc((m + 1) * sizeof *res->refund);
    res->refunded = ls_malloc(m + 1);
    if (!res->t || !res->customer || !res->amount || !res->refund || !res->refunded) goto oom;
    for (size_t k = 0; k < m; k++) {
      res->t[k] = o[k].t;
      res->customer[k] = o[k].customer;
      res->amount[k] = o[k].amount;
      res->refund[k] = o[k].refund;
      res->refunded[k] = o[k].refunded;
    }
  }
  goto done;
oom:
  s = ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
done:
  ls_free(keep);
  ls_free(cls);
  ls_free(named);
  ls_free(rowc);
  ls_free(refund);
  ls_free(ids);
  ls_free(o);
  ls_free(r.customer);
  ls_free(r.rt.rate);
  if (s != LS_OK) {
    orders_free(res);
    return s;
  }
  *out = res;
  return LS_OK;
}

/* ---- API ---- */

const char *const *ls_orders_words(int cls) {
  static const char *const paid[] = {"succeeded", "success", "successful", "paid", "complete", "completed",
                                     "captured", "settled", "partially_paid", "shipped", "delivered", "fulfilled",
                                     "partially_fulfilled", "disputed", "refund_pending", "交易成功", "支付成功",
                                     "付款成功", "已完成", "完成", "交易完成", "已支付", "已付款", "已收款", "成功",
                                     "已收钱", "朋友已收钱", "已存入零钱", "充值成功", "待发货", "已发货", "待收货",
                                     "已收货", "已签收", "退款中", "退款申请中", NULL};
  static const char *const closed[] = {"交易关闭", "closed", NULL};
  static const char *const refunded[] = {"refunded", "fully_refunded", "full_refund", "已退款", "已全额退款",
                                         "全额退款", "退款成功", NULL};
  static const char *const partial[] = {"partially_refunded", "partial_refund", "partly_refunded", "部分退款",
                                        "已部分退款", NULL};
  return cls == 1 ? paid : cls == 2 ? refunded : cls == 3 ? partial : cls == 4 ? closed : NULL;
}

int ls_orders_status(const char *s, size_t len) {
  const char *const *paid = ls_orders_words(1), *const *refunded = ls_orders_words(2),
                    *const *partial = ls_orders_words(3), *const *closed = ls_orders_words(4);
  char buf[64];
  while (len && (*s == ' ' || *s == '\t')) s++, len--;
  while (len && (s[len - 1] == ' ' || s[len - 1] == '\t')) len--;
  if (!len) return -1;
  if (!fold(s, len, buf, sizeof buf)) return 0;
  return listed(buf, paid) ? 1 : listed(buf, refunded) ? 2 : listed(buf, partial) ? 3 : listed(buf, closed) ? 4 : 0;
}

ls_status ls_orders_get(ls_workspace *ws, const ls_scope *sc, const ls_orders **out) {
  char key[256] = "orders|";
  ls_scope_key(sc, key + strlen(key), sizeof key - strlen(key));
  void *v = NULL;
  ls_status s = ls_workspace_cached_ctx(ws, key, build, (void *)sc, orders_free, &v);
  *out = v;
  return s;
}
