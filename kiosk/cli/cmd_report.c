/* `kioskctl report period|shift`: the period report (intakes by basis and
 * deputy, IAQ turnaround, dispositions, consular records by country with
 * late steps) and the shift handover, as text, JSON or CSV (records.h). */
#include "cli/cli.h"
#include "cli/store_cli.h"
#include "core/kiosk_err.h"
#include "core/tz.h"
#include "print/print.h"
#include "records/records.h"

#include <stdlib.h>
#include <string.h>

static int usage(int status)
{
    FILE *o = status ? stderr : stdout;
    fprintf(o, "usage: kioskctl [--db P] [--now T] (--as BADGE | --local-admin) report period\n"
               "           --from D --to D [--json|--csv]\n"
               "       kioskctl ... report week [--at T] [--json|--csv]\n"
               "       kioskctl ... report shift [--at T] [--json]\n"
               "period: intakes booked from D up to and including D (YYYY-MM-DD, local time;\n"
               "or ISO times, --to exclusive), at most 400 days: by basis and by deputy; IAQ\n"
               "turnaround (booking to transmission, transmission to answer: median, p90),\n"
               "share answered within the response SLA and transmitted within the statutory\n"
               "48 h; dispositions; consular records by country with the shares informed\n"
               "within 24 h and notified within 72 h, and every late step (kept visible after\n"
               "it was recorded), requested/declined where not mandatory; DHS notifications\n"
               "due/done (late ones listed), detainers, releases before an answer; per-day\n"
               "series; --pdf FILE adds charts (intakes per day by basis, median time to send\n"
               "per day). Roles: admin, supervisor, auditor. Days are local in the timezone\n"
               "setting.\n"
               "week: the period report of the week (Monday 00:00 local time) containing T.\n"
               "shift: what is open at T (default now): queued, waiting for ICE, answers not\n"
               "acknowledged, needs information, overdue clocks, consular and DHS steps due,\n"
               "detainers awaiting receipt.\n"
               "Roles: deputy, supervisor, admin, auditor. Both are audited.\n");
    return status;
}

static json_t *secs(kiosk_ms_t v)
{
    return v < 0 ? json_null() : json_integer(v / 1000);
}

