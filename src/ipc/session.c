/* session.c: the parent's side of one IPC case (create the channel, start the child, run the
 * stream / ping-pong batches, end cleanly) and the child mode that serves it. Platform-neutral:
 * the transport table and ipc/proc.h do the OS work. */
#include "ipc/ipc.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipc/proc.h"
#include "os/os.h"
#include "core/parse.h"

#define POLL_MS 50
#define STALL_MS 30000
#define QUIT_WAIT_MS 5000

struct mb_ipc_session {
    struct mb_ipc_session_opts o;
    struct mb_ipc_params params;
    void *st;
    struct mb_ipc_proc child;
    bool spawned, broken;
    unsigned char *txbuf, *rxbuf;
    uint64_t tx_seq, rx_seq;
};

/* Peer check of the parent: interrupted, or the child gone. */
static int parent_check(void *ctx, struct mb_err *err)
{
    struct mb_ipc_session *s = ctx;
    int sig = mb_ipc_interrupted();
    if (sig)
        return mb_err_set(err, MB_E_IO, 0, NULL, "interrupted by signal %d", sig);
    if (!s->spawned)
        return 0;
    return mb_ipc_proc_check(&s->child, err);
}

/* Marks the session broken; if the child is dying or dead, says so in err (code MB_E_CHILD).
 * An MB_E_CHILD error from the peer check, which reaped the child, already says how it ended. */
static int fail(struct mb_ipc_session *s, int rc, struct mb_err *err)
{
    s->broken = true;
    if (!s->spawned || mb_ipc_interrupted() || (rc == MB_E_CHILD && s->child.exited))
        return rc;
    struct mb_err cerr;
    mb_err_clear(&cerr);
    for (int i = 0; i < 50; i++) {
        if (mb_ipc_proc_check(&s->child, &cerr)) {
            char orig[sizeof err->msg];
            snprintf(orig, sizeof orig, "%s", err->msg);
            snprintf(err->msg, sizeof err->msg, "%.200s; %.300s", cerr.msg, orig);
            err->code = rc = cerr.code;
            break;
        }
        if (err->code == MB_E_VERIFY)
            break;
        mb_ipc_sleep_ms(10);
    }
    return rc;
}

static int send_msg(struct mb_ipc_session *s, uint32_t op, uint64_t arg, struct mb_err *err)
{
    const struct mb_ipc_transport *t = s->o.t;
    size_t len = (size_t)s->o.msg_size;
    int sig = mb_ipc_interrupted(); /* a side that never has to wait would never see it */
    if (sig)
        return fail(s, mb_err_set(err, MB_E_IO, 0, NULL, "interrupted by signal %d", sig), err);
    void *p = t->send_begin(s->st, len, s->txbuf, err);
    if (!p)
        return fail(s, err->code ? err->code : MB_E_IO, err);
    mb_ipc_msg_fill(p, len, s->tx_seq++, op, arg);
    int rc = t->send_end(s->st, p, len, err);
    return rc ? fail(s, rc, err) : 0;
}

static int recv_msg(struct mb_ipc_session *s, uint32_t want, uint64_t want_arg, struct mb_err *err)
{
    const struct mb_ipc_transport *t = s->o.t;
    size_t len = (size_t)s->o.msg_size;
    const void *p = t->recv_begin(s->st, len, s->rxbuf, err);
    if (!p)
        return fail(s, err->code ? err->code : MB_E_IO, err);
    uint32_t op;
    uint64_t arg;
    int rc = mb_ipc_msg_check(p, len, s->rx_seq++, &op, &arg, err);
    t->recv_end(s->st, p, len);
    if (rc)
        return fail(s, rc, err);
    if (op != want || arg != want_arg)
        return fail(s,
                    mb_err_set(err, MB_E_VERIFY, 0, NULL,
                               "unexpected reply from the child: op %u arg %" PRIu64
                               ", expected op %u arg %" PRIu64,
                               op, arg, want, want_arg),
                    err);
    return 0;
}

