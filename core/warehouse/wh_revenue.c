/* wh_revenue.c: the subscription revenue metrics as SQL
 * (warehouse/whbuild.h): mrr, arr, customers, arpa, trial_mrr, the boundary
 * movements, the churn rates, nrr, grr, quick_ratio, the trials, ltv and
 * cac. docs/metrics.md ("Revenue") defines each; docs/warehouse.md says how
 * the SQL reads them.
 *
 * Three subqueries serve them all, written once:
 *   subs   each kept subscription row: its customer, its monthly amount in
 *          integer units of 1/36,000,000 (as metrics/revindex.h computes
 *          it), and its on, off, start and trial end as wall-clock times;
 *   grid   each customer's MRR at each period end where it is above 0 (the
 *          subscriptions counting there, on < E <= off, summed);
 *   moves  per period, the customers' MRR a at the end of P-1 against b at
 *          the end of P (the grid and the grid shifted one period, summed),
 *          each customer's first period with MRR telling new from
 *          reactivation, folded into MRR, the movements, their counts and
 *          the retained and kept MRR of NRR and GRR.
 * Money stays in integer units until the value is printed, divided once by
 * 36,000,000, so it matches the C core to the last bit or nearly.
 *
 * Only the default settings are written: weekly_factor 52/12, discounts
 * recurring, churn_at ended, movements boundary, churn_denominator start,
 * no reporting currency (one currency in the data), gross_margin 1. */
#include <string.h>

#include "metrics/money.h"
#include "warehouse/whbuild.h"

#define SUB LS_KIND_SUBSCRIPTIONS
#define UNITS "36000000"
#define LTV_PERIODS 6

/* ---- private: pieces ---- */

/* x as a 64-bit integer */
static const char *i64(wh_ctx *c, const char *x) {
  return c->d == LS_WH_CLICKHOUSE ? wh_s(c, "toInt64(%s)", x) : wh_s(c, "CAST(%s AS BIGINT)", x);
}

/* a / b of integers a >= 0 and b > 0, rounded down */
static const char *idiv(wh_ctx *c, const char *a, const char *b) {
  if (c->d == LS_WH_CLICKHOUSE) return wh_s(c, "intDiv(%s, %s)", a, b);
  return wh_s(c, c->d == LS_WH_DUCKDB ? "((%s) // (%s))" : "((%s) / (%s))", a, b);
}

/* x rounded half away from zero (a double in, an integer out) */
static const char *round_away(wh_ctx *c, const char *x) {
  return i64(c, wh_s(c, "CASE WHEN %s >= 0 THEN floor(%s + 0.5) ELSE -floor(0.5 - %s) END", x, x, x));
}

/* money in units as a double of currency */
static const char *money(wh_ctx *c, const char *units) { return wh_s(c, "%s / " UNITS, wh_e_double(c, units)); }

/* the local wall time of a subscriptions time column, NULL without one */
static const char *sub_time(wh_ctx *c, ls_role r) {
  return wh_has(c, SUB, r) ? wh_local(c, wh_col(c, SUB, r, NULL)) : "NULL";
}

/* The subscriptions' kept rows as they are read: cu, a (the amount in
 * currency, minor units divided), q, iv (the interval in lower case), ic,
 * dc (the discount), fr (start, else created), te, en (wall times). */