static json_t *period_json(const struct records_period *p)
{
    json_t *dep = json_array(), *dis = json_object(), *cty = json_array(), *late = json_array(),
           *days = json_array();
    for (size_t i = 0; i < p->deputy_count; i++) {
        const struct records_deputy_count *d = &p->deputies[i];
        json_array_append_new(dep,
                              json_pack("{s:s, s:I, s:I, s:I, s:I}", "badge", d->badge, "exempt_id",
                                        (json_int_t)d->exempt_id, "exempt_id_manual",
                                        (json_int_t)d->exempt_id_manual, "exempt_known",
                                        (json_int_t)d->exempt_known, "iaq", (json_int_t)d->iaq));
    }
    for (size_t i = 0; i < p->disposition_kinds; i++)
        json_object_set_new(dis, p->dispositions[i], json_integer(p->disposition_count[i]));
    for (size_t i = 0; i < p->country_count; i++) {
        const struct records_country *c = &p->countries[i];
        json_array_append_new(
            cty,
            json_pack("{s:s, s:I, s:I, s:I, s:I, s:f, s:I, s:I, s:f, s:I, s:I, s:I}", "code",
                      c->code, "records", (json_int_t)c->records, "mandatory",
                      (json_int_t)c->mandatory, "informed", (json_int_t)c->informed,
                      "informed_within_24h", (json_int_t)c->informed_24h,
                      "informed_within_24h_share",
                      c->records ? (double)c->informed_24h / (double)c->records : 0.0, "notified",
                      (json_int_t)c->notified, "notified_within_72h", (json_int_t)c->notified_72h,
                      "notified_within_72h_share",
                      c->mandatory ? (double)c->notified_72h / (double)c->mandatory : 0.0,
                      "late_informed", (json_int_t)c->late_informed, "late_notified",
                      (json_int_t)c->late_notified, "outstanding", (json_int_t)c->outstanding));
        json_t *o = json_array_get(cty, json_array_size(cty) - 1);
        json_object_set_new(o, "requested", json_integer(c->requested));
        json_object_set_new(o, "declined", json_integer(c->declined));
    }
    json_t *dhs_late = json_array();
    for (size_t i = 0; i < p->dhs_late_count; i++) {
        const struct records_late *l = &p->dhs_late[i];
        json_array_append_new(dhs_late,
                              json_pack("{s:I, s:s, s:o, s:o, s:I}", "intake_id",
                                        (json_int_t)l->intake_id, "booking_number",
                                        l->booking_number, "due", store_cli_json_time(l->opened),
                                        "done", store_cli_json_time(l->done), "late_by_s",
                                        (json_int_t)(l->late_by / 1000)));
    }
    for (size_t i = 0; i < p->late_count; i++) {
        const struct records_late *l = &p->late[i];
        json_array_append_new(late, json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:I}", "intake_id",
                                              (json_int_t)l->intake_id, "booking_number",
                                              l->booking_number, "code", l->code, "step", l->step,
                                              "opened", store_cli_json_time(l->opened), "done",
                                              store_cli_json_time(l->done), "late_by_s",
                                              (json_int_t)(l->late_by / 1000)));
    }
    for (int d = 0; d < p->days; d++)
        json_array_append_new(
            days, json_pack("{s:I, s:I, s:I, s:o}", "exempt_id", (json_int_t)p->day_exempt_id[d],
                            "exempt_known", (json_int_t)p->day_exempt_known[d], "iaq",
                            (json_int_t)p->day_iaq[d], "booking_to_transmitted_median_s",
                            secs(p->day_b2t_median[d])));
    json_t *iaq = json_pack(
        "{s:I, s:I, s:o, s:o, s:o, s:o, s:I, s:f, s:I, s:f, s:I, s:I, s:o}", "transmitted",
        (json_int_t)p->transmitted, "responded", (json_int_t)p->responded,
        "booking_to_transmitted_median_s", secs(p->b2t_median), "booking_to_transmitted_p90_s",
        secs(p->b2t_p90), "transmitted_to_responded_median_s", secs(p->t2r_median),
        "transmitted_to_responded_p90_s", secs(p->t2r_p90), "within_response_sla",
        (json_int_t)p->within_response_sla, "within_response_sla_share",
        p->within_response_sla_share, "within_48h", (json_int_t)p->within_48h, "within_48h_share",
        p->within_48h_share, "cancelled", (json_int_t)p->cancelled, "still_open",
        (json_int_t)p->still_open, "dispositions", dis);
    json_t *root = json_pack(
        "{s:o, s:o, s:I, s:{s:I, s:I, s:I, s:I}, s:o, s:b, s:o, s:o, s:o, s:o}", "from",
        store_cli_json_time(p->from), "to", store_cli_json_time(p->to), "intakes",
        (json_int_t)p->intakes, "by_basis", "exempt_id", (json_int_t)p->exempt_id,
        "exempt_id_manual", (json_int_t)p->exempt_id_manual, "exempt_known",
        (json_int_t)p->exempt_known, "iaq", (json_int_t)p->iaq, "by_deputy", dep, "by_deputy_cut",
        p->deputies_cut, "iaq", iaq, "consular", cty, "consular_late", late, "per_day", days);
    /* issue 10's steps */
    json_object_set_new(root, "consular_wish",
                        json_pack("{s:I, s:I}", "requested", (json_int_t)p->consular_requested,
                                  "declined", (json_int_t)p->consular_declined));
    json_object_set_new(root, "dhs_notifications",
                        json_pack("{s:I, s:I, s:I, s:I, s:i, s:o}", "due", (json_int_t)p->dhs_due,
                                  "done", (json_int_t)p->dhs_done, "done_late",
                                  (json_int_t)p->dhs_done_late, "outstanding",
                                  (json_int_t)p->dhs_outstanding, "late_after_hours",
                                  RECORDS_DHS_LATE_HOURS, "late", dhs_late));
    json_object_set_new(root, "detainers",
                        json_pack("{s:I, s:I}", "opened", (json_int_t)p->detainers_opened,
                                  "received", (json_int_t)p->detainers_received));
    json_object_set_new(root, "released_before_answer",
                        json_pack("{s:I, s:I}", "released", (json_int_t)p->released,
                                  "answered_later", (json_int_t)p->released_answered));
    return root;
}

