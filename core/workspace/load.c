/* load.c: magic numbers, gzip, encodings, format and dialect, then a reader. */
#include "workspace/load.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "ingest/csv.h"
#include "ingest/encoding.h"
#include "ingest/gunzip.h"
#include "ingest/jsonl.h"
#include "ingest/sniff.h"
#include "ingest/source.h"
#include "ingest/sqlitedb.h"
#include "workspace/wsfile.h"

#define MAX_SAMPLES 8
#define MSG_MAX 1024
#define FILE_CHUNK ((size_t)1 << 20)
/* a SQLite file is held whole; beyond this the browser tab would not cope */
#define SQLITE_MAX ((size_t)2 << 30)

enum { M_HEAD, M_TEXT, M_SQLITE };

typedef struct {
  unsigned char *b;
  size_t n;
  int at_end;
} raw_sample;

struct ls_loader {
  ls_workspace *ws;
  char *name;
  ls_load_options o;
  ls_record_fn fn;
  void *ctx;
  ls_status status;
  char msg[MSG_MAX];
  int fed, finished;
  uint64_t bytes_in;
  /* gzip: decided on the first two raw bytes */
  int gz_known;
  unsigned char gz_head[2];
  size_t ngz_head;
  ls_gunzip *gz;
  /* the plain bytes */
  int mode;
  unsigned char *head;
  size_t nhead;
  raw_sample samples[MAX_SAMPLES];
  size_t nsamples;
  /* text */
  ls_encoding_guess enc;
  ls_decoder *dec;
  int dec_done; /* the decoder was finished (the whole file fit the head) */
  int jsonl;
  ls_csv *csv;
  ls_jsonl *jl;
  ls_sniff_result sniff;
  ls_dialect dialect; /* the one the reader uses */
  /* sqlite: the whole file */
  unsigned char *all;
  size_t nall, capall;
};

/* ---- private: errors ---- */

static ls_status fail(ls_loader *l, ls_status st, const char *fmt, ...) {
  if (l->status != LS_OK) return l->status;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(l->msg, sizeof l->msg, fmt, ap);
  va_end(ap);
  l->status = st;
  ls_workspace_fail(l->ws, st, "%s", l->msg);
  return st;
}

/* adopt a reader's message (already naming the file) */
static ls_status fail_with(ls_loader *l, ls_status st, const char *msg) {
  if (st == LS_ENOMEM && (!msg || !*msg)) return fail(l, st, "%s: out of memory", l->name);
  return fail(l, st, "%s", msg && *msg ? msg : ls_status_message(st));
}

/* ---- private: what the head says ---- */

static int starts(const unsigned char *h, size_t n, const char *magic, size_t m) {
  return n >= m && memcmp(h, magic, m) == 0;
}

