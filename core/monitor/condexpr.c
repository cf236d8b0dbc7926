/* condexpr.c: the condition language of entity rules (condexpr.h).
 *
 * A recursive-descent parser over a one-token lookahead lexer builds nodes in
 * one array (children by index, so a chained comparison shares its middle
 * operand); the evaluator walks them. Nesting is capped at LS_CONDEXPR_DEPTH
 * and the nodes at LS_CONDEXPR_NODES (an and-chain is as deep as it is long
 * for the evaluator), so no input can exhaust the stack. */
#include "monitor/condexpr.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"

#define LS_CONDEXPR_DEPTH 64
#define LS_CONDEXPR_NODES 1000

typedef enum { N_NUM, N_STR, N_NAME, N_CMP, N_AND, N_OR, N_NOT } node_kind;
typedef enum { OP_LT, OP_LE, OP_GT, OP_GE, OP_EQ, OP_NE } cmp_op;

typedef struct {
  node_kind kind;
  int a, b;     /* children (CMP: operands; AND/OR: sides; NOT: a) */
  cmp_op op;
  double num;
  char *text;   /* STR value, NAME name */
} node;

struct ls_condexpr {
  node *nodes;
  size_t n, cap;
  int root;
  char **names;
  size_t nnames;
};

typedef enum { T_END, T_NUM, T_STR, T_NAME, T_CMP, T_LP, T_RP, T_AND, T_OR, T_NOT, T_BAD } tok_kind;

typedef struct {
  const char *src;
  size_t pos;      /* next byte to lex */
  tok_kind tk;     /* the current token */
  size_t tstart;   /* its offset */
  const char *tp;  /* its text (NUM, NAME, STR: without quotes) */
  size_t tlen;
  cmp_op top;
  ls_condexpr *e;
  int depth;
  ls_status st;
  size_t err_at;
  char *err;
  size_t errlen;
} parser;

/* ---- private: errors and the lexer ---- */

static int fail(parser *p, size_t at, const char *fmt, ...) {
  if (p->st != LS_OK) return -1;
  p->st = LS_EPARSE;
  p->err_at = at;
  if (p->err && p->errlen) {
    int w = snprintf(p->err, p->errlen, "at column %zu: ", at + 1);
    if (w >= 0 && (size_t)w < p->errlen) {
      va_list ap;
      va_start(ap, fmt);
      vsnprintf(p->err + w, p->errlen - (size_t)w, fmt, ap);
      va_end(ap);
    }
  }
  return -1;
}

static int name_start(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}
static int name_char(unsigned char c) { return name_start(c) || (c >= '0' && c <= '9') || c == '.'; }
static int digit(unsigned char c) { return c >= '0' && c <= '9'; }

static int keyword(const char *s, size_t n, const char *kw) {
  if (strlen(kw) != n) return 0;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
    if (c != kw[i]) return 0;
  }
  return 1;
}

/* a number: [-] digits [. digits] [e [+-] digits], or [-] . digits */
static size_t number_len(const char *s) {
  size_t i = 0, d = 0;
  if (s[i] == '-') i++;
  while (digit((unsigned char)s[i])) i++, d++;
  if (s[i] == '.') {
    i++;
    while (digit((unsigned char)s[i])) i++, d++;
  }
  if (!d) return 0;
  if (s[i] == 'e' || s[i] == 'E') {
    size_t j = i + 1;
    if (s[j] == '+' || s[j] == '-') j++;
    if (digit((unsigned char)s[j])) {
      while (digit((unsigned char)s[j])) j++;
      i = j;
    }
  }
  return i;
}

