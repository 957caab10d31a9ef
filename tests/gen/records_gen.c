/* The seeded month generator (records_gen.h): plans every intake and each
 * of its later steps with a small PRNG, then plays all steps through the
 * core in time order with the store's clock set to each step's time, and
 * counts the outcome from the plan itself. */
#include "records_gen.h"

#include "core/auth.h"
#include "core/consular.h"
#include "core/intake.h"
#include "core/kiosk_err.h"
#include "core/request.h"
#include "core/request_after.h"
#include "core/store.h"
#include "core/store_priv.h"
#include "core/tz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MIN   KIOSK_MS_PER_MIN
#define HOUR  KIOSK_MS_PER_HOUR
#define NEVER INT64_MAX

static const struct {
    const char *code;
    int mandatory;
} countries[RECORDS_GEN_COUNTRIES] = {
    {"MM", 0}, /* Mexico */
    {"GT", 0}, /* Guatemala */
    {"GD", 1}, /* Georgia (the country) */
    {"EZ", 1}, /* Czech Republic */
    {"BY", 1}, /* Belarus */
};

enum basis_plan { P_SCANNED, P_MANUAL, P_KNOWN, P_IAQ };

struct plan {
    enum basis_plan basis;
    int deputy;
    int country; /* -1 = US / not known */
    kiosk_ms_t at;
    /* IAQ: absolute times, NEVER when it does not happen */
    kiosk_ms_t cancel, tx1, needs_info, requeue, tx2, respond, close;
    int dispo;
    /* consular */
    kiosk_ms_t informed, notified;
    /* issue 10: the DHS notification of an unlawfully-present answer, a
     * release before the answer, a detainer's receipt, the wish of a
     * national of a non-mandatory country (1 requested, 2 declined) */
    kiosk_ms_t dhs, release, detainer, wish_at;
    int wish;
    int64_t intake_id, request_id;
};

enum step {
    S_INTAKE,
    S_CANCEL,
    S_TX1,
    S_NEEDS,
    S_REQUEUE,
    S_TX2,
    S_RESPOND,
    S_CLOSE,
    S_INFORM,
    S_NOTIFY,
    S_DHS,
    S_RELEASE,
    S_DETAINER,
    S_WISH
};
#define STEPS 14

struct event {
    kiosk_ms_t at;
    int seq;
    enum step step;
    int plan;
};

