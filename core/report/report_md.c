/* report_md.c: the report as Markdown for a chat tool: short tables, ▲▼
 * arrows, a block-character trend, no HTML; every data text escaped
 * (rp_put_md). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/report_internal.h"

/* ---- private ---- */

/* the trend as block characters, lowest ▁ to highest █; · for a gap */
static void blocks(rp_buf *b, const double *v) {
  static const char *const bars[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  double lo = INFINITY, hi = -INFINITY;
  for (size_t i = 0; i < RP_SPARK; i++)
    if (isfinite(v[i])) lo = fmin(lo, v[i]), hi = fmax(hi, v[i]);
  for (size_t i = 0; i < RP_SPARK; i++) {
    if (!isfinite(v[i])) rp_puts(b, "·");
    else rp_puts(b, bars[hi > lo ? (int)floor((v[i] - lo) / (hi - lo) * 7 + 0.5) : 3]);
  }
}

static void table(rp_buf *b, const rp_table *t) {
  for (size_t c = 0; c < t->ncols; c++) {
    rp_puts(b, "| ");
    rp_put_md(b, t->head[c]);
    rp_puts(b, " ");
  }
  rp_puts(b, "|\n");
  for (size_t c = 0; c < t->ncols; c++) rp_puts(b, (t->right >> c) & 1 ? "|---:" : "|---");
  rp_puts(b, "|\n");
  for (size_t r = 0; r < t->nrows; r++) {
    for (size_t c = 0; c < t->ncols; c++) {
      rp_puts(b, "| ");
      if ((int)c == t->spark_col && t->spark[r]) blocks(b, t->spark[r]);
      else rp_put_md(b, t->cell[r * t->ncols + c]);
      rp_puts(b, " ");
    }
    rp_puts(b, "|\n");
  }
  rp_puts(b, "\n");
}

/* ---- API ---- */

void rp_write_md(const rp_doc *d, rp_buf *b) {
  const rp_model *m = d->m;
  char period[RP_LABEL], key[32];
  snprintf(key, sizeof key, "report_%s", ls_grain_name(m->grain));
  rp_period_title(m, period);
  rp_puts(b, "# ");
  rp_put_md(b, rp_msg(m->lang, key));
  rp_puts(b, " · ");
  rp_put_md(b, period);
  rp_puts(b, "\n\n");
  for (size_t i = 0; i < d->n; i++) {
    const rp_block *k = &d->b[i];
    switch (k->kind) {
    case RP_B_H2: rp_puts(b, "## "); break;
    case RP_B_H3: rp_puts(b, "**"); break;
    case RP_B_NOTE: rp_puts(b, "_"); break;
    case RP_B_ITEM: rp_puts(b, k->tone < 0 ? "- ⚠ " : "- "); break;
    case RP_B_TABLE: table(b, k->table); continue;
    case RP_B_BRIDGE: continue; /* the bridge's table says it in Markdown */
    case RP_B_P: break;
    }
    rp_put_md(b, k->text);
    rp_puts(b, k->kind == RP_B_H3 ? "**" : k->kind == RP_B_NOTE ? "_" : "");
    /* a blank line after each block; list items stay together */
    int more_items = k->kind == RP_B_ITEM && i + 1 < d->n && d->b[i + 1].kind == RP_B_ITEM;
    rp_puts(b, more_items ? "\n" : "\n\n");
  }
}
