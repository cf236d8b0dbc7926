/* pii.h: which columns of a table hold personal data.
 *
 * A column is personal data of one kind (ls_pii): an email address, a phone
 * number, a person's name, an IP address or card digits. It is found by its
 * name (normalised as ls_detect_normalize does: "E-Mail" is "email") or by
 * its values: at least LS_PII_SHARE_PCT percent of the non-empty values
 * sampled (string columns: up to LS_PII_SAMPLE distinct values spread over
 * the dictionary; integer columns: up to LS_PII_SAMPLE rows spread over the
 * column) are of one shape. Exact rules, and what is never flagged:
 * docs/privacy.md. Pure: reads the table and its detection, never allocates,
 * never fails. */
#ifndef LS_PII_H
#define LS_PII_H

#include <stddef.h>
#include <stdint.h>

#include "detect/detect.h"
#include "table/table.h"

/* identifier (also the token's prefix, ls_mask_token) */
#define LS_PII_LIST(XX) \
  XX(NONE, "")          \
  XX(EMAIL, "email")    \
  XX(PHONE, "phone")    \
  XX(NAME, "name")      \
  XX(IP, "ip")          \
  XX(CARD, "card")

typedef enum {
#define LS_PII_ENUM(name, str) LS_PII_##name,
  LS_PII_LIST(LS_PII_ENUM)
#undef LS_PII_ENUM
  LS_PII_COUNT
} ls_pii;

#define LS_PII_SAMPLE 512
#define LS_PII_SHARE_PCT 80

/* The kind of personal data column col of t holds, LS_PII_NONE when none.
 * det is t's detection (ls_detect; NULL reads as none): columns that carry a
 * label role (event, plan, status, channel, segment, country, region,
 * campaign, currency, interval) are never personal data, and a bare "name"
 * column counts only in a customers-like table. */
ls_pii ls_pii_column(const ls_table *t, const ls_detection *det, size_t col);

/* "email", "phone", "name", "ip", "card"; "" for none and outside the list. */
const char *ls_pii_name(ls_pii k);
/* The kind named name (exact), or LS_PII_NONE. */
ls_pii ls_pii_from_name(const char *name);

/* Shapes of one value s[0..len) (exposed for tests and the page's share
 * check): an email address (local@domain.tld), an IPv4 dotted quad or an
 * IPv6 address, a phone number (7 to 15 digits with at least one of + ( )
 * - . space, never a date's shape), card digits (13 to 19 digits, spaces or
 * dashes between, passing the Luhn check). 1 or 0. */
int ls_pii_is_email(const char *s, size_t len);
int ls_pii_is_ip(const char *s, size_t len);
int ls_pii_is_phone(const char *s, size_t len);
int ls_pii_is_card(const char *s, size_t len);

#endif