static void csv_row(const char *section, const char *key, const char *metric, long long v)
{
    printf("%s,%s,%s,%lld\n", section, key, metric, v);
}

static void period_csv(const struct records_period *p)
{
    printf("section,key,metric,value\n");
    csv_row("intakes", "all", "total", p->intakes);
    csv_row("intakes", "all", "exempt_id", p->exempt_id);
    csv_row("intakes", "all", "exempt_id_manual", p->exempt_id_manual);
    csv_row("intakes", "all", "exempt_known", p->exempt_known);
    csv_row("intakes", "all", "iaq", p->iaq);
    for (size_t i = 0; i < p->deputy_count; i++) {
        const struct records_deputy_count *d = &p->deputies[i];
        csv_row("deputy", d->badge, "exempt_id", d->exempt_id);
        csv_row("deputy", d->badge, "exempt_id_manual", d->exempt_id_manual);
        csv_row("deputy", d->badge, "exempt_known", d->exempt_known);
        csv_row("deputy", d->badge, "iaq", d->iaq);
    }
    csv_row("iaq", "all", "transmitted", p->transmitted);
    csv_row("iaq", "all", "responded", p->responded);
    csv_row("iaq", "all", "booking_to_transmitted_median_s", p->b2t_median / 1000);
    csv_row("iaq", "all", "booking_to_transmitted_p90_s", p->b2t_p90 / 1000);
    csv_row("iaq", "all", "transmitted_to_responded_median_s", p->t2r_median / 1000);
    csv_row("iaq", "all", "transmitted_to_responded_p90_s", p->t2r_p90 / 1000);
    csv_row("iaq", "all", "within_response_sla", p->within_response_sla);
    csv_row("iaq", "all", "within_48h", p->within_48h);
    csv_row("iaq", "all", "cancelled", p->cancelled);
    csv_row("iaq", "all", "still_open", p->still_open);
    for (size_t i = 0; i < p->disposition_kinds; i++)
        csv_row("disposition", p->dispositions[i], "count", p->disposition_count[i]);
    for (size_t i = 0; i < p->country_count; i++) {
        const struct records_country *c = &p->countries[i];
        csv_row("consular", c->code, "records", c->records);
        csv_row("consular", c->code, "mandatory", c->mandatory);
        csv_row("consular", c->code, "informed_within_24h", c->informed_24h);
        csv_row("consular", c->code, "notified_within_72h", c->notified_72h);
        csv_row("consular", c->code, "late_informed", c->late_informed);
        csv_row("consular", c->code, "late_notified", c->late_notified);
        csv_row("consular", c->code, "outstanding", c->outstanding);
    }
    for (size_t i = 0; i < p->late_count; i++) {
        char key[64];
        snprintf(key, sizeof key, "%s %s", p->late[i].booking_number, p->late[i].step);
        csv_row("consular_late", key, "late_by_s", p->late[i].late_by / 1000);
    }
    for (size_t i = 0; i < p->country_count; i++) {
        csv_row("consular", p->countries[i].code, "requested", p->countries[i].requested);
        csv_row("consular", p->countries[i].code, "declined", p->countries[i].declined);
    }
    csv_row("consular_wish", "all", "requested", p->consular_requested);
    csv_row("consular_wish", "all", "declined", p->consular_declined);
    csv_row("dhs", "all", "due", p->dhs_due);
    csv_row("dhs", "all", "done", p->dhs_done);
    csv_row("dhs", "all", "done_late", p->dhs_done_late);
    csv_row("dhs", "all", "outstanding", p->dhs_outstanding);
    for (size_t i = 0; i < p->dhs_late_count; i++)
        csv_row("dhs_late", p->dhs_late[i].booking_number, "late_by_s",
                p->dhs_late[i].late_by / 1000);
    csv_row("detainers", "all", "opened", p->detainers_opened);
    csv_row("detainers", "all", "received", p->detainers_received);
    csv_row("released_before_answer", "all", "released", p->released);
    csv_row("released_before_answer", "all", "answered_later", p->released_answered);
}