static const char *raw_rows(wh_ctx *c, int seg) {
  const ls_wh_table *t = &c->m->t[SUB];
  const char *cu = wh_col(c, SUB, LS_ROLE_CUSTOMER, NULL), *amt = wh_col(c, SUB, LS_ROLE_AMOUNT, NULL);
  const char *from;
  if (wh_has(c, SUB, LS_ROLE_START) && wh_has(c, SUB, LS_ROLE_CREATED))
    from = wh_s(c, "COALESCE(%s, %s)", wh_col(c, SUB, LS_ROLE_START, NULL), wh_col(c, SUB, LS_ROLE_CREATED, NULL));
  else if (wh_has(c, SUB, LS_ROLE_START))
    from = wh_col(c, SUB, LS_ROLE_START, NULL);
  else
    from = wh_col(c, SUB, LS_ROLE_CREATED, NULL); /* fails without either */
  const char *a = t->minor_units ? wh_s(c, "%s / 100", wh_e_double(c, amt)) : wh_e_double(c, amt);
  const char *status = "1 = 1";
  if (wh_has(c, SUB, LS_ROLE_STATUS)) {
    const char *s = wh_col(c, SUB, LS_ROLE_STATUS, NULL);
    status = wh_s(c, "(%s IS NULL OR lower(%s) NOT IN ('incomplete', 'incomplete_expired'))", s, s);
  }
  /* what a missing column reads as: 1 (quantity, interval count), month, no discount */
  const char *opt[4] = {"1", "NULL", "1", "0"};
  static const ls_role roles[4] = {LS_ROLE_QUANTITY, LS_ROLE_INTERVAL, LS_ROLE_INTERVAL_COUNT, LS_ROLE_DISCOUNT};
  for (int i = 0; i < 4; i++)
    if (wh_has(c, SUB, roles[i])) opt[i] = wh_col(c, SUB, roles[i], NULL);
  if (wh_has(c, SUB, LS_ROLE_INTERVAL)) opt[1] = wh_s(c, "lower(%s)", opt[1]);
  if (seg) { /* the plan, rows without one left out */
    const char *plan = wh_col(c, SUB, LS_ROLE_PLAN, NULL);
    cu = wh_s(c, "%s AS sg, %s", plan, cu);
    status = wh_s(c, "%s AND %s IS NOT NULL", status, plan);
  }
  return wh_s(c,
              "(SELECT %s AS cu, %s AS a, %s AS q, %s AS iv, %s AS ic, %s AS dc, %s AS fr, %s AS te, %s AS en "
              "FROM %s WHERE %s IS NOT NULL AND %s IS NOT NULL AND %s IS NOT NULL AND %s)",
              cu, a, opt[0], opt[1], opt[2], opt[3], wh_local(c, from), sub_time(c, LS_ROLE_TRIAL_END),
              sub_time(c, LS_ROLE_ENDED_AT), wh_table(c, SUB), wh_col(c, SUB, LS_ROLE_CUSTOMER, NULL), amt, from,
              status);
}

/* the rows with the price in hundredths of a cent (u) and the interval as
 * months num / den (n, dv: den x interval count) */
static const char *priced_rows(wh_ctx *c, int seg) {
  const char *price = "r.a * COALESCE(r.q, 1)";
  if (wh_has(c, SUB, LS_ROLE_DISCOUNT)) {
    const char *off = ls_money_percent_name(c->m->t[SUB].col[LS_ROLE_DISCOUNT])
                          ? wh_s(c, "%s * (1 - r.dc / 100)", price)
                          : wh_s(c, "%s - r.dc%s", price, c->m->t[SUB].minor_units ? " / 100" : "");
    price = wh_s(c, "CASE WHEN r.dc > 0 THEN greatest(%s, 0) ELSE %s END", off, price);
  }
  const char *units = round_away(c, wh_s(c, "(%s) * 10000", price));
  static const char *const MONTH = "'month', 'monthly', 'months', 'mo'",
                           *const YEAR = "'year', 'yearly', 'years', 'annual', 'annually', 'yr'",
                           *const WEEK = "'week', 'weekly', 'weeks', 'wk'", *const DAY = "'day', 'daily', 'days'";
  const char *n = wh_s(c,
                       "CASE WHEN r.iv IS NULL OR r.iv IN (%s, %s) THEN 1 WHEN r.iv IN (%s) THEN 52 "
                       "WHEN r.iv IN (%s) THEN 365 END",
                       MONTH, YEAR, WEEK, DAY);
  const char *den = wh_s(c, "CASE WHEN r.iv IS NULL OR r.iv IN (%s) THEN 1 ELSE 12 END", MONTH);
  /* the billing cycle: cm months, else cd days */
  const char *cm = wh_s(c, "CASE WHEN r.iv IS NULL OR r.iv IN (%s) THEN 1 WHEN r.iv IN (%s) THEN 12 END", MONTH, YEAR);
  const char *cd = wh_s(c, "CASE WHEN r.iv IN (%s) THEN 7 WHEN r.iv IN (%s) THEN 1 END", WEEK, DAY);
  const char *count = "COALESCE(r.ic, 1)";
  return wh_s(
      c,
      "(SELECT %sr.cu AS cu, %s AS u, %s AS n, %s AS dv, %s AS cm, %s AS cd, r.fr AS fr, r.te AS te, r.en AS en "
      "FROM %s AS r)",
      seg ? "r.sg AS sg, " : "", units, n, i64(c, wh_s(c, "(%s) * %s", den, count)),
      i64(c, wh_s(c, "(%s) * %s", cm, count)), i64(c, wh_s(c, "(%s) * %s", cd, count)), raw_rows(c, seg));
}

