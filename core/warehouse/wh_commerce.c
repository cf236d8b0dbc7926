/* wh_commerce.c: the commerce metrics of a payments table as SQL
 * (warehouse/whbuild.h): gmv, orders, aov, paying_users, arpu, arppu,
 * paying_ratio, refund_rate_orders, refund_rate_amount, repurchase_rate,
 * tier_users and tier_upgrades. docs/metrics.md ("Commerce") defines each;
 * docs/warehouse.md says how the SQL reads them.
 *
 * Every query reads the payments as paid orders (metrics/commerce_orders.h
 * in SQL): each kept row gets a class from its status words, refund amount,
 * refunded and success flags; rows of one order_id are grouped; money is
 * summed in integer units of 1/10,000 of the currency (LS_MONEY_UNIT) and
 * divided once at the end. Default settings only (discounts = recurring, no
 * reporting currency: the data's one currency). */
#include <string.h>

#include "base/ascii.h"
#include "metrics/commerce_orders.h"
#include "warehouse/whbuild.h"

#define PAY LS_KIND_PAYMENTS
#define UNIT "10000" /* LS_MONEY_UNIT: units in one unit of currency */

/* row classes, as commerce_orders.c: not paid, paid, refunded, partly refunded, closed, unknown */
enum { C_NOT = 0, C_PAID = 1, C_REFUNDED = 2, C_PARTIAL = 3, C_CLOSED = 4, C_UNKNOWN = 254 };

/* the tier thresholds of the default setting `tiers` (10,60,200), in units */
static const char *const TIERS[] = {"100000", "600000", "2000000"};
static const char *const TIER_LABELS[] = {"0–10", "10–60", "60–200", "200+"};
#define NTIERS (sizeof TIER_LABELS / sizeof TIER_LABELS[0])

/* ---- private: reading cells ---- */

/* text folded as the vocabularies read it: ASCII lower case, ' ' and '-'
 * as '_', spaces and tabs trimmed first when trim */
static const char *folded(wh_ctx *c, const char *x, int trim) {
  const char *t = x;
  if (trim && c->d == LS_WH_CLICKHOUSE)
    t = wh_s(c, "replaceRegexpAll(%s, '^[ \\t]+|[ \\t]+$', '')", x);
  else if (trim)
    t = wh_s(c, "%s(%s, ' ' || chr(9))", c->d == LS_WH_POSTGRES ? "btrim" : "trim", x);
  const char *rep = c->d == LS_WH_CLICKHOUSE ? "replaceAll" : "replace";
  return wh_s(c, "%s(%s(lower(%s), ' ', '_'), '-', '_')", rep, rep, t);
}

/* the payments column of role r when mapped and, if the schema says, of a
 * type in `types` (a space-separated list); NULL otherwise */
static const char *typed_col(wh_ctx *c, ls_role r, const char *types) {
  if (!wh_has(c, PAY, r)) return NULL;
  const char *ty = wh_schema_type(c, PAY, c->m->t[PAY].col[r], 0);
  if (ty && !strstr(types, ty)) return NULL;
  return wh_col(c, PAY, r, NULL);
}

/* a flag or number column as a number (booleans as 0 / 1); NULL when absent */
static const char *number(wh_ctx *c, ls_role r) {
  const char *x = typed_col(c, r, "int float bool");
  if (!x) return NULL;
  const char *ty = wh_schema_type(c, PAY, c->m->t[PAY].col[r], 0);
  if (ty && strcmp(ty, "bool") == 0 && c->d != LS_WH_CLICKHOUSE) return wh_s(c, "CAST(%s AS integer)", x);
  return wh_e_double(c, x);
}

/* a NULL of Lodestar type ty */
static const char *null_of(wh_ctx *c, const char *ty) { return wh_s(c, "CAST(NULL AS %s)", wh_type(c->d, ty)); }

/* x rounded half up to a whole number, as a 64-bit integer (x >= 0) */
static const char *rounded(wh_ctx *c, const char *x) {
  if (c->d == LS_WH_CLICKHOUSE) return wh_s(c, "toInt64(floor(%s + 0.5))", x);
  return wh_s(c, "CAST(floor(%s + 0.5) AS bigint)", x);
}

/* the first group of regular expression re in x, "" (or NULL) without a match */
static const char *regex_group(wh_ctx *c, const char *x, const char *re) {
  if (c->d == LS_WH_CLICKHOUSE) return wh_s(c, "extract(%s, %s)", x, wh_lit(c, re));
  if (c->d == LS_WH_POSTGRES) return wh_s(c, "substring(%s from %s)", x, wh_lit(c, re));
  return wh_s(c, "regexp_extract(%s, %s, 1)", x, wh_lit(c, re));
}

