/* mb_spawn.h: runs a program with arguments and captures its exit status and stderr (POSIX
 * tests only). */
#ifndef MB_TEST_SPAWN_H
#define MB_TEST_SPAWN_H

#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* Runs argv (argv[0] is the path) with stdout to /dev/null; returns the exit status (or
 * 128+signal) and stores up to cap-1 bytes of stderr in err_out. */
static inline int mb_test_run(char *const argv[], char *err_out, size_t cap)
{
    int pipefd[2];
    if (pipe(pipefd) != 0)
        return -1;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", 01 /* O_WRONLY */, 0);
    posix_spawn_file_actions_adddup2(&fa, pipefd[1], 2);
    posix_spawn_file_actions_addclose(&fa, pipefd[0]);
    pid_t pid;
    int rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(pipefd[1]);
    if (rc != 0) {
        close(pipefd[0]);
        return -1;
    }
    size_t used = 0;
    for (;;) {
        char tmp[4096];
        ssize_t n = read(pipefd[0], tmp, sizeof tmp);
        if (n <= 0)
            break;
        size_t take = (size_t)n;
        if (used + take >= cap)
            take = cap - 1 - used;
        memcpy(err_out + used, tmp, take);
        used += take;
    }
    err_out[used] = '\0';
    close(pipefd[0]);
    int status;
    waitpid(pid, &status, 0);
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    return 128 + WTERMSIG(status);
}

#endif
