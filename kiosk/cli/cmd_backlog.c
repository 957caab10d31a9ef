/* `kioskctl backlog`: the administrator's backlog report as text, JSON or CSV. */
#include "cli/cli.h"
#include "cli/store_cli.h"
#include "core/kiosk_err.h"
#include "core/report.h"

#include <string.h>

static int usage(int status)
{
    FILE *o = status ? stderr : stdout;
    fprintf(o, "usage: kioskctl [--db P] [--now T] (--as BADGE | --local-admin) backlog "
               "[--json|--csv]\n"
               "Open requests per state, the oldest, every overdue item with the clock it broke,\n"
               "answered-within-SLA share and median/p90 turnaround over 24h/7d/30d, exemptions\n"
               "by basis, consular items due. Roles: admin, supervisor, auditor.\n");
    return status;
}

static json_t *ms_or_null(kiosk_ms_t v)
{
    return v < 0 ? json_null() : json_integer(v / 1000);
}

static json_t *report_json(const struct report_backlog *r)
{
    json_t *open = json_object();
    for (int s = REQUEST_QUEUED; s <= REQUEST_CANCELLED; s++)
        if (request_state_open((enum request_state)s))
            json_object_set_new(open, request_state_name((enum request_state)s),
                                json_integer(r->open_by_state[s]));
    json_t *overdue = json_array();
    for (size_t i = 0; i < r->overdue_count; i++) {
        const struct report_overdue *o = &r->overdue[i];
        json_array_append_new(
            overdue,
            json_pack("{s:I, s:I, s:s, s:s, s:s, s:o, s:I}", "request_id",
                      (json_int_t)o->request_id, "intake_id", (json_int_t)o->intake_id,
                      "booking_number", o->booking_number, "state", request_state_name(o->state),
                      "clock", request_clock_name(o->clock), "due", store_cli_json_time(o->due),
                      "overdue_by_s", (json_int_t)(o->overdue_by / 1000)));
    }
    json_t *windows = json_object();
    for (int w = 0; w < REPORT_WINDOWS; w++) {
        const struct report_window *x = &r->windows[w];
        json_object_set_new(
            windows, x->label,
            json_pack(
                "{s:I, s:I, s:I, s:I, s:f, s:o, s:o, s:o, s:o, s:{s:I, s:I, s:I, s:I}}", "queued",
                (json_int_t)x->queued, "transmitted", (json_int_t)x->transmitted, "responded",
                (json_int_t)x->responded, "within_response_sla", (json_int_t)x->within_sla,
                "within_response_sla_share", x->within_sla_share, "queued_to_transmitted_median_s",
                ms_or_null(x->q2t_median), "queued_to_transmitted_p90_s", ms_or_null(x->q2t_p90),
                "transmitted_to_responded_median_s", ms_or_null(x->t2r_median),
                "transmitted_to_responded_p90_s", ms_or_null(x->t2r_p90), "exemptions", "exempt_id",
                (json_int_t)x->exempt_id, "exempt_id_manual", (json_int_t)x->exempt_id_manual,
                "exempt_known", (json_int_t)x->exempt_known, "iaq", (json_int_t)x->iaq));
    }
    json_t *s24 = json_array(), *s7 = json_array(), *hist = json_array();
    for (int i = 0; i < REPORT_SERIES_24H; i++)
        json_array_append_new(s24, json_integer(r->series_24h[i]));
    for (int i = 0; i < REPORT_SERIES_7D; i++)
        json_array_append_new(s7, json_integer(r->series_7d[i]));
    for (int i = 0; i < REPORT_HIST_BUCKETS; i++)
        json_array_append_new(
            hist,
            json_pack("{s:o, s:I}", "upto_min",
                      r->hist_upper_min[i] < 0 ? json_null() : json_integer(r->hist_upper_min[i]),
                      "count", (json_int_t)r->hist_count[i]));
    return json_pack("{s:o, s:o, s:I, s:I, s:o, s:o, s:{s:I, s:I, s:I}, s:o, s:o, s:o}", "now",
                     store_cli_json_time(r->now), "open", open, "open_total",
                     (json_int_t)r->open_total, "oldest_open_age_s",
                     (json_int_t)(r->oldest_open_age / 1000), "overdue", overdue, "windows",
                     windows, "consular", "due", (json_int_t)r->consular_due, "escalate",
                     (json_int_t)r->consular_escalate, "overdue", (json_int_t)r->consular_overdue,
                     "open_series_24h_hourly", s24, "open_series_7d_6hourly", s7,
                     "response_time_histogram_7d", hist);
}

static void print_min(kiosk_ms_t v)
{
    if (v < 0)
        printf("%8s", "-");
    else
        printf("%7.1fm", (double)v / 60000.0);
}