/* the digits and dots of WeChat Pay's "已退款(￥12.00)" status (or with
 * full-width parentheses, ¥ or $, or no sign); "" or NULL for another text */
static const char *wechat_digits(wh_ctx *c, const char *st) {
  return regex_group(c, st, "^已退款(?:\\(|（)(?:￥|¥|\\$)?([0-9.]+)");
}

/* the refund those digits name, as strtod reads them (the longest leading
 * decimal; "." is 0); NULL when the status is not that */
static const char *wechat_refund(wh_ctx *c, const char *st) {
  const char *dg = wechat_digits(c, st);
  const char *lead = regex_group(c, wh_s(c, "concat('#', %s)", dg), "^#([0-9]*[.]?[0-9]*)");
  const char *num = wh_s(c, "concat('0', %s, CASE WHEN %s LIKE '%%.' THEN '0' ELSE '' END)", lead, lead);
  return wh_s(c, "CASE WHEN COALESCE(%s, '') <> '' THEN %s END", dg, wh_e_double(c, num));
}

/* the class of a row's status alone (C_*) */
static const char *status_class(wh_ctx *c) {
  const char *const *paid = ls_orders_words(1), *const *refunded = ls_orders_words(2),
                    *const *partial = ls_orders_words(3), *const *closed = ls_orders_words(4);
  const char *st = typed_col(c, LS_ROLE_STATUS, "string");
  if (!st) return wh_s(c, "%d", C_UNKNOWN);
  const char *f = folded(c, st, 1);
  return wh_s(c,
              "CASE WHEN %s IS NULL THEN %d WHEN COALESCE(%s, '') <> '' THEN %d WHEN %s = '' THEN %d WHEN %s%s "
              "THEN %d WHEN %s%s THEN %d WHEN %s%s THEN %d WHEN %s%s THEN %d ELSE %d END",
              st, C_UNKNOWN, wechat_digits(c, st), C_PARTIAL, f, C_UNKNOWN, f, wh_in_list(c, paid), C_PAID, f,
              wh_in_list(c, refunded), C_REFUNDED, f, wh_in_list(c, partial), C_PARTIAL, f, wh_in_list(c, closed),
              C_CLOSED, C_NOT);
}

/* the rows kept: not an expense (direction), no negative amount */
static const char *kept(wh_ctx *c) {
  static const char *const out[] = {"支出", "支", "expense", "out", "不计收支", "/", "neither", NULL};
  const char *am = wh_col(c, PAY, LS_ROLE_AMOUNT, NULL);
  const char *w = wh_s(c, "(%s IS NULL OR %s >= 0)", am, am);
  const char *dir = typed_col(c, LS_ROLE_DIRECTION, "string");
  if (dir) w = wh_s(c, "%s AND (%s IS NULL OR NOT (%s%s))", w, dir, folded(c, dir, 0), wh_in_list(c, out));
  return w;
}

/* the amount of a row in currency (minor units divided), discount taken off */
static const char *price(wh_ctx *c) {
  const char *minor = c->m->t[PAY].minor_units ? " / 100" : "";
  const char *a = wh_s(c, "%s%s", wh_e_double(c, wh_col(c, PAY, LS_ROLE_AMOUNT, NULL)), minor);
  const char *x = number(c, LS_ROLE_DISCOUNT);
  if (!x) return a;
  const char *name = c->m->t[PAY].col[LS_ROLE_DISCOUNT];
  int percent = strchr(name, '%') != NULL;
  for (const char *p = name; *p && !percent; p++) percent = strlen(p) >= 7 && ls_ascii_ieqn(p, 7, "percent", 7);
  const char *less = percent ? wh_s(c, "%s * (1 - %s / 100)", a, x) : wh_s(c, "%s - %s%s", a, x, minor);
  return wh_s(c, "CASE WHEN %s > 0 THEN greatest(%s, 0) ELSE %s END", x, less, a);
}

/* the kept payments rows, a subquery with columns oid (the order id, NULL:
 * the row is its own order), cu (customer), rt (created), cls (C_*, the
 * flags applied), units (the amount in units, NULL without one) and back
 * (the refund in units) */