/* Each kept subscription: cu, m (monthly amount, units of 1/36e6), onl
 * (on), offl (off, NULL: open), stl (start), tel (trial end, NULL: no
 * trial), wall times. An unknown interval leaves m NULL. */
static const char *subs_of(wh_ctx *c, int seg) {
  const char *sc = "(x.u * x.n * 3600)";
  const char *m = wh_s(c, "CASE WHEN %s >= 0 THEN %s ELSE -%s END", sc,
                       idiv(c, wh_s(c, "%s + %s", sc, idiv(c, "x.dv", "2")), "x.dv"),
                       idiv(c, wh_s(c, "-%s + %s", sc, idiv(c, "x.dv", "2")), "x.dv"));
  return wh_s(c,
              "(SELECT %sx.cu AS cu, %s AS m, CASE WHEN x.te > x.fr THEN x.te ELSE x.fr END AS onl, x.en AS offl, "
              "x.fr AS stl, CASE WHEN x.te > x.fr THEN x.te END AS tel, x.cm AS cm, x.cd AS cd FROM %s AS x)",
              seg ? "x.sg AS sg, " : "", m, priced_rows(c, seg));
}

static const char *subs(wh_ctx *c) { return subs_of(c, 0); }

/* the instant period cal ends, as a wall time */
static const char *cal_end(wh_ctx *c) { return wh_e_midnight(c, "cal.e"); }

/* Customer MRR above 0 at each period end: gcu, gp (the period), v; seg:
 * and gsg, each plan's customers apart. */
static const char *grid_of(wh_ctx *c, int seg) {
  const char *e = cal_end(c);
  const char *key = seg ? "s.sg, s.cu" : "s.cu";
  return wh_s(c,
              "(SELECT %ss.cu AS gcu, cal.p AS gp, sum(s.m) AS v FROM %s AS s CROSS JOIN %s AS cal "
              "WHERE s.onl < %s AND (s.offl IS NULL OR s.offl >= %s) GROUP BY %s, cal.p HAVING sum(s.m) > 0)",
              seg ? "s.sg AS gsg, " : "", subs_of(c, seg), wh_calendar(c, SUB, c->grain), e, e, key);
}

static const char *grid(wh_ctx *c) { return grid_of(c, 0); }

/* each customer's first period with MRR at its end: fcu, fp */
static const char *first_period(wh_ctx *c) {
  return wh_s(c, "(SELECT f0.gcu AS fcu, min(f0.gp) AS fp FROM %s AS f0 GROUP BY f0.gcu)", grid(c));
}

