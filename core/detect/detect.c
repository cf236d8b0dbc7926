/* detect.c: known exports, dataset kinds and column roles from a table's header. */
#include "detect/detect.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "detect/detect_internal.h"
#include "precomp/precomp.h"

_Static_assert(LS_ROLE_COUNT <= 64, "role masks are 64-bit");

/* ---- private: what each kind holds ---- */

#define R(x) (UINT64_C(1) << LS_ROLE_##x)
#define ALL_ROLES ((LS_ROLE_COUNT == 64 ? 0 : (UINT64_C(1) << LS_ROLE_COUNT)) - 1)

/* the roles that mean something for each kind */
static const uint64_t KIND_ROLES[LS_KIND_COUNT] = {
  [LS_KIND_UNKNOWN] = ALL_ROLES,
  [LS_KIND_SUBSCRIPTIONS] = R(ID) | R(CUSTOMER) | R(PLAN) | R(INTERVAL) | R(INTERVAL_COUNT) |
                            R(AMOUNT) | R(QUANTITY) | R(CURRENCY) | R(STATUS) | R(CREATED) |
                            R(START) | R(TRIAL_END) | R(CANCELED_AT) | R(ENDED_AT) | R(EMAIL) |
                            R(DISCOUNT),
  [LS_KIND_EVENTS] = R(ID) | R(USER) | R(EVENT) | R(TIMESTAMP) | R(PLAN) | R(STATUS) | R(SESSION) |
                     R(DURATION) | R(ERROR_CODE) | R(SUCCESS) | R(COUNTRY) | R(REGION) |
                     R(CHANNEL) | R(CAMPAIGN) | R(REVENUE) | R(ANONYMOUS_ID),
  [LS_KIND_CUSTOMERS] = R(CUSTOMER) | R(USER) | R(SIGNUP) | R(CHANNEL) | R(SEGMENT) | R(COUNTRY) |
                        R(CAC) | R(EMAIL) | R(REGION) | R(PLAN),
  [LS_KIND_PAYMENTS] = R(ID) | R(ORDER_ID) | R(CUSTOMER) | R(AMOUNT) | R(REFUND_AMOUNT) |
                       R(REFUNDED) | R(CURRENCY) | R(STATUS) | R(CREATED) | R(CANCELED_AT) |
                       R(FEE) | R(PLAN) | R(QUANTITY) | R(CHANNEL) | R(COUNTRY) | R(REGION) |
                       R(EMAIL) | R(SUBSCRIPTION) | R(DIRECTION) | R(SUCCESS) | R(DISCOUNT),
  [LS_KIND_SPEND] = R(TIMESTAMP) | R(CHANNEL) | R(CAMPAIGN) | R(SPEND) | R(IMPRESSIONS) |
                    R(CLICKS) | R(CONVERSIONS) | R(REVENUE) | R(CURRENCY) | R(COUNTRY) | R(REGION) |
                    R(STATUS),
  [LS_KIND_REVIEWS] = R(ID) | R(ENTITY) | R(USER) | R(SCORE) | R(REVIEW_TEXT) | R(TIMESTAMP) |
                      R(COUNTRY) | R(REGION) | R(CHANNEL) | R(PLAN) | R(ORDER_ID),
  [LS_KIND_SCORES] = R(ENTITY) | R(TIMESTAMP) | R(SCORE) | R(SPEND) | R(REVENUE) | R(CLICKS) |
                     R(IMPRESSIONS) | R(CONVERSIONS) | R(CAMPAIGN) | R(CHANNEL) | R(REGION) |
                     R(COUNTRY) | R(STATUS),
  [LS_KIND_PLANS] = R(ID) | R(PLAN) | R(AMOUNT) | R(CURRENCY) | R(INTERVAL) | R(INTERVAL_COUNT),
  [LS_KIND_SUBSCRIPTION_EVENTS] = R(ID) | R(CUSTOMER) | R(SUBSCRIPTION) | R(EVENT) | R(TIMESTAMP) |
                                  R(CREATED) | R(PLAN) | R(AMOUNT) | R(CURRENCY) | R(QUANTITY),
};

