/* settings.c: metric settings, their text forms and JSON (workspace/settings.h). */
#include "workspace/settings.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/jsonlist.h"
#include "base/numfmt.h"
#include "cJSON.h"

/* ---- private: the table of settings ---- */

typedef struct {
  const char *key;
  const char *choices; /* "a,b,c", or NULL for free text */
  const char *def;     /* the default's text */
  const char *description;
} setting_def;

static const setting_def defs[] = {
  {"weekly_factor", "52/12,4.33,4", "52/12", "The factor a weekly price is multiplied by to make it monthly."},
  {"discounts", "recurring,ignore", "recurring", "Whether a discount column lowers MRR."},
  {"churn_at", "ended,canceled", "ended",
   "When a cancelled subscription stops counting: at Ended At (the end of the paid period) or at Canceled At."},
  {"movements", "boundary,event", "boundary",
   "MRR movements from each customer's MRR at the ends of consecutive periods, or from every change at its own instant."},
  {"churn_denominator", "start,start_plus_new", "start",
   "Customer churn rate over paying customers at the start of the period, or at the start plus the new ones."},
  {"currency", NULL, "", "The reporting currency (ISO code); empty: the data's one currency."},
  {"rates", NULL, "", "Exchange rates into the reporting currency, e.g. EUR=1.08,GBP=1.27."},
  {"gross_margin", NULL, "1", "Gross margin for CAC payback, above 0 and at most 1."},
  {"tiers", NULL, "10,60,200", "Ascending thresholds of cumulative paid amount that split membership tiers."},
  {"error_status", "5xx,4xx", "5xx",
   "Which HTTP status codes count as errors in the error rate: 500 and above, or 400 and above."},
  {"session_gap_minutes", NULL, "30", "Minutes without events after which a session ends (1 to 1440)."},
};
#define NDEFS (sizeof defs / sizeof defs[0])

static const setting_def *find(const char *key) {
  for (size_t i = 0; key && i < NDEFS; i++)
    if (strcmp(defs[i].key, key) == 0) return &defs[i];
  return NULL;
}

static ls_status say(char *err, size_t n, ls_status st, const char *fmt, ...) {
  if (err && n) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, n, fmt, ap);
    va_end(ap);
  }
  return st;
}

/* the index of value among def's choices, or -1 */
static int choice(const setting_def *d, const char *value) {
  const char *p = d->choices;
  size_t vn = strlen(value);
  for (int i = 0; p && *p; i++) {
    const char *bar = strchr(p, ',');
    size_t len = bar ? (size_t)(bar - p) : strlen(p);
    if (len == vn && strncmp(p, value, len) == 0) return i;
    p = bar ? bar + 1 : p + len;
  }
  return -1;
}

/* a finite number filling s[0..len) exactly */
static int number(const char *s, size_t len, double *out) {
  char buf[64];
  if (len == 0 || len >= sizeof buf) return 0;
  memcpy(buf, s, len);
  buf[len] = '\0';
  char *end;
  double v = strtod(buf, &end);
  if (*end || !isfinite(v)) return 0;
  *out = v;
  return 1;
}

