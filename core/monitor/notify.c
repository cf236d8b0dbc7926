/* notify.c: Slack, Feishu and DingTalk webhook bodies for a monitor run (notify.h).
 *
 * Every body holds a title (with the judged day), a count line (or "no
 * alerts") and one line per alert, P0 first, in the order of the run within a
 * severity. The words come from the small table below (en, zh-CN, zh-TW);
 * rule ids, metrics, entities and periods are the run's own text. */
#include "monitor/notify.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "base/numfmt.h"
#include "cJSON.h"

/* at most this many alert lines; the rest is counted on one "more" line
 * (Slack takes 50 blocks a message) */
#define LS_NOTIFY_MAX_LINES 40
#define LS_NOTIFY_LINE_MAX 1024

/* ---- the message table ---- */

enum { LANG_EN, LANG_ZH_CN, LANG_ZH_TW, LANG_COUNT };
enum {
  MSG_TITLE, MSG_COUNT, MSG_NONE, MSG_MORE, MSG_THRESHOLD, MSG_EXPECTED, MSG_PREVIOUS,
  MSG_SCORE, MSG_PROBLEMS, MSG_ACTION, MSG_KIND_THRESHOLD, MSG_KIND_CHANGE, MSG_KIND_ANOMALY,
  MSG_KIND_ENTITY, MSG_KIND_RECONCILE, MSG_COUNT_OF
};
static const char *const messages[MSG_COUNT_OF][LANG_COUNT] = {
  [MSG_TITLE] = {"Lodestar alerts", "Lodestar 告警", "Lodestar 警報"},
  [MSG_COUNT] = {"%d alerts: %d P0, %d P1, %d P2", "共 %d 条告警：P0 %d 条，P1 %d 条，P2 %d 条",
                 "共 %d 則警報：P0 %d 則，P1 %d 則，P2 %d 則"},
  [MSG_NONE] = {"No alerts.", "没有告警。", "沒有警報。"},
  [MSG_MORE] = {"…and %d more", "……另有 %d 条", "……另有 %d 則"},
  [MSG_THRESHOLD] = {"threshold", "阈值", "閾值"},
  [MSG_EXPECTED] = {"expected", "预期范围", "預期範圍"},
  [MSG_PREVIOUS] = {"previous", "上期", "上期"},
  [MSG_SCORE] = {"score", "偏离", "偏離"},
  [MSG_PROBLEMS] = {"problems", "问题", "問題"},
  [MSG_ACTION] = {"action", "动作", "動作"},
  [MSG_KIND_THRESHOLD] = {"threshold", "阈值", "閾值"},
  [MSG_KIND_CHANGE] = {"change", "环比变化", "環比變化"},
  [MSG_KIND_ANOMALY] = {"anomaly", "异常", "異常"},
  [MSG_KIND_ENTITY] = {"entity", "实体", "實體"},
  [MSG_KIND_RECONCILE] = {"reconciliation", "对账", "對帳"},
};
static const char *const lang_names[LANG_COUNT] = {"en", "zh-CN", "zh-TW"};
static const char *const kind_names[] = {"threshold", "change", "anomaly", "entity",
                                         "reconcile"};

/* ---- private: text ---- */

typedef struct {
  char *p;
  size_t len, cap;
  int failed;
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n) {
  if (b->failed) return;
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + n + 1) cap *= 2;
    char *p = ls_realloc(b->p, cap);
    if (!p) {
      b->failed = 1;
      return;
    }
    b->p = p;
    b->cap = cap;
  }
  memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = 0;
}

/* a NULL s (a line that ran out of memory) fails the buffer */
static void sb_str(sbuf *b, const char *s) {
  if (s) sb_add(b, s, strlen(s));
  else b->failed = 1;
}

static void sb_fmt(sbuf *b, const char *fmt, ...) {
  char tmp[LS_NOTIFY_LINE_MAX];
  va_list ap;
  va_start(ap, fmt);
  int k = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (k > 0) sb_add(b, tmp, (size_t)k < sizeof tmp ? (size_t)k : sizeof tmp - 1);
}