static const char *pay_rows(wh_ctx *c) {
  const char *ref = number(c, LS_ROLE_REFUND_AMOUNT), *flag = number(c, LS_ROLE_REFUNDED),
             *ok = number(c, LS_ROLE_SUCCESS), *st = typed_col(c, LS_ROLE_STATUS, "string");
  /* the refund amount cell, else the refund a WeChat status names */
  if (st) ref = ref ? wh_s(c, "COALESCE(%s, %s)", ref, wechat_refund(c, st)) : wechat_refund(c, st);
  const char *cust = wh_has(c, PAY, LS_ROLE_CUSTOMER) ? wh_col(c, PAY, LS_ROLE_CUSTOMER, NULL)
                     : wh_has(c, PAY, LS_ROLE_EMAIL)  ? wh_col(c, PAY, LS_ROLE_EMAIL, NULL)
                                                      : null_of(c, "string");
  const char *oid = wh_has(c, PAY, LS_ROLE_ORDER_ID) ? wh_col(c, PAY, LS_ROLE_ORDER_ID, NULL) : null_of(c, "string");
  const char *r1 =
      wh_s(c,
           "(SELECT %s AS oid, %s AS cu, %s AS rt, %s AS bc, %s AS ref, %s AS fl, %s AS nf, %s AS am "
           "FROM %s WHERE %s)",
           oid, cust, wh_col(c, PAY, LS_ROLE_CREATED, NULL), status_class(c), ref ? ref : null_of(c, "float"),
           flag ? wh_s(c, "CASE WHEN %s > 0 THEN 1 ELSE 0 END", flag) : "0",
           ok ? wh_s(c, "CASE WHEN %s = 0 THEN 1 ELSE 0 END", ok) : "0", price(c), wh_table(c, PAY), kept(c));
  const char *refunded = "(r1.ref > 0 OR r1.fl = 1)";
  const char *cls = wh_s(c,
                         "CASE WHEN r1.nf = 1 THEN %d WHEN r1.bc = %d THEN CASE WHEN %s THEN %d ELSE %d END "
                         "WHEN r1.bc = %d AND %s THEN %d WHEN r1.bc = %d AND r1.fl = 1 AND NOT (r1.ref > 0) THEN %d "
                         "WHEN r1.bc = %d AND r1.fl = 1 AND r1.ref IS NULL THEN %d ELSE r1.bc END",
                         C_NOT, C_CLOSED, refunded, C_REFUNDED, C_NOT, C_UNKNOWN, refunded, C_REFUNDED, C_PAID,
                         C_REFUNDED, C_PAID, C_REFUNDED);
  const char *r2 = wh_s(c,
                        "(SELECT r1.oid AS oid, r1.cu AS cu, r1.rt AS rt, %s AS cls, %s AS units, r1.ref AS ref "
                        "FROM %s AS r1)",
                        cls, rounded(c, "r1.am * " UNIT), r1);
  const char *minor = c->m->t[PAY].minor_units ? " / 100" : "";
  return wh_s(c,
              "(SELECT r2.oid AS oid, r2.cu AS cu, r2.rt AS rt, r2.cls AS cls, r2.units AS units, CASE WHEN r2.ref > 0 "
              "THEN %s WHEN r2.cls = %d THEN COALESCE(r2.units, 0) ELSE 0 END AS back FROM %s AS r2)",
              rounded(c, wh_s(c, "r2.ref%s * " UNIT, minor)), C_REFUNDED, r2);
}

/* x as a 64-bit integer (ClickHouse: a nullable one, so every branch of a
 * UNION ALL has one type) */
static const char *int64(wh_ctx *c, const char *x) {
  return c->d == LS_WH_CLICKHOUSE ? wh_s(c, "toNullable(toInt64(%s))", x) : wh_s(c, "CAST(%s AS bigint)", x);
}

/* x as a 64-bit integer, not nullable (a join key) */
static const char *key64(wh_ctx *c, const char *x) {
  return c->d == LS_WH_CLICKHOUSE ? wh_s(c, "toInt64(%s)", x) : wh_s(c, "CAST(%s AS bigint)", x);
}

/* the paid orders, a subquery with columns t (placed), cu (customer, NULL:
 * none), amount, refund (units, at most amount) and refunded (0 / 1) */