static int currency_code(const char *s, size_t len, char out[8]) {
  if (len != 3) return 0;
  for (size_t i = 0; i < 3; i++) {
    char c = s[i];
    if (c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
    if (c < 'A' || c > 'Z') return 0;
    out[i] = c;
  }
  out[3] = '\0';
  return 1;
}

static ls_status parse_rates(ls_settings *t, const char *v, char *err, size_t n) {
  t->nrates = 0;
  for (const char *p = v; *p;) {
    const char *comma = strchr(p, ',');
    size_t len = comma ? (size_t)(comma - p) : strlen(p);
    const char *eq = memchr(p, '=', len);
    if (!eq) eq = memchr(p, ':', len);
    double rate;
    if (t->nrates == LS_SETTINGS_RATES_MAX)
      return say(err, n, LS_EINVAL, "rates: at most %d currencies", LS_SETTINGS_RATES_MAX);
    if (!eq || !currency_code(p, (size_t)(eq - p), t->rates[t->nrates].code) ||
        !number(eq + 1, len - (size_t)(eq - p) - 1, &rate) || rate <= 0)
      return say(err, n, LS_EINVAL, "rates: \"%.*s\" is not CODE=RATE (e.g. EUR=1.08)", (int)len, p);
    t->rates[t->nrates++].rate = rate;
    p = comma ? comma + 1 : p + len;
  }
  return LS_OK;
}

static ls_status parse_tiers(ls_settings *t, const char *v, char *err, size_t n) {
  t->ntiers = 0;
  for (const char *p = v; *p;) {
    const char *comma = strchr(p, ',');
    size_t len = comma ? (size_t)(comma - p) : strlen(p);
    double x;
    if (t->ntiers == LS_SETTINGS_TIERS_MAX)
      return say(err, n, LS_EINVAL, "tiers: at most %d thresholds", LS_SETTINGS_TIERS_MAX);
    if (!number(p, len, &x) || x <= 0 || (t->ntiers && x <= t->tiers[t->ntiers - 1]))
      return say(err, n, LS_EINVAL, "tiers: thresholds must be positive and ascending, e.g. 10,60,200");
    if (x > LS_SETTINGS_TIER_LIMIT)
      return say(err, n, LS_EINVAL, "tiers: a threshold is at most %.0e", LS_SETTINGS_TIER_LIMIT);
    t->tiers[t->ntiers++] = x;
    p = comma ? comma + 1 : p + len;
  }
  if (!t->ntiers) return say(err, n, LS_EINVAL, "tiers: at least one threshold, e.g. 10,60,200");
  return LS_OK;
}

/* ---- API ---- */

void ls_settings_default(ls_settings *s) {
  memset(s, 0, sizeof *s);
  for (size_t i = 0; i < NDEFS; i++) ls_settings_set(s, defs[i].key, defs[i].def, NULL, 0);
}

ls_status ls_settings_set(ls_settings *s, const char *key, const char *value, char *err, size_t n) {
  const setting_def *d = find(key);
  if (!d) return say(err, n, LS_ENOTFOUND, "no setting named \"%s\"", key ? key : "");
  if (!value) value = "";
  ls_settings t = *s;
  int c = d->choices ? choice(d, value) : 0;
  if (c < 0) {
    char list[96];
    size_t at = 0;
    for (const char *p = d->choices; *p && at + 3 < sizeof list; p++) {
      list[at++] = *p;
      if (*p == ',') list[at++] = ' ';
    }
    list[at] = '\0';
    return say(err, n, LS_EINVAL, "%s: \"%s\" is not one of %s", key, value, list);
  }
  ls_status st = LS_OK;
  if (strcmp(key, "weekly_factor") == 0) {
    static const int64_t nums[] = {52, 433, 4}, dens[] = {12, 100, 1};
    t.weekly_num = nums[c];
    t.weekly_den = dens[c];
  } else if (strcmp(key, "discounts") == 0) {
    t.discounts = c;
  } else if (strcmp(key, "churn_at") == 0) {
    t.churn_at = c;
  } else if (strcmp(key, "movements") == 0) {
    t.movements = c;
  } else if (strcmp(key, "churn_denominator") == 0) {
    t.churn_denominator = c;
  } else if (strcmp(key, "error_status") == 0) {
    t.error_status = c;
  } else if (strcmp(key, "currency") == 0) {
    if (*value && !currency_code(value, strlen(value), t.currency))
      return say(err, n, LS_EINVAL, "currency: \"%s\" is not a three-letter code", value);
    if (!*value) t.currency[0] = '\0';
  } else if (strcmp(key, "rates") == 0) {
    st = parse_rates(&t, value, err, n);
  } else if (strcmp(key, "gross_margin") == 0) {
    double m;
    if (!number(value, strlen(value), &m) || m <= 0 || m > 1)
      return say(err, n, LS_EINVAL, "gross_margin: \"%s\" is not a number above 0 and at most 1", value);
    t.gross_margin = m;
  } else if (strcmp(key, "session_gap_minutes") == 0) {
    double m;
    if (!number(value, strlen(value), &m) || m < 1 || m > 1440 || m != floor(m))
      return say(err, n, LS_EINVAL, "session_gap_minutes: \"%s\" is not a whole number of minutes from 1 to 1440", value);
    t.session_gap_minutes = (int)m;
  } else {
    st = parse_tiers(&t, value, err, n);
  }
  if (st == LS_OK) *s = t;
  return st;
}

ls_status ls_settings_get(const ls_settings *s, const char *key, char *buf, size_t n) {
  const setting_def *d = find(key);
  if (!d || !n) return LS_ENOTFOUND;
  buf[0] = '\0';
  char num[LS_NUMFMT_MAX];
  if (strcmp(key, "weekly_factor") == 0) {
    snprintf(buf, n, "%s", s->weekly_den == 12 ? "52/12" : s->weekly_den == 100 ? "4.33" : "4");
  } else if (d->choices) {
    int c = strcmp(key, "discounts") == 0   ? s->discounts
            : strcmp(key, "churn_at") == 0  ? s->churn_at
            : strcmp(key, "movements") == 0 ? s->movements
            : strcmp(key, "error_status") == 0 ? s->error_status
                                            : s->churn_denominator;
    const char *p = d->choices;
    for (int i = 0; i < c; i++) p = strchr(p, ',') + 1;
    const char *bar = strchr(p, ',');
    snprintf(buf, n, "%.*s", (int)(bar ? (size_t)(bar - p) : strlen(p)), p);
  } else if (strcmp(key, "currency") == 0) {
    snprintf(buf, n, "%s", s->currency);
  } else if (strcmp(key, "gross_margin") == 0) {
    snprintf(buf, n, "%s", ls_fmt_double(s->gross_margin, num));
  } else if (strcmp(key, "session_gap_minutes") == 0) {
    snprintf(buf, n, "%d", s->session_gap_minutes);
  } else {
    int rates = strcmp(key, "rates") == 0;
    size_t count = rates ? s->nrates : s->ntiers, at = 0;
    for (size_t i = 0; i < count && at < n; i++) {
      int w = rates ? snprintf(buf + at, n - at, "%s%s=%s", i ? "," : "", s->rates[i].code,
                               ls_fmt_double(s->rates[i].rate, num))
                    : snprintf(buf + at, n - at, "%s%s", i ? "," : "", ls_fmt_double(s->tiers[i], num));
      if (w < 0) break;
      at += (size_t)w;
    }
  }
  return LS_OK;
}

double ls_settings_rate(const ls_settings *s, const char *code, size_t len) {
  char c[8];
  if (!currency_code(code, len, c)) return 0;
  if (s->currency[0] && strcmp(c, s->currency) == 0) return 1;
  for (size_t i = 0; i < s->nrates; i++)
    if (strcmp(s->rates[i].code, c) == 0) return s->rates[i].rate;
  return 0;
}

size_t ls_settings_count(void) { return NDEFS; }

const char *ls_settings_key(size_t i) { return i < NDEFS ? defs[i].key : NULL; }

char *ls_settings_json(const ls_settings *s) {
  ls_alloc_init_json();
  cJSON *arr = cJSON_CreateArray();
  for (size_t i = 0; arr && i < NDEFS; i++) {
    cJSON *o = cJSON_CreateObject();
    if (!o || !cJSON_AddItemToArray(arr, o)) {
      cJSON_Delete(o);
      break;
    }
    char value[512];
    ls_settings_get(s, defs[i].key, value, sizeof value);
    cJSON_AddStringToObject(o, "name", defs[i].key);
    cJSON_AddStringToObject(o, "value", value);
    cJSON_AddStringToObject(o, "default", defs[i].def);
    if (defs[i].choices) ls_json_add_list(o, "choices", defs[i].choices);
    else cJSON_AddNullToObject(o, "choices");
    cJSON_AddStringToObject(o, "description", defs[i].description);
  }
  char *out = arr ? cJSON_PrintUnformatted(arr) : NULL;
  cJSON_Delete(arr);
  return out;
}
