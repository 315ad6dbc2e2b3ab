/* transport.c: the registry of IPC transports (platform-neutral; the tables themselves live
 * in the per-platform transport files). */
#include "ipc/ipc.h"

#include <stdio.h>
#include <string.h>

const struct mb_ipc_transport *const *mb_ipc_transports(size_t *count)
{
    static const struct mb_ipc_transport *const all[] = {
        &mb_ipc_shm, &mb_ipc_shm_file, &mb_ipc_pipe, &mb_ipc_socket, &mb_ipc_tcp,
    };
    *count = sizeof all / sizeof all[0];
    return all;
}

int mb_ipc_transport_find(const char *name, const struct mb_ipc_transport **out, struct mb_err *err)
{
    size_t n;
    const struct mb_ipc_transport *const *all = mb_ipc_transports(&n);
    char known[256] = "";
    for (size_t i = 0; i < n; i++) {
        if (strcmp(all[i]->name, name) == 0) {
            *out = all[i];
            return 0;
        }
        size_t used = strlen(known);
        snprintf(known + used, sizeof known - used, "%s%s", i ? "," : "", all[i]->name);
    }
    return mb_err_set(err, MB_E_USAGE, 0, NULL, "unknown transport '%s' (known: %s)", name, known);
}