int cmd_backlog(struct cli_ctx *ctx, int argc, char **argv)
{
    if (store_cli_wants_help(argc, argv))
        return usage(0);
    bool json = false, csv = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json"))
            json = true;
        else if (!strcmp(argv[i], "--csv"))
            csv = true;
        else
            return usage(KIOSK_EXIT_USAGE);
    }
    if (json && csv)
        return usage(KIOSK_EXIT_USAGE);
    struct store_cli sc;
    int status = store_cli_begin(ctx, &sc, true);
    if (status)
        return status;
    struct report_backlog r;
    int rc = report_backlog(sc.st, &sc.actor, &r);
    if (rc != KIOSK_OK) {
        status = store_cli_fail(rc, "backlog", rc == KIOSK_ERR_PERM ? "your role may not" : NULL);
        goto out;
    }
    if (json) {
        store_cli_print_json(report_json(&r));
    } else if (csv) {
        printf("section,key,value\n");
        for (int s = REQUEST_QUEUED; s <= REQUEST_CANCELLED; s++)
            if (request_state_open((enum request_state)s))
                printf("open,%s,%lld\n", request_state_name((enum request_state)s),
                       (long long)r.open_by_state[s]);
        printf("open,total,%lld\nopen,oldest_age_s,%lld\n", (long long)r.open_total,
               (long long)(r.oldest_open_age / 1000));
        for (size_t i = 0; i < r.overdue_count; i++)
            printf("overdue,request %lld,%s\n", (long long)r.overdue[i].request_id,
                   request_clock_name(r.overdue[i].clock));
        for (int w = 0; w < REPORT_WINDOWS; w++) {
            const struct report_window *x = &r.windows[w];
            printf("%s,responded,%lld\n%s,within_response_sla_share,%.4f\n"
                   "%s,q2t_median_s,%lld\n%s,q2t_p90_s,%lld\n%s,t2r_median_s,%lld\n"
                   "%s,t2r_p90_s,%lld\n%s,exempt_id,%lld\n%s,exempt_id_manual,%lld\n"
                   "%s,exempt_known,%lld\n%s,iaq,%lld\n",
                   x->label, (long long)x->responded, x->label, x->within_sla_share, x->label,
                   (long long)(x->q2t_median < 0 ? -1 : x->q2t_median / 1000), x->label,
                   (long long)(x->q2t_p90 < 0 ? -1 : x->q2t_p90 / 1000), x->label,
                   (long long)(x->t2r_median < 0 ? -1 : x->t2r_median / 1000), x->label,
                   (long long)(x->t2r_p90 < 0 ? -1 : x->t2r_p90 / 1000), x->label,
                   (long long)x->exempt_id, x->label, (long long)x->exempt_id_manual, x->label,
                   (long long)x->exempt_known, x->label, (long long)x->iaq);
        }
        printf("consular,due,%lld\nconsular,escalate,%lld\nconsular,overdue,%lld\n",
               (long long)r.consular_due, (long long)r.consular_escalate,
               (long long)r.consular_overdue);
    } else {
        char t[KIOSK_ISO_LEN];
        printf("Backlog at %s\n", store_cli_time(r.now, t));
        printf("Open: %lld (", (long long)r.open_total);
        for (int s = REQUEST_QUEUED; s <= REQUEST_CANCELLED; s++)
            if (request_state_open((enum request_state)s))
                printf("%s %lld%s", request_state_name((enum request_state)s),
                       (long long)r.open_by_state[s], s == REQUEST_NEEDS_INFO ? "" : ", ");
        printf(")\nOldest open: %.1f h\n", (double)r.oldest_open_age / 3600000.0);
        printf("Overdue: %zu\n", r.overdue_count);
        for (size_t i = 0; i < r.overdue_count; i++)
            printf("  request %-6lld %-12s %-12s %-13s %.1f h late\n",
                   (long long)r.overdue[i].request_id, r.overdue[i].booking_number,
                   request_state_name(r.overdue[i].state), request_clock_name(r.overdue[i].clock),
                   (double)r.overdue[i].overdue_by / 3600000.0);
        printf("Window  responded  in-SLA   q->t med     p90   t->r med     p90   "
               "exempt_id (manual) exempt_known iaq\n");
        for (int w = 0; w < REPORT_WINDOWS; w++) {
            const struct report_window *x = &r.windows[w];
            printf("%-6s %10lld %6.1f%% ", x->label, (long long)x->responded,
                   100.0 * x->within_sla_share);
            print_min(x->q2t_median);
            print_min(x->q2t_p90);
            printf("   ");
            print_min(x->t2r_median);
            print_min(x->t2r_p90);
            printf("   %9lld %8lld %12lld %3lld\n", (long long)x->exempt_id,
                   (long long)x->exempt_id_manual, (long long)x->exempt_known, (long long)x->iaq);
        }
        printf("Consular: %lld due, %lld to escalate, %lld overdue\n", (long long)r.consular_due,
               (long long)r.consular_escalate, (long long)r.consular_overdue);
    }
    report_backlog_finish(&r);
out:
    store_cli_finish(&sc);
    return status;
}
