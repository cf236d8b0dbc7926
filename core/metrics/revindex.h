/* revindex.h: a subscriptions dataset read once for the revenue metrics.
 *
 * Each kept row becomes a subscription with
 *   mrr    its monthly amount in units of 1/LS_REV_UNIT of the reporting
 *          currency: amount x quantity (quantity empty = 1), less a
 *          discount (setting discounts = recurring: a percent column takes
 *          its share, a number column its amount per billing interval; never
 *          below 0), converted with the rate table and rounded to a
 *          hundredth of a cent, then made monthly (month x1, year /12, week
 *          x weekly_factor, day x365/12, then / interval count). The unit
 *          makes that exact whenever the interval's denominator (12 x count
 *          for years, 100 x count for 4.33 weeks...) divides 3600, so sums,
 *          differences and 12 x MRR carry no rounding;
 *   on     its start (Start, else Created), or its trial end when later:
 *          trials are not MRR;
 *   off    its Ended At (churn_at = ended), or its Canceled At when earlier
 *          (churn_at = canceled); INT64_MAX when open. It counts during
 *          [on, off); on >= off: never (an unconverted trial);
 *   trial  [start, trial end) when the trial end is after the start.
 * Rows with status incomplete or incomplete_expired, or without a customer,
 * amount or start, are left out; so are rows outside the scope (--where).
 *
 * Customers are numbered by their first row in the whole dataset, whatever
 * the scope, so a customer has one number in every index. Each customer's
 * MRR changes lie together, so one customer's history is read in one run. */
#ifndef LS_REVINDEX_H
#define LS_REVINDEX_H

#include <stddef.h>
#include <stdint.h>

#include "catalog/catalog.h"
#include "metrics/money.h"

/* units in one unit of currency: LS_MONEY_UNIT (a hundredth of a cent) x 3,600 */
#define LS_REV_UNIT (LS_MONEY_UNIT * 3600)

typedef struct {
  int64_t t;      /* instant */
  int64_t amount; /* the change in MRR: + the subscription's mrr on, - off */
  int32_t row;    /* the subscription's row in the dataset */
  int32_t delta;  /* +1 on, -1 off */
} ls_revchange;

typedef struct {
  int di;                  /* the subscriptions dataset */
  size_t nsubs, ncustomers;
  int32_t *customer;       /* per subscription: its customer */
  int64_t *mrr;            /* per subscription, units (LS_REV_UNIT) */
  int64_t *start;          /* per subscription: start (trial start) */
  int64_t *trial_end;      /* per subscription: INT64_MIN when no trial */
  int64_t *off;            /* per subscription */
  int32_t *cycle;          /* per subscription: its billing interval x interval
                              count, in months (> 0) or days (< 0) */
  int32_t *first_row;      /* per customer: its first row in the dataset */
  size_t nchanges;
  ls_revchange *changes;   /* MRR on/off, sorted by (customer, t, delta, row) */
  int32_t *first_change;   /* per customer c: its changes are
                              [first_change[c], first_change[c + 1]) */
  char currency[8];        /* the reporting currency, "" when unknown */
} ls_revindex;

/* The index of the workspace's subscriptions dataset over the rows sc keeps,
 * under the workspace's settings (cached until they or the datasets change).
 * Errors on ws: LS_ENODATA (no subscriptions dataset), LS_ECURRENCY (several
 * currencies and no rate table into a reporting currency, or a currency
 * without a rate), LS_EPARSE (an unknown interval, a bad interval count, a
 * row and column named), LS_ERANGE, LS_ENOMEM. */
ls_status ls_revindex_get(ls_workspace *ws, const ls_scope *sc, const ls_revindex **out);

#endif
