/* askcmd.h: lodestar ask: the offline assistant's answer to a question
 * (assist/offline.h, docs/assistant.md), as text in English or as JSON. */
#ifndef LS_CLI_ASKCMD_H
#define LS_CLI_ASKCMD_H

int cli_ask(int argc, char **argv);

#endif
