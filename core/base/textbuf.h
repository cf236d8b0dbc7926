/* textbuf.h: a growing text buffer.
 *
 * Text is appended at the end and kept NUL-terminated. An allocation that
 * fails sets oom and drops every later append, so a writer appends freely and
 * checks oom once at the end. Start from LS_TEXT_INIT; ls_free(b.s) when done
 * (or hand b.s on: it is ls_malloc'd). */
#ifndef LS_TEXTBUF_H
#define LS_TEXTBUF_H

#include <stddef.h>

typedef struct {
  char *s; /* NULL until the first append */
  size_t len, cap;
  int oom; /* an allocation failed: the text is cut */
} ls_text;

#define LS_TEXT_INIT {NULL, 0, 0, 0}

void ls_text_putn(ls_text *b, const char *s, size_t n);
void ls_text_puts(ls_text *b, const char *s);
void ls_text_putc(ls_text *b, char c);
void ls_text_printf(ls_text *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

#endif