/* A message for a file that is certainly not text, or NULL. */
static const char *not_text(const unsigned char *h, size_t n) {
  if (starts(h, n, "PK\x03\x04", 4) || starts(h, n, "PK\x05\x06", 4))
    return "not a CSV file: a zip archive (an .xlsx workbook is one: save the sheet as CSV, or unzip the archive)";
  if (starts(h, n, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
    return "not a CSV file: an Excel 97-2003 workbook (.xls): save the sheet as CSV";
  if (starts(h, n, "%PDF-", 5)) return "not a CSV file: a PDF document";
  if (starts(h, n, "\x89PNG", 4) || starts(h, n, "\xFF\xD8\xFF", 3) || starts(h, n, "GIF8", 4))
    return "not a CSV file: an image";
  if (starts(h, n, "7z\xBC\xAF", 4) || starts(h, n, "Rar!", 4)) return "not a CSV file: an archive";
  if (starts(h, n, "PAR1", 4)) return "not a CSV file: a Parquet file";
  return NULL;
}

/* ---- private: readers ---- */

/* What the active reader (CSV or JSON Lines) shares: its name, error,
 * typing, reports, repairs and row lines. NULL before it is made. */
static ls_reader *reader(ls_loader *l) {
  return l->jsonl ? ls_jsonl_reader(l->jl) : ls_csv_reader(l->csv);
}

/* Adopt the reader's message for status st. */
static ls_status reader_fail(ls_loader *l, ls_status st) {
  const ls_reader *b = reader(l);
  return fail_with(l, st, b ? b->msg : "");
}

/* The reader is made: give it the typing plan and the record callback. */
static ls_status reader_ready(ls_loader *l) {
  reader(l)->typing = &l->o.typing;
  ls_status st = LS_OK;
  if (l->fn)
    st = l->jsonl ? ls_jsonl_on_record(l->jl, l->fn, l->ctx) : ls_csv_on_record(l->csv, l->fn, l->ctx);
  return st == LS_OK ? LS_OK : reader_fail(l, st);
}

static ls_status feed_reader(ls_loader *l, const char *s, size_t n) {
  if (!n) return LS_OK;
  ls_status st = l->jsonl ? ls_jsonl_feed(l->jl, s, n) : ls_csv_feed(l->csv, s, n);
  return st == LS_OK ? LS_OK : reader_fail(l, st);
}

static ls_status feed_text(ls_loader *l, const void *raw, size_t n) {
  const char *out;
  size_t outn;
  ls_status st = ls_decoder_feed(l->dec, raw, n, &out, &outn);
  if (st != LS_OK) return fail(l, st, "%s: %s", l->name, ls_status_message(st));
  return feed_reader(l, out, outn);
}

/* Decode a sample with a decoder of its own: UTF-8 text, caller frees. */
static ls_status decode_sample(ls_loader *l, const raw_sample *rs, char **out, size_t *outn) {
  ls_decoder *d = ls_decoder_new(l->enc.enc);
  char *buf = NULL;
  size_t n = 0;
  ls_status st = d ? LS_OK : LS_ENOMEM;
  for (int pass = 0; st == LS_OK && pass < 2; pass++) {
    const char *piece;
    size_t pn;
    st = pass == 0 ? ls_decoder_feed(d, rs->b, rs->n, &piece, &pn)
                   : rs->at_end ? ls_decoder_finish(d, &piece, &pn) : (pn = 0, LS_OK);
    if (st != LS_OK || !pn) continue;
    char *grown = ls_realloc(buf, n + pn);
    if (!grown) {
      st = LS_ENOMEM;
      break;
    }
    memcpy(grown + n, piece, pn);
    buf = grown;
    n += pn;
  }
  ls_decoder_free(d);
  if (st != LS_OK) {
    ls_free(buf);
    return st;
  }
  *out = buf;
  *outn = n;
  return LS_OK;
}

static ls_status start_csv(ls_loader *l, const char *text, size_t n, int at_eof) {
  ls_sample s[MAX_SAMPLES + 1];
  char *dec[MAX_SAMPLES] = {0};
  size_t ns = 0;
  s[ns++] = (ls_sample){text, n, 1, at_eof};
  ls_status st = LS_OK;
  for (size_t i = 0; !at_eof && st == LS_OK && i < l->nsamples; i++) {
    size_t dn = 0;
    st = decode_sample(l, &l->samples[i], &dec[i], &dn);
    if (st == LS_OK) s[ns++] = (ls_sample){dec[i] ? dec[i] : "", dn, 0, l->samples[i].at_end};
  }
  if (st == LS_OK) st = ls_sniff_csv(s, ns, &l->sniff);
  for (size_t i = 0; i < MAX_SAMPLES; i++) ls_free(dec[i]);
  if (st != LS_OK) return fail(l, st, "%s: %s", l->name, ls_status_message(st));

  ls_dialect d = l->sniff.dialect;
  const ls_load_options *o = &l->o;
  if (o->delimiter) d.delim = o->delimiter;
  if (o->quote >= 0) d.quote = (char)o->quote;
  if (o->escape >= 0) d.escape = (char)o->escape;
  else if (o->quote >= 0) d.escape = (char)o->quote;
  if (o->header >= 0) d.header = o->header;
  if (o->skip >= 0) d.skip = (uint32_t)o->skip;
  /* ragged rows: the sniffed choice (a summary after the data is dropped and
   * counted), unless the user chose */
  if (o->ragged == 1) d.ragged = LS_RAGGED_FIX;
  if (o->ragged == 0) d.ragged = LS_RAGGED_ERROR, d.trailer = 0;
  l->dialect = d;
  l->csv = ls_csv_new(l->name);
  if (!l->csv) return fail(l, LS_ENOMEM, "%s: out of memory", l->name);
  /* a semicolon file is likely European: decimal commas are the first guess */
  if (d.delim == ';' && l->o.typing.all.decimal == LS_DECIMAL_AUTO) {
    l->o.typing.all.decimal = LS_DECIMAL_AUTO_COMMA;
    for (size_t i = 0; i < l->o.typing.n; i++)
      if (l->o.typing.cols[i].opts.decimal == LS_DECIMAL_AUTO) l->o.typing.cols[i].opts.decimal = LS_DECIMAL_AUTO_COMMA;
  }
  st = ls_csv_set_dialect(l->csv, &d);
  if (st != LS_OK) return reader_fail(l, st);
  if (reader_ready(l) != LS_OK) return l->status;
  return feed_reader(l, text, n);
}

/* The head is complete (or the input ended): decide what the file is. */
static ls_status decide(ls_loader *l, int at_eof) {
  const unsigned char *h = l->head;
  size_t n = l->nhead;
  if (n == 0 && at_eof) return fail(l, LS_EPARSE, "%s: empty file", l->name);
  if (ls_sqlitedb_is(h, n)) {
    if (l->fn) return fail(l, LS_EINVAL, "%s: a SQLite database: rows are read as tables, not as text", l->name);
    l->mode = M_SQLITE;
    l->all = l->head;
    l->nall = l->capall = n;
    l->head = NULL;
    l->nhead = 0;
    return LS_OK;
  }
  const char *bad = not_text(h, n);
  if (bad) return fail(l, LS_EPARSE, "%s: %s", l->name, bad);
  if (l->o.encoding[0]) {
    ls_encoding e;
    if (!ls_encoding_parse(l->o.encoding, &e))
      return fail(l, LS_EINVAL, "%s: unknown encoding \"%s\"", l->name, l->o.encoding);
    ls_encoding_detect(h, n, at_eof, &l->enc); /* for the byte order mark */
    if (l->enc.enc != e) l->enc.bom = 0;
    l->enc.enc = e;
    l->enc.code = "user";
    l->enc.reason = "chosen by the user";
  } else {
    ls_encoding_detect(h, n, at_eof, &l->enc);
  }
  if (l->enc.enc == LS_ENC_BINARY)
    return fail(l, LS_EPARSE, "%s: not a CSV file: binary data (%s)", l->name, l->enc.reason);
  l->dec = ls_decoder_new(l->enc.enc);
  if (!l->dec) return fail(l, LS_ENOMEM, "%s: out of memory", l->name);
  l->mode = M_TEXT;
  /* the decoded head, copied: the decoder's buffer is reused */
  const char *out;
  size_t outn;
  ls_status st = ls_decoder_feed(l->dec, h, n, &out, &outn);
  char *text = NULL;
  size_t tn = outn;
  if (st == LS_OK && outn && !(text = ls_malloc(outn))) st = LS_ENOMEM;
  if (st == LS_OK && outn) memcpy(text, out, outn);
  if (st == LS_OK && at_eof) { /* the whole file is here: the decoder's tail too */
    st = ls_decoder_finish(l->dec, &out, &outn);
    l->dec_done = 1;
    char *grown = st == LS_OK && outn ? ls_realloc(text, tn + outn) : text;
    if (st == LS_OK && outn && !grown) st = LS_ENOMEM;
    if (st == LS_OK && outn) {
      memcpy(grown + tn, out, outn);
      text = grown;
      tn += outn;
    }
  }
  if (st != LS_OK) {
    ls_free(text);
    return fail(l, st, "%s: %s", l->name, ls_status_message(st));
  }
  size_t i = 0;
  if (tn >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) i = 3;
  while (i < tn && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n')) i++;
  l->jsonl = i < tn && (text[i] == '{' || text[i] == '[');
  if (l->jsonl) {
    l->jl = ls_jsonl_new(l->name);
    if (!l->jl) fail(l, LS_ENOMEM, "%s: out of memory", l->name);
    else if (reader_ready(l) == LS_OK) feed_reader(l, text, tn);
  } else {
    start_csv(l, text, tn, at_eof);
  }
  ls_free(text);
  ls_free(l->head);
  l->head = NULL;
  l->nhead = 0;
  return l->status;
}

/* Plain (decompressed) bytes. */
static ls_status plain(ls_loader *l, const unsigned char *b, size_t n) {
  if (l->mode == M_HEAD) {
    size_t take = LS_LOAD_HEAD - l->nhead < n ? LS_LOAD_HEAD - l->nhead : n;
    if (!l->head && !(l->head = ls_malloc(LS_LOAD_HEAD))) return fail(l, LS_ENOMEM, "%s: out of memory", l->name);
    memcpy(l->head + l->nhead, b, take);
    l->nhead += take;
    b += take;
    n -= take;
    if (l->nhead < LS_LOAD_HEAD) return LS_OK;
    if (decide(l, 0) != LS_OK) return l->status;
  }
  if (!n) return LS_OK;
  if (l->mode == M_SQLITE) {
    if (n > SQLITE_MAX - l->nall) return fail(l, LS_ERANGE, "%s: a SQLite file over 2 GB is too large to open here", l->name);
    if (l->nall + n > l->capall) {
      size_t cap = l->capall * 2 > l->nall + n ? l->capall * 2 : l->nall + n;
      unsigned char *all = ls_realloc(l->all, cap);
      if (!all) return fail(l, LS_ENOMEM, "%s: out of memory", l->name);
      l->all = all;
      l->capall = cap;
    }
    memcpy(l->all + l->nall, b, n);
    l->nall += n;
    return LS_OK;
  }
  return feed_text(l, b, n);
}

static ls_status from_gunzip(void *ctx, const char *buf, size_t n) {
  ls_loader *l = ctx;
  return plain(l, (const unsigned char *)buf, n);
}

/* The first raw bytes: gzip or not. */
static ls_status outer(ls_loader *l, const unsigned char *b, size_t n, int at_eof) {
  if (!l->gz_known) {
    while (n && l->ngz_head < 2) l->gz_head[l->ngz_head++] = *b++, n--;
    if (l->ngz_head < 2 && !at_eof) return LS_OK;
    l->gz_known = 1;
    if (ls_gunzip_is(l->gz_head, l->ngz_head)) {
      l->gz = ls_gunzip_new(l->name, from_gunzip, l);
      if (!l->gz) return fail(l, LS_ENOMEM, "%s: out of memory", l->name);
      /* compressed bytes say nothing about the dialect */
      for (size_t i = 0; i < l->nsamples; i++) ls_free(l->samples[i].b);
      l->nsamples = 0;
    }
    ls_status st = l->gz ? ls_gunzip_feed(l->gz, l->gz_head, l->ngz_head) : plain(l, l->gz_head, l->ngz_head);
    if (st != LS_OK) return l->gz ? fail_with(l, st, ls_gunzip_errmsg(l->gz)) : st;
  }
  if (!n) return LS_OK;
  if (!l->gz) return plain(l, b, n);
  ls_status st = ls_gunzip_feed(l->gz, b, n);
  return st == LS_OK ? LS_OK : fail_with(l, st, ls_gunzip_errmsg(l->gz));
}

/* ---- private: the dataset and its source ---- */

static void tally_copy(ls_tally *t, uint64_t count, const uint64_t *lines) {
  t->count = count;
  for (uint64_t i = 0; i < count && i < LS_SOURCE_EXAMPLES; i++) t->lines[i] = lines[i];
}

static void column_sources(ls_source *s, const ls_table *t, const ls_reader *b) {
  for (size_t i = 0; b->reports && i < s->ncols; i++) {
    const ls_infer_report *r = &b->reports[i];
    ls_column_source *c = &s->cols[i];
    c->forced = ls_typing_for(b->typing, ls_column_name(ls_table_col(t, i)))->force;
    c->ambiguous_dates = r->ambiguous_dates;
    c->mixed_currency = r->mixed_currency;
    if (r->near_type != LS_TYPE_COUNT && !c->forced)
      snprintf(c->near_type, sizeof c->near_type, "%s",
               r->near_flags & LS_COL_DATE ? "date" : ls_type_name(r->near_type));
    c->bad.count = r->bad;
    for (size_t k = 0; k < r->bad && k < LS_SOURCE_EXAMPLES && k < LS_INFER_BAD_MAX; k++)
      c->bad.lines[k] = ls_rowlines_line(&s->lines, r->bad_at[k]);
  }
}

static ls_source *text_source(ls_loader *l, const ls_table *t) {
  ls_source *s = ls_source_new(ls_table_ncols(t));
  if (!s) return NULL;
  snprintf(s->format, sizeof s->format, "%s", l->jsonl ? "jsonl" : "csv");
  snprintf(s->encoding, sizeof s->encoding, "%s", ls_encoding_name(l->enc.enc));
  snprintf(s->encoding_code, sizeof s->encoding_code, "%s", l->enc.code ? l->enc.code : "");
  snprintf(s->encoding_reason, sizeof s->encoding_reason, "%s", l->enc.reason ? l->enc.reason : "");
  s->bom = l->enc.bom > 0;
  s->gzip = l->gz != NULL || l->o.gunzipped;
  s->bytes = l->o.gunzipped ? l->o.gunzipped : l->bytes_in;
  ls_reader *b = reader(l);
  s->replaced = ls_decoder_replaced(l->dec) + b->repaired;
  ls_reader_take_rowlines(b, &s->lines);
  column_sources(s, t, b);
  if (l->jsonl) {
    s->empty_lines = ls_jsonl_blank_lines(l->jl);
  } else {
    ls_csv_stats st;
    ls_csv_get_stats(l->csv, &st);
    const ls_dialect *d = &l->dialect; /* as applied: sniffed, then the user's choices */
    s->dialect_forced = memcmp(d, &l->sniff.dialect, sizeof *d) != 0;
    s->delimiter = d->delim;
    s->quote = d->quote;
    s->escape = d->escape;
    s->header = d->header;
    s->skipped_lines = (uint32_t)st.skipped_lines;
    const ls_sniff_result *sn = &l->sniff;
    s->columns = sn->columns;
    s->sampled_rows = sn->rows_sampled;
    s->ragged_rows = sn->ragged_rows;
    snprintf(s->header_reason, sizeof s->header_reason, "%s", ls_header_reason_name(sn->header_reason));
    s->header_column = sn->header_reason == LS_HEADER_BY_TYPES ? (int64_t)sn->header_column : -1;
    if (sn->header_reason == LS_HEADER_BY_TYPES)
      snprintf(s->header_type, sizeof s->header_type, "%s", ls_type_name(sn->header_type));
    snprintf(s->dialect_reason, sizeof s->dialect_reason, "%s", sn->reason);
    s->dropped.count = st.dropped;
    s->dropped.lines[0] = st.dropped_line;
    s->empty_lines = st.empty_lines;
    tally_copy(&s->padded, st.padded, st.padded_lines);
    tally_copy(&s->truncated, st.truncated, st.truncated_lines);
  }
  return s;
}

static ls_status finish_text(ls_loader *l) {
  ls_status st;
  if (!l->dec_done) {
    const char *out;
    size_t outn;
    st = ls_decoder_finish(l->dec, &out, &outn);
    if (st != LS_OK) return fail(l, st, "%s: %s", l->name, ls_status_message(st));
    if (feed_reader(l, out, outn) != LS_OK) return l->status;
  }
  ls_table *t = NULL;
  st = l->jsonl ? ls_jsonl_finish(l->jl, &t) : ls_csv_finish(l->csv, &t);
  if (st != LS_OK) return reader_fail(l, st);
  if (l->fn) return LS_OK; /* record mode: nothing to keep */
  if (ls_table_rows(t) == 0) {
    ls_csv_stats cs = {0};
    if (l->csv) ls_csv_get_stats(l->csv, &cs);
    ls_table_free(t);
    return fail(l, LS_ENODATA, "%s: line %llu: a header but no data rows", l->name,
                (unsigned long long)(cs.header_line ? cs.header_line : 1));
  }
  ls_source *src = text_source(l, t);
  if (!src) {
    ls_table_free(t);
    return fail(l, LS_ENOMEM, "%s: out of memory", l->name);
  }
  st = ls_workspace_add_source(l->ws, t, src, l->o.append);
  if (st != LS_OK) return fail(l, st, "%s", ls_workspace_errmsg(l->ws));
  return LS_OK;
}

static ls_status finish_sqlite(ls_loader *l) {
  if (ls_wsfile_is(l->all, l->nall)) { /* a workspace file replaces the workspace */
    ls_status st = ls_wsfile_load(l->ws, l->name, l->all, l->nall);
    ls_free(l->all);
    l->all = NULL;
    return st == LS_OK ? LS_OK : fail(l, st, "%s", ls_workspace_errmsg(l->ws));
  }
  ls_table **tables = NULL;
  size_t n = 0;
  char err[MSG_MAX];
  ls_status st = ls_sqlitedb_read(l->name, l->all, l->nall, &tables, &n, err, sizeof err);
  ls_free(l->all);
  l->all = NULL;
  if (st != LS_OK) return fail_with(l, st, err);
  for (size_t i = 0; i < n; i++) {
    ls_source *src = st == LS_OK ? ls_source_new(ls_table_ncols(tables[i])) : NULL;
    if (src) {
      snprintf(src->format, sizeof src->format, "sqlite");
      src->bytes = l->bytes_in;
    }
    if (st == LS_OK && !src) st = fail(l, LS_ENOMEM, "%s: out of memory", l->name);
    if (st == LS_OK) {
      st = ls_workspace_add_source(l->ws, tables[i], src, 0);
      if (st != LS_OK) fail(l, st, "%s", ls_workspace_errmsg(l->ws));
    } else {
      ls_table_free(tables[i]);
    }
  }
  ls_free(tables);
  return st;
}

/* ---- API ---- */

void ls_load_options_default(ls_load_options *o) {
  memset(o, 0, sizeof *o);
  ls_typing_default(&o->typing);
  o->quote = o->escape = o->header = o->skip = o->ragged = -1;
  o->append = 1;
}

ls_status ls_load_options_type(ls_load_options *o, const char *spec) {
  const char *eq = spec ? strrchr(spec, '=') : NULL;
  if (!eq || eq == spec || (size_t)(eq - spec) >= sizeof o->typing.cols[0].name) return LS_EINVAL;
  static const struct {
    const char *name;
    ls_type type;
  } NAMES[] = {{"int", LS_TYPE_INT64},   {"float", LS_TYPE_DOUBLE}, {"timestamp", LS_TYPE_TIME},
               {"date", LS_TYPE_TIME},   {"bool", LS_TYPE_BOOL},    {"string", LS_TYPE_STRING},
               {"text", LS_TYPE_STRING}};
  char name[sizeof o->typing.cols[0].name];
  memcpy(name, spec, (size_t)(eq - spec));
  name[eq - spec] = '\0';
  for (size_t i = 0; i < sizeof NAMES / sizeof NAMES[0]; i++)
    if (strcmp(eq + 1, NAMES[i].name) == 0) return ls_typing_force(&o->typing, name, NAMES[i].type);
  return LS_EINVAL;
}

ls_loader *ls_loader_new(ls_workspace *ws, const char *name, const ls_load_options *o) {
  ls_loader *l = ls_calloc(1, sizeof *l);
  if (!l) return NULL;
  const char *slash = name ? strrchr(name, '/') : NULL;
  l->name = ls_strdup(slash ? slash + 1 : name ? name : "");
  if (!l->name) {
    ls_free(l);
    return NULL;
  }
  l->ws = ws;
  if (o)
    l->o = *o;
  else
    ls_load_options_default(&l->o);
  return l;
}

void ls_loader_free(ls_loader *l) {
  if (!l) return;
  for (size_t i = 0; i < l->nsamples; i++) ls_free(l->samples[i].b);
  ls_gunzip_free(l->gz);
  ls_decoder_free(l->dec);
  ls_csv_free(l->csv);
  ls_jsonl_free(l->jl);
  ls_free(l->head);
  ls_free(l->all);
  ls_free(l->name);
  ls_free(l);
}

ls_status ls_loader_on_record(ls_loader *l, ls_record_fn fn, void *ctx) {
  if (l->fed) return fail(l, LS_EINVAL, "%s: record mode must be chosen before the first bytes", l->name);
  l->fn = fn;
  l->ctx = ctx;
  return LS_OK;
}

ls_status ls_loader_sample(ls_loader *l, const void *bytes, size_t n, int at_end) {
  if (l->status != LS_OK) return l->status;
  if (l->fed || l->nsamples == MAX_SAMPLES || (!bytes && n)) return LS_OK; /* samples only help */
  unsigned char *b = ls_malloc(n ? n : 1);
  if (!b) return fail(l, LS_ENOMEM, "%s: out of memory", l->name);
  if (n) memcpy(b, bytes, n);
  l->samples[l->nsamples++] = (raw_sample){b, n, at_end};
  return LS_OK;
}

ls_status ls_loader_feed(ls_loader *l, const void *bytes, size_t n) {
  if (l->status != LS_OK) return l->status;
  if (l->finished) return fail(l, LS_EINVAL, "%s: input after the end of input", l->name);
  if (!bytes && n) return fail(l, LS_EINVAL, "%s: no buffer to read", l->name);
  l->fed = 1;
  l->bytes_in += n;
  return outer(l, bytes, n, 0);
}

ls_status ls_loader_finish(ls_loader *l) {
  if (l->status != LS_OK) return l->status;
  if (l->finished) return fail(l, LS_EINVAL, "%s: finished twice", l->name);
  l->finished = 1;
  if (outer(l, NULL, 0, 1) != LS_OK) return l->status;
  if (l->gz) {
    ls_status st = ls_gunzip_finish(l->gz);
    if (st != LS_OK) return fail_with(l, st, ls_gunzip_errmsg(l->gz));
  }
  if (l->mode == M_HEAD && decide(l, 1) != LS_OK) return l->status;
  return l->mode == M_SQLITE ? finish_sqlite(l) : finish_text(l);
}

const char *ls_loader_errmsg(const ls_loader *l) { return l ? l->msg : ""; }

uint64_t ls_loader_rows(const ls_loader *l) {
  if (!l) return 0;
  if (l->jl) return ls_jsonl_rows(l->jl);
  if (!l->csv) return 0;
  ls_csv_stats st;
  ls_csv_get_stats(l->csv, &st);
  return st.rows;
}

static ls_status load_file(ls_workspace *ws, const char *path, const ls_load_options *o, ls_record_fn fn,
                           void *ctx) {
  FILE *f = fopen(path, "rb");
  if (!f) return ls_workspace_fail(ws, LS_EIO, "%s: %s", path, strerror(errno));
  ls_loader *l = ls_loader_new(ws, path, o);
  unsigned char *buf = ls_malloc(FILE_CHUNK);
  ls_status st = l && buf ? LS_OK : ls_workspace_fail(ws, LS_ENOMEM, "%s: out of memory", path);
  if (st == LS_OK && fn) st = ls_loader_on_record(l, fn, ctx);
  /* samples from the middle and the end of a large regular file */
  long size = -1;
  if (st == LS_OK && fseek(f, 0, SEEK_END) == 0) size = ftell(f);
  if (st == LS_OK && size > (long)(4 * LS_LOAD_HEAD)) {
    for (long q = 1; st == LS_OK && q <= 4; q++) { /* a quarter in, half, three quarters, the end */
      long at = (q == 4 ? size - (long)LS_LOAD_HEAD : size / 4 * q) & ~1L; /* even, for UTF-16 */
      if (fseek(f, at, SEEK_SET) != 0) break;
      size_t got = fread(buf, 1, LS_LOAD_HEAD, f);
      st = ls_loader_sample(l, buf, got, q == 4);
    }
  }
  if (st == LS_OK && fseek(f, 0, SEEK_SET) != 0) st = ls_workspace_fail(ws, LS_EIO, "%s: %s", path, strerror(errno));
  while (st == LS_OK) {
    size_t n = fread(buf, 1, FILE_CHUNK, f);
    if (n) st = ls_loader_feed(l, buf, n);
    if (st != LS_OK) break;
    if (n < FILE_CHUNK) {
      if (ferror(f))
        st = ls_workspace_fail(ws, LS_EIO, "%s: %s", path, strerror(errno));
      else
        st = ls_loader_finish(l);
      break;
    }
  }
  ls_free(buf);
  ls_loader_free(l);
  fclose(f);
  return st;
}

ls_status ls_load_path(ls_workspace *ws, const char *path, const ls_load_options *o) {
  return load_file(ws, path, o, NULL, NULL);
}

ls_status ls_load_path_records(ls_workspace *ws, const char *path, const ls_load_options *o,
                               ls_record_fn fn, void *ctx) {
  return load_file(ws, path, o, fn, ctx);
}
