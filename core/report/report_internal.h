/* report_internal.h: what the report's modules share: the model of one
 * report (report_model.c builds it), the message table (report_msgs.c), the
 * number formats and a growing text buffer (report_fmt.c), and the writers
 * (report_md.c, report_html.c with report_svg.c). Not a public header. */
#ifndef LS_REPORT_INTERNAL_H
#define LS_REPORT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "base/textbuf.h"
#include "base/timeutil.h"
#include "cJSON.h"
#include "report/report.h"

#define RP_SPARK 12     /* periods in a sparkline, the report's last */
#define RP_MAX_KPI 24
#define RP_MAX_PLANS 8
#define RP_MAX_FUNNELS 4
#define RP_MAX_STEPS 8
#define RP_MAX_RECS 8
#define RP_LABEL 128

/* ---- messages (report_msgs.c) ---- */
enum { RP_EN, RP_ZH_CN, RP_ZH_TW, RP_LANGS };
/* The language index of "en", "zh-CN", "zh-TW"; -1 otherwise. */
int rp_lang(const char *lang);
/* The text of key in language lang; the key itself when the table has none
 * (so a missing entry shows, never crashes). */
const char *rp_msg(int lang, const char *key);

/* The page's name of a catalog metric (web/i18n "metric.NAME.label"), or
 * NULL (report_labels.c); and the table's rows, for the test that holds it
 * to the page's files. */
const char *rp_metric_label(int lang, const char *metric);
size_t rp_metric_label_count(void);
const char *rp_metric_label_at(size_t i, int lang, const char **metric);

/* ---- text buffer and number formats (report_fmt.c) ---- */
/* The report's text (base/textbuf.h): a failed allocation cuts the text and
 * ls_report says LS_ENOMEM. */
typedef ls_text rp_buf;
#define rp_puts ls_text_puts
#define rp_printf ls_text_printf
/* s with & < > " ' written as HTML entities */
void rp_put_html(rp_buf *b, const char *s);
/* s with the characters Markdown tables and emphasis read (| * _ ` [ ] < > \)
 * escaped by a backslash, and line ends as spaces */
void rp_put_md(rp_buf *b, const char *s);

#define RP_NUM 64
/* x in unit ("currency", "ratio", "multiple", "count", "months", "seconds",
 * "number") into buf (RP_NUM bytes): "$58,496", "94.8%", "2.5x", "1,234",
 * "8.3 mo"; "—" for NaN. currency is an ISO code ("" none). */
char *rp_fmt(double x, const char *unit, const char *currency, int lang, char *buf);
/* The change of x against prev, into buf (RP_NUM bytes): "▲ 2.8%" (percent
 * change), for ratios "▲ 0.4 pp" (points); "—" when either is NaN or a
 * percent change has prev 0; "= 0%" when equal. *dir: 1 up, -1 down, 0 none. */
char *rp_fmt_change(double x, double prev, const char *unit, char *buf, int *dir);

/* ---- the model (report_model.c) ---- */
typedef struct {
  const char *metric;   /* catalog name */
  const char *unit;     /* catalog unit */
  char label[RP_LABEL]; /* in the report's language */
  ls_grain grain;       /* the grain its values are read at */
  int lower_is_better;
  double value, previous;
  double spark[RP_SPARK]; /* oldest first; NaN where undefined */
} rp_kpi;

typedef struct {
  char name[RP_LABEL];
  double value, previous;
} rp_plan;

typedef struct {
  size_t nsteps;
  char *step[RP_MAX_STEPS]; /* owned */
  int64_t users[RP_MAX_STEPS];
  double window_days;
} rp_funnel;

typedef struct {
  const char *key;    /* message key of the advice */
  const char *metric; /* the catalog metric that triggered it */
  const char *unit;
  ls_grain grain;
  char period[RP_LABEL];
  double value, threshold;
} rp_rec;

/* the bridge rows, in order: new, expansion, reactivation, contraction,
 * churned (as negative amounts), net new */
enum { RP_BR_NEW, RP_BR_EXPANSION, RP_BR_REACTIVATION, RP_BR_CONTRACTION, RP_BR_CHURNED, RP_BR_NET, RP_BR_N };

