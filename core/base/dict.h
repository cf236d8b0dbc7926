/* dict.h: a string dictionary mapping byte strings to dense int32 ids.
 *
 * Ids count up from 0 in order of first insertion. The dictionary owns copies
 * of its strings; pointers from ls_dict_str stay valid until ls_dict_free. */
#ifndef LS_DICT_H
#define LS_DICT_H

#include <stddef.h>
#include <stdint.h>

typedef struct ls_dict ls_dict;

/* NULL on out of memory. */
ls_dict *ls_dict_new(void);
/* ls_dict_free(NULL) is a no-op. */
void ls_dict_free(ls_dict *d);
/* The id of s (len bytes, may hold NUL), inserting it when new; -1 on out of memory. */
int32_t ls_dict_intern(ls_dict *d, const char *s, size_t len);
/* The id of s, or -1 when absent. */
int32_t ls_dict_find(const ls_dict *d, const char *s, size_t len);
/* Number of distinct strings. */
size_t ls_dict_size(const ls_dict *d);
/* The NUL-terminated string of id (0 <= id < size); its length in *len when len != NULL. */
const char *ls_dict_str(const ls_dict *d, int32_t id, size_t *len);
/* Bytes held by the dictionary (strings, offsets and hash slots). */
size_t ls_dict_bytes(const ls_dict *d);

#endif
