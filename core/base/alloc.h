/* alloc.h: the one allocator pair of Lodestar.
 *
 * Every allocation in core/ goes through these, and cJSON is handed the same
 * pair (ls_alloc_init_json), so memory C hands to JS is freed with ls_free.
 * Tests can make the allocator fail on demand to prove out-of-memory paths. */
#ifndef LS_ALLOC_H
#define LS_ALLOC_H

#include <stddef.h>

/* NULL on failure (or when a test asked for a failure). ls_malloc(0) returns a
 * unique pointer that must still be freed. */
void *ls_malloc(size_t n);
/* Zeroed memory for count * size bytes; NULL on failure or on overflow. */
void *ls_calloc(size_t count, size_t size);
/* Like realloc; on failure the old block is untouched and NULL is returned. */
void *ls_realloc(void *p, size_t n);
/* count * size bytes, NULL on overflow or failure; old block kept on failure. */
void *ls_reallocarray(void *p, size_t count, size_t size);
/* ls_free(NULL) is a no-op. */
void ls_free(void *p);
/* A copy of the first n bytes of s plus a NUL; caller frees with ls_free. */
char *ls_strndup(const char *s, size_t n);
char *ls_strdup(const char *s);

/* Make cJSON allocate through ls_malloc / ls_free. Idempotent. */
void ls_alloc_init_json(void);

/* Test hook: the n-th allocation from now fails (1 = the next one); 0 turns
 * failures off. Returns the number of allocations made since the last call. */
unsigned long ls_alloc_fail_after(unsigned long n);

#endif