/* Per period vp: mrr, smrr (MRR at the end of the one before), nw, re, ex,
 * co, ch (the movements), ret and kept (NRR's and GRR's numerators), nb
 * and na (paying customers at the end and at the start), nnew and nch
 * (new and churned customers); units and counts. */
static const char *moves(wh_ctx *c) {
  const char *next = wh_e_add(c, c->grain, "g.gp", "sh.k");
  const char *ab = wh_s(c,
                        "(SELECT g.gcu AS acu, %s AS ap, sum(CASE WHEN sh.k = 1 THEN g.v ELSE 0 END) AS a, "
                        "sum(CASE WHEN sh.k = 0 THEN g.v ELSE 0 END) AS b FROM %s AS g CROSS JOIN %s AS sh "
                        "GROUP BY g.gcu, %s)",
                        next, grid(c), wh_e_series(c, 2, "k"), next);
  const char *first = first_period(c);
  const char *gain = "ab.a = 0 AND ab.b > 0";
  return wh_s(c,
              "(SELECT ab.ap AS vp, sum(ab.b) AS mrr, sum(ab.a) AS smrr, "
              "sum(CASE WHEN %s AND ab.ap = f.fp THEN ab.b ELSE 0 END) AS nw, "
              "sum(CASE WHEN %s AND ab.ap > f.fp THEN ab.b ELSE 0 END) AS re, "
              "sum(CASE WHEN ab.a > 0 AND ab.b > ab.a THEN ab.b - ab.a ELSE 0 END) AS ex, "
              "sum(CASE WHEN ab.b > 0 AND ab.a > ab.b THEN ab.a - ab.b ELSE 0 END) AS co, "
              "sum(CASE WHEN ab.a > 0 AND ab.b = 0 THEN ab.a ELSE 0 END) AS ch, "
              "sum(CASE WHEN ab.a > 0 THEN ab.b ELSE 0 END) AS ret, "
              "sum(CASE WHEN ab.a > 0 AND ab.b < ab.a THEN ab.b WHEN ab.a > 0 THEN ab.a ELSE 0 END) AS kept, "
              "sum(CASE WHEN ab.b > 0 THEN 1 ELSE 0 END) AS nb, sum(CASE WHEN ab.a > 0 THEN 1 ELSE 0 END) AS na, "
              "sum(CASE WHEN %s AND ab.ap = f.fp THEN 1 ELSE 0 END) AS nnew, "
              "sum(CASE WHEN ab.a > 0 AND ab.b = 0 THEN 1 ELSE 0 END) AS nch "
              "FROM %s AS ab %s %s AS f ON ab.acu = f.fcu GROUP BY ab.ap)",
              gain, gain, gain, ab, wh_join(c->d, 0), first);
}

/* one value per period from the movements: expr over mv's columns */
static int from_moves(wh_ctx *c, const char *expr, const char *missing) {
  wh_per_period(c, SUB, wh_s(c, "(SELECT mv.vp AS vp, %s AS value FROM %s AS mv)", expr, moves(c)), missing);
  return 1;
}

/* one value per period from the grid: agg over its rows g */
static int from_grid(wh_ctx *c, const char *agg, const char *missing) {
  wh_per_period(c, SUB, wh_s(c, "(SELECT g.gp AS vp, %s AS value FROM %s AS g GROUP BY g.gp)", agg, grid(c)), missing);
  return 1;
}

/* ---- private: the metrics ---- */

static int mrr(wh_ctx *c) { return from_grid(c, money(c, "sum(g.v)"), "0"); }
static int arr(wh_ctx *c) { return from_grid(c, money(c, "12 * sum(g.v)"), "0"); }
static int customers(wh_ctx *c) { return from_grid(c, "count(*)", "0"); }
static int arpa(wh_ctx *c) { return from_grid(c, wh_s(c, "%s / count(*)", money(c, "sum(g.v)")), "NULL"); }