/* the roles a kind cannot do without: metrics read them unchecked */
static const uint64_t KIND_REQUIRED[LS_KIND_COUNT] = {
  [LS_KIND_SUBSCRIPTIONS] = R(CUSTOMER) | R(AMOUNT) | R(START),
  [LS_KIND_EVENTS] = R(USER) | R(EVENT) | R(TIMESTAMP),
  [LS_KIND_CUSTOMERS] = R(CUSTOMER),
  [LS_KIND_PAYMENTS] = R(AMOUNT) | R(CREATED),
  [LS_KIND_SPEND] = R(TIMESTAMP) | R(SPEND),
  [LS_KIND_REVIEWS] = R(SCORE),
  [LS_KIND_SCORES] = R(ENTITY) | R(TIMESTAMP) | R(SCORE),
  [LS_KIND_PLANS] = R(PLAN),
  [LS_KIND_SUBSCRIPTION_EVENTS] = R(CUSTOMER) | R(EVENT) | R(TIMESTAMP),
};

typedef enum { NEED_TIME, NEED_NUMBER, NEED_ID, NEED_FLAG, NEED_TEXT } role_type;

static role_type role_need(ls_role r) {
  const uint64_t times = R(TIMESTAMP) | R(CREATED) | R(START) | R(TRIAL_END) | R(CANCELED_AT) |
                         R(ENDED_AT) | R(SIGNUP);
  const uint64_t numbers = R(AMOUNT) | R(QUANTITY) | R(INTERVAL_COUNT) | R(CAC) | R(REFUND_AMOUNT) |
                           R(DURATION) | R(SCORE) | R(SPEND) | R(IMPRESSIONS) | R(CLICKS) |
                           R(CONVERSIONS) | R(REVENUE) | R(FEE) | R(DISCOUNT);
  const uint64_t ids = R(ID) | R(CUSTOMER) | R(USER) | R(ORDER_ID) | R(SESSION) | R(ENTITY) |
                       R(SUBSCRIPTION) | R(ANONYMOUS_ID) | R(ERROR_CODE);
  const uint64_t flags = R(REFUNDED) | R(SUCCESS);
  uint64_t b = UINT64_C(1) << r;
  return b & times ? NEED_TIME : b & numbers ? NEED_NUMBER : b & ids ? NEED_ID : b & flags ? NEED_FLAG
                                                                                     : NEED_TEXT;
}

static const char *need_text(role_type n) {
  static const char *const text[] = {"a timestamp", "a number", "a text or integer", "a bool or integer",
                                     "a text"};
  return text[n];
}

#undef R

/* ---- private: a table's header, normalised once ---- */

#define NAME_BYTES 64

typedef struct {
  const ls_table *t;
  size_t n;                                 /* columns read */
  uint64_t hash[LS_DETECT_MAX_COLS];        /* FNV-1a of the whole normalised name */
  char name[LS_DETECT_MAX_COLS][NAME_BYTES]; /* its first bytes */
  unsigned char listed[LS_DETECT_MAX_COLS]; /* named by the recognised format */
} header;

/* hash and leading bytes of the normalised s[0..len) */
static uint64_t norm_hash(const char *s, size_t len, char *buf) {
  uint64_t h = LS_FNV_BASIS;
  size_t o = 0;
  int full = 0;
  const unsigned char *p = (const unsigned char *)s, *end = p + len;
  while (p < end && *p) {
    unsigned char b[4];
    size_t k = ls_detect_norm_char(&p, b);
    h = ls_detect_fnv(h, b, k);
    if (!full && o + k < NAME_BYTES) {
      memcpy(buf + o, b, k);
      o += k;
    } else {
      full = 1;
    }
  }
  buf[o] = '\0';
  return h;
}

