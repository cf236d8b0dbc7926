/* detect.h: what kind of dataset a table is, and the role of its columns.
 *
 * Detection reads column names only, case- and punctuation-insensitively
 * ("Start Date (UTC)" reads as "startdateutc"), and checks that a role's
 * column has a usable type (a timestamp for times, a number for amounts). */
#ifndef LS_DETECT_H
#define LS_DETECT_H

#include "table/table.h"

#define LS_KIND_LIST(XX)                  \
  XX(UNKNOWN, "unknown")                  \
  XX(SUBSCRIPTIONS, "subscriptions")      \
  XX(EVENTS, "events")                    \
  XX(CUSTOMERS, "customers")              \
  XX(PAYMENTS, "payments")

typedef enum {
#define LS_KIND_ENUM(name, str) LS_KIND_##name,
  LS_KIND_LIST(LS_KIND_ENUM)
#undef LS_KIND_ENUM
  LS_KIND_COUNT
} ls_kind;

#define LS_ROLE_LIST(XX)                   \
  XX(ID, "id")                             \
  XX(CUSTOMER, "customer_id")              \
  XX(USER, "user_id")                      \
  XX(EVENT, "event")                       \
  XX(TIMESTAMP, "timestamp")               \
  XX(PLAN, "plan")                         \
  XX(INTERVAL, "interval")                 \
  XX(INTERVAL_COUNT, "interval_count")     \
  XX(AMOUNT, "amount")                     \
  XX(QUANTITY, "quantity")                 \
  XX(CURRENCY, "currency")                 \
  XX(STATUS, "status")                     \
  XX(CREATED, "created")                   \
  XX(START, "start")                       \
  XX(TRIAL_END, "trial_end")               \
  XX(CANCELED_AT, "canceled_at")           \
  XX(ENDED_AT, "ended_at")                 \
  XX(SIGNUP, "signup")                     \
  XX(CHANNEL, "channel")                   \
  XX(SEGMENT, "segment")                   \
  XX(COUNTRY, "country")                   \
  XX(CAC, "cac")

typedef enum {
#define LS_ROLE_ENUM(name, str) LS_ROLE_##name,
  LS_ROLE_LIST(LS_ROLE_ENUM)
#undef LS_ROLE_ENUM
  LS_ROLE_COUNT
} ls_role;

typedef struct {
  ls_kind kind;
  int col[LS_ROLE_COUNT]; /* column index holding each role, -1 when none */
} ls_detection;

/* Detect the kind and roles of t. Never fails; unknown kinds get kind
 * LS_KIND_UNKNOWN and whatever roles could be read. */
void ls_detect(const ls_table *t, ls_detection *out);
/* "subscriptions", "customer_id", …; "?" outside the lists. */
const char *ls_kind_name(ls_kind k);
const char *ls_role_name(ls_role r);
/* Lower-case ASCII letters and digits of name, other bytes dropped (UTF-8
 * letters beyond ASCII are kept as they are), into buf of size n. */
void ls_detect_normalize(const char *name, char *buf, size_t n);

#endif
