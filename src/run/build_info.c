/* run/build_info.c: the version string of every program (see build_info.h). */
#include "run/build_info.h"

#include "run/build_info_git.h"

const char *mb_build_version(void)
{
    return MB_BUILD_GIT[0] ? MB_BUILD_VERSION " (git " MB_BUILD_GIT ")" : MB_BUILD_VERSION;
}
