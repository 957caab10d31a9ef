/* Records benchmark: the period report (month, week, year), the shift
 * handover and the history list's first page and booking-number search
 * over a bulk-loaded history of 1,000,000 IAQ requests spread over 3 years
 * (as bench_store), a tenth of them with a consular record. Prints its
 * figures (target: the report in <= 200 ms). Run it under
 * `flock /tmp/bench.lock`.
 *   bench_records [--dir D] [--history N] [--runs N] */
#include "core/auth.h"
#include "core/kiosk_err.h"
#include "core/store_priv.h"
#include "records/records.h"

#include "bench_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return v[(n - 1) / 2];
}

static int bulk_load(struct store *st, long history, kiosk_ms_t now, int64_t deputy_id)
{
    kiosk_ms_t span = 3LL * 365 * KIOSK_MS_PER_DAY;
    sqlite3_stmt *si, *sr, *sc, *sd;
    store_tx_begin(st);
    store_prepare(st,
                  "INSERT INTO intakes(id, booking_number, charges, basis, deputy_id,"
                  " deputy_badge, nationality, created, closed)"
                  " VALUES (?1, ?2, '1313', ?3, ?4, ?5, ?6, ?7, ?8)",
                  &si);
    store_prepare(st,
                  "INSERT INTO requests(id, intake_id, state, fields, ncic_name, offense,"
                  " attention, mules_ref, disposition, booked, created, queued, transmitted,"
                  " first_transmitted, acknowledged, responded, closed, updated, ended, dhs_due,"
                  " dhs_done, dhs_by, dhs_method, released, released_by)"
                  " VALUES (?1, ?1, 'closed', '{}', 'FICTIONAL,PERSON', '1313', 'DEPUTY D7', 'M',"
                  " ?2, ?3, ?3, ?3, ?4, ?4, ?4, ?5, ?6, ?6, ?5, ?7, ?8, ?9, ?10, ?11, ?12)",
                  &sr);
    store_prepare(st,
                  "INSERT INTO detainers(request_id, opened, received, issuing_office, form,"
                  " recorded_by) VALUES (?1, ?2, ?3, 'ERO Kansas City', 'I-247A', 'D7')",
                  &sd);
    store_prepare(st,
                  "INSERT INTO consular(intake_id, nationality, mandatory, opened, informed,"
                  " informed_by, notified, notified_by, consulate, method)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, 'D7', ?6, 'D7', 'Consulate', 'fax')",
                  &sc);
    static const char *const dispos[] = {"no_record", "record_found_citizen", "record_found_lpr",
                                         "possible_match"};
    /* issue 10: every 40th answer unlawfully present with its DHS notice
     * (a tenth of them late), every 80th a detainer, every 97th released
     * before the answer */
    static const char *const nat[] = {"MM", "GT", "GD", "EZ"};
    srand(42);
    for (long i = 1; i <= history; i++) {
        kiosk_ms_t created =
            now - span + (kiosk_ms_t)((double)span * (double)i / (double)(history + 1));
        kiosk_ms_t tx = created + (kiosk_ms_t)(60 + rand() % 1800) * 1000;
        kiosk_ms_t resp = tx + (kiosk_ms_t)(600 + rand() % 7200) * 1000;
        char booking[24], badge[8];
        snprintf(booking, sizeof booking, "H-%07ld", i);
        snprintf(badge, sizeof badge, "D%ld", 10 + i % 12);
        bool foreign = i % 10 == 0;
        sqlite3_bind_int64(si, 1, i);
        sqlite3_bind_text(si, 2, booking, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(si, 3, "iaq", -1, SQLITE_STATIC);
        sqlite3_bind_int64(si, 4, deputy_id);
        sqlite3_bind_text(si, 5, badge, -1, SQLITE_TRANSIENT);
        if (foreign)
            sqlite3_bind_text(si, 6, nat[i / 10 % 4], -1, SQLITE_STATIC);
        else
            sqlite3_bind_null(si, 6);
        sqlite3_bind_int64(si, 7, created);
        sqlite3_bind_int64(si, 8, resp + 300000);
        if (sqlite3_step(si) != SQLITE_DONE)
            return KIOSK_ERR_IO;
        sqlite3_reset(si);
        sqlite3_bind_int64(sr, 1, i);
        bool dhs = i % 40 == 0, det = i % 80 == 1, rel = i % 97 == 0;
        sqlite3_bind_text(sr, 2,
                          dhs   ? "record_found_unlawfully_present"
                          : det ? "detainer_to_follow"
                                : dispos[i % 4],
                          -1, SQLITE_STATIC);
        if (dhs) {
            sqlite3_bind_int64(sr, 7, resp);
            sqlite3_bind_int64(sr, 8, resp + (i % 400 == 0 ? 30 : 1) * KIOSK_MS_PER_HOUR);
            sqlite3_bind_text(sr, 9, "D7", -1, SQLITE_STATIC);
            sqlite3_bind_text(sr, 10, "phone", -1, SQLITE_STATIC);
        } else {
            for (int k = 7; k <= 10; k++)
                sqlite3_bind_null(sr, k);
        }
        if (rel) {
            sqlite3_bind_int64(sr, 11, tx + 60000);
            sqlite3_bind_text(sr, 12, "D7", -1, SQLITE_STATIC);
        } else {
            sqlite3_bind_null(sr, 11);
            sqlite3_bind_null(sr, 12);
        }
        sqlite3_bind_int64(sr, 3, created);
        sqlite3_bind_int64(sr, 4, tx);
        sqlite3_bind_int64(sr, 5, resp);
        sqlite3_bind_int64(sr, 6, resp + 300000);
        if (sqlite3_step(sr) != SQLITE_DONE)
            return KIOSK_ERR_IO;
        sqlite3_reset(sr);
        if (det) {
            sqlite3_bind_int64(sd, 1, i);
            sqlite3_bind_int64(sd, 2, resp);
            if (i % 160 == 1)
                sqlite3_bind_null(sd, 3); /* still awaited */
            else
                sqlite3_bind_int64(sd, 3, resp + 2 * KIOSK_MS_PER_HOUR);
            if (sqlite3_step(sd) != SQLITE_DONE)
                return KIOSK_ERR_IO;
            sqlite3_reset(sd);
        }
        if (foreign) {
            sqlite3_bind_int64(sc, 1, i);
            sqlite3_bind_text(sc, 2, nat[i / 10 % 4], -1, SQLITE_STATIC);
            sqlite3_bind_int(sc, 3, i / 10 % 4 >= 2);
            sqlite3_bind_int64(sc, 4, created);
            sqlite3_bind_int64(sc, 5, created + (kiosk_ms_t)(rand() % 40) * KIOSK_MS_PER_HOUR);
            sqlite3_bind_int64(sc, 6, created + (kiosk_ms_t)(rand() % 100) * KIOSK_MS_PER_HOUR);
            if (sqlite3_step(sc) != SQLITE_DONE)
                return KIOSK_ERR_IO;
            sqlite3_reset(sc);
        }
    }
    sqlite3_finalize(si);
    sqlite3_finalize(sr);
    sqlite3_finalize(sc);
    sqlite3_finalize(sd);
    int rc = store_tx_end(st, KIOSK_OK);
    if (rc == KIOSK_OK)
        rc = store_exec(st, "ANALYZE");
    return rc;
}

int main(int argc, char **argv)
{
    const char *dir = ".";
    long history = 1000000;
    int runs = 11;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--dir"))
            dir = argv[i + 1];
        else if (!strcmp(argv[i], "--history"))
            history = atol(argv[i + 1]);
        else if (!strcmp(argv[i], "--runs"))
            runs = atoi(argv[i + 1]);
        else {
            fprintf(stderr, "usage: bench_records [--dir D] [--history N] [--runs N]\n");
            return 64;
        }
    }
    if (runs < 1 || runs > 101)
        runs = 11;
    setenv("TZ", "UTC", 1);
    tzset();
    char path[512], msg[256];
    snprintf(path, sizeof path, "%s/bench_records.db", dir);
    unlink(path);
    kiosk_ms_t now = 1795773600000LL; /* 2026-11-27T10:00Z */
    struct kiosk_clock clock = clock_fixed(&now);
    struct store *st;
    if (store_open(path, &clock, &st, msg, sizeof msg) != KIOSK_OK) {
        fprintf(stderr, "store_open: %s\n", msg);
        return 1;
    }
    store_test_set_pwhash_fast(st, true);
    struct auth_actor local, admin;
    if (auth_actor_local_admin(st, NULL, &local) != KIOSK_OK ||
        auth_user_add(st, &local, "A1", "Bench Admin", AUTH_ROLE_ADMIN, "482915", NULL, msg,
                      sizeof msg) != KIOSK_OK ||
        auth_sign_in(st, "A1", "482915", &admin) != KIOSK_OK) {
        fprintf(stderr, "users: %s\n", msg);
        return 1;
    }
    double a = now_ms();
    if (bulk_load(st, history, now, admin.user_id) != KIOSK_OK) {
        fprintf(stderr, "bulk load: %s\n", sqlite3_errmsg(store_db(st)));
        return 1;
    }
    printf("bulk load: %ld requests with intakes (%ld consular records) over 3 years in %.1f s\n",
           history, history / 10, (now_ms() - a) / 1e3);
    static const struct {
        const char *name;
        int days;
    } periods[] = {{"week", 7}, {"month (30 d)", 30}, {"year (365 d)", 365}};
    struct records_period *p = malloc(sizeof *p);
    double *t = malloc((size_t)runs * sizeof *t);
    if (!p || !t)
        return 1;
    for (size_t k = 0; k < sizeof periods / sizeof periods[0]; k++) {
        kiosk_ms_t to = now - now % KIOSK_MS_PER_DAY;
        kiosk_ms_t from = to - (kiosk_ms_t)periods[k].days * KIOSK_MS_PER_DAY;
        double first = 0;
        for (int i = 0; i < runs; i++) {
            a = now_ms();
            if (records_report_period(st, &admin, from, to, p) != KIOSK_OK) {
                fprintf(stderr, "records_report_period failed\n");
                return 1;
            }
            t[i] = now_ms() - a;
            if (!i)
                first = t[i];
            if (i + 1 < runs)
                records_period_finish(p);
        }
        double med = median(t, runs);
        printf("period report, %s: %lld intakes, %lld answered, %zu countries, %zu late steps,"
               " %lld DHS notices (%zu late), %lld detainers, %lld released:"
               " first %.1f ms, median %.1f ms, max %.1f ms (target <= 200 ms; includes its audit "
               "row's fsync)\n",
               periods[k].name, (long long)p->intakes, (long long)p->responded, p->country_count,
               p->late_count, (long long)p->dhs_due, p->dhs_late_count,
               (long long)p->detainers_opened, (long long)p->released, first, med, t[runs - 1]);
        records_period_finish(p);
    }
    struct records_shift sh;
    for (int i = 0; i < runs; i++) {
        a = now_ms();
        if (records_report_shift(st, &admin, now - 90 * KIOSK_MS_PER_DAY, &sh) != KIOSK_OK)
            return 1;
        t[i] = now_ms() - a;
        if (i + 1 < runs)
            records_shift_finish(&sh);
    }
    double med = median(t, runs);
    printf("shift handover 90 days back: %zu items: median %.1f ms, max %.1f ms\n", sh.item_count,
           med, t[runs - 1]);
    records_shift_finish(&sh);
    struct records_filter f = {.limit = 200};
    struct records_row *rows;
    size_t n;
    for (int i = 0; i < runs; i++) {
        a = now_ms();
        if (records_list(st, &admin, &f, &rows, &n) != KIOSK_OK)
            return 1;
        t[i] = now_ms() - a;
        free(rows);
    }
    med = median(t, runs);
    printf("history, newest 200 intakes: median %.1f ms, max %.1f ms\n", med, t[runs - 1]);
    snprintf(f.search, sizeof f.search, "H-05");
    f.limit = 200;
    for (int i = 0; i < runs; i++) {
        a = now_ms();
        if (records_list(st, &admin, &f, &rows, &n) != KIOSK_OK)
            return 1;
        t[i] = now_ms() - a;
        free(rows);
    }
    med = median(t, runs);
    printf("history, search by booking number prefix (first 200 of the matches): median %.1f ms, "
           "max %.1f ms\n",
           med, t[runs - 1]);
    snprintf(f.search, sizeof f.search, "FICTIONAL,P");
    for (int i = 0; i < runs; i++) {
        a = now_ms();
        if (records_list(st, &admin, &f, &rows, &n) != KIOSK_OK)
            return 1;
        t[i] = now_ms() - a;
        free(rows);
    }
    med = median(t, runs);
    printf("history, search by name prefix, every row matching (first 200): median %.1f ms, "
           "max %.1f ms\n",
           med, t[runs - 1]);
    free(p);
    free(t);
    store_close(st);
    if (!getenv("BENCH_RECORDS_KEEP"))
        unlink(path);
    return 0;
}
