/* report_main.c: the mapbench-report program; everything but main() lives in cli.c. */
#include "report/cli.h"

int main(int argc, char **argv)
{
    return mb_cli_main(argc, argv);
}