static void next(parser *p) {
  const char *s = p->src;
  while (s[p->pos] == ' ' || s[p->pos] == '\t' || s[p->pos] == '\n' || s[p->pos] == '\r') p->pos++;
  size_t i = p->pos;
  unsigned char c = (unsigned char)s[i];
  p->tstart = i;
  p->tp = s + i;
  p->tlen = 0;
  if (!c) {
    p->tk = T_END;
    return;
  }
  size_t nl = number_len(s + i);
  if (nl) {
    p->tk = T_NUM;
    p->tlen = nl;
    p->pos = i + nl;
    if (name_start((unsigned char)s[p->pos])) p->tk = T_BAD; /* "3abc" */
    return;
  }
  if (name_start(c)) {
    size_t j = i;
    while (name_char((unsigned char)s[j])) j++;
    p->tlen = j - i;
    p->pos = j;
    p->tk = keyword(p->tp, p->tlen, "and")  ? T_AND
            : keyword(p->tp, p->tlen, "or") ? T_OR
            : keyword(p->tp, p->tlen, "not") ? T_NOT
                                             : T_NAME;
    return;
  }
  if (c == '\'' || c == '"') {
    const char *q = strchr(s + i + 1, (char)c);
    if (!q) {
      p->tk = T_BAD;
      p->pos = i + 1;
      return;
    }
    p->tk = c == '\'' ? T_STR : T_NAME;
    p->tp = s + i + 1;
    p->tlen = (size_t)(q - (s + i + 1));
    p->pos = (size_t)(q - s) + 1;
    return;
  }
  p->pos = i + 1;
  p->tk = T_CMP;
  char d = s[i + 1];
  switch (c) {
  case '(': p->tk = T_LP; return;
  case ')': p->tk = T_RP; return;
  case '<':
    p->top = d == '=' ? OP_LE : d == '>' ? OP_NE : OP_LT;
    if (d == '=' || d == '>') p->pos++;
    return;
  case '>':
    p->top = d == '=' ? OP_GE : OP_GT;
    if (d == '=') p->pos++;
    return;
  case '=':
    p->top = OP_EQ;
    if (d == '=') p->pos++;
    return;
  case '!':
    if (d == '=') {
      p->top = OP_NE;
      p->pos++;
      return;
    }
    break;
  default: break;
  }
  p->tk = T_BAD;
}

/* ---- private: the parser ---- */

static int add(parser *p, node_kind k) {
  ls_condexpr *e = p->e;
  if (e->n >= LS_CONDEXPR_NODES)
    return fail(p, p->tstart, "the expression is too long (more than %d parts)", LS_CONDEXPR_NODES);
  if (e->n == e->cap) {
    size_t cap = e->cap ? e->cap * 2 : 16;
    node *nn = ls_reallocarray(e->nodes, cap, sizeof *nn);
    if (!nn) {
      p->st = LS_ENOMEM;
      return -1;
    }
    e->nodes = nn;
    e->cap = cap;
  }
  node *n = &e->nodes[e->n];
  memset(n, 0, sizeof *n);
  n->kind = k;
  n->a = n->b = -1;
  return (int)e->n++;
}

static int note_name(parser *p, const char *s) {
  ls_condexpr *e = p->e;
  for (size_t i = 0; i < e->nnames; i++)
    if (strcmp(e->names[i], s) == 0) return 0;
  char **nn = ls_reallocarray(e->names, e->nnames + 1, sizeof *nn);
  if (!nn) return -1;
  e->names = nn;
  e->names[e->nnames++] = (char *)s; /* owned by its node */
  return 0;
}

static const char *tok_desc(tok_kind k) {
  switch (k) {
  case T_END: return "the end of the expression";
  case T_RP: return "')'";
  case T_AND: return "'and'";
  case T_OR: return "'or'";
  case T_NOT: return "'not'";
  case T_CMP: return "a comparison";
  case T_LP: return "'('";
  case T_BAD: return "an unexpected character";
  default: return "a value";
  }
}

static int operand(parser *p) {
  if (p->tk == T_BAD) {
    if (p->src[p->tstart] == '\'' || p->src[p->tstart] == '"')
      return fail(p, p->tstart, "unterminated %s", p->src[p->tstart] == '\'' ? "string" : "quoted name");
    return fail(p, p->tstart, "unexpected character '%c'", p->src[p->tstart]);
  }
  if (p->tk != T_NUM && p->tk != T_STR && p->tk != T_NAME)
    return fail(p, p->tstart, "expected a number, a 'string' or a column name, found %s", tok_desc(p->tk));
  if (p->tk == T_NAME && p->tlen == 0) return fail(p, p->tstart, "empty column name");
  int i = add(p, p->tk == T_NUM ? N_NUM : p->tk == T_STR ? N_STR : N_NAME);
  if (i < 0) return -1;
  node *n = &p->e->nodes[i];
  if (p->tk == T_NUM) {
    char buf[64];
    if (p->tlen >= sizeof buf) return fail(p, p->tstart, "number too long (more than %d characters)", (int)sizeof buf - 1);
    memcpy(buf, p->tp, p->tlen);
    buf[p->tlen] = '\0';
    n->num = strtod(buf, NULL);
    if (!isfinite(n->num)) return fail(p, p->tstart, "number out of range");
  } else {
    n->text = ls_strndup(p->tp, p->tlen);
    if (!n->text || (n->kind == N_NAME && note_name(p, n->text) < 0)) {
      p->st = LS_ENOMEM;
      return -1;
    }
  }
  next(p);
  return i;
}