static int new_mrr(wh_ctx *c) { return from_moves(c, money(c, "mv.nw"), "0"); }
static int expansion_mrr(wh_ctx *c) { return from_moves(c, money(c, "mv.ex"), "0"); }
static int contraction_mrr(wh_ctx *c) { return from_moves(c, money(c, "mv.co"), "0"); }
static int churned_mrr(wh_ctx *c) { return from_moves(c, money(c, "mv.ch"), "0"); }
static int reactivation_mrr(wh_ctx *c) { return from_moves(c, money(c, "mv.re"), "0"); }
static int net_new_mrr(wh_ctx *c) { return from_moves(c, money(c, "mv.mrr - mv.smrr"), "0"); }

static int customer_churn_rate(wh_ctx *c) { return from_moves(c, wh_e_div(c, "mv.nch", "mv.na"), "NULL"); }
static int gross_mrr_churn_rate(wh_ctx *c) { return from_moves(c, wh_e_div(c, "mv.ch + mv.co", "mv.smrr"), "NULL"); }
static int net_mrr_churn_rate(wh_ctx *c) {
  return from_moves(c, wh_e_div(c, "mv.ch + mv.co - mv.ex - mv.re", "mv.smrr"), "NULL");
}
static int nrr(wh_ctx *c) { return from_moves(c, wh_e_div(c, "mv.ret", "mv.smrr"), "NULL"); }
static int grr(wh_ctx *c) { return from_moves(c, wh_e_div(c, "mv.kept", "mv.smrr"), "NULL"); }
static int quick_ratio(wh_ctx *c) {
  return from_moves(c, wh_e_div(c, "mv.nw + mv.ex + mv.re", "mv.ch + mv.co"), "NULL");
}

/* the monthly amounts of the subscriptions in trial at each period end:
 * start < E <= the earlier of trial end and off */
static int trial_mrr(wh_ctx *c) {
  const char *e = cal_end(c);
  wh_per_period(c, SUB,
                wh_s(c,
                     "(SELECT cal.p AS vp, %s AS value FROM %s AS s CROSS JOIN %s AS cal WHERE s.tel IS NOT NULL "
                     "AND s.stl < %s AND %s <= s.tel AND (s.offl IS NULL OR %s <= s.offl) GROUP BY cal.p)",
                     money(c, "sum(s.m)"), subs(c), wh_calendar(c, SUB, c->grain), e, e, e),
                "0");
  return 1;
}

/* per period of a trial's start: st (trials started), due (trial end by
 * the as-of day), conv (of those due, still on after the trial end) */
static const char *trials(wh_ctx *c) {
  const char *vp = wh_e_trunc(c, c->grain, "s.stl");
  const char *due = wh_s(c, "s.tel <= %s", wh_e_midnight(c, "ao.asof"));
  return wh_s(c,
              "(SELECT %s AS vp, count(*) AS st, sum(CASE WHEN %s THEN 1 ELSE 0 END) AS due, "
              "sum(CASE WHEN %s AND (s.offl IS NULL OR s.offl > s.tel) THEN 1 ELSE 0 END) AS conv "
              "FROM %s AS s CROSS JOIN %s AS ao WHERE s.tel IS NOT NULL GROUP BY %s)",
              vp, due, due, subs(c), wh_asof(c), vp);
}

static int trials_started(wh_ctx *c) {
  wh_per_period(c, SUB, wh_s(c, "(SELECT t.vp AS vp, t.st AS value FROM %s AS t)", trials(c)), "0");
  return 1;
}

static int trial_conversion_rate(wh_ctx *c) {
  wh_per_period(c, SUB,
                wh_s(c, "(SELECT t.vp AS vp, %s AS value FROM %s AS t)", wh_e_div(c, "t.conv", "t.due"), trials(c)),
                "NULL");
  return 1;
}

/* LTV per period, a subquery with vp and value: ARPA / the mean customer
 * churn rate of the 6 periods before, each of them in the calendar and
 * none empty */
