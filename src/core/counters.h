/* core/counters.h: the names of the per-case counters in mapbench's benchmark JSON, written by
 * the programs (bench/) and read back by the report (src/report/results.c). One spelling of
 * each name: the writers and the reader use these macros, never their own string. */
#ifndef MB_COUNTERS_H
#define MB_COUNTERS_H

/* Written by Google Benchmark itself from bytes/items processed and the manual time. */
#define MB_C_BYTES_PER_SECOND "bytes_per_second"
#define MB_C_ITEMS_PER_SECOND "items_per_second"
#define MB_C_REAL_TIME "real_time"

/* Every verified case (mapbench and mapbench-ipc). */
#define MB_C_VERIFIED "verified" /* 1: every pass matched its checksum */
#define MB_C_USR_S "usr_s"       /* user CPU seconds per iteration */
#define MB_C_SYS_S "sys_s"       /* system CPU seconds per iteration */
#define MB_C_VOL_CS "vol_cs"     /* voluntary context switches per iteration */
#define MB_C_INVOL_CS "invol_cs" /* involuntary context switches per iteration */
#define MB_C_LAT_P50_US "lat_p50_us"
#define MB_C_LAT_P99_US "lat_p99_us"

/* mapbench (file cases). */
#define MB_C_MINOR_FAULTS "minor_faults"
#define MB_C_MAJOR_FAULTS "major_faults"
#define MB_C_TLB_SHOOTDOWNS "tlb_shootdowns"
#define MB_C_RESIDENT_BEFORE "resident_before" /* fraction of the file cached before a pass */
#define MB_C_PASS_FRACTION "pass_fraction"     /* fraction of the file one iteration covers */
#define MB_C_BYTES_PER_PASS "bytes_per_pass"
#define MB_C_DEVICE_READ_BYTES "device_read_bytes" /* the data disk, per iteration (system-wide)   \
                                                    */
#define MB_C_DEVICE_WRITE_BYTES                                                                    \
    "device_write_bytes" /* the data disk, per iteration (system-wide) */
#define MB_C_READ_AMPLIFICATION "read_amplification" /* device bytes read / bytes requested */
#define MB_C_CGROUP_PEAK_BYTES "cgroup_peak_bytes"   /* peak usage of the case's memory cgroup */
#define MB_C_MEMLIMIT_BYTES "memlimit_bytes"         /* the case's memory cgroup limit */

/* mapbench-ipc. */
#define MB_C_MSG_BYTES "msg_bytes"
#define MB_C_MSGS_PER_ITER "msgs_per_iter"
#define MB_C_LAT_SAMPLES "lat_samples"

#endif
