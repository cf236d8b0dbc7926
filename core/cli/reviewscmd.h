/* reviewscmd.h: the reviews command, review triage (docs/reviews.md).
 *
 *   reviews [--grain day|week|month] [--from DATE] [--to DATE] [--labels FILE.json]
 *           [--format text|json] [--appeals] [LOAD OPTIONS] FILE...
 *
 * text (the default): the totals, the negatives per category, the rate of
 * negative reviews per category for each period, and the ten newest
 * negatives; json: the whole triage (core/assist/reviews.h); --appeals: the
 * appeal records only, as JSON. --labels reads a JSON array of {row,
 * category, reason, evidence} (or an object holding it as "labels"), the
 * LLM's labels, which replace the rules for their rows. Returns the exit
 * status: 0, 1 on a data error, 2 on a usage error. */
#ifndef LS_CLI_REVIEWSCMD_H
#define LS_CLI_REVIEWSCMD_H

int cli_reviews(int argc, char **argv);

#endif