/* operand (cmp operand)+ : a < b < c is (a < b) and (b < c) */
static int chain(parser *p) {
  int left = operand(p);
  if (left < 0) return -1;
  if (p->tk != T_CMP)
    return fail(p, p->tstart, "expected a comparison (<, <=, >, >=, =, !=), found %s", tok_desc(p->tk));
  int result = -1;
  while (p->tk == T_CMP) {
    cmp_op op = p->top;
    size_t at = p->tstart;
    next(p);
    int right = operand(p);
    if (right < 0) return -1;
    node_kind lk = p->e->nodes[left].kind, rk = p->e->nodes[right].kind;
    int lstr = lk == N_STR, rstr = rk == N_STR;
    if ((lstr || rstr) && op != OP_EQ && op != OP_NE)
      return fail(p, at, "a 'string' compares only with = or !=");
    if ((lstr && rk == N_NUM) || (rstr && lk == N_NUM))
      return fail(p, at, "a 'string' compared with a number");
    int c = add(p, N_CMP);
    if (c < 0) return -1;
    p->e->nodes[c].a = left;
    p->e->nodes[c].b = right;
    p->e->nodes[c].op = op;
    if (result < 0) {
      result = c;
    } else {
      int a = add(p, N_AND);
      if (a < 0) return -1;
      p->e->nodes[a].a = result;
      p->e->nodes[a].b = c;
      result = a;
    }
    left = right;
  }
  return result;
}

static int expr_or(parser *p);

/* each '(' and 'not' is one level of nesting; LS_CONDEXPR_DEPTH are allowed */
static int unary(parser *p) {
  if (p->tk != T_NOT && p->tk != T_LP) return chain(p);
  if (++p->depth > LS_CONDEXPR_DEPTH)
    return fail(p, p->tstart, "nested too deeply (more than %d brackets or 'not's)", LS_CONDEXPR_DEPTH);
  int r;
  if (p->tk == T_NOT) {
    next(p);
    int a = unary(p);
    r = a < 0 ? -1 : add(p, N_NOT);
    if (r >= 0) p->e->nodes[r].a = a;
  } else {
    size_t open = p->tstart;
    next(p);
    r = expr_or(p);
    if (r >= 0 && p->tk != T_RP) {
      if (p->tk == T_END) r = fail(p, open, "'(' is never closed");
      else r = fail(p, p->tstart, "expected 'and', 'or' or ')', found %s", tok_desc(p->tk));
    }
    if (r >= 0) next(p);
  }
  p->depth--;
  return r;
}

static int binary(parser *p, tok_kind tk, node_kind nk, int (*sub)(parser *)) {
  int left = sub(p);
  while (left >= 0 && p->tk == tk) {
    next(p);
    int right = sub(p);
    if (right < 0) return -1;
    int n = add(p, nk);
    if (n < 0) return -1;
    p->e->nodes[n].a = left;
    p->e->nodes[n].b = right;
    left = n;
  }
  return left;
}

static int expr_and(parser *p) { return binary(p, T_AND, N_AND, unary); }
static int expr_or(parser *p) { return binary(p, T_OR, N_OR, expr_and); }

/* ---- API ---- */

void ls_condexpr_free(ls_condexpr *e) {
  if (!e) return;
  for (size_t i = 0; i < e->n; i++) ls_free(e->nodes[i].text);
  ls_free(e->nodes);
  ls_free(e->names);
  ls_free(e);
}