static void header_read(header *h, const ls_table *t) {
  h->t = t;
  h->n = ls_table_ncols(t);
  if (h->n > LS_DETECT_MAX_COLS) h->n = LS_DETECT_MAX_COLS;
  for (size_t i = 0; i < h->n; i++) {
    const char *s = ls_column_name(ls_table_col(t, i));
    if (!s) s = "";
    h->hash[i] = norm_hash(s, strlen(s), h->name[i]);
    h->listed[i] = 0;
  }
}

/* The first column named one of names ('|'-separated, tried in order) whose
 * type fits role (any type when role < 0), skipping listed columns when
 * asked; -1 when none. */
static int find(const header *h, const char *names, int role, int skip_listed) {
  const char *p = names;
  while (*p) {
    const char *bar = strchr(p, '|');
    size_t len = bar ? (size_t)(bar - p) : strlen(p);
    char want[NAME_BYTES];
    uint64_t hw = norm_hash(p, len, want);
    for (size_t i = 0; i < h->n; i++) {
      if (h->hash[i] != hw || strcmp(h->name[i], want) != 0) continue;
      if (skip_listed && h->listed[i]) continue;
      if (role >= 0 && !ls_detect_fits(ls_table_col(h->t, i), (ls_role)role)) continue;
      return (int)i;
    }
    p += len + (bar ? 1 : 0);
  }
  return -1;
}

/* ---- private: known formats ---- */

/* columns of spec found in h, or -1 when a key is missing or too few match:
 * a format needs every key and at least 3 columns, and 30% of those listed */
static int format_matches(const header *h, const ls_format_spec *spec) {
  int matched = 0;
  for (size_t j = 0; j < spec->ncols; j++) {
    int c = find(h, spec->cols[j].names, -1, 0);
    if (c >= 0)
      matched++;
    else if (spec->cols[j].key)
      return -1;
  }
  size_t least = (spec->ncols * 3 + 9) / 10;
  if (least < 3) least = 3;
  return (size_t)matched >= least ? matched : -1;
}

/* the best matching format: the highest share of its columns found, then the most found */
static const ls_format_spec *best_format(const header *h, int *matched) {
  size_t n;
  const ls_format_spec *specs = ls_detect_formats(&n), *best = NULL;
  *matched = 0;
  for (size_t i = 0; i < n; i++) {
    int m = format_matches(h, &specs[i]);
    if (m < 0) continue;
    /* m / ncols > matched / best->ncols, cross-multiplied */
    if (!best || (size_t)m * best->ncols > (size_t)*matched * specs[i].ncols ||
        ((size_t)m * best->ncols == (size_t)*matched * specs[i].ncols && m > *matched)) {
      best = &specs[i];
      *matched = m;
    }
  }
  return best;
}

static void format_roles(header *h, const ls_format_spec *spec, int found[LS_ROLE_COUNT]) {
  for (size_t j = 0; j < spec->ncols; j++) {
    const ls_format_col *fc = &spec->cols[j];
    int c = find(h, fc->names, -1, 0);
    if (c < 0) continue;
    h->listed[c] = 1;
    for (int k = 0; k < 2; k++) {
      int r = fc->role[k];
      if (r >= 0 && found[r] < 0 && ls_detect_fits(ls_table_col(h->t, (size_t)c), (ls_role)r))
        found[r] = c;
    }
  }
}

/* ---- private: generic tables ---- */