static const char *orders(wh_ctx *c) {
  const char *rows = pay_rows(c);
  /* rows without an order id: each its own order, paid or unknown */
  const char *single =
      wh_s(c,
           "SELECT s.rt AS t, s.cu AS cu, %s AS amount, %s AS refund, %s AS refunded FROM %s AS s "
           "WHERE s.oid IS NULL AND s.cls <> %d AND s.rt IS NOT NULL AND s.units IS NOT NULL",
           int64(c, "s.units"), int64(c, "least(s.back, s.units)"),
           int64(c, wh_s(c, "CASE WHEN s.cls IN (%d, %d) OR s.back > 0 THEN 1 ELSE 0 END", C_REFUNDED, C_PARTIAL)),
           rows, C_NOT);
  if (!wh_has(c, PAY, LS_ROLE_ORDER_ID)) return wh_s(c, "(%s)", single);
  /* rows sharing an order id: paid when one row is paid or none has a
   * status; its counted rows are those not "not paid" */
  const char *n = wh_s(c, "g.cls <> %d", C_NOT);
  const char *grouped = wh_s(
      c,
      "SELECT max(CASE WHEN g.cls IN (%d, %d, %d) THEN 1 ELSE 0 END) AS pd, max(CASE WHEN g.cls = %d THEN 1 ELSE 0 "
      "END) AS np, min(CASE WHEN %s THEN g.rt END) AS t, min(CASE WHEN %s THEN g.cu END) AS ocu, sum(CASE WHEN %s "
      "THEN COALESCE(g.units, 0) ELSE 0 END) AS amount, max(CASE WHEN %s AND g.units IS NOT NULL THEN 1 ELSE 0 END) "
      "AS ha, sum(CASE WHEN %s THEN g.back ELSE 0 END) AS refund, max(CASE WHEN %s AND (g.cls IN (%d, %d) OR g.back "
      "> 0) THEN 1 ELSE 0 END) AS rf FROM %s AS g WHERE g.oid IS NOT NULL GROUP BY g.oid",
      C_PAID, C_REFUNDED, C_PARTIAL, C_NOT, n, n, n, n, n, n, C_REFUNDED, C_PARTIAL, rows);
  return wh_s(c,
              "(%s UNION ALL SELECT o.t AS t, o.ocu AS cu, %s AS amount, %s AS refund, %s AS refunded FROM (%s) AS o "
              "WHERE (o.pd = 1 OR o.np = 0) AND o.t IS NOT NULL AND o.ha = 1)",
              single, int64(c, "o.amount"), int64(c, "least(o.refund, o.amount)"), int64(c, "o.rf"), grouped);
}

/* the currency check of the default settings (no reporting currency: the
 * data's one currency): a one-row subquery with column z, 0, whose reading
 * fails (a cast of the message to a number) when the payments hold amounts
 * in several currencies; NULL without a currency column */
static const char *one_currency(wh_ctx *c) {
  static const char *const names[][2] = {{"人民币", "CNY"}, {"元", "CNY"},     {"美元", "USD"}, {"港币", "HKD"},
                                         {"港元", "HKD"},   {"欧元", "EUR"},   {"日元", "JPY"}, {"英镑", "GBP"},
                                         {"新台币", "TWD"}, {"新台幣", "TWD"}, {"港幣", "HKD"}, {"人民幣", "CNY"},
                                         {"美金", "USD"}};
  const char *cur = typed_col(c, LS_ROLE_CURRENCY, "string");
  if (!cur) return NULL;
  ls_text t = LS_TEXT_INIT;
  ls_text_puts(&t, "CASE");
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    ls_text_printf(&t, " WHEN %s = ", cur);
    wh_str(&t, c->d, names[i][0]);
    ls_text_printf(&t, " THEN '%s'", names[i][1]);
  }
  ls_text_printf(&t, " ELSE upper(%s) END", cur);
  const char *code = wh_keep(c, &t);
  const char *msg = wh_lit(c, "payments: amounts in several currencies (the query takes the default settings: one "
                              "currency; set a reporting currency and rates in Lodestar)");
  const char *n = wh_s(c, "(SELECT %s AS n FROM %s WHERE %s IS NOT NULL AND %s <> '')", wh_e_distinct(c, code),
                       wh_table(c, PAY), cur, cur);
  return wh_s(c, "(SELECT %s AS z FROM %s AS nc)", key64(c, wh_s(c, "CASE WHEN nc.n > 1 THEN %s ELSE '0' END", msg)),
              n);
}

/* the paid orders grouped by period (vp) and customer (cu): a subquery with
 * columns vp, cu, a (amount), r (refund), n (orders), nr (refunded orders) */
