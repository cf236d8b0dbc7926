/* report_fmt.c: the report's text buffer, escapes and number formats
 * (report_internal.h). */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "report/report_internal.h"

/* ---- private ---- */

/* "%.*f" of |x| with a comma between groups of three integer digits */
static void grouped(double x, int decimals, char *out, size_t n) {
  char tmp[RP_NUM];
  snprintf(tmp, sizeof tmp, "%.*f", decimals, fabs(x));
  const char *dot = strchr(tmp, '.');
  size_t ilen = dot ? (size_t)(dot - tmp) : strlen(tmp), o = 0;
  for (size_t i = 0; i < ilen && o + 2 < n; i++) {
    if (i && (ilen - i) % 3 == 0) out[o++] = ',';
    out[o++] = tmp[i];
  }
  snprintf(out + o, n - o, "%s", dot ? dot : "");
}

static const char *symbol(const char *code) {
  static const struct { const char *code, *sym; } t[] = {
      {"USD", "$"}, {"EUR", "€"}, {"GBP", "£"}, {"CNY", "¥"}, {"JPY", "¥"}, {"HKD", "HK$"}, {"TWD", "NT$"}};
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
    if (strcmp(code, t[i].code) == 0) return t[i].sym;
  return NULL;
}

/* ---- API ---- */

void rp_put_html(rp_buf *b, const char *s) {
  for (; *s; s++) {
    switch (*s) {
    case '&': rp_puts(b, "&amp;"); break;
    case '<': rp_puts(b, "&lt;"); break;
    case '>': rp_puts(b, "&gt;"); break;
    case '"': rp_puts(b, "&quot;"); break;
    case '\'': rp_puts(b, "&#39;"); break;
    default: ls_text_putn(b, s, 1);
    }
  }
}

void rp_put_md(rp_buf *b, const char *s) {
  const char *start = s;
  for (; *s; s++) {
    if (*s == '\n' || *s == '\r') {
      ls_text_putn(b, " ", 1);
      continue;
    }
    /* an underscore inside a word is no emphasis (CommonMark): kept bare */
    int inword = *s == '_' && s != start && isalnum((unsigned char)s[-1]) && isalnum((unsigned char)s[1]);
    if (strchr("|*_`[]<>\\&~", *s) && !inword) ls_text_putn(b, "\\", 1);
    ls_text_putn(b, s, 1);
  }
}

char *rp_fmt(double x, const char *unit, const char *currency, int lang, char *buf) {
  char num[RP_NUM - 24]; /* room in buf for a sign, a symbol or a code */
  const char *sign = x < 0 ? "-" : "";
  if (!isfinite(x)) {
    snprintf(buf, RP_NUM, "—");
  } else if (strcmp(unit, "currency") == 0) {
    /* cents only on small amounts that have them: $48.03, $227, $58,496 */
    grouped(x, fabs(x) >= 100 || x == floor(x) ? 0 : 2, num, sizeof num);
    const char *sym = symbol(currency);
    if (sym) snprintf(buf, RP_NUM, "%s%s%s", sign, sym, num);
    else snprintf(buf, RP_NUM, "%s%s%s%s", sign, num, *currency ? " " : "", currency);
  } else if (strcmp(unit, "ratio") == 0) {
    snprintf(buf, RP_NUM, "%.1f%%", fabs(x) < 0.0005 ? 0.0 : x * 100); /* never "-0.0%" */
  } else if (strcmp(unit, "multiple") == 0) {
    snprintf(buf, RP_NUM, "%.2fx", x);
  } else if (strcmp(unit, "months") == 0 || strcmp(unit, "seconds") == 0) {
    snprintf(buf, RP_NUM, "%.1f %s", x, rp_msg(lang, unit[0] == 'm' ? "unit_months" : "unit_seconds"));
  } else {
    /* count and number: whole numbers whole, else 1 decimal (2 under 100) */
    int dec = x == floor(x) ? 0 : fabs(x) >= 100 ? 1 : 2;
    grouped(x, dec, num, sizeof num);
    snprintf(buf, RP_NUM, "%s%s", sign, num);
  }
  return buf;
}

char *rp_fmt_change(double x, double prev, const char *unit, char *buf, int *dir) {
  *dir = 0;
  int ratio = strcmp(unit, "ratio") == 0;
  if (!isfinite(x) || !isfinite(prev) || (!ratio && prev == 0)) {
    snprintf(buf, RP_NUM, "—");
    return buf;
  }
  if (x == prev) {
    snprintf(buf, RP_NUM, ratio ? "= 0 pp" : "= 0%%");
    return buf;
  }
  *dir = x > prev ? 1 : -1;
  const char *arrow = *dir > 0 ? "▲" : "▼";
  if (ratio) snprintf(buf, RP_NUM, "%s %.1f pp", arrow, fabs(x - prev) * 100);
  else snprintf(buf, RP_NUM, "%s %.1f%%", arrow, fabs(x - prev) / fabs(prev) * 100);
  return buf;
}

const char *rp_jstr(const cJSON *o, const char *key) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  return cJSON_IsString(v) && v->valuestring ? v->valuestring : "";
}

double rp_jnum(const cJSON *o, const char *key) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}