typedef struct {
  int lang;
  ls_report_period period;
  ls_grain grain;
  ls_tz tz;
  int64_t start, end;                /* the report period [start, end) */
  char first_day[LS_TIME_TEXT_MAX];  /* its first and last days */
  char last_day[LS_TIME_TEXT_MAX];
  char currency[8];
  rp_kpi kpi[RP_MAX_KPI];
  size_t nkpi;
  int has_bridge;
  double bridge[RP_BR_N];
  double mrr_start, mrr_end;
  rp_plan plan[RP_MAX_PLANS];
  size_t nplans;
  int has_retention;
  char ret_cohort[LS_TIME_TEXT_MAX];
  int64_t ret_size, ret_kept;
  double ret_mean; /* the size-weighted mean of first-period retention, NaN none */
  rp_funnel funnel[RP_MAX_FUNNELS];
  size_t nfunnels;
  cJSON *monitor;  /* ls_monitor_run's result, or NULL when none ran */
  cJSON *movers;   /* ls_insights_movers' array, or NULL */
  cJSON *contrib;  /* ls_insights_contrib of the top mover, or NULL */
  rp_rec rec[RP_MAX_RECS];
  size_t nrecs;
} rp_model;

/* Build the model of ls_report's arguments; rp_model_free releases it also
 * after a failure. */
ls_status rp_model_build(ls_workspace *ws, ls_report_period p, int64_t at, const char *rules, int lang,
                         rp_model *m);
void rp_model_free(rp_model *m);
/* The report's other data: monitor incidents and alerts, insights
 * (report_extra.c); an absent module leaves the fields NULL. */
ls_status rp_model_extra(ls_workspace *ws, const char *rules, rp_model *m);
/* The value of metric at grain g in the last complete period ending by end
 * (NaN when it does not run here), and that period's name (RP_LABEL bytes:
 * a day, "FIRST – LAST" for a week, a month). */
ls_status rp_metric_at(ls_workspace *ws, const char *metric, ls_grain g, int64_t end, double *value,
                       char *period);
/* The recommendations (report_recs.c). */
ls_status rp_model_recs(ls_workspace *ws, rp_model *m);
/* The period as the report names it: "DAY" or "FIRST – LAST" (RP_LABEL bytes) */
void rp_period_title(const rp_model *m, char *buf);
/* JSON fields: "" or NaN when absent or of another type */
const char *rp_jstr(const cJSON *o, const char *key);
double rp_jnum(const cJSON *o, const char *key);

/* ---- the document: the report as a list of blocks of plain text (not yet
 * escaped) that the Markdown and HTML writers render (report_doc.c builds
 * the list; report_sections.c fills it from the model) ---- */
#define RP_MAX_COLS 6
typedef struct {
  size_t ncols, nrows;
  const char *head[RP_MAX_COLS];
  unsigned right;      /* bit c: column c aligned right (numbers) */
  int change_col;      /* the column of a change, shown in its row's tone; -1 none */
  int spark_col;       /* the column of a sparkline (cell text empty); -1 none */
  char **cell;         /* nrows * ncols owned strings */
  int *tone;           /* per row: 1 good news, -1 bad news, 0 neither */
  const double **spark;/* per row: RP_SPARK values (spark_col), or NULL */
  int *lower;          /* per row: a fall is good news (the sparkline's colour) */
} rp_table;

typedef enum { RP_B_H2, RP_B_H3, RP_B_P, RP_B_NOTE, RP_B_ITEM, RP_B_TABLE, RP_B_BRIDGE } rp_block_kind;
typedef struct {
  rp_block_kind kind;
  const char *id; /* H2: the section's id ("kpis") */
  char *text;     /* owned: H2, H3, P, NOTE, ITEM */
  int tone;       /* ITEM: -1 a warning */
  rp_table *table;/* owned: TABLE */
} rp_block;
typedef struct {
  const rp_model *m;
  rp_block *b;
  size_t n, cap;
  int oom;
} rp_doc;

void rp_doc_text(rp_doc *d, rp_block_kind kind, const char *id, int tone, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
void rp_doc_block(rp_doc *d, rp_block_kind kind);
/* a new table of ncols columns with the given heads (message keys), added
 * to d; NULL on out of memory */
rp_table *rp_doc_table(rp_doc *d, size_t ncols, const char *const *head_keys, unsigned right);
/* add a row; its cells are printf'd from the next ncols format/argument
 * pairs given as already formatted strings: rp_row(t, tone, "a", "b", ...) */
void rp_row(rp_doc *d, rp_table *t, int tone, ...);
void rp_doc_free(rp_doc *d);
/* the whole report (report_sections.c) */
void rp_sections(rp_doc *d);

/* ---- writers ---- */
void rp_write_md(const rp_doc *d, rp_buf *b);
void rp_write_html(const rp_doc *d, rp_buf *b);
/* SVG (report_svg.c): a sparkline of n values (NaN gaps), and the bridge's
 * diverging bar chart */
void rp_svg_spark(rp_buf *b, const double *v, size_t n, int lower_is_better);
void rp_svg_bridge(const rp_model *m, rp_buf *b);

#endif
