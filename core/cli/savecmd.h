/* savecmd.h: the save command, a workspace file from files (docs/workspace-file.md).
 *
 *   save [--tz ZONE] [--set KEY=VALUE]... [--page JSON] [LOAD OPTIONS] FILE... --out PATH
 *
 * Loads the files as every command does (a workspace file among them
 * replaces what was loaded before it), applies --tz and the settings, and
 * writes the whole workspace (datasets, mappings, settings, zone; --page: a
 * page state, JSON text stored as it is) to PATH, usually
 * NAME.lodestar.sqlite. Prints "PATH: N datasets, B bytes". Returns the exit
 * status: 0, 1 on a data or write error, 2 on a usage error. */
#ifndef LS_CLI_SAVECMD_H
#define LS_CLI_SAVECMD_H

int cli_save(int argc, char **argv);

#endif