/* Slack mrkdwn: & < > are control characters */
static void sb_mrkdwn(sbuf *b, const char *s) {
  if (!s) b->failed = 1;
  for (; s && *s; s++) {
    if (*s == '&') sb_str(b, "&amp;");
    else if (*s == '<') sb_str(b, "&lt;");
    else if (*s == '>') sb_str(b, "&gt;");
    else sb_add(b, s, 1);
  }
}

/* a number rounded to 4 decimals, in plain decimal text ("" when missing) */
static const char *num_text(const cJSON *v, char *buf) {
  if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble)) return "";
  return ls_fmt_double(round(v->valuedouble * 1e4) / 1e4, buf);
}

static const char *str_field(const cJSON *o, const char *key) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  return cJSON_IsString(v) && v->valuestring ? v->valuestring : NULL;
}

static int severity_rank(const cJSON *alert) {
  const char *s = str_field(alert, "severity");
  if (s && s[0] == 'P' && s[1] >= '0' && s[1] <= '2' && !s[2]) return s[1] - '0';
  return 3;
}

static const char *kind_word(const char *kind, int lang) {
  for (size_t i = 0; i < sizeof kind_names / sizeof *kind_names; i++)
    if (!strcmp(kind, kind_names[i])) return messages[MSG_KIND_THRESHOLD + i][lang];
  return kind;
}

/* " · label number" when the alert has that number */
/* " · label text", or " · text" without a label; nothing when text is NULL */
static void add_part(sbuf *b, const char *label, const char *text) {
  if (!text) return;
  sb_str(b, " · ");
  if (label) {
    sb_str(b, label);
    sb_str(b, " ");
  }
  sb_str(b, text);
}

/* " · label number" when the alert has that number */
static void add_num(sbuf *b, const cJSON *alert, const char *key, const char *label) {
  char buf[LS_NUMFMT_MAX];
  const char *t = num_text(cJSON_GetObjectItemCaseSensitive(alert, key), buf);
  if (*t) add_part(b, label, t);
}

/* "[P1] rule (kind) · metric = value · threshold t · expected lo–hi · previous p
 *  · score z · entity · condition · action a · problems n · period" */
static void alert_line(sbuf *b, const cJSON *alert, int lang) {
  const char *sev = str_field(alert, "severity"), *rule = str_field(alert, "rule");
  const char *kind = str_field(alert, "kind"), *metric = str_field(alert, "metric");
  char v[LS_NUMFMT_MAX], lo[LS_NUMFMT_MAX], hi[LS_NUMFMT_MAX];
  sb_str(b, "[");
  sb_str(b, sev ? sev : "?");
  sb_str(b, "] ");
  sb_str(b, rule ? rule : "?");
  if (kind) sb_fmt(b, " (%s)", kind_word(kind, lang));
  add_part(b, NULL, metric);
  const char *t = num_text(cJSON_GetObjectItemCaseSensitive(alert, "value"), v);
  if (metric && *t) sb_fmt(b, " = %s", t);
  add_num(b, alert, "threshold", messages[MSG_THRESHOLD][lang]);
  const char *l = num_text(cJSON_GetObjectItemCaseSensitive(alert, "expected_lo"), lo);
  const char *h = num_text(cJSON_GetObjectItemCaseSensitive(alert, "expected_hi"), hi);
  if (*l && *h) sb_fmt(b, " · %s %s–%s", messages[MSG_EXPECTED][lang], l, h);
  add_num(b, alert, "previous", messages[MSG_PREVIOUS][lang]);
  add_num(b, alert, "score", messages[MSG_SCORE][lang]);
  add_part(b, NULL, str_field(alert, "entity"));
  add_part(b, NULL, str_field(alert, "condition"));
  add_part(b, messages[MSG_ACTION][lang], str_field(alert, "action"));
  add_num(b, alert, "problems", messages[MSG_PROBLEMS][lang]);
  add_part(b, NULL, str_field(alert, "period"));
}

/* ---- private: the parts of every body ---- */

typedef struct {
  int lang;
  char title[256];
  char count[256]; /* the count line, or "no alerts" */
  char more[128];  /* "…and N more", or "" */
  const cJSON *sorted[LS_NOTIFY_MAX_LINES];
  int n_lines;
} digest;