static void session_free(struct mb_ipc_session *s)
{
    if (s->st)
        s->o.t->close(s->st);
    free(s->st);
    mb_os_free_aligned(s->txbuf);
    mb_os_free_aligned(s->rxbuf);
    free(s);
}

int mb_ipc_session_open(struct mb_ipc_session **out, const struct mb_ipc_session_opts *o,
                        struct mb_err *err)
{
    *out = NULL;
    const struct mb_ipc_transport *t = o->t;
    if (t->unsupported)
        return mb_err_set(err, MB_E_UNSUPPORTED, 0, NULL, "transport %s: %s", t->name,
                          t->unsupported);
    if (o->msg_size < MB_IPC_MSG_MIN)
        return mb_err_set(err, MB_E_USAGE, 0, NULL,
                          "message size %" PRIu64 " is smaller than the %" PRIu64
                          "-byte message header",
                          o->msg_size, MB_IPC_MSG_MIN);
    struct mb_ipc_session *s = calloc(1, sizeof *s);
    if (!s)
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
    s->o = *o;
    s->txbuf = mb_os_alloc_touched(4096, (size_t)o->msg_size);
    s->rxbuf = mb_os_alloc_touched(4096, (size_t)o->msg_size);
    /* the state last: once it exists, create runs, so session_free may close it (a zeroed
     * state never created holds descriptor 0, which close would take from stdin) */
    if (s->txbuf && s->rxbuf)
        s->st = calloc(1, t->state_size);
    if (!s->st || !s->txbuf || !s->rxbuf) {
        session_free(s);
        return mb_err_set(err, MB_E_NOMEM, 0, NULL,
                          "out of memory for %" PRIu64 "-byte message buffers", o->msg_size);
    }
    s->params = (struct mb_ipc_params){
        .ring_size = o->ring_size,
        .dir = o->dir,
        .base = o->base,
        .peer = {.check = parent_check,
                 .ctx = s,
                 .poll_ms = POLL_MS,
                 .stall_ms = o->stall_ms > 0 ? o->stall_ms : STALL_MS},
    };
    char token[4200];
    int rc = t->create(s->st, &s->params, token, sizeof token, err);
    if (rc) {
        session_free(s);
        return rc;
    }
    char a_mode[64], a_token[4300], a_msg[64], a_ring[64], a_parent[64], a_die[64], a_stop[64];
    snprintf(a_mode, sizeof a_mode, "--ipc-child=%s", t->name);
    snprintf(a_token, sizeof a_token, "--ipc-token=%s", token);
    snprintf(a_msg, sizeof a_msg, "--ipc-msg=%" PRIu64, o->msg_size);
    snprintf(a_ring, sizeof a_ring, "--ipc-ring=%" PRIu64, o->ring_size);
    snprintf(a_parent, sizeof a_parent, "--ipc-parent=%" PRIu64, mb_ipc_self_id());
    snprintf(a_die, sizeof a_die, "--ipc-die-after=%" PRIu64, o->child_die_after);
    snprintf(a_stop, sizeof a_stop, "--ipc-stop-after=%" PRIu64, o->child_stop_after);
    char *argv[] = {(char *)o->exe, a_mode, a_token, a_msg, a_ring, a_parent, a_die, a_stop, NULL};
    rc = mb_ipc_proc_spawn(o->exe, argv, &s->child, err);
    if (rc) {
        session_free(s);
        return rc;
    }
    s->spawned = true;
    if (t->spawned && (rc = t->spawned(s->st, err)) != 0)
        fail(s, rc, err);
    else
        rc = recv_msg(s, MB_IPC_OP_HELLO, 0, err);
    if (rc) {
        mb_ipc_proc_kill(&s->child);
        session_free(s);
        return rc;
    }
    /* both sides hold the channel now: its name is no longer needed */
    if (t->unlink)
        t->unlink(s->st);
    *out = s;
    return 0;
}

