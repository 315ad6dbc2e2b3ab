/* cli.h: the mapbench-report command line. */
#ifndef MB_CLI_H
#define MB_CLI_H

/* Runs mapbench-report with these arguments; returns the exit status (0 ok, 1 the data or an
 * output could not be processed, 2 bad usage). Errors are one line on stderr. */
int mb_cli_main(int argc, char **argv);

#endif