static const char *by_customer(wh_ctx *c) {
  const char *vp = wh_e_trunc(c, c->grain, wh_local(c, "od.t"));
  const char *check = one_currency(c);
  const char *from = check ? wh_s(c, "%s AS od CROSS JOIN %s AS cg", orders(c), check) : wh_s(c, "%s AS od", orders(c));
  return wh_s(c,
              "(SELECT %s AS vp, od.cu AS cu, sum(od.amount%s) AS a, sum(od.refund) AS r, count(*) AS n, "
              "sum(od.refunded) AS nr FROM %s GROUP BY %s, od.cu)",
              vp, check ? " + cg.z" : "", from, vp);
}

/* the walk of each period: a subquery with columns gvp, gmv, no, ref, nref,
 * payers, rep, pgmv (money in units) */
static const char *walk(wh_ctx *c) {
  return wh_s(c,
              "(SELECT pc.vp AS gvp, sum(pc.a) AS gmv, sum(pc.n) AS no, sum(pc.r) AS ref, sum(pc.nr) AS nref, "
              "sum(CASE WHEN pc.cu IS NOT NULL THEN 1 ELSE 0 END) AS payers, sum(CASE WHEN pc.cu IS NOT NULL AND pc.n "
              ">= 2 THEN 1 ELSE 0 END) AS rep, sum(CASE WHEN pc.cu IS NOT NULL THEN pc.a ELSE 0 END) AS pgmv FROM %s "
              "AS pc GROUP BY pc.vp)",
              by_customer(c));
}

/* units as money: a double */
static const char *money(wh_ctx *c, const char *units) { return wh_s(c, "(%s / " UNIT ")", wh_e_double(c, units)); }

static int customers_needed(wh_ctx *c) {
  if (wh_has(c, PAY, LS_ROLE_CUSTOMER) || wh_has(c, PAY, LS_ROLE_EMAIL)) return 1;
  return wh_fail(c, "%s needs a customer_id (or email) column in the payments table", c->r->metric);
}

/* one value of the walk per period; missing periods read as missing */
static int per_period(wh_ctx *c, const char *value, const char *missing) {
  wh_per_period(c, PAY, wh_s(c, "(SELECT w.gvp AS vp, %s AS value FROM %s AS w)", value, walk(c)), missing);
  return 1;
}

/* ---- private: the metrics ---- */

static int gmv(wh_ctx *c) { return per_period(c, money(c, "w.gmv"), "0"); }
static int orders_n(wh_ctx *c) { return per_period(c, "w.no", "0"); }
static int aov(wh_ctx *c) { return per_period(c, wh_e_div(c, money(c, "w.gmv"), "w.no"), "NULL"); }
static int paying_users(wh_ctx *c) { return customers_needed(c) && per_period(c, "w.payers", "0"); }
static int arppu(wh_ctx *c) {
  return customers_needed(c) && per_period(c, wh_e_div(c, money(c, "w.pgmv"), "w.payers"), "NULL");
}
static int refund_rate_orders(wh_ctx *c) { return per_period(c, wh_e_div(c, "w.nref", "w.no"), "NULL"); }
static int refund_rate_amount(wh_ctx *c) { return per_period(c, wh_e_div(c, "w.ref", "w.gmv"), "NULL"); }
static int repurchase_rate(wh_ctx *c) {
  return customers_needed(c) && per_period(c, wh_e_div(c, "w.rep", "w.payers"), "NULL");
}

/* value (over the walk w) / the distinct users with an event in the period;
 * NULL without an events table */
static int per_active_user(wh_ctx *c, const char *value) {
  if (!c->m->t[LS_KIND_EVENTS].present) {
    wh_per_period(c, PAY, wh_s(c, "(SELECT w.gvp AS vp, %s AS value FROM %s AS w)", null_of(c, "float"), walk(c)),
                  "NULL");
    return 1;
  }
  const char *u = wh_user(c, NULL), *ts = wh_col(c, LS_KIND_EVENTS, LS_ROLE_TIMESTAMP, NULL);
  const char *vp = wh_e_trunc(c, c->grain, wh_local(c, ts));
  const char *act = wh_s(c, "(SELECT %s AS avp, %s AS au FROM %s WHERE %s IS NOT NULL AND %s IS NOT NULL GROUP BY %s)",
                         vp, wh_e_distinct(c, u), wh_table(c, LS_KIND_EVENTS), u, ts, vp);
  wh_per_period(c, PAY,
                wh_s(c, "(SELECT ac.avp AS vp, %s AS value FROM %s AS ac %s %s AS w ON ac.avp = w.gvp)",
                     wh_e_div(c, value, "ac.au"), act, wh_join(c->d, 1), walk(c)),
                "NULL");
  return 1;
}