static const char *ltv_of(wh_ctx *c) {
  const char *rates = wh_s(c,
                           "(SELECT cal.p AS cp, %s AS r, %s / CASE WHEN mv.nb > 0 THEN mv.nb END AS arpa FROM %s AS "
                           "cal %s %s AS mv ON cal.p = mv.vp)",
                           wh_e_div(c, "mv.nch", "mv.na"), money(c, "mv.mrr"), wh_calendar(c, SUB, c->grain),
                           wh_join(c->d, 1), moves(c));
  const char *before = wh_s(c, "q.cp >= %s AND q.cp < cal.p", wh_e_add(c, c->grain, "cal.p", "-6"));
  return wh_s(c,
              "(SELECT w.vp AS vp, w.arpa / CASE WHEN w.mean > 0 THEN w.mean END AS value FROM "
              "(SELECT cal.p AS vp, sum(CASE WHEN %s THEN q.r END) / %d AS mean, max(CASE WHEN q.cp = cal.p THEN "
              "q.arpa END) AS arpa FROM %s AS cal CROSS JOIN %s AS q WHERE q.cp >= %s AND q.cp <= cal.p GROUP BY cal.p "
              "HAVING count(CASE WHEN %s THEN q.r END) = %d) AS w)",
              before, LTV_PERIODS, wh_calendar(c, SUB, c->grain), rates, wh_e_add(c, c->grain, "cal.p", "-6"), before,
              LTV_PERIODS);
}

static int ltv(wh_ctx *c) {
  wh_per_period(c, SUB, ltv_of(c), "NULL");
  return 1;
}

/* The acquisition spend per period (svp, sp): a marketing spend table's
 * spend by the period of its time, else the customers' cac column summed
 * over the customers by the period of their first MRR at a period end. */
static const char *spend(wh_ctx *c) {
  if (c->m->t[LS_KIND_SPEND].present) {
    const char *ts = wh_col(c, LS_KIND_SPEND, LS_ROLE_TIMESTAMP, NULL),
               *sp = wh_col(c, LS_KIND_SPEND, LS_ROLE_SPEND, NULL);
    const char *vp = wh_e_trunc(c, c->grain, wh_local(c, ts));
    const char *v = c->m->t[LS_KIND_SPEND].minor_units ? wh_s(c, "%s / 100", wh_e_double(c, sp)) : wh_e_double(c, sp);
    return wh_s(c, "(SELECT %s AS svp, sum(%s) AS sp FROM %s WHERE %s IS NOT NULL GROUP BY %s)", vp, v,
                wh_table(c, LS_KIND_SPEND), ts, vp);
  }
  if (!wh_has(c, LS_KIND_CUSTOMERS, LS_ROLE_CAC)) {
    wh_fail(c, "CAC needs a marketing spend dataset or a cac column in a customers dataset");
    return "(SELECT NULL AS svp, NULL AS sp)";
  }
  const char *id = wh_col(c, LS_KIND_CUSTOMERS, LS_ROLE_CUSTOMER, NULL);
  const char *cost =
      wh_s(c, "(SELECT %s AS kcu, min(%s) AS cac FROM %s WHERE %s IS NOT NULL GROUP BY %s)", id,
           wh_e_double(c, wh_col(c, LS_KIND_CUSTOMERS, LS_ROLE_CAC, NULL)), wh_table(c, LS_KIND_CUSTOMERS), id, id);
  const char *first = first_period(c);
  return wh_s(c, "(SELECT f.fp AS svp, sum(k.cac) AS sp FROM %s AS f %s %s AS k ON f.fcu = k.kcu GROUP BY f.fp)", first,
              wh_join(c->d, 0), cost);
}