static ls_kind generic_kind(const int found[LS_ROLE_COUNT]) {
#define HAS(r) (found[LS_ROLE_##r] >= 0)
  if (HAS(USER) && HAS(EVENT) && HAS(TIMESTAMP)) return LS_KIND_EVENTS;
  if (HAS(CUSTOMER) && HAS(START) && HAS(AMOUNT) && (HAS(INTERVAL) || HAS(PLAN) || HAS(STATUS)))
    return LS_KIND_SUBSCRIPTIONS;
  if (HAS(SPEND) && HAS(TIMESTAMP) && (HAS(CAMPAIGN) || HAS(CHANNEL) || HAS(IMPRESSIONS) || HAS(CLICKS)))
    return LS_KIND_SPEND;
  if (HAS(SCORE) && HAS(REVIEW_TEXT)) return LS_KIND_REVIEWS;
  if ((HAS(CUSTOMER) || HAS(ORDER_ID)) && HAS(AMOUNT) && HAS(CREATED) && !HAS(INTERVAL))
    return LS_KIND_PAYMENTS;
  if (HAS(ENTITY) && HAS(TIMESTAMP) && HAS(SCORE)) return LS_KIND_SCORES;
  if ((HAS(CUSTOMER) || HAS(USER)) && HAS(SIGNUP) && !HAS(EVENT) && !HAS(AMOUNT))
    return LS_KIND_CUSTOMERS;
#undef HAS
  return LS_KIND_UNKNOWN;
}

/* the names of the roles with a column, ", "-separated, into buf */
static void list_roles(const int col[LS_ROLE_COUNT], char *buf, size_t n) {
  size_t o = 0;
  buf[0] = '\0';
  for (int r = 0; r < LS_ROLE_COUNT && o < n; r++) {
    if (col[r] < 0) continue;
    int w = snprintf(buf + o, n - o, "%s%s", o ? ", " : "", ls_role_name((ls_role)r));
    if (w < 0) break;
    o += (size_t)w;
  }
}

/* the first required role of kind k without a column, or -1 */
static int missing_role(ls_kind k, const int col[LS_ROLE_COUNT]) {
  for (int r = 0; r < LS_ROLE_COUNT; r++)
    if ((KIND_REQUIRED[k] >> r) & 1u && col[r] < 0) return r;
  return -1;
}

/* 1 when the table's name (up to its first '.', so a file's extension does
 * not count) ends in the word "event" or "events", any case: "events",
 * "ahoy_events", "AppEvents", "app-events.csv"; not "prevent". */
static int named_events(const ls_table *t) {
  const char *s = ls_table_name(t);
  if (!s) return 0;
  const char *dot = strchr(s, '.');
  size_t n = dot ? (size_t)(dot - s) : strlen(s);
  if (n && (s[n - 1] == 's' || s[n - 1] == 'S')) n--;
  if (n < 5) return 0;
  for (size_t i = 0; i < 5; i++)
    if ((s[n - 5 + i] | 0x20) != "event"[i]) return 0;
  if (n == 5) return 1;
  unsigned char b = (unsigned char)s[n - 6];
  int lower = b >= 'a' && b <= 'z', upper = b >= 'A' && b <= 'Z';
  return (!lower && !upper) || (lower && s[n - 5] == 'E');
}

static int fail(char *err, size_t errlen, const char *fmt, ...) {
  if (err && errlen) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
  }
  return LS_EINVAL;
}

/* ---- API ---- */

uint64_t ls_detect_required(ls_kind k) {
  return (int)k >= 0 && k < LS_KIND_COUNT ? KIND_REQUIRED[k] : 0;
}

uint64_t ls_detect_roles_of(ls_kind k) { return (int)k >= 0 && k < LS_KIND_COUNT ? KIND_ROLES[k] : 0; }

int ls_detect_fits(const ls_column *c, ls_role r) {
  if (!c || (int)r < 0 || r >= LS_ROLE_COUNT) return 0;
  ls_type t = ls_column_type(c);
  if (ls_column_len(c) > 0 && ls_column_nulls(c) == ls_column_len(c)) return 1;
  switch (role_need(r)) {
    case NEED_TIME: return t == LS_TYPE_TIME;
    case NEED_NUMBER: return t == LS_TYPE_INT64 || t == LS_TYPE_DOUBLE;
    case NEED_ID: return t == LS_TYPE_STRING || t == LS_TYPE_INT64;
    case NEED_FLAG: return t == LS_TYPE_BOOL || t == LS_TYPE_INT64;
    default: return t == LS_TYPE_STRING;
  }
}

