/* money.c: amounts and currencies (metrics/money.h). */
#include "metrics/money.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"

/* ---- private ---- */

/* a currency code of at most 7 bytes, upper case, into code (8 bytes) */
static void code_upper(const char *s, size_t len, char *code) {
  size_t n = len < 7 ? len : 7;
  for (size_t i = 0; i < n; i++) code[i] = (char)(s[i] >= 'a' && s[i] <= 'z' ? s[i] - 'a' + 'A' : s[i]);
  code[n] = '\0';
}

/* text s (len bytes) is code, ASCII case ignored */
static int same_code(const char *s, size_t len, const char *code) {
  char a[8], b[8];
  if (len != strlen(code)) return 0;
  code_upper(s, len, a);
  code_upper(code, len, b);
  return strcmp(a, b) == 0;
}

/* a discount column holds percentages: read as such, or so named */
static int percent_column(const ls_column *c) {
  if (ls_column_flags(c) & LS_COL_PERCENT) return 1;
  const char *n = ls_column_name(c);
  for (const char *p = n; *p; p++) {
    if (*p == '%') return 1;
    size_t i = 0;
    while (i < 7 && p[i] && (p[i] | 0x20) == "percent"[i]) i++;
    if (i == 7) return 1;
  }
  return 0;
}

/* ---- API ---- */

ls_status ls_money_rates_get(ls_workspace *ws, const ls_table *t, const ls_column *cur, const uint8_t *keep,
                             ls_money_rates *out) {
  const ls_settings *set = ls_workspace_settings(ws);
  size_t n = ls_table_rows(t);
  snprintf(out->currency, sizeof out->currency, "%s", set->currency);
  out->rate = ls_malloc((n ? n : 1) * sizeof *out->rate);
  if (!out->rate) return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  int convert = set->currency[0] != 0;
  char first[8] = "";
  ls_status st = LS_OK;
  for (size_t i = 0; i < n && st == LS_OK; i++) {
    out->rate[i] = 1;
    size_t len = 0;
    const char *c = cur && (!keep || keep[i]) && ls_column_type(cur) == LS_TYPE_STRING && ls_column_valid(cur, i)
                        ? ls_column_str(cur, i, &len)
                        : NULL;
    if (!c || !len) continue;
    if (convert) {
      double r = ls_settings_rate(set, c, len);
      if (r <= 0)
        st = ls_workspace_fail(ws, LS_ECURRENCY, "%s: no rate from %.*s to %s: add it to the rates setting",
                               ls_table_name(t), (int)len, c, set->currency);
      out->rate[i] = r;
    } else if (!first[0]) {
      snprintf(first, sizeof first, "%.*s", (int)(len < 7 ? len : 7), c);
    } else if (!same_code(c, len, first)) {
      st = ls_workspace_fail(ws, LS_ECURRENCY,
                             "%s: amounts in several currencies (%s, %.*s): set a reporting currency and "
                             "rates, or break the metric down by currency",
                             ls_table_name(t), first, (int)len, c);
    }
  }
  if (st != LS_OK) {
    ls_free(out->rate);
    out->rate = NULL;
    return st;
  }
  if (!convert) code_upper(first, strlen(first) < 3 ? strlen(first) : 3, out->currency);
  return LS_OK;
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