static void print_dur(const char *what, kiosk_ms_t v)
{
    if (v < 0)
        printf("  %-36s -\n", what);
    else
        printf("  %-36s %lld h %02lld min\n", what, (long long)(v / KIOSK_MS_PER_HOUR),
               (long long)(v % KIOSK_MS_PER_HOUR / KIOSK_MS_PER_MIN));
}

static void period_text(const struct records_period *p)
{
    char a[KIOSK_ISO_LEN], b[KIOSK_ISO_LEN];
    printf("Period %s to %s: %lld intakes\n", store_cli_time(p->from, a), store_cli_time(p->to, b),
           (long long)p->intakes);
    printf("  exempt by ID %lld (by hand %lld), by personal knowledge %lld, IAQ %lld\n",
           (long long)p->exempt_id, (long long)p->exempt_id_manual, (long long)p->exempt_known,
           (long long)p->iaq);
    for (size_t i = 0; i < p->deputy_count; i++)
        printf("  deputy %-8s ID %lld, known %lld, IAQ %lld\n", p->deputies[i].badge,
               (long long)p->deputies[i].exempt_id, (long long)p->deputies[i].exempt_known,
               (long long)p->deputies[i].iaq);
    printf("IAQ: %lld transmitted, %lld answered, %lld cancelled, %lld still open\n",
           (long long)p->transmitted, (long long)p->responded, (long long)p->cancelled,
           (long long)p->still_open);
    print_dur("booking to transmission, median", p->b2t_median);
    print_dur("booking to transmission, p90", p->b2t_p90);
    print_dur("transmission to answer, median", p->t2r_median);
    print_dur("transmission to answer, p90", p->t2r_p90);
    printf("  answered within the response SLA     %.1f %%\n",
           100.0 * p->within_response_sla_share);
    printf("  transmitted within 48 h of booking   %.1f %%\n", 100.0 * p->within_48h_share);
    for (size_t i = 0; i < p->disposition_kinds; i++)
        printf("  %-36s %lld\n", p->dispositions[i], (long long)p->disposition_count[i]);
    printf("Consular records by country:\n");
    for (size_t i = 0; i < p->country_count; i++) {
        const struct records_country *c = &p->countries[i];
        printf("  %-3s %4lld records, informed within 24 h %lld, mandatory %lld, notified within "
               "72 h %lld, late %lld/%lld, outstanding %lld\n",
               c->code, (long long)c->records, (long long)c->informed_24h, (long long)c->mandatory,
               (long long)c->notified_72h, (long long)c->late_informed, (long long)c->late_notified,
               (long long)c->outstanding);
    }
    for (size_t i = 0; i < p->late_count; i++) {
        const struct records_late *l = &p->late[i];
        printf("  LATE %-14s %-3s %-9s %s, %lld h late\n", l->booking_number, l->code, l->step,
               l->done ? "recorded" : "NOT DONE", (long long)(l->late_by / KIOSK_MS_PER_HOUR));
    }
    printf("  not mandatory: %lld asked for notification, %lld declined\n",
           (long long)p->consular_requested, (long long)p->consular_declined);
    printf("DHS notifications (RSMo 544.472): %lld due, %lld done (%lld late), %lld outstanding\n",
           (long long)p->dhs_due, (long long)p->dhs_done, (long long)p->dhs_done_late,
           (long long)p->dhs_outstanding);
    for (size_t i = 0; i < p->dhs_late_count; i++) {
        const struct records_late *l = &p->dhs_late[i];
        printf("  LATE %-14s DHS notice %s, %lld h late\n", l->booking_number,
               l->done ? "recorded" : "NOT DONE", (long long)(l->late_by / KIOSK_MS_PER_HOUR));
    }
    printf("Detainers: %lld opened, %lld received\n", (long long)p->detainers_opened,
           (long long)p->detainers_received);
    printf("Released before an answer: %lld (answered later %lld)\n", (long long)p->released,
           (long long)p->released_answered);
}

