/* commerce_orders.h: a payments dataset read once as paid orders, for the
 * commerce metrics (metrics/commerce.h).
 *
 * Each kept row (the scope's --where, and not an expense: a direction of
 * 支出/expense/out or 不计收支/neither) is read as
 *   paid      its status says so (succeeded, paid, complete, 交易成功 …),
 *             or refunded (refunded, 已退款 …; partially_refunded, 部分退款 …),
 *             or it has a refund amount above 0 or a true refunded flag;
 *   not paid  any other status (failed, pending, 交易关闭 …), or a false
 *             success (Stripe's Captured) flag;
 *   unknown   no status column or an empty cell.
 * Rows sharing an order_id are one order (else each row is one). An order is
 * paid when one of its rows is paid, or when none of them has a status; its
 * counted rows are its paid and unknown ones. Its time is the earliest time
 * (created) of a counted row, its customer the customer (else email) of the
 * first counted row that has one, its amount the sum of the counted rows'
 * amounts (discounts off, converted as metrics/money.h), its refund the sum
 * of their refund amounts (the whole amount of a refunded row without one),
 * at most its amount. A row with a negative amount is left out; an order
 * without a time or without any amount is not an order.
 * docs/metrics.md ("Commerce") says the same. */
#ifndef LS_COMMERCE_ORDERS_H
#define LS_COMMERCE_ORDERS_H

#include <stddef.h>
#include <stdint.h>

#include "catalog/catalog.h"

typedef struct {
  int di;                 /* the payments dataset */
  size_t n;               /* paid orders, by time (then first row) */
  int64_t *t;             /* per order: when it was placed */
  int32_t *customer;      /* per order: dense customer id, -1 none */
  int64_t *amount;        /* per order: LS_MONEY_UNIT units */
  int64_t *refund;        /* per order: refunded units, 0..amount */
  uint8_t *refunded;      /* per order: refunded in full or in part */
  size_t ncustomers;
  int has_customers;      /* the dataset has a customer (or email) column */
  char currency[8];       /* the reporting currency, "" when unknown */
} ls_orders;

/* The orders of the workspace's payments dataset over the rows sc keeps,
 * under the workspace's settings (cached until they or the datasets change).
 * Errors on ws: LS_ENODATA (no payments dataset), LS_ECURRENCY (as
 * ls_money_rates_get), LS_ERANGE (an amount too large), LS_ENOMEM. */
ls_status ls_orders_get(ls_workspace *ws, const ls_scope *sc, const ls_orders **out);

/* How a status text reads: 1 paid, 2 refunded, 3 partially refunded, 4 a
 * closed trade (paid and refunded when the row has a refund, else not paid),
 * 0 not paid (any other text; an empty one is unknown: -1). */
int ls_orders_status(const char *s, size_t len);

/* The status words of class cls (1 paid, 2 refunded, 3 partially refunded,
 * 4 closed), folded as ls_orders_status reads them, NULL-terminated; NULL for
 * another class. */
const char *const *ls_orders_words(int cls);

#endif
