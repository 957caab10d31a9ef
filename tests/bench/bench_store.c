/* Store benchmark: durable intake-add latency (synchronous=FULL, one fsync'd
 * transaction per add) p50/p99; backlog report time with a bulk-loaded
 * history of 1,000,000 requests plus 500 open ones (target <= 50 ms); and
 * database bytes per 100,000 intakes taken through their whole life cycle
 * by the core API. Prints its figures; run from a folder on the kiosk's real
 * disk (the database goes to --dir, default the current folder).
 *   bench_store [--dir D] [--adds N] [--history N] [--open N] [--size N] */
#include "core/audit.h"
#include "core/intake.h"
#include "core/kiosk_err.h"
#include "core/report.h"
#include "core/request.h"
#include "core/store_priv.h"

#include "bench_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void fill_input(struct intake_input *in, long i)
{
    memset(in, 0, sizeof *in);
    snprintf(in->booking_number, sizeof in->booking_number, "2026-%07ld", i);
    strcpy(in->charges[0], "1313");
    strcpy(in->charges[1], "5404");
    in->basis = INTAKE_IAQ;
    strcpy(in->iaq.family_name, "Fictional-Person");
    strcpy(in->iaq.first_name, "Alexandra");
    strcpy(in->iaq.middle_names, "Maria");
    strcpy(in->iaq.dob, "19850412");
    strcpy(in->iaq.sex, "F");
    strcpy(in->iaq.pob, "MM");
    strcpy(in->iaq.nationality[0], "MM");
}

static struct store *open_fresh(const char *path, struct kiosk_clock *clock,
                                struct auth_actor *deputy, struct auth_actor *comms,
                                struct auth_actor *admin)
{
    char msg[256], side[512];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
    struct store *st;
    if (store_open(path, clock, &st, msg, sizeof msg) != KIOSK_OK) {
        fprintf(stderr, "store_open: %s\n", msg);
        exit(1);
    }
    store_test_set_pwhash_fast(st, true); /* sign-in cost is not what is measured */
    struct auth_actor local;
    auth_actor_local_admin(st, NULL, &local);
    if (auth_user_add(st, &local, "A1", "Admin", AUTH_ROLE_ADMIN, "482915", NULL, msg,
                      sizeof msg) ||
        auth_user_add(st, &local, "D7", "Deputy", AUTH_ROLE_DEPUTY, "739164", NULL, msg,
                      sizeof msg) ||
        auth_user_add(st, &local, "C3", "Comms", AUTH_ROLE_COMMS, "639172", NULL, msg,
                      sizeof msg) ||
        auth_actor_local_admin(st, "D7", deputy) || auth_actor_local_admin(st, "C3", comms) ||
        auth_actor_local_admin(st, "A1", admin)) {
        fprintf(stderr, "users: %s\n", msg);
        exit(1);
    }
    return st;
}

static long file_bytes(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? (long)sb.st_size : -1;
}

