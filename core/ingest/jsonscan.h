/* jsonscan.h: JSON tokens over a complete buffer, for the JSON Lines reader.
 *
 * Private to ingest/ (the reader's building blocks, not a general JSON API).
 * A scanner walks [p, end) of text already in memory (one line of a JSON
 * Lines file); nothing here allocates. Each function reads one token at s->p,
 * moves s->p past it and returns 1, or returns 0 with s->err set and s->at
 * pointing at the offending byte (s->end when the text ended too early).
 *
 * Grammar is RFC 8259 with two leniencies: raw control characters inside
 * strings are kept as they are (exporters sometimes write raw tabs), and the
 * scanner does not check UTF-8 (the cell store repairs it). */
#ifndef LS_JSONSCAN_H
#define LS_JSONSCAN_H

#include <stddef.h>

/* The scanner's errors and their messages, from one list. */
#define LS_JSCAN_ERRORS(XX)                                               \
  XX(OK, "no error")                                                      \
  XX(UNTERMINATED, "unterminated string")                                 \
  XX(ESCAPE, "invalid escape in a string")                                \
  XX(UNICODE, "invalid \\u escape: expected four hex digits")             \
  XX(NUMBER, "invalid number")                                            \
  XX(VALUE, "expected a value")                                           \
  XX(KEY, "expected a key in double quotes")                              \
  XX(KEY_OR_END, "expected a key in double quotes or '}'")                \
  XX(COLON, "expected ':' after a key")                                   \
  XX(OBJECT_NEXT, "expected ',' or '}' after a value")                    \
  XX(ARRAY_NEXT, "expected ',' or ']' after a value")                     \
  XX(DEEP, "nesting deeper than 64")

typedef enum {
#define LS_JSCAN_ENUM(name, msg) LS_JSCAN_##name,
  LS_JSCAN_ERRORS(LS_JSCAN_ENUM)
#undef LS_JSCAN_ENUM
} ls_jscan_err;

/* Objects and arrays nest at most this deep (the outermost is depth 1). */
#define LS_JSCAN_MAX_DEPTH 64

typedef struct {
  const unsigned char *p, *end;
  ls_jscan_err err;
  const unsigned char *at; /* where the error is */
} ls_jscan;

/* The message of an error code (a static string). */
const char *ls_jscan_message(ls_jscan_err e);

/* Skip JSON whitespace (space, tab, CR, LF). */
void ls_jscan_ws(ls_jscan *s);

/* The string at s->p (which must be '"'), unescaped: \uXXXX as UTF-8, a
 * surrogate pair as one character, a lone surrogate as U+FFFD. Without
 * escapes *text points into the input; otherwise the text is written to out
 * (room for as many bytes as the string's source) and *text == out. */
int ls_jscan_string(ls_jscan *s, char *out, const char **text, size_t *len);

/* The number at s->p, checked against JSON's grammar
 * (-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?); its source text in *text. */
int ls_jscan_number(ls_jscan *s, const char **text, size_t *len);

/* The literal true, false or null at s->p: 1, 0 or -1 in *which. */
int ls_jscan_literal(ls_jscan *s, int *which);

/* The array or object at s->p (which must be '[' or '{'), nested depth deep,
 * copied to out as compact JSON text: whitespace between tokens dropped,
 * strings and numbers as in the source. out needs room for as many bytes as
 * the value's source; the text's length in *len. */
int ls_jscan_compact(ls_jscan *s, int depth, char *out, size_t *len);

#endif