ls_status ls_condexpr_parse(const char *text, ls_condexpr **out, size_t *err_offset, char *err,
                            size_t errlen) {
  if (err && errlen) err[0] = '\0';
  if (err_offset) *err_offset = 0;
  if (!out) return LS_EINVAL;
  *out = NULL;
  if (!text) text = "";
  parser p;
  memset(&p, 0, sizeof p);
  p.src = text;
  p.err = err;
  p.errlen = errlen;
  p.e = ls_calloc(1, sizeof *p.e);
  if (!p.e) return LS_ENOMEM;
  next(&p);
  if (p.tk == T_END) {
    fail(&p, 0, "empty expression");
  } else {
    int root = expr_or(&p);
    if (root >= 0 && p.tk != T_END) {
      if (p.tk == T_RP) fail(&p, p.tstart, "')' without '('");
      else fail(&p, p.tstart, "expected 'and', 'or' or the end, found %s", tok_desc(p.tk));
    }
    p.e->root = root;
  }
  if (p.st != LS_OK) {
    if (p.st == LS_ENOMEM && err && errlen) snprintf(err, errlen, "out of memory");
    if (err_offset) *err_offset = p.err_at;
    ls_condexpr_free(p.e);
    return p.st;
  }
  *out = p.e;
  return LS_OK;
}

size_t ls_condexpr_names(const ls_condexpr *e) { return e ? e->nnames : 0; }
const char *ls_condexpr_name(const ls_condexpr *e, size_t i) {
  return e && i < e->nnames ? e->names[i] : NULL;
}

const char *ls_condexpr_rank_hint(const ls_condexpr *e, int *direction) {
  if (direction) *direction = 0;
  if (!e) return NULL;
  /* nodes are added in source order, so the first CMP node is the first comparison */
  for (size_t i = 0; i < e->n; i++) {
    const node *c = &e->nodes[i];
    if (c->kind != N_CMP) continue;
    const node *a = &e->nodes[c->a], *b = &e->nodes[c->b];
    const node *nm = a->kind == N_NAME ? a : b->kind == N_NAME ? b : NULL;
    if (!nm) continue;
    int dir = c->op == OP_LT || c->op == OP_LE ? -1 : c->op == OP_GT || c->op == OP_GE ? 1 : 0;
    if (nm == b) dir = -dir; /* 3.5 > score wants score low */
    if (direction) *direction = dir;
    return nm->text;
  }
  return e->nnames ? e->names[0] : NULL;
}

typedef struct {
  ls_condexpr_lookup lookup;
  void *ctx;
  const char **missing;
  int unknown;
} evalctx;

/* 1 when the operand has a value: a number in *num or a string in *str */
static int value_of(const node *n, evalctx *x, double *num, const char **str) {
  *str = NULL;
  *num = NAN;
  if (n->kind == N_NUM) *num = n->num;
  else if (n->kind == N_STR) *str = n->text;
  else if (!x->lookup || !x->lookup(x->ctx, n->text, num, str)) {
    if (x->missing && !x->unknown) *x->missing = n->text;
    x->unknown = 1;
    return 0;
  }
  return *str != NULL || !isnan(*num);
}

static int compare(const ls_condexpr *e, const node *c, evalctx *x) {
  double u, v;
  const char *s, *t;
  int ha = value_of(&e->nodes[c->a], x, &u, &s), hb = value_of(&e->nodes[c->b], x, &v, &t);
  if (!ha || !hb) return 0; /* NULL or NaN: false */
  if (s || t) {
    if (!s || !t) return 0;
    int eq = strcmp(s, t) == 0;
    return c->op == OP_EQ ? eq : c->op == OP_NE ? !eq : 0;
  }
  switch (c->op) {
  case OP_LT: return u < v;
  case OP_LE: return u <= v;
  case OP_GT: return u > v;
  case OP_GE: return u >= v;
  case OP_EQ: return u == v;
  case OP_NE: return u != v;
  }
  return 0;
}

static int eval_node(const ls_condexpr *e, int i, evalctx *x) {
  const node *n = &e->nodes[i];
  switch (n->kind) {
  case N_CMP: return compare(e, n, x);
  case N_AND: return eval_node(e, n->a, x) && eval_node(e, n->b, x);
  case N_OR: return eval_node(e, n->a, x) || eval_node(e, n->b, x);
  case N_NOT: return !eval_node(e, n->a, x);
  default: return 0;
  }
}

int ls_condexpr_eval(const ls_condexpr *e, ls_condexpr_lookup lookup, void *ctx,
                     const char **missing) {
  if (missing) *missing = NULL;
  if (!e || e->root < 0) return 0;
  evalctx x = {lookup, ctx, missing, 0};
  int r = eval_node(e, e->root, &x);
  return x.unknown ? -1 : r;
}
