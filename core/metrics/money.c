/* money.c: amounts and currencies (metrics/money.h). */
#include "metrics/money.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "base/ascii.h"
#include "base/dict.h"

/* ---- private ---- */

/* The ISO code a currency cell names, upper case, into code (8 bytes): an
 * ASCII code of 2 to 7 letters as written, or a Chinese name (人民币, 美元
 * …); 0 when the text is neither. */
static int currency_code(const char *s, size_t len, char *code) {
  static const struct {
    const char *name, *code;
  } names[] = {{"人民币", "CNY"}, {"元", "CNY"}, {"美元", "USD"}, {"港币", "HKD"}, {"港元", "HKD"},
               {"欧元", "EUR"}, {"日元", "JPY"}, {"英镑", "GBP"}, {"新台币", "TWD"}, {"新台幣", "TWD"},
               {"港幣", "HKD"}, {"人民幣", "CNY"}, {"美金", "USD"}};
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    if (strlen(names[i].name) == len && memcmp(s, names[i].name, len) == 0) {
      strcpy(code, names[i].code);
      return 1;
    }
  if (len < 2 || len > 7) return 0;
  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return 0;
    code[i] = (char)(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  }
  code[len] = '\0';
  return 1;
}

/* two currency cells name one currency: the same code, or the same text with
 * ASCII case ignored */
static int same_currency(const char *a, size_t alen, const char *b, size_t blen) {
  char x[8], y[8];
  if (currency_code(a, alen, x) && currency_code(b, blen, y)) return strcmp(x, y) == 0;
  return ls_ascii_ieqn(a, alen, b, blen);
}

/* a discount column holds percentages: read as such, or so named */
static int percent_column(const ls_column *c) {
  return (ls_column_flags(c) & LS_COL_PERCENT) || ls_money_percent_name(ls_column_name(c));
}

/* ---- API ---- */

ls_status ls_money_rates_get(ls_workspace *ws, const ls_table *t, const ls_column *cur, const uint8_t *keep,
                             ls_money_rates *out) {
  const ls_settings *set = ls_workspace_settings(ws);
  size_t n = ls_table_rows(t);
  snprintf(out->currency, sizeof out->currency, "%s", set->currency);
  out->rate = ls_malloc((n ? n : 1) * sizeof *out->rate);
  if (cur && ls_column_type(cur) != LS_TYPE_STRING) cur = NULL;
  /* per dictionary entry: its rate once a row with it has passed, else 0 */
  size_t nd = cur ? ls_dict_size(ls_column_dict(cur)) : 0;
  const int32_t *ids = cur ? ls_column_str_ids(cur) : NULL;
  double *passed = ls_calloc(nd + 1, sizeof *passed);
  if (!out->rate || !passed) {
    ls_free(out->rate), ls_free(passed);
    out->rate = NULL;
    return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  }
  int convert = set->currency[0] != 0, nulls = cur && ls_column_nulls(cur);
  const char *first = NULL; /* the first kept cell naming a currency */
  size_t first_len = 0;
  ls_status st = LS_OK;
  for (size_t i = 0; i < n && st == LS_OK; i++) {
    out->rate[i] = 1;
    if (!cur || (keep && !keep[i]) || (nulls && !ls_column_valid(cur, i))) continue;
    if (passed[ids[i]] > 0) {
      out->rate[i] = passed[ids[i]];
      continue;
    }
    size_t len = 0;
    const char *c = ls_column_str(cur, i, &len);
    if (!len) continue;
    if (convert) {
      char code[8];
      double r = currency_code(c, len, code) ? ls_settings_rate(set, code, strlen(code)) : ls_settings_rate(set, c, len);
      if (r <= 0)
        st = ls_workspace_fail(ws, LS_ECURRENCY, "%s: no rate from %.*s to %s: add it to the rates setting",
                               ls_table_name(t), (int)len, c, set->currency);
      out->rate[i] = passed[ids[i]] = r;
    } else if (!first) {
      first = c, first_len = len;
      passed[ids[i]] = 1;
    } else if (!same_currency(c, len, first, first_len)) {
      st = ls_workspace_fail(ws, LS_ECURRENCY,
                             "%s: amounts in several currencies (%.*s, %.*s): set a reporting currency and "
                             "rates, or break the metric down by currency",
                             ls_table_name(t), (int)first_len, first, (int)len, c);
    } else {
      passed[ids[i]] = 1;
    }
  }
  ls_free(passed);
  if (st != LS_OK) {
    ls_free(out->rate);
    out->rate = NULL;
    return st;
  }
  if (!convert && (!first || !currency_code(first, first_len, out->currency))) out->currency[0] = '\0';
  return LS_OK;
}

int ls_money_percent_name(const char *n) {
  for (const char *p = n; *p; p++) {
    if (*p == '%') return 1;
    size_t i = 0;
    while (i < 7 && p[i] && (p[i] | 0x20) == "percent"[i]) i++;
    if (i == 7) return 1;
  }
  return 0;
}

double ls_money_minor(const ls_detection *d) { return d->flags & LS_DETECT_MINOR_UNITS ? 100 : 1; }

double ls_money_discounted(const ls_column *disc, size_t i, double price, double minor) {
  double x = disc ? ls_column_num(disc, i) : NAN;
  if (isnan(x) || x <= 0) return price;
  if (percent_column(disc)) price *= 1 - ((ls_column_flags(disc) & LS_COL_PERCENT) ? x : x / 100);
  else price -= x / minor;
  return price < 0 ? 0 : price;
}

int ls_money_units(double price, double rate, double limit, int64_t *out) {
  double u = price * rate * (double)LS_MONEY_UNIT;
  if (!(fabs(u) * limit < 9e18)) return 0;
  *out = llround(u);
  return 1;
}