int main(int argc, char **argv)
{
    const char *dir = ".";
    long adds = 300, history = 1000000, open_n = 500, size_n = 100000;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--dir"))
            dir = argv[i + 1];
        else if (!strcmp(argv[i], "--adds"))
            adds = atol(argv[i + 1]);
        else if (!strcmp(argv[i], "--history"))
            history = atol(argv[i + 1]);
        else if (!strcmp(argv[i], "--open"))
            open_n = atol(argv[i + 1]);
        else if (!strcmp(argv[i], "--size"))
            size_n = atol(argv[i + 1]);
        else {
            fprintf(stderr, "usage: bench_store [--dir D] [--adds N] [--history N] [--open N] "
                            "[--size N]\n");
            return 64;
        }
    }
    char path[512], msg[256], keys[512];
    snprintf(path, sizeof path, "%s/bench_store.db", dir);
    snprintf(keys, sizeof keys, "%s/bench_store.keys", dir);
    setenv("KIOSK_KEY_DIR", keys, 0); /* the databases' key folder (issue 12) */
    kiosk_ms_t t = 1795773600000LL;   /* 2026-11-27T10:00Z */
    struct kiosk_clock clock = clock_fixed(&t);
    struct auth_actor deputy, comms, admin;
    struct iaq_problems p;

    /* 1. Durable add latency: each add is its own fsync'd transaction. */
    struct store *st = open_fresh(path, &clock, &deputy, &comms, &admin);
    double *lat = malloc((size_t)adds * sizeof *lat);
    for (long i = 0; i < adds; i++) {
        struct intake_input in;
        fill_input(&in, i);
        double a = now_ms();
        if (intake_add(st, &deputy, &in, &p, NULL, NULL) != KIOSK_OK) {
            fprintf(stderr, "intake_add failed\n");
            return 1;
        }
        lat[i] = now_ms() - a;
        t += 1000;
    }
    printf("durable intake add (IAQ, synchronous=FULL), %ld adds: p50 %.2f ms, p99 %.2f ms\n", adds,
           pct(lat, (size_t)adds, 0.50), pct(lat, (size_t)adds, 0.99));
    free(lat);
    store_close(st);

    /* 2. Bytes per intake through the whole life cycle (add, transmit, ack,
     * respond, close; events, consular and audit rows included), via the
     * core API, batched 1,000 per transaction. */
    st = open_fresh(path, &clock, &deputy, &comms, &admin);
    double a = now_ms();
    for (long i = 0; i < size_n; i++) {
        if (i % 1000 == 0 && store_tx_begin(st) != KIOSK_OK)
            return 1;
        struct intake_input in;
        fill_input(&in, i);
        int64_t rid;
        int rc = intake_add(st, &deputy, &in, &p, NULL, &rid);
        if (rc == KIOSK_OK)
            rc = request_transmit(st, &comms, rid, "MULES-000123", msg, sizeof msg);
        if (rc == KIOSK_OK)
            rc = request_ack(st, &comms, rid, msg, sizeof msg);
        if (rc == KIOSK_OK)
            rc = request_respond(st, &comms, rid, "no_record",
                                 "IAR.VTICE0900.\nNO RECORD LOCATED FOR SUBJECT. THIS DOES NOT "
                                 "ESTABLISH CITIZENSHIP OR LAWFUL STATUS.\n",
                                 msg, sizeof msg);
        if (rc == KIOSK_OK)
            rc = request_close(st, &deputy, rid, msg, sizeof msg);
        if (rc != KIOSK_OK) {
            fprintf(stderr, "life cycle %ld: %s %s\n", i, kiosk_strerror(rc), msg);
            return 1;
        }
        t += 60000;
        if (i % 1000 == 999 || i == size_n - 1)
            store_tx_end(st, KIOSK_OK);
    }
    store_exec(st, "PRAGMA wal_checkpoint(TRUNCATE)");
    long bytes = file_bytes(path);
    printf("database size after %ld full intake life cycles: %ld bytes = %.1f MB per 100,000 "
           "intakes (%.0f bytes/intake; %.1f s to write)\n",
           size_n, bytes, (double)bytes / (double)size_n * 100000.0 / 1e6,
           (double)bytes / (double)size_n, (now_ms() - a) / 1e3);
    store_close(st);

    /* 3. Backlog with a bulk-loaded history plus open requests. */
    st = open_fresh(path, &clock, &deputy, &comms, &admin);
    a = now_ms();
    kiosk_ms_t now = t;
    kiosk_ms_t span = 3LL * 365 * KIOSK_MS_PER_DAY; /* history spread over 3 years */
    sqlite3_stmt *si, *sr;
    store_tx_begin(st);
    store_prepare(st,
                  "INSERT INTO intakes(id, booking_number, charges, basis, deputy_id,"
                  " deputy_badge, created, closed) VALUES (?1, ?2, '1313', ?3, ?4, 'D7', ?5, ?6)",
                  &si);
    store_prepare(st,
                  "INSERT INTO requests(id, intake_id, state, fields, ncic_name, offense,"
                  " attention, mules_ref, disposition, booked, created, queued, transmitted,"
                  " first_transmitted, acknowledged, responded, closed, updated, ended)"
                  " VALUES (?1, ?1, ?2, '{}', 'FICTIONAL,PERSON', '1313', 'DEPUTY D7', 'M',"
                  " ?3, ?4, ?4, ?4, ?5, ?5, ?5, ?6, ?7, ?8, ?6)",
                  &sr);
    srand(42);
    long total = history + open_n;
    for (long i = 1; i <= total; i++) {
        bool open = i > history;
        kiosk_ms_t created =
            open ? now - (kiosk_ms_t)(rand() % (3 * 3600)) * 1000
                 : now - span + (kiosk_ms_t)((double)span * (double)i / (double)(history + 1));
        kiosk_ms_t tx = created + (kiosk_ms_t)(60 + rand() % 1800) * 1000;
        kiosk_ms_t resp = tx + (kiosk_ms_t)(600 + rand() % 7200) * 1000;
        char booking[24];
        snprintf(booking, sizeof booking, "H-%07ld", i);
        sqlite3_bind_int64(si, 1, i);
        sqlite3_bind_text(si, 2, booking, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(si, 3, open || i % 4 == 0 ? "iaq" : (i % 4 == 1 ? "exempt_id" : "iaq"),
                          -1, SQLITE_STATIC);
        sqlite3_bind_int64(si, 4, deputy.user_id);
        sqlite3_bind_int64(si, 5, created);
        if (open)
            sqlite3_bind_null(si, 6);
        else
            sqlite3_bind_int64(si, 6, resp + 300000);
        if (sqlite3_step(si) != SQLITE_DONE) {
            fprintf(stderr, "bulk intake: %s\n", sqlite3_errmsg(store_db(st)));
            return 1;
        }
        sqlite3_reset(si);
        sqlite3_bind_int64(sr, 1, i);
        int phase = open ? (int)(i % 3) : 3; /* open: queued, transmitted, acknowledged */
        static const char *const states[] = {"queued", "transmitted", "acknowledged", "closed"};
        sqlite3_bind_text(sr, 2, states[phase], -1, SQLITE_STATIC);
        if (open)
            sqlite3_bind_null(sr, 3);
        else
            sqlite3_bind_text(sr, 3, "no_record", -1, SQLITE_STATIC);
        sqlite3_bind_int64(sr, 4, created);
        if (phase == 0)
            sqlite3_bind_null(sr, 5);
        else
            sqlite3_bind_int64(sr, 5, tx > now ? now : tx);
        if (open) {
            sqlite3_bind_null(sr, 6);
            sqlite3_bind_null(sr, 7);
        } else {
            sqlite3_bind_int64(sr, 6, resp);
            sqlite3_bind_int64(sr, 7, resp + 300000);
        }
        sqlite3_bind_int64(sr, 8, open ? created : resp + 300000);
        if (sqlite3_step(sr) != SQLITE_DONE) {
            fprintf(stderr, "bulk request: %s\n", sqlite3_errmsg(store_db(st)));
            return 1;
        }
        sqlite3_reset(sr);
    }
    sqlite3_finalize(si);
    sqlite3_finalize(sr);
    if (store_tx_end(st, KIOSK_OK) != KIOSK_OK)
        return 1;
    store_exec(st, "ANALYZE");
    printf("bulk load: %ld historical + %ld open requests (with intakes) in %.1f s\n", history,
           open_n, (now_ms() - a) / 1e3);
    double runs[21];
    struct report_backlog r;
    for (int i = 0; i < 21; i++) {
        a = now_ms();
        if (report_backlog(st, &admin, &r) != KIOSK_OK) {
            fprintf(stderr, "report_backlog failed\n");
            return 1;
        }
        runs[i] = now_ms() - a;
        if (i < 20)
            report_backlog_finish(&r);
    }
    printf("backlog report over %ld requests (%lld open, %zu overdue, %lld responded in 30 d):"
           " first %.1f ms, median %.1f ms, max %.1f ms (target <= 50 ms; includes its audit "
           "row's fsync)\n",
           total, (long long)r.open_total, r.overdue_count, (long long)r.windows[2].responded,
           runs[0], pct(runs + 1, 20, 0.5), pct(runs + 1, 20, 1.0));
    report_backlog_finish(&r);
    store_close(st);
    printf("database with the history: %ld bytes\n", file_bytes(path));
    if (!getenv("BENCH_STORE_KEEP"))
        unlink(path);
    return 0;
}
