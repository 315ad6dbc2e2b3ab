/* run/timeline.c: the timeline sampler thread (see timeline.h). */
#include "run/timeline.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "os/os.h"

/* One sample: cumulative values at a moment (have_* false where the platform cannot tell). */
struct sample {
    uint64_t t_ns, bytes, requests, minflt, majflt, tlb, dev_read, dev_write, cgroup;
    bool have_dev, have_cgroup;
};

struct mb_timeline {
    FILE *f;
    uint64_t interval_ns;
    struct mb_run *run;
    char *name;
    unsigned rep;
    uint64_t t0;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool stop;      /* under lock */
    bool write_err; /* set by the sampler thread, read after join */
};

static void sample_take(struct mb_timeline *t, struct sample *s)
{
    memset(s, 0, sizeof *s);
    s->t_ns = mb_os_now_ns();
    mb_run_progress(t->run, &s->bytes, &s->requests);
    struct mb_usage u;
    mb_os_usage(&u);
    s->minflt = u.minflt;
    s->majflt = u.majflt;
    s->tlb = mb_os_tlb_shootdowns();
    s->have_dev = mb_run_device_bytes(t->run, &s->dev_read, &s->dev_write);
    s->have_cgroup = mb_run_cgroup_bytes(t->run, &s->cgroup);
}

void mb_json_write_string(FILE *f, const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p < 0x20 || *p == 0x7f)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
}

/* Writes the JSON line of the interval (a, b]. */
static void interval_write(struct mb_timeline *t, const struct sample *a, const struct sample *b)
{
    FILE *f = t->f;
    fputs("{\"case\":\"", f);
    mb_json_write_string(f, t->name);
    fprintf(
        f,
        "\",\"rep\":%u,\"t_s\":%.4f,\"interval_s\":%.4f,\"bytes\":%llu,\"requests\":%llu,"
        "\"minor_faults\":%llu,\"major_faults\":%llu,",
        t->rep, (double)(b->t_ns - t->t0) * 1e-9, (double)(b->t_ns - a->t_ns) * 1e-9,
        (unsigned long long)(b->bytes - a->bytes), (unsigned long long)(b->requests - a->requests),
        (unsigned long long)(b->minflt - a->minflt), (unsigned long long)(b->majflt - a->majflt));
    if (a->have_dev && b->have_dev)
        fprintf(f, "\"device_read_bytes\":%llu,\"device_write_bytes\":%llu,",
                (unsigned long long)(b->dev_read - a->dev_read),
                (unsigned long long)(b->dev_write - a->dev_write));
    else
        fputs("\"device_read_bytes\":null,\"device_write_bytes\":null,", f);
    /* 0 or a smaller count: /proc/interrupts could not be read at one end */
    if (a->tlb && b->tlb >= a->tlb)
        fprintf(f, "\"tlb_shootdowns\":%llu,", (unsigned long long)(b->tlb - a->tlb));
    else
        fputs("\"tlb_shootdowns\":null,", f);
    if (b->have_cgroup)
        fprintf(f, "\"cgroup_bytes\":%llu}\n", (unsigned long long)b->cgroup);
    else
        fputs("\"cgroup_bytes\":null}\n", f);
    if (ferror(f))
        t->write_err = true;
}

/* Waits until monotonic time `deadline_ns` or a stop request; true when asked to stop. */
static bool wait_until(struct mb_timeline *t, uint64_t deadline_ns)
{
    pthread_mutex_lock(&t->lock);
    while (!t->stop) {
        uint64_t now = mb_os_now_ns();
        if (now >= deadline_ns)
            break;
        /* the condition variable's clock is the wall clock: wait the remaining span from
         * its now (a wall-clock step only makes one wait shorter or longer) */
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        uint64_t abs_ns =
            (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec + (deadline_ns - now);
        ts.tv_sec = (time_t)(abs_ns / 1000000000ull);
        ts.tv_nsec = (long)(abs_ns % 1000000000ull);
        pthread_cond_timedwait(&t->wake, &t->lock, &ts);
    }
    bool stop = t->stop;
    pthread_mutex_unlock(&t->lock);
    return stop;
}

static void *sampler(void *arg)
{
    struct mb_timeline *t = arg;
    struct sample prev, cur;
    sample_take(t, &prev);
    t->t0 = prev.t_ns;
    for (uint64_t k = 1;; k++) {
        bool stop = wait_until(t, t->t0 + k * t->interval_ns);
        sample_take(t, &cur);
        /* the last, partial interval only when it is long enough to mean something */
        if (cur.t_ns > prev.t_ns && (!stop || cur.t_ns - prev.t_ns >= t->interval_ns / 10))
            interval_write(t, &prev, &cur);
        prev = cur;
        if (stop)
            break;
        /* a late sample (the sampler stalled: reclaim, oversubscription) skips the ticks it
         * missed instead of sampling back to back */
        uint64_t next = (cur.t_ns - t->t0) / t->interval_ns + 1;
        if (next > k + 1)
            k = next - 1;
    }
    return NULL;
}

int mb_timeline_start(struct mb_timeline **out, FILE *f, unsigned interval_ms, struct mb_run *r,
                      const char *name, unsigned rep, struct mb_err *err)
{
    *out = NULL;
    struct mb_timeline *t = calloc(1, sizeof *t);
    if (!t || !(t->name = strdup(name))) {
        free(t);
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
    }
    t->f = f;
    t->interval_ns = (uint64_t)interval_ms * 1000000ull;
    t->run = r;
    t->rep = rep;
    pthread_mutex_init(&t->lock, NULL);
    pthread_cond_init(&t->wake, NULL);
    int rc = pthread_create(&t->thread, NULL, sampler, t);
    if (rc != 0) {
        pthread_cond_destroy(&t->wake);
        pthread_mutex_destroy(&t->lock);
        free(t->name);
        free(t);
        return mb_err_set(err, MB_E_IO, rc, "pthread_create", "cannot start the timeline sampler");
    }
    *out = t;
    return 0;
}

int mb_timeline_stop(struct mb_timeline *t, struct mb_err *err)
{
    if (!t)
        return 0;
    pthread_mutex_lock(&t->lock);
    t->stop = true;
    pthread_cond_signal(&t->wake);
    pthread_mutex_unlock(&t->lock);
    pthread_join(t->thread, NULL);
    fflush(t->f);
    bool bad = t->write_err || ferror(t->f);
    pthread_cond_destroy(&t->wake);
    pthread_mutex_destroy(&t->lock);
    free(t->name);
    free(t);
    if (bad)
        return mb_err_set(err, MB_E_IO, 0, "fprintf", "cannot write the timeline");
    return 0;
}