/* CAC per period (vp, cac, arpa): spend / new customers */
static const char *cac_of(wh_ctx *c) {
  return wh_s(c,
              "(SELECT mv.vp AS vp, %s AS cac, %s / CASE WHEN mv.nb > 0 THEN mv.nb END AS arpa FROM %s AS mv %s %s "
              "AS sp ON mv.vp = sp.svp)",
              wh_e_div(c, "COALESCE(sp.sp, 0)", "mv.nnew"), money(c, "mv.mrr"), moves(c), wh_join(c->d, 1), spend(c));
}

static int cac(wh_ctx *c) {
  wh_per_period(c, SUB, wh_s(c, "(SELECT k.vp AS vp, k.cac AS value FROM %s AS k)", cac_of(c)), "NULL");
  return 1;
}

static int cac_payback_months(wh_ctx *c) {
  wh_per_period(
      c, SUB,
      wh_s(c, "(SELECT k.vp AS vp, k.cac / CASE WHEN k.arpa > 0 THEN k.arpa END AS value FROM %s AS k)", cac_of(c)),
      "NULL");
  return 1;
}

static int ltv_cac(wh_ctx *c) {
  wh_per_period(
      c, SUB,
      wh_s(c,
           "(SELECT l.vp AS vp, l.value / CASE WHEN k.cac > 0 THEN k.cac END AS value FROM %s AS l %s %s AS k "
           "ON l.vp = k.vp)",
           ltv_of(c), wh_join(c->d, 0), cac_of(c)),
      "NULL");
  return 1;
}

/* wall time ts plus n months (months) or days, the day of the month
 * clamped to the month's last */
static const char *ts_add(wh_ctx *c, int months, const char *ts, const char *n) {
  const char *u = months ? "month" : "day";
  if (c->d == LS_WH_CLICKHOUSE) return wh_s(c, "add%ss(%s, %s)", months ? "Month" : "Day", ts, n);
  if (c->d == LS_WH_POSTGRES) return wh_s(c, "(%s + (%s) * INTERVAL '1 %s')", ts, n, u);
  return wh_s(c, "(%s + to_%ss(CAST(%s AS INTEGER)))", ts, u, n);
}

/* Each billing boundary b of a subscription that counts (on < off), with
 * pb the one before (b_0 = on) and its off: b_k = on + k cycles, months
 * through a series of 1000 cycles (the calendar holds at most 1000
 * months), days through the day calendar (a boundary on each day whose
 * distance from on's day is a whole number of cycles). */
static const char *boundaries(wh_ctx *c) {
  const char *live = "(s.offl IS NULL OR s.onl < s.offl)";
  const char *k = i64(c, "ks.k + 1");
  const char *months =
      wh_s(c,
           "SELECT %s AS b, %s AS pb, s.offl AS offl FROM %s AS s CROSS JOIN %s AS ks "
           "WHERE s.cm > 0 AND %s",
           ts_add(c, 1, "s.onl", wh_s(c, "%s * s.cm", k)), ts_add(c, 1, "s.onl", wh_s(c, "(%s - 1) * s.cm", k)),
           subs(c), wh_e_series(c, 1000, "k"), live);
  const char *dd =
      idiv(c, i64(c, wh_e_seconds(c, wh_e_midnight(c, wh_e_day(c, "s.onl")), wh_e_midnight(c, "dc.p"))), "86400");
  const char *days =
      wh_s(c,
           "SELECT %s AS b, %s AS pb, s.offl AS offl FROM %s AS s CROSS JOIN %s AS dc "
           "WHERE s.cd > 0 AND %s AND %s > 0 AND %s %% COALESCE(s.cd, 1) = 0", /* ClickHouse divides NULL rows too */
           ts_add(c, 0, "s.onl", dd), ts_add(c, 0, "s.onl", wh_s(c, "%s - s.cd", dd)), subs(c),
           wh_calendar(c, SUB, LS_GRAIN_DAY), live, dd, dd);
  return wh_s(c, "(%s UNION ALL %s)", months, days);
}