static int period_cmd(struct cli_ctx *ctx, int argc, char **argv, bool week)
{
    kiosk_ms_t from = 0, to = 0, at = 0;
    bool json = false, csv = false;
    const char *pdf = NULL, *from_s = NULL, *to_s = NULL, *at_s = NULL;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--json"))
            json = true;
        else if (!strcmp(a, "--pdf") && v)
            pdf = argv[++i];
        else if (!strcmp(a, "--csv"))
            csv = true;
        else if (!week && v && (!strcmp(a, "--from") || !strcmp(a, "--to"))) {
            bool t = !strcmp(a, "--to");
            /* checked here, read in the store's zone once it is open */
            if (records_parse_day(TZ_DEFAULT, v, t, t ? &to : &from) != KIOSK_OK)
                return cli_fail(KIOSK_EXIT_USAGE, "%s takes YYYY-MM-DD or an ISO time, not '%s'", a,
                                v);
            *(t ? &to_s : &from_s) = v;
            i++;
        } else if (week && v && !strcmp(a, "--at")) {
            if (records_parse_day(TZ_DEFAULT, v, false, &at) != KIOSK_OK)
                return cli_fail(KIOSK_EXIT_USAGE, "--at takes YYYY-MM-DD or an ISO time");
            at_s = v;
            i++;
        } else {
            return usage(KIOSK_EXIT_USAGE);
        }
    }
    if (json + csv + (pdf != NULL) > 1)
        return cli_fail(KIOSK_EXIT_USAGE, "give one of --json, --csv, --pdf");
    if (!week && (!from || !to))
        return cli_fail(KIOSK_EXIT_USAGE, "report period needs --from and --to");
    struct store_cli sc;
    int status = store_cli_begin(ctx, &sc, true);
    if (status)
        return status;
    char zone[TZ_NAME_MAX];
    int rc = tz_store_zone(sc.st, zone, sizeof zone);
    if (rc == KIOSK_OK && from_s)
        rc = records_parse_day(zone, from_s, false, &from);
    if (rc == KIOSK_OK && to_s)
        rc = records_parse_day(zone, to_s, true, &to);
    if (rc == KIOSK_OK && at_s)
        rc = records_parse_day(zone, at_s, false, &at);
    if (rc == KIOSK_OK && week) {
        from = records_week_start(zone, at ? at : store_now(sc.st));
        /* next Monday's local midnight (a DST week is 167 or 169 h) */
        rc = records_day_start(zone, from, 7, &to);
    }
    if (rc != KIOSK_OK || !from) {
        store_cli_finish(&sc);
        return cli_fail(KIOSK_EXIT_DATAERR, "the time zone setting '%s' is not usable", zone);
    }
    if (!week && to <= from) {
        store_cli_finish(&sc);
        return cli_fail(KIOSK_EXIT_USAGE, "--to must be after --from");
    }
    if (!week && to - from > (kiosk_ms_t)RECORDS_MAX_DAYS * KIOSK_MS_PER_DAY) {
        store_cli_finish(&sc);
        return cli_fail(KIOSK_EXIT_USAGE, "a period is at most %d days", RECORDS_MAX_DAYS);
    }
    struct records_period *p = malloc(sizeof *p);
    rc = p ? records_report_period(sc.st, &sc.actor, from, to, p) : KIOSK_ERR_NOMEM;
    if (rc != KIOSK_OK) {
        status =
            store_cli_fail(rc, "report period",
                           rc == KIOSK_ERR_PERM ? "needs an admin, supervisor or auditor" : NULL);
    } else {
        if (pdf) {
            struct store_settings set;
            char fonts[4200], msg[300] = "";
            const char *assets = getenv("KIOSK_ASSETS");
            snprintf(fonts, sizeof fonts, "%s/fonts",
                     assets && assets[0] ? assets : KIOSK_ASSETS_DIR);
            rc = store_settings_get(sc.st, &set);
            struct print_agency ag = {.ori = set.ori,
                                      .phone = set.desk_phone,
                                      .kiosk = set.kiosk_id,
                                      .printed_by = sc.actor.badge,
                                      .printed_at = store_now(sc.st),
                                      .zone = zone};
            if (rc == KIOSK_OK)
                rc = print_period_pdf(p, &ag, fonts, pdf, msg, sizeof msg);
            if (rc != KIOSK_OK)
                status = store_cli_fail(rc, "report period", msg[0] ? msg : NULL);
            else
                printf("wrote %s\n", pdf);
        } else if (json)
            store_cli_print_json(period_json(p));
        else if (csv)
            period_csv(p);
        else
            period_text(p);
        records_period_finish(p);
    }
    free(p);
    store_cli_finish(&sc);
    return status;
}

