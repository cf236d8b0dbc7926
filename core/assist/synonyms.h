/* synonyms.h: the words the offline assistant knows (private to core/assist;
 * offline.h holds the public matching API). Each entry ties a word to a
 * catalog metric or to a dimension; docs/assistant.md "Offline answers"
 * gives the matching and scoring rules. */
#ifndef LS_ASSIST_SYNONYMS_H
#define LS_ASSIST_SYNONYMS_H

#include <stddef.h>

/* The script of an entry: English, simplified Chinese, traditional Chinese,
 * or Chinese written alike in both. */
typedef enum { LS_SYN_EN, LS_SYN_HANS, LS_SYN_HANT, LS_SYN_HAN } ls_syn_lang;

typedef struct {
  const char *target; /* a catalog metric name, or a dimension name */
  const char *word;   /* UTF-8; ASCII words are matched as whole words */
  ls_syn_lang lang;
} ls_synonym;

/* The metric synonyms, in priority order (earlier wins a tie), n of them. */
const ls_synonym *ls_assist_metric_synonyms(size_t *n);
/* The dimension words ("channel", "渠道", …), n of them. */
const ls_synonym *ls_assist_dimension_words(size_t *n);

/* Where word occurs in text (len bytes) from byte from on: 1 with the match
 * in [*at, *end), else 0. ASCII case is ignored; a word of ASCII only
 * matches whole words (no ASCII letter or digit next to it, '_' counting as
 * a letter), and a space, '_' or '-' in it matches any run of those in text;
 * a word with other bytes (Chinese) matches as a substring. */
int ls_assist_find_word(const char *text, size_t len, size_t from, const char *word, size_t *at, size_t *end);

/* The weight of a word: 1 per ASCII byte, 2 per other character (a Chinese
 * character carries about a word). */
int ls_assist_word_weight(const char *word);

#endif