static void make_digest(const cJSON *run, int lang, digest *d) {
  const cJSON *alerts = cJSON_GetObjectItemCaseSensitive(run, "alerts");
  const char *at = str_field(run, "at");
  int by_sev[4] = {0}, total = 0;
  const cJSON *a;
  d->lang = lang;
  if (at) snprintf(d->title, sizeof d->title, "%s · %s", messages[MSG_TITLE][lang], at);
  else snprintf(d->title, sizeof d->title, "%s", messages[MSG_TITLE][lang]);
  cJSON_ArrayForEach(a, alerts) {
    by_sev[severity_rank(a)]++;
    total++;
  }
  if (total) snprintf(d->count, sizeof d->count, messages[MSG_COUNT][lang], total, by_sev[0],
                      by_sev[1], by_sev[2]);
  else snprintf(d->count, sizeof d->count, "%s", messages[MSG_NONE][lang]);
  d->n_lines = 0;
  for (int rank = 0; rank <= 3; rank++)
    cJSON_ArrayForEach(a, alerts) {
      if (severity_rank(a) == rank && d->n_lines < LS_NOTIFY_MAX_LINES)
        d->sorted[d->n_lines++] = a;
    }
  d->more[0] = 0;
  if (total > d->n_lines)
    snprintf(d->more, sizeof d->more, messages[MSG_MORE][lang], total - d->n_lines);
}

/* one alert's line, in b (emptied first); NULL when out of memory */
static const char *line_of(sbuf *b, const digest *d, int i) {
  b->len = 0;
  sb_str(b, "");
  alert_line(b, d->sorted[i], d->lang);
  return b->failed ? NULL : b->p;
}

/* ---- private: the three shapes ----
 * Every builder below records a failed allocation in *ok and goes on; the
 * caller drops the whole body then, never sending half of one. */

/* item added to parent (an object when key is set, else an array); deleted on
 * failure. Returns item, or NULL. */
static cJSON *put(cJSON *parent, const char *key, cJSON *item, int *ok) {
  int added = item && parent &&
              (key ? cJSON_AddItemToObject(parent, key, item) : cJSON_AddItemToArray(parent, item));
  if (added) return item;
  cJSON_Delete(item);
  *ok = 0;
  return NULL;
}

static void put_str(cJSON *o, const char *key, const char *text, int *ok) {
  put(o, key, text ? cJSON_CreateString(text) : NULL, ok);
}

static cJSON *text_obj(const char *type, const char *text, int *ok) {
  cJSON *o = cJSON_CreateObject();
  if (!o) *ok = 0;
  put_str(o, "type", type, ok);
  put_str(o, "text", text, ok);
  return o;
}

/* one section block of Slack mrkdwn (& < > escaped) */
static void slack_section(cJSON *blocks, const char *text, int *ok) {
  sbuf esc = {0};
  sb_str(&esc, "");
  sb_mrkdwn(&esc, text);
  cJSON *sec = put(blocks, NULL, cJSON_CreateObject(), ok);
  put_str(sec, "type", "section", ok);
  put(sec, "text", text_obj("mrkdwn", esc.failed ? NULL : esc.p, ok), ok);
  ls_free(esc.p);
}

/* {"text", "blocks": [header, section (count), section per alert, (more)]} */
static cJSON *slack_body(const digest *d, sbuf *b, int *ok) {
  cJSON *root = cJSON_CreateObject();
  sb_str(b, d->title);
  sb_str(b, ": ");
  sb_str(b, d->count);
  put_str(root, "text", b->failed ? NULL : b->p, ok);
  cJSON *blocks = put(root, "blocks", cJSON_CreateArray(), ok);
  cJSON *header = put(blocks, NULL, cJSON_CreateObject(), ok);
  put_str(header, "type", "header", ok);
  put(header, "text", text_obj("plain_text", d->title, ok), ok);
  slack_section(blocks, d->count, ok);
  for (int i = 0; i < d->n_lines; i++) slack_section(blocks, line_of(b, d, i), ok);
  if (d->more[0]) slack_section(blocks, d->more, ok);
  return root;
}