static int shift_cmd(struct cli_ctx *ctx, int argc, char **argv)
{
    kiosk_ms_t at = 0;
    bool json = false;
    const char *at_s = NULL;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--json"))
            json = true;
        else if (!strcmp(argv[i], "--at") && i + 1 < argc) {
            if (records_parse_day(TZ_DEFAULT, argv[i + 1], false, &at) != KIOSK_OK)
                return cli_fail(KIOSK_EXIT_USAGE, "--at takes an ISO time");
            at_s = argv[++i];
        } else
            return usage(KIOSK_EXIT_USAGE);
    }
    struct store_cli sc;
    int status = store_cli_begin(ctx, &sc, true);
    if (status)
        return status;
    char zone[TZ_NAME_MAX];
    int rc = tz_store_zone(sc.st, zone, sizeof zone);
    if (rc == KIOSK_OK && at_s)
        rc = records_parse_day(zone, at_s, false, &at);
    struct records_shift r = {0};
    if (rc == KIOSK_OK)
        rc = records_report_shift(sc.st, &sc.actor, at, &r);
    if (rc != KIOSK_OK) {
        status = store_cli_fail(rc, "report shift", NULL);
        goto out;
    }
    if (json) {
        json_t *items = json_array();
        for (size_t i = 0; i < r.item_count; i++) {
            const struct records_shift_item *it = &r.items[i];
            json_array_append_new(
                items, json_pack("{s:I, s:o, s:s, s:s, s:o, s:o, s:b}", "intake_id",
                                 (json_int_t)it->intake_id, "request_id",
                                 it->request_id ? json_integer(it->request_id) : json_null(),
                                 "booking_number", it->booking_number, "what", it->what, "since",
                                 store_cli_json_time(it->since), "due",
                                 store_cli_json_time(it->due), "overdue", it->overdue));
        }
        store_cli_print_json(json_pack(
            "{s:o, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o}", "at",
            store_cli_json_time(r.at), "queued", (json_int_t)r.queued, "awaiting_answer",
            (json_int_t)r.in_flight, "needs_info", (json_int_t)r.needs_info, "answers_unread",
            (json_int_t)r.answers_unread, "overdue", (json_int_t)r.overdue, "consular_inform",
            (json_int_t)r.consular_inform, "consular_notify", (json_int_t)r.consular_notify,
            "dhs_due", (json_int_t)r.dhs_due, "detainers_pending", (json_int_t)r.detainers_pending,
            "items", items));
    } else {
        char t[KIOSK_ISO_LEN];
        printf("Shift handover at %s\n", store_cli_time(r.at, t));
        printf("  %lld queued, %lld waiting for ICE, %lld answers not acknowledged, %lld need "
               "information, %lld overdue\n",
               (long long)r.queued, (long long)r.in_flight, (long long)r.answers_unread,
               (long long)r.needs_info, (long long)r.overdue);
        printf("  consular: %lld to inform, %lld consulates to notify\n",
               (long long)r.consular_inform, (long long)r.consular_notify);
        printf("  DHS notifications due: %lld; detainers awaiting receipt: %lld\n",
               (long long)r.dhs_due, (long long)r.detainers_pending);
        for (size_t i = 0; i < r.item_count; i++) {
            const struct records_shift_item *it = &r.items[i];
            char d[KIOSK_ISO_LEN];
            printf("  %-14s %-16s %s%s\n", it->booking_number, it->what,
                   it->overdue ? "OVERDUE since "
                   : it->due   ? "due "
                               : "",
                   it->due ? store_cli_time(it->due, d) : "");
        }
    }
    records_shift_finish(&r);
out:
    store_cli_finish(&sc);
    return status;
}

int cmd_report(struct cli_ctx *ctx, int argc, char **argv)
{
    if (store_cli_wants_help(argc, argv))
        return usage(0);
    if (argc >= 2 && !strcmp(argv[1], "period"))
        return period_cmd(ctx, argc, argv, false);
    if (argc >= 2 && !strcmp(argv[1], "week"))
        return period_cmd(ctx, argc, argv, true);
    if (argc >= 2 && !strcmp(argv[1], "shift"))
        return shift_cmd(ctx, argc, argv);
    return usage(KIOSK_EXIT_USAGE);
}