void ls_detect(const ls_table *t, ls_detection *out) {
  if (!out) return;
  memset(out, 0, sizeof *out);
  out->kind = LS_KIND_UNKNOWN;
  out->format = LS_FORMAT_GENERIC;
  for (int r = 0; r < LS_ROLE_COUNT; r++) out->col[r] = -1;
  if (!t) {
    snprintf(out->reason, sizeof out->reason, "No table");
    return;
  }

  /* results read back (precomp/precomp.h): told by their whole header */
  ls_kind pre = ls_precomp_kind(t);
  if (pre != LS_KIND_UNKNOWN) {
    out->kind = pre;
    snprintf(out->reason, sizeof out->reason, "Precomputed %s by its header", ls_kind_name(pre));
    return;
  }

  header h;
  header_read(&h, t);
  int found[LS_ROLE_COUNT];
  for (int r = 0; r < LS_ROLE_COUNT; r++) found[r] = -1;

  int matched = 0;
  const ls_format_spec *spec = best_format(&h, &matched);
  ls_kind kind;
  if (spec) {
    format_roles(&h, spec, found);
    kind = spec->kind;
    /* columns the export does not list may still carry the kind's other roles */
    for (int r = 0; r < LS_ROLE_COUNT; r++)
      if (found[r] < 0 && (KIND_ROLES[kind] >> r) & 1u) found[r] = find(&h, ls_detect_vocab((ls_role)r), r, 1);
    out->format = spec->format;
    out->flags = spec->flags;
    out->matched = matched;
    out->listed = (int)spec->ncols;
  } else {
    for (int r = 0; r < LS_ROLE_COUNT; r++) found[r] = find(&h, ls_detect_vocab((ls_role)r), r, 0);
    /* an events table of one's own database names its events "name" (Ahoy's
     * ahoy_events, most hand-made schemas) */
    if (found[LS_ROLE_EVENT] < 0 && named_events(t)) found[LS_ROLE_EVENT] = find(&h, "name", LS_ROLE_EVENT, 0);
    kind = generic_kind(found);
  }

  for (int r = 0; r < LS_ROLE_COUNT; r++)
    if ((KIND_ROLES[kind] >> r) & 1u) out->col[r] = found[r];
  /* a customers table keyed by a user id reads it as its customer id */
  if (kind == LS_KIND_CUSTOMERS) {
    if (out->col[LS_ROLE_CUSTOMER] < 0) out->col[LS_ROLE_CUSTOMER] = out->col[LS_ROLE_USER];
    out->col[LS_ROLE_USER] = -1;
  }

  int missing = missing_role(kind, out->col);
  char roles[96];
  list_roles(out->col, roles, sizeof roles);
  if (spec && missing >= 0) {
    snprintf(out->reason, sizeof out->reason, "%s: matched %d of %d columns, but %s needs %s column",
             ls_format_title(spec->format), out->matched, out->listed, ls_role_name((ls_role)missing),
             need_text(role_need((ls_role)missing)));
    kind = LS_KIND_UNKNOWN;
  } else if (spec) {
    snprintf(out->reason, sizeof out->reason, "%s: matched %d of %d columns",
             ls_format_title(spec->format), out->matched, out->listed);
  } else if (kind != LS_KIND_UNKNOWN) {
    snprintf(out->reason, sizeof out->reason, "Generic %s table by column names: %s", ls_kind_name(kind),
             roles);
  } else if (roles[0]) {
    snprintf(out->reason, sizeof out->reason, "No known export or kind; roles read: %s", roles);
  } else {
    snprintf(out->reason, sizeof out->reason, "No known export or kind");
  }
  out->kind = kind;
}