/* renewed / due at the boundaries of each period: due when the cycle
 * before started before off, renewed when off is after the boundary */
static int renewal_rate(wh_ctx *c) {
  const char *vp = wh_e_trunc(c, c->grain, "bd.b");
  wh_per_period(
      c, SUB,
      wh_s(c, "(SELECT %s AS vp, %s AS value FROM %s AS bd WHERE bd.offl IS NULL OR bd.pb < bd.offl GROUP BY %s)", vp,
           wh_e_div(c, "sum(CASE WHEN bd.offl IS NULL OR bd.offl > bd.b THEN 1 ELSE 0 END)", "count(*)"), boundaries(c),
           vp),
      "NULL");
  return 1;
}

/* MRR of each plan's subscriptions alone at each period end: every period
 * and plan (the plans of every row), 0 where none, by period then plan */
static int mrr_by_plan(wh_ctx *c) {
  if (!wh_has(c, SUB, LS_ROLE_PLAN)) return wh_fail(c, "mrr_by_plan needs a plan column in the subscriptions table");
  const char *plan = wh_col(c, SUB, LS_ROLE_PLAN, NULL);
  const char *plans = wh_s(c, "(SELECT DISTINCT %s AS sg FROM %s WHERE %s IS NOT NULL)", plan, wh_table(c, SUB), plan);
  const char *cells = wh_s(c, "(SELECT cal.p AS p, pl.sg AS sg FROM %s AS cal CROSS JOIN %s AS pl)",
                           wh_calendar(c, SUB, c->grain), plans);
  const char *v =
      wh_s(c, "(SELECT g.gp AS vp, g.gsg AS vsg, sum(g.v) AS u FROM %s AS g GROUP BY g.gp, g.gsg)", grid_of(c, 1));
  ls_text_printf(c->b,
                 "SELECT %s AS period, cs.sg AS %s, COALESCE(%s, 0) AS value\nFROM %s AS cs\n%s %s AS v ON cs.p = v.vp "
                 "AND cs.sg = v.vsg\nORDER BY cs.p, cs.sg%s",
                 wh_e_label(c, c->grain, "cs.p"), wh_name(c, c->m->t[SUB].col[LS_ROLE_PLAN]), money(c, "v.u"), cells,
                 wh_join(c->d, 1), v, c->d == LS_WH_POSTGRES ? " COLLATE \"C\"" : "");
  return 1;
}

/* ---- API ---- */

const struct wh_builder WH_REVENUE[] = {
    {"mrr", 0, mrr},
    {"arr", 0, arr},
    {"trial_mrr", 0, trial_mrr},
    {"customers", 0, customers},
    {"new_mrr", 0, new_mrr},
    {"expansion_mrr", 0, expansion_mrr},
    {"contraction_mrr", 0, contraction_mrr},
    {"churned_mrr", 0, churned_mrr},
    {"reactivation_mrr", 0, reactivation_mrr},
    {"net_new_mrr", 0, net_new_mrr},
    {"arpa", 0, arpa},
    {"customer_churn_rate", 0, customer_churn_rate},
    {"gross_mrr_churn_rate", 0, gross_mrr_churn_rate},
    {"net_mrr_churn_rate", 0, net_mrr_churn_rate},
    {"nrr", 0, nrr},
    {"grr", 0, grr},
    {"ltv", 0, ltv},
    {"quick_ratio", 0, quick_ratio},
    {"trials_started", 0, trials_started},
    {"trial_conversion_rate", 0, trial_conversion_rate},
    {"cac", 0, cac},
    {"ltv_cac", 0, ltv_cac},
    {"cac_payback_months", 0, cac_payback_months},
    {"renewal_rate", 0, renewal_rate},
    {"mrr_by_plan", 0, mrr_by_plan},
};
const size_t WH_REVENUE_COUNT = sizeof WH_REVENUE / sizeof WH_REVENUE[0];