static int arpu(wh_ctx *c) { return per_active_user(c, money(c, "COALESCE(w.gmv, 0)")); }
static int paying_ratio(wh_ctx *c) { return customers_needed(c) && per_active_user(c, "COALESCE(w.payers, 0)"); }

/* each customer's cumulative amount less refunds before (cb) and after (ca)
 * each period p, with nb, its orders before p: a subquery with columns p, cu,
 * cb, ca, nb */
static const char *cumulative(wh_ctx *c) {
  return wh_s(c,
              "(SELECT cal.p AS p, pc.cu AS cu, sum(CASE WHEN pc.vp < cal.p THEN pc.a - pc.r ELSE 0 END) AS cb, "
              "sum(pc.a - pc.r) AS ca, sum(CASE WHEN pc.vp < cal.p THEN pc.n ELSE 0 END) AS nb FROM %s AS cal CROSS "
              "JOIN %s AS pc WHERE pc.cu IS NOT NULL AND pc.vp <= cal.p GROUP BY cal.p, pc.cu)",
              wh_calendar(c, PAY, c->grain), by_customer(c));
}

/* the tier (0 .. NTIERS - 1) of a cumulative amount x in units */
static const char *tier_of(wh_ctx *c, const char *x) {
  ls_text t = LS_TEXT_INIT;
  ls_text_puts(&t, "(");
  for (size_t k = 0; k + 1 < NTIERS; k++)
    ls_text_printf(&t, "%sCASE WHEN %s >= %s THEN 1 ELSE 0 END", k ? " + " : "", x, TIERS[k]);
  ls_text_puts(&t, ")");
  return wh_keep(c, &t);
}

static int tier_upgrades(wh_ctx *c) {
  if (!customers_needed(c)) return 0;
  wh_per_period(c, PAY,
                wh_s(c,
                     "(SELECT cm.p AS vp, sum(CASE WHEN cm.nb > 0 AND %s > %s THEN 1 ELSE 0 END) AS value FROM %s "
                     "AS cm GROUP BY cm.p)",
                     tier_of(c, "cm.ca"), tier_of(c, "cm.cb"), cumulative(c)),
                "0");
  return 1;
}

/* users by tier at the end of each period: period, tier, value */
static int tier_users(wh_ctx *c) {
  if (!customers_needed(c)) return 0;
  ls_text t = LS_TEXT_INIT;
  for (size_t k = 0; k < NTIERS; k++)
    ls_text_printf(&t, "%sSELECT %s AS k, %s AS label", k ? " UNION ALL " : "", key64(c, wh_s(c, "%zu", k)),
                   wh_lit(c, TIER_LABELS[k]));
  const char *tiers = wh_keep(c, &t);
  const char *counts = wh_s(c, "(SELECT cm.p AS cp, %s AS ck, count(*) AS n FROM %s AS cm GROUP BY cm.p, %s)",
                            key64(c, tier_of(c, "cm.ca")), cumulative(c), tier_of(c, "cm.ca"));
  const char *grid = wh_s(c, "(SELECT cal.p AS p, tk.k AS k, tk.label AS label FROM %s AS cal CROSS JOIN (%s) AS tk)",
                          wh_calendar(c, PAY, c->grain), tiers);
  ls_text_printf(c->b,
                 "SELECT %s AS period, gr.label AS tier, COALESCE(v.n, 0) AS value\nFROM %s AS gr\n%s %s AS v ON "
                 "gr.p = v.cp AND gr.k = v.ck\nORDER BY gr.p, gr.k",
                 wh_e_label(c, c->grain, "gr.p"), grid, wh_join(c->d, 1), counts);
  return 1;
}

/* ---- API ---- */

#define EVENTS (1u << LS_KIND_EVENTS)

const struct wh_builder WH_COMMERCE[] = {
    {"gmv", 0, gmv},
    {"orders", 0, orders_n},
    {"aov", 0, aov},
    {"paying_users", 0, paying_users},
    {"arpu", EVENTS, arpu},
    {"arppu", 0, arppu},
    {"paying_ratio", EVENTS, paying_ratio},
    {"refund_rate_orders", 0, refund_rate_orders},
    {"refund_rate_amount", 0, refund_rate_amount},
    {"repurchase_rate", 0, repurchase_rate},
    {"tier_users", 0, tier_users},
    {"tier_upgrades", 0, tier_upgrades},
};
const size_t WH_COMMERCE_COUNT = sizeof WH_COMMERCE / sizeof WH_COMMERCE[0];
