/* toolcmd.h: one of the assistant's tools run on the loaded files
 * (assist/tools.h), as the page runs it for the model.
 *
 *   tool NAME [JSON ARGS] [LOAD OPTIONS] FILE...
 *       the tool's result as indented JSON (numbers as their shortest
 *       round-trip text); JSON ARGS is one argument starting with "{"
 *       (default {}). `tool --list` prints the definitions.
 * NAME is the first argument that is not an option and not a file path
 * (no "/" and no "."); the rest are files. Returns the exit status: 0, 1 on
 * a tool or data error, 2 on a usage error. */
#ifndef LS_CLI_TOOLCMD_H
#define LS_CLI_TOOLCMD_H

int cli_tool(int argc, char **argv);

#endif
