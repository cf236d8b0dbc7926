/* report_svg.c: the report's inline SVG charts: a sparkline per KPI and the
 * revenue bridge as a diverging bar chart. Every text drawn is escaped. */
#include <math.h>

#include "report/report_internal.h"

#define SPARK_W 120.0
#define SPARK_H 28.0
#define BR_LABEL 150.0 /* the label column of the bridge chart */
#define BR_BARS 300.0  /* its bar area */
#define BR_VALUE 110.0 /* its value column */
#define BR_ROW 26.0

/* ---- API ---- */

void rp_svg_spark(rp_buf *b, const double *v, size_t n, int lower_is_better) {
  double lo = INFINITY, hi = -INFINITY;
  size_t last = n;
  for (size_t i = 0; i < n; i++)
    if (isfinite(v[i])) lo = fmin(lo, v[i]), hi = fmax(hi, v[i]), last = i;
  rp_printf(b, "<svg class=\"spark\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" aria-hidden=\"true\">",
            SPARK_W, SPARK_H, SPARK_W, SPARK_H);
  if (last < n) {
    double span = hi > lo ? hi - lo : 1, step = n > 1 ? (SPARK_W - 6) / (double)(n - 1) : 0;
    int open = 0;
    for (size_t i = 0; i < n; i++) {
      if (!isfinite(v[i])) { /* a gap ends the line */
        if (open) rp_puts(b, "\"/>");
        open = 0;
        continue;
      }
      double x = 3 + step * (double)i, y = hi > lo ? 3 + (SPARK_H - 6) * (hi - v[i]) / span : SPARK_H / 2;
      rp_printf(b, open ? " %.1f,%.1f" : "<polyline class=\"line\" points=\"%.1f,%.1f", x, y);
      open = 1;
    }
    if (open) rp_puts(b, "\"/>");
    double x = 3 + step * (double)last, y = hi > lo ? 3 + (SPARK_H - 6) * (hi - v[last]) / span : SPARK_H / 2;
    int up = last > 0 && isfinite(v[last - 1]) ? (v[last] > v[last - 1]) - (v[last] < v[last - 1]) : 0;
    int good = lower_is_better ? -up : up;
    rp_printf(b, "<circle class=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\"/>", good > 0 ? "dot good" : good < 0 ? "dot bad" : "dot",
              x, y);
  }
  rp_puts(b, "</svg>");
}

void rp_svg_bridge(const rp_model *m, rp_buf *b) {
  static const char *const keys[RP_BR_N] = {"br_new",         "br_expansion", "br_reactivation",
                                            "br_contraction", "br_churned",   "br_net"};
  double pos = 0, neg = 0;
  for (int i = 0; i < RP_BR_N; i++)
    if (isfinite(m->bridge[i])) pos = fmax(pos, m->bridge[i]), neg = fmax(neg, -m->bridge[i]);
  double total = pos + neg > 0 ? pos + neg : 1, axis = BR_LABEL + BR_BARS * neg / total;
  double w = BR_LABEL + BR_BARS + BR_VALUE, h = BR_ROW * RP_BR_N + 8;
  rp_printf(b, "<svg class=\"bridge\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"",
            w, h, w, h);
  rp_put_html(b, rp_msg(m->lang, "sec_bridge"));
  rp_puts(b, "\">");
  for (int i = 0; i < RP_BR_N; i++) {
    double x = m->bridge[i], y = 4 + BR_ROW * i, len = isfinite(x) ? BR_BARS * fabs(x) / total : 0;
    char v[RP_NUM];
    rp_printf(b, "<text class=\"lbl\" x=\"0\" y=\"%.1f\">", y + BR_ROW * 0.65);
    rp_put_html(b, rp_msg(m->lang, keys[i]));
    rp_puts(b, "</text>");
    rp_printf(b, "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>",
              i == RP_BR_NET ? "net" : x < 0 ? "neg" : "pos", x < 0 ? axis - len : axis, y + 4, len, BR_ROW - 8);
    rp_printf(b, "<text class=\"val\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", w, y + BR_ROW * 0.65);
    rp_put_html(b, rp_fmt(x, "currency", m->currency, m->lang, v));
    rp_puts(b, "</text>");
  }
  rp_printf(b, "<line class=\"axis\" x1=\"%.1f\" y1=\"2\" x2=\"%.1f\" y2=\"%.1f\"/></svg>", axis, axis, h - 2);
}