ls_status ls_detect_apply(const ls_table *t, int kind, const int *roles, ls_detection *inout,
                          char *err, size_t errlen) {
  if (err && errlen) err[0] = '\0';
  if (!t || !inout) return fail(err, errlen, "no table or no detection to map");
  const char *tn = ls_table_name(t);
  size_t ncols = ls_table_ncols(t);
  int k = kind == LS_DETECT_KEEP ? (int)inout->kind : kind;
  if (k < 0 || k >= LS_KIND_COUNT) return fail(err, errlen, "%s: no dataset kind %d", tn, kind);

  ls_detection d = *inout;
  d.kind = (ls_kind)k;
  for (int r = 0; r < LS_ROLE_COUNT; r++) {
    int c = roles ? roles[r] : LS_DETECT_KEEP;
    const char *rn = ls_role_name((ls_role)r);
    int means = (int)((KIND_ROLES[k] >> r) & 1u);
    if (c == LS_DETECT_KEEP) {
      /* a kept role that no longer means anything, or no longer fits, goes */
      c = inout->col[r];
      if (!means || c < 0 || (size_t)c >= ncols || !ls_detect_fits(ls_table_col(t, (size_t)c), (ls_role)r))
        c = -1;
    } else if (c != -1) {
      if (c < 0 || (size_t)c >= ncols)
        return fail(err, errlen, "%s: role %s: no column %d (the table has %zu)", tn, rn, c, ncols);
      const ls_column *col = ls_table_col(t, (size_t)c);
      if (!means)
        return fail(err, errlen, "%s: the role %s means nothing for %s datasets (column \"%s\")", tn, rn,
                    ls_kind_name((ls_kind)k), ls_column_name(col));
      if (!ls_detect_fits(col, (ls_role)r))
        return fail(err, errlen, "%s: column \"%s\" is %s; the role %s needs %s column", tn,
                    ls_column_name(col), ls_type_name(ls_column_type(col)), rn,
                    need_text(role_need((ls_role)r)));
    }
    d.col[r] = c;
  }
  int missing = missing_role(d.kind, d.col);
  if (missing >= 0)
    return fail(err, errlen, "%s: %s datasets need a column for %s (%s column)", tn,
                ls_kind_name(d.kind), ls_role_name((ls_role)missing),
                need_text(role_need((ls_role)missing)));
  d.flags |= LS_DETECT_MANUAL;
  snprintf(d.reason, sizeof d.reason, "Set by hand: %s dataset", ls_kind_name(d.kind));
  *inout = d;
  return LS_OK;
}

const char *ls_kind_name(ls_kind k) {
  switch (k) {
#define LS_KIND_STR(name, str) \
  case LS_KIND_##name:         \
    return str;
    LS_KIND_LIST(LS_KIND_STR)
#undef LS_KIND_STR
    default: return "?";
  }
}

const char *ls_role_name(ls_role r) {
  switch (r) {
#define LS_ROLE_STR(name, str) \
  case LS_ROLE_##name:         \
    return str;
    LS_ROLE_LIST(LS_ROLE_STR)
#undef LS_ROLE_STR
    default: return "?";
  }
}

const char *ls_format_name(ls_format f) {
  switch (f) {
#define LS_FORMAT_STR(name, id, title) \
  case LS_FORMAT_##name:               \
    return id;
    LS_FORMAT_LIST(LS_FORMAT_STR)
#undef LS_FORMAT_STR
    default: return "?";
  }
}

const char *ls_format_title(ls_format f) {
  switch (f) {
#define LS_FORMAT_STR(name, id, title) \
  case LS_FORMAT_##name:               \
    return title;
    LS_FORMAT_LIST(LS_FORMAT_STR)
#undef LS_FORMAT_STR
    default: return "?";
  }
}

int ls_kind_from_name(const char *name) {
  for (int k = 0; name && k < LS_KIND_COUNT; k++)
    if (strcmp(name, ls_kind_name((ls_kind)k)) == 0) return k;
  return -1;
}

int ls_role_from_name(const char *name) {
  for (int r = 0; name && r < LS_ROLE_COUNT; r++)
    if (strcmp(name, ls_role_name((ls_role)r)) == 0) return r;
  return -1;
}

int ls_format_from_name(const char *name) {
  for (int f = 0; name && f < LS_FORMAT_COUNT; f++)
    if (strcmp(name, ls_format_name((ls_format)f)) == 0) return f;
  return -1;
}