static uint64_t next(uint64_t *s)
{
    /* splitmix64 */
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Uniform in [lo, hi]. */
static int64_t range(uint64_t *s, int64_t lo, int64_t hi)
{
    return lo + (int64_t)(next(s) % (uint64_t)(hi - lo + 1));
}

static int cmp_event(const void *a, const void *b)
{
    const struct event *x = a, *y = b;
    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Nearest rank, the definition the report documents; -1 for none. */
static kiosk_ms_t rank(int64_t *v, size_t n, int p)
{
    if (!n)
        return -1;
    qsort(v, n, sizeof *v, cmp_i64);
    size_t r = ((size_t)p * n + 99) / 100;
    return v[r ? r - 1 : 0];
}

static void plan_one(uint64_t *s, struct plan *p, kiosk_ms_t day0, kiosk_ms_t day_len)
{
    memset(p, 0, sizeof *p);
    p->at = day0 + range(s, 0, day_len / MIN - 1) * MIN + range(s, 0, 59) * 1000;
    p->deputy = (int)range(s, 0, RECORDS_GEN_DEPUTIES - 1);
    int b = (int)range(s, 0, 99);
    p->basis = b < 30 ? P_SCANNED : b < 40 ? P_MANUAL : b < 55 ? P_KNOWN : P_IAQ;
    p->country = range(s, 0, 99) < 30 ? (int)range(s, 0, RECORDS_GEN_COUNTRIES - 1) : -1;
    p->cancel = p->tx1 = p->needs_info = p->requeue = p->tx2 = p->respond = p->close = NEVER;
    p->informed = p->notified = NEVER;
    p->dhs = p->release = p->detainer = p->wish_at = NEVER;
    if (p->basis == P_IAQ) {
        int o = (int)range(s, 0, 99);
        if (o < 5) {
            p->cancel = p->at + range(s, 20, 50) * MIN; /* cancelled while queued */
        } else {
            int q = (int)range(s, 0, 99);
            p->tx1 = p->at + (q < 70   ? range(s, 2, 60) * MIN
                              : q < 85 ? range(s, 61, 47 * 60 - 1) * MIN
                              : q < 95 ? range(s, 49 * 60, 80 * 60) * MIN
                                       : (kiosk_ms_t)40 * 24 * HOUR); /* stays queued */
            kiosk_ms_t last = p->tx1;
            if (range(s, 0, 99) < 6) { /* ICE needs more information */
                p->needs_info = p->tx1 + range(s, 10, 30) * MIN;
                p->requeue = p->needs_info + range(s, 10, 40) * MIN;
                p->tx2 = p->requeue + range(s, 5, 30) * MIN;
                last = p->tx2;
            }
            p->respond = last + range(s, 10, 240) * MIN;
            if (range(s, 0, 99) < 85)
                p->close = p->respond + range(s, 30, 300) * MIN;
        }
    }
    if (p->country >= 0) {
        int i = (int)range(s, 0, 99);
        p->informed = i < 70   ? p->at + range(s, 60, 20 * 60) * MIN
                      : i < 90 ? p->at + range(s, 25 * 60, 60 * 60) * MIN
                               : NEVER;
        if (countries[p->country].mandatory) {
            int n = (int)range(s, 0, 99);
            p->notified = n < 60   ? p->at + range(s, 2 * 60, 70 * 60) * MIN
                          : n < 85 ? p->at + range(s, 73 * 60, 120 * 60) * MIN
                                   : NEVER;
        }
    }
}

static bool dispo_is(int dispo, const char *name)
{
    return strcmp(request_dispositions()[dispo], name) == 0;
}

/* Issue 10's steps, planned once the disposition is known. */
static void plan_after(uint64_t *s, struct plan *p)
{
    if (p->basis == P_IAQ && p->cancel == NEVER && p->needs_info == NEVER && range(s, 0, 99) < 8) {
        p->release = p->respond != NEVER ? p->tx1 + (p->respond - p->tx1) / 2
                                         : p->at + range(s, 60, 600) * MIN;
        if (range(s, 0, 99) < 40) /* ICE has not answered yet */
            p->respond = p->close = NEVER;
    }
    if (p->basis == P_IAQ && p->respond != NEVER &&
        dispo_is(p->dispo, "record_found_unlawfully_present")) {
        int r = (int)range(s, 0, 99);
        p->dhs = r < 60   ? p->respond + range(s, 5, 300) * MIN
                 : r < 85 ? p->respond + range(s, 25 * 60, 60 * 60) * MIN /* late */
                          : NEVER;
        if (p->dhs == NEVER)
            p->close = NEVER; /* cannot be closed before DHS was notified */
        else if (p->close != NEVER && p->close <= p->dhs)
            p->close = p->dhs + range(s, 5, 60) * MIN;
    }
    if (p->basis == P_IAQ && p->respond != NEVER && dispo_is(p->dispo, "detainer_to_follow"))
        p->detainer = range(s, 0, 99) < 60 ? p->respond + range(s, 30, 20 * 60) * MIN : NEVER;
    if (p->country >= 0 && !countries[p->country].mandatory) {
        int w = (int)range(s, 0, 99);
        p->wish = w < 40 ? 1 : w < 75 ? 2 : 0;
        if (p->wish)
            p->wish_at = p->at + range(s, 10, 120) * MIN;
    }
}

struct actors {
    struct auth_actor admin, supervisor, comms, deputy[RECORDS_GEN_DEPUTIES];
};

static int make_users(struct store *st, struct actors *a, struct records_gen_truth *t, char *msg,
                      size_t len)
{
    struct auth_actor local;
    int rc = auth_actor_local_admin(st, NULL, &local);
    static const char *const names[] = {"Gen Deputy One", "Gen Deputy Two", "Gen Deputy Three",
                                        "Gen Deputy Four"};
    struct {
        const char *badge, *name, *pin;
        enum auth_role role;
        struct auth_actor *out;
    } users[4 + RECORDS_GEN_DEPUTIES] = {
        {RECORDS_GEN_ADMIN_BADGE, "Gen Admin", RECORDS_GEN_ADMIN_PIN, AUTH_ROLE_ADMIN, &a->admin},
        {"S900", "Gen Supervisor", "739164", AUTH_ROLE_SUPERVISOR, &a->supervisor},
        {"C900", "Gen Comms", "639172", AUTH_ROLE_COMMS, &a->comms},
    };
    int n = 3;
    for (int d = 0; d < RECORDS_GEN_DEPUTIES; d++, n++) {
        snprintf(t->deputy_badge[d], sizeof t->deputy_badge[d], "D9%02d", d + 1);
        users[n].badge = t->deputy_badge[d];
        users[n].name = names[d];
        users[n].pin = "639178";
        users[n].role = AUTH_ROLE_DEPUTY;
        users[n].out = &a->deputy[d];
    }
    for (int i = 0; rc == KIOSK_OK && i < n; i++) {
        rc = auth_user_add(st, &local, users[i].badge, users[i].name, users[i].role, users[i].pin,
                           NULL, msg, len);
        if (rc == KIOSK_OK)
            rc = auth_sign_in(st, users[i].badge, users[i].pin, users[i].out);
    }
    return rc;
}

static int do_intake(struct store *st, const struct actors *a, struct plan *p, int idx,
                     const json_t *licence, char *msg, size_t len)
{
    struct intake_input in;
    memset(&in, 0, sizeof in);
    snprintf(in.booking_number, sizeof in.booking_number, "G26-%05d", idx + 1);
    snprintf(in.charges[0], sizeof in.charges[0], "%s", idx % 3 ? "1313" : "5404");
    if (p->country >= 0)
        snprintf(in.nationality[0], sizeof in.nationality[0], "%s", countries[p->country].code);
    else if (p->basis != P_IAQ) /* every exemption answers the nationality question */
        snprintf(in.nationality[0], sizeof in.nationality[0], "US");
    switch (p->basis) {
    case P_SCANNED:
        in.basis = INTAKE_EXEMPT_ID;
        in.id_document = licence;
        break;
    case P_MANUAL:
        in.basis = INTAKE_EXEMPT_ID;
        in.manual = true;
        snprintf(in.manual_document.kind, sizeof in.manual_document.kind, "us_passport");
        snprintf(in.manual_document.issuer, sizeof in.manual_document.issuer, "US");
        snprintf(in.manual_document.number, sizeof in.manual_document.number, "X%07d", idx);
        snprintf(in.manual_document.expires, sizeof in.manual_document.expires, "2031-06-30");
        in.manual_document.attested = true;
        break;
    case P_KNOWN:
        in.basis = INTAKE_EXEMPT_KNOWN;
        snprintf(in.known_reason, sizeof in.known_reason,
                 "Known to the member from earlier bookings");
        break;
    case P_IAQ:
        in.basis = INTAKE_IAQ;
        snprintf(in.iaq.family_name, sizeof in.iaq.family_name, "Genfam%c%c", 'A' + idx % 26,
                 'a' + idx / 26 % 26);
        snprintf(in.iaq.first_name, sizeof in.iaq.first_name, "Given");
        snprintf(in.iaq.dob, sizeof in.iaq.dob, "19%02d-0%d-1%d", 60 + idx % 40, 1 + idx % 9,
                 idx % 10);
        snprintf(in.iaq.sex, sizeof in.iaq.sex, "%s", idx % 2 ? "M" : "F");
        snprintf(in.iaq.pob, sizeof in.iaq.pob, "%s",
                 p->country >= 0 ? countries[p->country].code : "TX");
        if (p->country >= 0)
            snprintf(in.iaq.nationality[0], sizeof in.iaq.nationality[0], "%s",
                     countries[p->country].code);
        break;
    }
    struct iaq_problems pr;
    int rc = intake_add(st, &a->deputy[p->deputy], &in, &pr, &p->intake_id, &p->request_id);
    if (rc != KIOSK_OK)
        store_msg(msg, len, rc, "intake %d: %s: %s", idx, pr.count ? pr.items[0].field : "?",
                  pr.count ? pr.items[0].message : kiosk_strerror(rc));
    return rc;
}

static int do_step(struct store *st, const struct actors *a, struct plan *p, enum step s, char *msg,
                   size_t len)
{
    char ref[32];
    const char *const *dispos = request_dispositions();
    switch (s) {
    case S_CANCEL:
        return request_cancel(st, &a->supervisor, p->request_id, "Released on bond", msg, len);
    case S_TX1:
    case S_TX2:
        snprintf(ref, sizeof ref, "MG%lld%c", (long long)p->request_id, s == S_TX1 ? 'a' : 'b');
        return request_transmit(st, &a->comms, p->request_id, ref, msg, len);
    case S_NEEDS:
        return request_needs_info(st, &a->comms, p->request_id, "Place of birth unclear", msg, len);
    case S_REQUEUE:
        return request_requeue(st, &a->deputy[p->deputy], p->request_id, NULL, NULL, msg, len);
    case S_RESPOND:
        return request_respond(st, &a->comms, p->request_id, dispos[p->dispo],
                               "IAR GENERATED ANSWER", msg, len);
    case S_CLOSE:
        /* RSMo 544.472 (issue 10): an "unlawfully present" answer is closed
         * only after DHS was notified (S_DHS, planned before the close) */
        return request_close(st, &a->deputy[p->deputy], p->request_id, msg, len);
    case S_INFORM:
        return consular_informed(st, &a->deputy[p->deputy], p->intake_id, msg, len);
    case S_NOTIFY:
        return consular_notified(st, &a->deputy[p->deputy], p->intake_id, "Consulate General",
                                 "fax", msg, len);
    case S_DHS:
        return request_dhs_notified(st, &a->deputy[p->deputy], p->request_id, "phone",
                                    "Spoke with the ERO duty officer", msg, len);
    case S_RELEASE:
        return request_release(st, &a->supervisor, p->request_id, "Bond posted", msg, len);
    case S_DETAINER:
        return request_detainer_received(st, &a->deputy[p->deputy], p->request_id, p->detainer,
                                         "ERO Kansas City", "I-247A", true, msg, len);
    case S_WISH:
        return consular_wish(st, &a->deputy[p->deputy], p->intake_id,
                             p->wish == 1 ? "requested" : "declined", msg, len);
    case S_INTAKE:
        break;
    }
    return KIOSK_ERR_INTERNAL;
}

/* What was open at `at` (every step at or before it had happened). */
static void open_at(const struct plan *plans, size_t n, kiosk_ms_t at, struct records_gen_truth *t)
{
    for (size_t i = 0; i < n; i++) {
        const struct plan *p = &plans[i];
        if (p->at > at)
            continue;
        if (p->basis == P_IAQ && !(p->cancel <= at) && !(p->close <= at)) {
            if (p->respond <= at)
                t->mid_unacknowledged++;
            else if (p->tx2 <= at || (p->tx1 <= at && !(p->needs_info <= at)))
                t->mid_waiting++;
            else if (p->needs_info <= at && !(p->requeue <= at))
                t->mid_needs_info++;
            else
                t->mid_queued++;
        }
        if (p->country >= 0) {
            t->mid_to_inform += !(p->informed <= at);
            t->mid_to_notify +=
                (countries[p->country].mandatory || (p->wish == 1 && p->wish_at <= at)) &&
                !(p->notified <= at);
        }
        t->mid_dhs_due += p->dhs != NEVER
                              ? p->respond <= at && !(p->dhs <= at)
                              : p->basis == P_IAQ && p->respond <= at &&
                                    dispo_is(p->dispo, "record_found_unlawfully_present");
        t->mid_detainers += p->basis == P_IAQ && p->respond <= at &&
                            dispo_is(p->dispo, "detainer_to_follow") && !(p->detainer <= at);
    }
}

/* Counts the truth from the plan (only steps before end happened). */
static int count_truth(struct plan *plans, size_t n, const kiosk_ms_t *bounds, int days,
                       struct records_gen_truth *t)
{
    int64_t *b2t = malloc(n * sizeof *b2t), *t2r = malloc(n * sizeof *t2r);
    if (!b2t || !t2r) {
        free(b2t);
        free(t2r);
        return KIOSK_ERR_NOMEM;
    }
    size_t nb = 0, nr = 0;
    kiosk_ms_t end = t->end;
    for (size_t i = 0; i < n; i++) {
        const struct plan *p = &plans[i];
        t->intakes++;
        int day = 0;
        while (day + 1 < days && bounds[day + 1] <= p->at)
            day++;
        switch (p->basis) {
        case P_SCANNED:
        case P_MANUAL:
            t->exempt_id++;
            t->exempt_id_manual += p->basis == P_MANUAL;
            t->deputy_exempt_id[p->deputy]++;
            break;
        case P_KNOWN:
            t->exempt_known++;
            t->deputy_exempt_known[p->deputy]++;
            break;
        case P_IAQ:
            t->iaq++;
            t->deputy_iaq[p->deputy]++;
            if (day >= 0 && day < 64)
                t->per_day_iaq[day]++;
            break;
        }
        if (p->basis == P_IAQ) {
            bool cancelled = p->cancel < end;
            bool tx1 = p->tx1 < end, needs = p->needs_info < end, req = p->requeue < end,
                 tx2 = p->tx2 < end, resp = p->respond < end, closed = p->close < end;
            if (tx1) {
                t->transmitted++;
                b2t[nb++] = p->tx1 - p->at;
                t->within_48h += p->tx1 - p->at <= 48 * HOUR;
            }
            if (resp) {
                kiosk_ms_t last = p->tx2 != NEVER ? p->tx2 : p->tx1;
                t->responded++;
                t2r[nr++] = p->respond - last;
                t->within_sla += p->respond - last <= 60 * MIN;
                t->dispositions[p->dispo]++;
            }
            if (cancelled)
                t->cancelled++;
            else if (closed)
                ;
            else if (resp)
                t->open_unacknowledged++;
            else if (tx2 || (tx1 && p->needs_info == NEVER) || (tx1 && !needs))
                t->open_waiting++;
            else if (needs && !req)
                t->open_needs_info++;
            else
                t->open_queued++; /* never sent, or re-queued and not sent again */
            t->still_open += !cancelled && !resp;
        }
        if (p->country >= 0) {
            struct records_gen_country *c = &t->countries[p->country];
            bool inf = p->informed < end, mand = c->mandatory;
            bool ntf = mand && p->notified < end;
            c->records++;
            c->informed_24h += inf && p->informed - p->at <= 24 * HOUR;
            c->late_informed += inf && p->informed - p->at > 24 * HOUR;
            if (mand) {
                c->notified_72h += ntf && p->notified - p->at <= 72 * HOUR;
                c->late_notified += ntf && p->notified - p->at > 72 * HOUR;
            }
            c->outstanding += !inf || (mand && !ntf);
            c->late_steps += inf ? p->informed - p->at > 24 * HOUR : end - p->at > 24 * HOUR;
            if (mand)
                c->late_steps += ntf ? p->notified - p->at > 72 * HOUR : end - p->at > 72 * HOUR;
            t->consular_to_inform += !inf;
            t->consular_to_notify +=
                (mand || (p->wish == 1 && p->wish_at < end)) && !(p->notified < end);
            c->requested += p->wish == 1 && p->wish_at < end;
            c->declined += p->wish == 2 && p->wish_at < end;
            t->consular_requested += p->wish == 1 && p->wish_at < end;
            t->consular_declined += p->wish == 2 && p->wish_at < end;
        }
        /* issue 10: DHS (due when the answer came), detainers, releases */
        if (p->basis == P_IAQ && p->respond < end &&
            dispo_is(p->dispo, "record_found_unlawfully_present")) {
            bool done = p->dhs < end;
            kiosk_ms_t late = (kiosk_ms_t)RECORDS_GEN_DHS_LATE_HOURS * HOUR;
            t->dhs_due++;
            t->dhs_done += done;
            t->dhs_done_late += done && p->dhs - p->respond > late;
            t->dhs_outstanding += !done;
            t->dhs_late_listed += done ? p->dhs - p->respond > late : end - p->respond > late;
            t->open_dhs_due += !done;
        }
        if (p->basis == P_IAQ && p->respond < end && dispo_is(p->dispo, "detainer_to_follow")) {
            t->detainers_opened++;
            t->detainers_received += p->detainer < end;
            t->open_detainers += !(p->detainer < end);
        }
        if (p->release < end) {
            t->released++;
            t->released_answered += p->respond < end;
        }
    }
    t->b2t_median = rank(b2t, nb, 50);
    t->b2t_p90 = rank(b2t, nb, 90);
    t->t2r_median = rank(t2r, nr, 50);
    t->t2r_p90 = rank(t2r, nr, 90);
    free(b2t);
    free(t2r);
    return KIOSK_OK;
}

int records_gen_month(const char *path, uint64_t seed, const char *zone, kiosk_ms_t start, int days,
                      int per_day_min, int per_day_max, const json_t *licence,
                      struct records_gen_truth *truth, char *msg, size_t msg_len)
{
    memset(truth, 0, sizeof *truth);
    if (days < 1 || days > 63)
        return KIOSK_ERR_INVALID;
    /* local midnights of the zone from start (a DST day is 23 or 25 h) */
    kiosk_ms_t bounds[64];
    bounds[0] = start;
    for (int d = 1; d <= days; d++) {
        int y, m, dd;
        char iso[32];
        if (tz_local_date(zone, start + (kiosk_ms_t)d * KIOSK_MS_PER_DAY + 12 * HOUR, &y, &m,
                          &dd) != KIOSK_OK)
            return KIOSK_ERR_INVALID;
        snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m, dd);
        if (tz_parse_local(zone, iso, &bounds[d]) != KIOSK_OK)
            return KIOSK_ERR_INVALID;
    }
    truth->start = start;
    truth->end = bounds[days];
    for (int c = 0; c < RECORDS_GEN_COUNTRIES; c++) {
        snprintf(truth->countries[c].code, sizeof truth->countries[c].code, "%s",
                 countries[c].code);
        truth->countries[c].mandatory = countries[c].mandatory;
    }
    uint64_t s = seed;
    size_t cap = (size_t)days * (size_t)per_day_max, n = 0;
    struct plan *plans = calloc(cap, sizeof *plans);
    struct event *ev = calloc(cap * STEPS, sizeof *ev);
    struct store *st = NULL;
    int rc = plans && ev ? KIOSK_OK : KIOSK_ERR_NOMEM;
    int dispo_next = 0;
    for (int d = 0; rc == KIOSK_OK && d < days; d++) {
        int k = (int)range(&s, per_day_min, per_day_max);
        for (int i = 0; i < k; i++) {
            plan_one(&s, &plans[n], bounds[d], bounds[d + 1] - bounds[d]);
            if (plans[n].basis == P_IAQ && plans[n].respond != NEVER)
                plans[n].dispo = dispo_next++ % RECORDS_GEN_DISPOS; /* every disposition */
            plan_after(&s, &plans[n]);
            n++;
        }
    }
    size_t ne = 0;
    for (size_t i = 0; rc == KIOSK_OK && i < n; i++) {
        const struct plan *p = &plans[i];
        const kiosk_ms_t at[STEPS] = {p->at,  p->cancel,  p->tx1,      p->needs_info, p->requeue,
                                      p->tx2, p->respond, p->close,    p->informed,   p->notified,
                                      p->dhs, p->release, p->detainer, p->wish_at};
        for (int k = 0; k < STEPS; k++)
            if (at[k] < truth->end)
                ev[ne++] = (struct event){at[k], (int)ne, (enum step)k, (int)i};
    }
    qsort(ev, ne, sizeof *ev, cmp_event);
    kiosk_ms_t now = start;
    struct kiosk_clock clock = clock_fixed(&now);
    struct actors a;
    if (rc == KIOSK_OK)
        rc = store_open(path, &clock, &st, msg, msg_len);
    if (rc == KIOSK_OK) {
        store_test_set_pwhash_fast(st, true);
        rc = make_users(st, &a, truth, msg, msg_len);
    }
    /* One transaction per simulated day keeps a month of activity fast. */
    int64_t day = -1;
    for (size_t i = 0; rc == KIOSK_OK && i < ne; i++) {
        now = ev[i].at;
        int64_t d = (now - start) / KIOSK_MS_PER_DAY;
        if (d != day) {
            if (day >= 0 && (rc = store_tx_end(st, KIOSK_OK)) != KIOSK_OK)
                break;
            if ((rc = store_tx_begin(st)) != KIOSK_OK)
                break;
            day = d;
        }
        struct plan *p = &plans[ev[i].plan];
        if (ev[i].step == S_INTAKE)
            rc = do_intake(st, &a, p, ev[i].plan, licence, msg, msg_len);
        else
            rc = do_step(st, &a, p, ev[i].step, msg, msg_len);
        if (rc != KIOSK_OK && msg && msg_len && ev[i].step != S_INTAKE) {
            char why[200];
            snprintf(why, sizeof why, "%s", msg);
            store_msg(msg, msg_len, rc, "step %d of intake %d: %s", (int)ev[i].step, ev[i].plan,
                      why);
        }
    }
    if (day >= 0)
        rc = store_tx_end(st, rc);
    if (rc == KIOSK_OK)
        rc = count_truth(plans, n, bounds, days, truth);
    truth->mid = bounds[days / 2] + 12 * HOUR;
    if (rc == KIOSK_OK)
        open_at(plans, n, truth->mid, truth);
    store_close(st);
    free(ev);
    free(plans);
    return rc;
}