int mb_ipc_session_stream(struct mb_ipc_session *s, uint64_t n, double *seconds, struct mb_err *err)
{
    if (s->broken)
        return mb_err_set(err, MB_E_IO, 0, NULL, "the session already failed");
    uint64_t t0 = mb_os_now_ns();
    for (uint64_t i = 0; i < n; i++) {
        int rc = send_msg(s, MB_IPC_OP_DATA, i, err);
        if (rc)
            return rc;
    }
    int rc = send_msg(s, MB_IPC_OP_SYNC, n, err);
    if (!rc)
        rc = recv_msg(s, MB_IPC_OP_ACK, n, err);
    *seconds = (double)(mb_os_now_ns() - t0) * 1e-9;
    return rc;
}

int mb_ipc_session_pingpong(struct mb_ipc_session *s, uint64_t n, uint64_t *rtt_ns, double *seconds,
                            struct mb_err *err)
{
    if (s->broken)
        return mb_err_set(err, MB_E_IO, 0, NULL, "the session already failed");
    uint64_t t0 = mb_os_now_ns(), prev = t0;
    for (uint64_t i = 0; i < n; i++) {
        int rc = send_msg(s, MB_IPC_OP_PING, i, err);
        if (!rc)
            rc = recv_msg(s, MB_IPC_OP_PONG, i, err);
        if (rc)
            return rc;
        uint64_t now = mb_os_now_ns();
        if (rtt_ns)
            rtt_ns[i] = now - prev;
        prev = now;
    }
    *seconds = (double)(prev - t0) * 1e-9;
    return 0;
}

int mb_ipc_session_close(struct mb_ipc_session *s, struct mb_err *err)
{
    int rc = 0;
    if (!s->broken && send_msg(s, MB_IPC_OP_QUIT, 0, err) == 0)
        rc = mb_ipc_proc_wait(&s->child, QUIT_WAIT_MS, err);
    else
        mb_ipc_proc_kill(&s->child);
    session_free(s);
    return rc;
}

bool mb_ipc_is_child(int argc, char **argv)
{
    return argc > 1 && strncmp(argv[1], "--ipc-child=", 12) == 0;
}

/* ---- the child ---- */

struct child {
    const struct mb_ipc_transport *t;
    void *st;
    uint64_t parent;
    size_t len;
    unsigned char *buf;
    uint64_t tx_seq;
};

static int child_check(void *ctx, struct mb_err *err)
{
    const struct child *c = ctx;
    if (!mb_ipc_parent_alive(c->parent))
        return mb_err_set(err, MB_E_CHILD, 0, NULL, "the parent process %" PRIu64 " went away",
                          c->parent);
    return 0;
}

static int child_send(struct child *c, uint32_t op, uint64_t arg, struct mb_err *err)
{
    void *p = c->t->send_begin(c->st, c->len, c->buf, err);
    if (!p)
        return err->code ? err->code : MB_E_IO;
    mb_ipc_msg_fill(p, c->len, c->tx_seq++, op, arg);
    return c->t->send_end(c->st, p, c->len, err);
}

/* Serves the parent until QUIT. */
static int child_serve(struct child *c, uint64_t die_after, uint64_t stop_after, struct mb_err *err)
{
    int rc = child_send(c, MB_IPC_OP_HELLO, 0, err);
    uint64_t rx_seq = 0, data = 0, received = 0;
    while (!rc) {
        const void *p = c->t->recv_begin(c->st, c->len, c->buf, err);
        if (!p)
            return err->code ? err->code : MB_E_IO;
        uint32_t op;
        uint64_t arg;
        rc = mb_ipc_msg_check(p, c->len, rx_seq++, &op, &arg, err);
        c->t->recv_end(c->st, p, c->len);
        if (rc)
            return rc;
        received++;
        if (die_after && received >= die_after)
            mb_ipc_self_kill();
        if (stop_after && received == stop_after)
            mb_ipc_self_stop();
        switch (op) {
        case MB_IPC_OP_DATA:
            if (arg != data)
                return mb_err_set(err, MB_E_VERIFY, 0, NULL,
                                  "stream message %" PRIu64 " arrived as number %" PRIu64, arg,
                                  data);
            data++;
            break;
        case MB_IPC_OP_SYNC:
            if (arg != data)
                return mb_err_set(err, MB_E_VERIFY, 0, NULL,
                                  "parent sent %" PRIu64 " messages, %" PRIu64 " arrived", arg,
                                  data);
            rc = child_send(c, MB_IPC_OP_ACK, data, err);
            data = 0;
            break;
        case MB_IPC_OP_PING:
            rc = child_send(c, MB_IPC_OP_PONG, arg, err);
            break;
        case MB_IPC_OP_QUIT:
            return 0;
        default:
            return mb_err_set(err, MB_E_VERIFY, 0, NULL, "unexpected message op %u", op);
        }
    }
    return rc;
}