static void feishu_paragraph(cJSON *content, const char *text, int *ok) {
  cJSON *para = put(content, NULL, cJSON_CreateArray(), ok);
  cJSON *run = put(para, NULL, cJSON_CreateObject(), ok);
  put_str(run, "tag", "text", ok);
  put_str(run, "text", text, ok);
}

/* {"msg_type":"post","content":{"post":{"zh_cn"|"en_us":{"title","content":[[{"tag":"text",
 *  "text"}]...]}}}}: zh-TW text goes under zh_cn, Feishu's Chinese slot */
static cJSON *feishu_body(const digest *d, sbuf *b, int *ok) {
  cJSON *root = cJSON_CreateObject();
  put_str(root, "msg_type", "post", ok);
  cJSON *content = put(root, "content", cJSON_CreateObject(), ok);
  cJSON *post = put(content, "post", cJSON_CreateObject(), ok);
  cJSON *loc = put(post, d->lang == LANG_EN ? "en_us" : "zh_cn", cJSON_CreateObject(), ok);
  put_str(loc, "title", d->title, ok);
  cJSON *paras = put(loc, "content", cJSON_CreateArray(), ok);
  feishu_paragraph(paras, d->count, ok);
  for (int i = 0; i < d->n_lines; i++) feishu_paragraph(paras, line_of(b, d, i), ok);
  if (d->more[0]) feishu_paragraph(paras, d->more, ok);
  return root;
}

/* {"msgtype":"markdown","markdown":{"title","text"}}: a heading, the count, a
 * bullet per alert */
static cJSON *dingtalk_body(const digest *d, sbuf *b, int *ok) {
  cJSON *root = cJSON_CreateObject();
  put_str(root, "msgtype", "markdown", ok);
  cJSON *md = put(root, "markdown", cJSON_CreateObject(), ok);
  put_str(md, "title", d->title, ok);
  sbuf text = {0};
  sb_str(&text, "#### ");
  sb_str(&text, d->title);
  sb_str(&text, "\n\n");
  sb_str(&text, d->count);
  sb_str(&text, "\n\n");
  for (int i = 0; i < d->n_lines; i++) {
    sb_str(&text, "- ");
    sb_str(&text, line_of(b, d, i));
    sb_str(&text, "\n");
  }
  if (d->more[0]) {
    sb_str(&text, "- ");
    sb_str(&text, d->more);
    sb_str(&text, "\n");
  }
  put_str(md, "text", text.failed ? NULL : text.p, ok);
  ls_free(text.p);
  return root;
}

/* ---- API ---- */

ls_status ls_notify_payload(const char *monitor_json, const char *target, const char *lang,
                            char **out) {
  if (!out) return LS_EINVAL;
  *out = NULL;
  if (!monitor_json || !target || !lang) return LS_EINVAL;
  int lg = -1;
  for (int i = 0; i < LANG_COUNT; i++)
    if (!strcmp(lang, lang_names[i])) lg = i;
  cJSON *(*shape)(const digest *, sbuf *, int *) = !strcmp(target, "slack")      ? slack_body
                                            : !strcmp(target, "feishu")   ? feishu_body
                                            : !strcmp(target, "dingtalk") ? dingtalk_body
                                                                          : NULL;
  if (lg < 0 || !shape) return LS_EINVAL;
  ls_alloc_init_json();
  cJSON *run = cJSON_Parse(monitor_json);
  const cJSON *alerts = cJSON_GetObjectItemCaseSensitive(run, "alerts");
  if (!cJSON_IsObject(run) || (alerts && !cJSON_IsArray(alerts))) {
    cJSON_Delete(run);
    return LS_EPARSE;
  }
  digest d;
  sbuf b = {0};
  make_digest(run, lg, &d);
  int ok = 1;
  cJSON *body = shape(&d, &b, &ok);
  char *text = body && ok && !b.failed ? cJSON_PrintUnformatted(body) : NULL;
  ls_free(b.p);
  cJSON_Delete(body);
  cJSON_Delete(run);
  if (!text) return LS_ENOMEM;
  *out = text;
  return LS_OK;
}
