/* report_html.c: the report as one self-contained HTML page: inline CSS,
 * inline SVG (report_svg.c), print CSS (@page, page breaks), no script and
 * no external URL (a Content-Security-Policy allows neither); every data
 * text escaped (rp_put_html). */
#include <stdio.h>
#include <string.h>

#include "report/report_internal.h"

static const char CSS[] =
    ":root{--fg:#1f2933;--muted:#616e7c;--good:#1e7b4f;--bad:#b42318;--line:#e4e7eb;--accent:#2f5bd3}"
    "*{box-sizing:border-box}"
    "body{margin:0;background:#f5f7fa;color:var(--fg);font:14px/1.5 system-ui,-apple-system,\"Segoe UI\","
    "Roboto,\"Noto Sans\",\"Noto Sans CJK SC\",\"PingFang SC\",\"Microsoft YaHei\",sans-serif}"
    "main{max-width:920px;margin:0 auto;padding:28px 32px;background:#fff}"
    "header{border-bottom:3px solid var(--accent);padding-bottom:10px}"
    "h1{font-size:24px;margin:0}.period{margin:2px 0 0;font-size:16px;color:var(--muted)}"
    "h2{font-size:17px;margin:28px 0 10px;padding-bottom:4px;border-bottom:1px solid var(--line)}"
    "h3{font-size:14px;margin:16px 0 6px}p{margin:6px 0}"
    ".note{color:var(--muted);font-size:13px}"
    "table{width:100%;border-collapse:collapse;font-variant-numeric:tabular-nums}"
    "th,td{padding:5px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:middle}"
    "th{font-size:12px;font-weight:600;color:var(--muted)}.r{text-align:right;white-space:nowrap}"
    ".good{color:var(--good)}.bad{color:var(--bad)}"
    "svg{display:block}.spark .line{fill:none;stroke:var(--accent);stroke-width:1.5}"
    ".dot{fill:var(--muted)}.dot.good{fill:var(--good)}.dot.bad{fill:var(--bad)}"
    ".bridge{max-width:100%;height:auto;margin:8px 0 12px}.bridge text{font-size:12px;fill:var(--fg)}"
    ".bridge .pos{fill:var(--good)}.bridge .neg{fill:var(--bad)}.bridge .net{fill:var(--accent)}"
    ".bridge .axis{stroke:var(--muted);stroke-width:1}"
    "ul{padding-left:20px}li{margin:4px 0}li.warn{color:var(--bad)}li.warn span{color:var(--fg)}"
    "@page{size:A4;margin:14mm}"
    "@media print{body{background:#fff;font-size:12px}main{max-width:none;padding:0}"
    "section{break-inside:avoid;page-break-inside:avoid}h2,h3{break-after:avoid;page-break-after:avoid}"
    "tr{break-inside:avoid;page-break-inside:avoid}}";

/* ---- private ---- */

static void table(rp_buf *b, const rp_table *t) {
  rp_puts(b, "<table><thead><tr>");
  for (size_t c = 0; c < t->ncols; c++) {
    rp_puts(b, (t->right >> c) & 1 ? "<th class=\"r\">" : "<th>");
    rp_put_html(b, t->head[c]);
    rp_puts(b, "</th>");
  }
  rp_puts(b, "</tr></thead><tbody>\n");
  for (size_t r = 0; r < t->nrows; r++) {
    rp_puts(b, "<tr>");
    for (size_t c = 0; c < t->ncols; c++) {
      int right = (t->right >> c) & 1, tone = (int)c == t->change_col ? t->tone[r] : 0;
      rp_printf(b, "<td%s%s%s%s>", right || tone ? " class=\"" : "", right ? "r" : "",
                tone ? (right ? (tone > 0 ? " good" : " bad") : (tone > 0 ? "good" : "bad")) : "", right || tone ? "\"" : "");
      if ((int)c == t->spark_col && t->spark[r]) rp_svg_spark(b, t->spark[r], RP_SPARK, t->lower[r]);
      else rp_put_html(b, t->cell[r * t->ncols + c]);
      rp_puts(b, "</td>");
    }
    rp_puts(b, "</tr>\n");
  }
  rp_puts(b, "</tbody></table>\n");
}

/* ---- API ---- */

void rp_write_html(const rp_doc *d, rp_buf *b) {
  static const char *const html_lang[RP_LANGS] = {"en", "zh-CN", "zh-TW"};
  const rp_model *m = d->m;
  char period[RP_LABEL], key[32];
  snprintf(key, sizeof key, "report_%s", ls_grain_name(m->grain));
  rp_period_title(m, period);
  rp_printf(b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n", html_lang[m->lang]);
  rp_puts(b, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
             "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
  rp_put_html(b, rp_msg(m->lang, key));
  rp_puts(b, " · ");
  rp_put_html(b, period);
  rp_printf(b, "</title>\n<style>%s</style>\n</head>\n<body>\n<main>\n<header><h1>", CSS);
  rp_put_html(b, rp_msg(m->lang, key));
  rp_puts(b, "</h1><p class=\"period\">");
  rp_put_html(b, period);
  rp_puts(b, "</p></header>\n");
  int open = 0, list = 0;
  for (size_t i = 0; i < d->n; i++) {
    const rp_block *k = &d->b[i];
    if (list && k->kind != RP_B_ITEM) rp_puts(b, "</ul>\n"), list = 0;
    switch (k->kind) {
    case RP_B_H2:
      rp_printf(b, "%s<section id=\"%s\">\n<h2>", open ? "</section>\n" : "", k->id);
      open = 1;
      break;
    case RP_B_H3: rp_puts(b, "<h3>"); break;
    case RP_B_P: rp_puts(b, "<p>"); break;
    case RP_B_NOTE: rp_puts(b, "<p class=\"note\">"); break;
    case RP_B_ITEM:
      if (!list) rp_puts(b, "<ul class=\"recs\">\n"), list = 1;
      rp_puts(b, k->tone < 0 ? "<li class=\"warn\"><span>" : "<li><span>");
      break;
    case RP_B_TABLE: table(b, k->table); continue;
    case RP_B_BRIDGE: rp_svg_bridge(m, b); continue;
    }
    rp_put_html(b, k->text);
    rp_puts(b, k->kind == RP_B_H2 ? "</h2>\n" : k->kind == RP_B_H3 ? "</h3>\n" : k->kind == RP_B_ITEM ? "</span></li>\n" : "</p>\n");
  }
  if (list) rp_puts(b, "</ul>\n");
  rp_puts(b, open ? "</section>\n</main>\n</body>\n</html>\n" : "</main>\n</body>\n</html>\n");
}