/* Value of "--key=value" in argv, or NULL. */
static const char *arg_value(int argc, char **argv, const char *key)
{
    size_t k = strlen(key);
    for (int i = 1; i < argc; i++)
        if (strncmp(argv[i], key, k) == 0 && argv[i][k] == '=')
            return argv[i] + k + 1;
    return NULL;
}

int mb_ipc_child_main(int argc, char **argv)
{
    struct mb_err err;
    mb_err_clear(&err);
    mb_ipc_signals_install(false);
    const char *name = arg_value(argc, argv, "--ipc-child");
    const char *token = arg_value(argc, argv, "--ipc-token");
    const char *msg = arg_value(argc, argv, "--ipc-msg");
    const char *ring = arg_value(argc, argv, "--ipc-ring");
    const char *parent = arg_value(argc, argv, "--ipc-parent");
    const char *die = arg_value(argc, argv, "--ipc-die-after");
    const char *stop = arg_value(argc, argv, "--ipc-stop-after");
    struct child c = {0};
    uint64_t msg_size = 0, ring_size = 0, die_after = 0, stop_after = 0;
    int rc = 0;
    if (!name || !token || !msg || !ring || !parent)
        rc = mb_err_set(&err, MB_E_USAGE, 0, NULL,
                        "child mode needs --ipc-child, --ipc-token, "
                        "--ipc-msg, --ipc-ring and --ipc-parent");
    if (!rc)
        rc = mb_ipc_transport_find(name, &c.t, &err);
    if (!rc)
        rc = mb_parse_size(msg, "message size", &msg_size, &err);
    if (!rc)
        rc = mb_parse_size(ring, "ring size", &ring_size, &err);
    if (!rc)
        rc = mb_parse_size(parent, "parent id", &c.parent, &err);
    if (!rc && die && strcmp(die, "0") != 0)
        rc = mb_parse_count(die, "--ipc-die-after", UINT64_MAX, &die_after, &err);
    if (!rc && stop && strcmp(stop, "0") != 0)
        rc = mb_parse_count(stop, "--ipc-stop-after", UINT64_MAX, &stop_after, &err);
    if (!rc) {
        c.len = (size_t)msg_size;
        c.buf = mb_os_alloc_touched(4096, c.len);
        if (c.buf) /* the state last: attach always runs on it before close */
            c.st = calloc(1, c.t->state_size);
        if (!c.st || !c.buf)
            rc = mb_err_set(&err, MB_E_NOMEM, 0, NULL, "out of memory");
    }
    struct mb_ipc_params p = {
        .ring_size = ring_size,
        .peer = {.check = child_check, .ctx = &c, .poll_ms = POLL_MS, .stall_ms = 0},
    };
    if (!rc)
        rc = c.t->attach(c.st, &p, token, &err);
    if (!rc)
        rc = child_serve(&c, die_after, stop_after, &err);
    if (c.st)
        c.t->close(c.st);
    free(c.st);
    mb_os_free_aligned(c.buf);
    if (rc) {
        fprintf(stderr, "mapbench-ipc (child, %s): %s\n", name ? name : "?", err.msg);
        return 3;
    }
    return 0;
}
