/* The hub transport (issue 14): the PostgreSQL schema, joining, signing and
 * verifying facts with Ed25519, push and pull rounds, and the LISTEN/NOTIFY
 * service loop. Everything it applies goes through the core's fact.h. */
#include "sync/sync.h"
#include "core/kiosk_err.h"
#include "core/store.h"

#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <poll.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define SYNC_BATCH 500

/* The hub schema, version 1; every statement is idempotent and the whole
 * runs in one transaction under an advisory lock. */
static const char hub_schema[] =
    "CREATE TABLE IF NOT EXISTS kiosk_hub_meta(key text PRIMARY KEY, value text NOT NULL);"
    "CREATE TABLE IF NOT EXISTS kiosk_stations("
    " name text PRIMARY KEY CHECK (name ~ '^[A-Za-z0-9]{1,15}$'),"
    " pubkey bytea NOT NULL CHECK (octet_length(pubkey) = 32),"
    " joined timestamptz NOT NULL DEFAULT now(), last_contact timestamptz);"
    "CREATE TABLE IF NOT EXISTS kiosk_facts("
    " hub_seq bigserial PRIMARY KEY,"
    " station text NOT NULL REFERENCES kiosk_stations(name),"
    " seq bigint NOT NULL CHECK (seq > 0), at bigint NOT NULL, kind text NOT NULL,"
    " subject text NOT NULL, payload text NOT NULL,"
    " sig bytea NOT NULL CHECK (octet_length(sig) = 64),"
    " received timestamptz NOT NULL DEFAULT now(), UNIQUE (station, seq));"
    "CREATE OR REPLACE FUNCTION kiosk_facts_notify() RETURNS trigger LANGUAGE plpgsql AS $$"
    " BEGIN PERFORM pg_notify('kiosk_facts', NEW.station || ' ' || NEW.kind); RETURN NULL;"
    " END $$;"
    "DROP TRIGGER IF EXISTS kiosk_facts_notify ON kiosk_facts;"
    "CREATE TRIGGER kiosk_facts_notify AFTER INSERT ON kiosk_facts"
    " FOR EACH ROW EXECUTE FUNCTION kiosk_facts_notify();"
    "CREATE OR REPLACE FUNCTION kiosk_facts_frozen() RETURNS trigger LANGUAGE plpgsql AS $$"
    " BEGIN RAISE EXCEPTION 'kiosk facts are append-only'; END $$;"
    "DROP TRIGGER IF EXISTS kiosk_facts_frozen ON kiosk_facts;"
    "CREATE TRIGGER kiosk_facts_frozen BEFORE UPDATE ON kiosk_facts"
    " FOR EACH ROW EXECUTE FUNCTION kiosk_facts_frozen();"
    "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kiosk_station') THEN"
    " CREATE ROLE kiosk_station NOLOGIN; END IF; END $$;"
    "GRANT SELECT, INSERT ON kiosk_facts TO kiosk_station;"
    "GRANT USAGE ON SEQUENCE kiosk_facts_hub_seq_seq TO kiosk_station;"
    "GRANT SELECT, INSERT ON kiosk_stations TO kiosk_station;"
    "GRANT UPDATE (last_contact) ON kiosk_stations TO kiosk_station;"
    "ALTER TABLE kiosk_facts ENABLE ROW LEVEL SECURITY;"
    "ALTER TABLE kiosk_stations ENABLE ROW LEVEL SECURITY;"
    "DROP POLICY IF EXISTS kiosk_facts_read ON kiosk_facts;"
    "CREATE POLICY kiosk_facts_read ON kiosk_facts FOR SELECT USING (true);"
    "DROP POLICY IF EXISTS kiosk_facts_own ON kiosk_facts;"
    "CREATE POLICY kiosk_facts_own ON kiosk_facts FOR INSERT TO kiosk_station"
    " WITH CHECK ('station_' || lower(station) = current_user);"
    "DROP POLICY IF EXISTS kiosk_stations_read ON kiosk_stations;"
    "CREATE POLICY kiosk_stations_read ON kiosk_stations FOR SELECT USING (true);"
    "DROP POLICY IF EXISTS kiosk_stations_own ON kiosk_stations;"
    "CREATE POLICY kiosk_stations_own ON kiosk_stations FOR ALL TO kiosk_station"
    " USING ('station_' || lower(name) = current_user)"
    " WITH CHECK ('station_' || lower(name) = current_user);"
    "INSERT INTO kiosk_hub_meta(key, value) VALUES ('schema', '1')"
    " ON CONFLICT (key) DO UPDATE SET value = excluded.value;";

static int msgf(char *msg, size_t len, int err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int msgf(char *msg, size_t len, int err, const char *fmt, ...)
{
    if (msg && len) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, len, fmt, ap);
        va_end(ap);
    }
    return err;
}

/* The first line of libpq's message (no passwords: libpq never prints them). */
static const char *pq_line(PGconn *c, char *buf, size_t len)
{
    snprintf(buf, len, "%s", c ? PQerrorMessage(c) : "out of memory");
    buf[strcspn(buf, "\n")] = '\0';
    return buf;
}

static int hub_connect(const char *url, PGconn **out, char *msg, size_t len)
{
    const char *keys[] = {"connect_timeout", "application_name", "dbname", NULL};
    const char *vals[] = {"5", "booking-kiosk", url, NULL};
    PGconn *c = PQconnectdbParams(keys, vals, 1);
    if (!c || PQstatus(c) != CONNECTION_OK) {
        char b[256];
        msgf(msg, len, KIOSK_ERR_DEVICE, "the hub is unreachable: %s", pq_line(c, b, sizeof b));
        PQfinish(c);
        return KIOSK_ERR_DEVICE;
    }
    PGresult *r = PQexec(c, "SET client_min_messages = warning");
    PQclear(r);
    *out = c;
    return KIOSK_OK;
}

/* Runs sql; KIOSK_ERR_DEVICE when the connection broke, KIOSK_ERR_IO for an
 * error the hub reported. *res (may be NULL) keeps the result. */
static int hub_exec(PGconn *c, PGresult *r, PGresult **res, char *msg, size_t len)
{
    ExecStatusType s = PQresultStatus(r);
    if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK) {
        if (res)
            *res = r;
        else
            PQclear(r);
        return KIOSK_OK;
    }
    char b[256];
    snprintf(b, sizeof b, "%s", r ? PQresultErrorMessage(r) : PQerrorMessage(c));
    b[strcspn(b, "\n")] = '\0';
    PQclear(r);
    int err = PQstatus(c) == CONNECTION_OK ? KIOSK_ERR_IO : KIOSK_ERR_DEVICE;
    return msgf(msg, len, err, "hub: %s", b);
}

static int hub_sql(PGconn *c, const char *sql, char *msg, size_t len)
{
    return hub_exec(c, PQexec(c, sql), NULL, msg, len);
}

int sync_hub_init(const char *url, char *msg, size_t msg_len)
{
    PGconn *c = NULL;
    int rc = hub_connect(url, &c, msg, msg_len);
    if (rc != KIOSK_OK)
        return rc;
    if ((rc = hub_sql(c, "BEGIN", msg, msg_len)) == KIOSK_OK &&
        (rc = hub_sql(c, "SELECT pg_advisory_xact_lock(hashtext('kiosk_hub_schema'))", msg,
                      msg_len)) == KIOSK_OK &&
        (rc = hub_sql(c, hub_schema, msg, msg_len)) == KIOSK_OK)
        rc = hub_sql(c, "COMMIT", msg, msg_len);
    PQfinish(c);
    return rc;
}

/* ---- the station key ---- */

static int key_path(struct store *st, const char *name, char *buf, size_t len)
{
    int n = snprintf(buf, len, "%s/station-%s.ed25519", store_key_dir(st), name);
    return n < 0 || (size_t)n >= len ? KIOSK_ERR_FULL : KIOSK_OK;
}

/* Loads (create: or makes) the station's secret key (64 bytes, 0600). */
static int key_load(struct store *st, const char *name, bool create,
                    unsigned char sk[crypto_sign_SECRETKEYBYTES], char *msg, size_t len)
{
    char path[4096];
    if (key_path(st, name, path, sizeof path) != KIOSK_OK)
        return msgf(msg, len, KIOSK_ERR_FULL, "the key folder's path is too long");
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT && create) {
        unsigned char pk[crypto_sign_PUBLICKEYBYTES];
        crypto_sign_keypair(pk, sk);
        char tmp[4200];
        snprintf(tmp, sizeof tmp, "%s.tmp", path);
        int w = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
        bool ok = w >= 0 &&
                  write(w, sk, crypto_sign_SECRETKEYBYTES) == (ssize_t)crypto_sign_SECRETKEYBYTES;
        ok = ok && fsync(w) == 0;
        if (w >= 0)
            close(w);
        if (!ok || rename(tmp, path) != 0) {
            unlink(tmp);
            return msgf(msg, len, KIOSK_ERR_IO, "cannot write the station key %s: %s", path,
                        strerror(errno));
        }
        return KIOSK_OK;
    }
    if (fd < 0)
        return msgf(msg, len, errno == ENOENT ? KIOSK_ERR_NOT_FOUND : KIOSK_ERR_PERM,
                    "cannot open the station key %s: %s", path, strerror(errno));
    struct stat sb;
    ssize_t got = -1;
    if (fstat(fd, &sb) == 0 && !(sb.st_mode & 077))
        got = read(fd, sk, crypto_sign_SECRETKEYBYTES);
    close(fd);
    if (got != (ssize_t)crypto_sign_SECRETKEYBYTES)
        return msgf(msg, len, KIOSK_ERR_PERM,
                    "the station key %s must be 64 bytes readable by its owner only", path);
    return KIOSK_OK;
}

/* True for a URL or connection string that carries a password
 * ("password=..." or "scheme://user:secret@host"). */
static bool url_has_password(const char *url)
{
    if (strstr(url, "password="))
        return true;
    const char *p = strstr(url, "://");
    if (!p)
        return false;
    p += 3;
    size_t auth = strcspn(p, "/?");
    const char *at = memchr(p, '@', auth);
    return at && memchr(p, ':', (size_t)(at - p)) != NULL;
}

int sync_station_join(struct store *st, const char *url, const char *name, char *msg,
                      size_t msg_len)
{
    if (!fact_station_name_valid(name))
        return msgf(msg, msg_len, KIOSK_ERR_INVALID,
                    "the station name must be 1-15 letters or digits (it starts every stable "
                    "id, e.g. %s-17)",
                    "B");
    if (url_has_password(url))
        return msgf(msg, msg_len, KIOSK_ERR_INVALID,
                    "the hub URL is kept in the database: put the password in ~/.pgpass (or "
                    "use a client certificate), not in the URL");
    char old[FACT_STATION_MAX];
    if (fact_self(st, old, sizeof old, NULL, 0, NULL) == KIOSK_OK && strcmp(old, name))
        return msgf(msg, msg_len, KIOSK_ERR_STATE, "this database already joined as station %s",
                    old);
    unsigned char sk[crypto_sign_SECRETKEYBYTES], pk[crypto_sign_PUBLICKEYBYTES];
    int rc = key_load(st, name, true, sk, msg, msg_len);
    if (rc != KIOSK_OK)
        return rc;
    crypto_sign_ed25519_sk_to_pk(pk, sk);
    sodium_memzero(sk, sizeof sk);
    PGconn *c = NULL;
    if ((rc = hub_connect(url, &c, msg, msg_len)) != KIOSK_OK)
        return rc;
    const char *pv[2] = {name, (const char *)pk};
    int pl[2] = {0, (int)sizeof pk}, pf[2] = {0, 1};
    PGresult *r = NULL;
    rc = hub_exec(c,
                  PQexecParams(c,
                               "INSERT INTO kiosk_stations(name, pubkey) VALUES ($1, $2)"
                               " ON CONFLICT (name) DO NOTHING",
                               2, NULL, pv, pl, pf, 0),
                  NULL, msg, msg_len);
    if (rc == KIOSK_OK)
        rc = hub_exec(c,
                      PQexecParams(c, "SELECT pubkey FROM kiosk_stations WHERE name = $1", 1, NULL,
                                   pv, NULL, NULL, 1),
                      &r, msg, msg_len);
    if (rc == KIOSK_OK) {
        if (PQntuples(r) != 1 || PQgetlength(r, 0, 0) != (int)sizeof pk ||
            memcmp(PQgetvalue(r, 0, 0), pk, sizeof pk))
            rc = msgf(msg, msg_len, KIOSK_ERR_STATE,
                      "the hub already knows a station %s with another key", name);
        PQclear(r);
    }
    PQfinish(c);
    if (rc == KIOSK_OK)
        rc = fact_join(st, name, url, pk, msg, msg_len);
    return rc;
}

/* ---- push ---- */

static int fact_sign(const struct fact *f, const unsigned char *sk, unsigned char *sig)
{
    char canon[512];
    int n = fact_canonical(f, canon, sizeof canon);
    if (n < 0)
        return n;
    crypto_sign_detached(sig, NULL, (const unsigned char *)canon, (unsigned long long)n, sk);
    return KIOSK_OK;
}

static bool fact_verify(const struct fact *f, const unsigned char *pk)
{
    char canon[512];
    int n = fact_canonical(f, canon, sizeof canon);
    return n > 0 && f->has_sig &&
           crypto_sign_verify_detached(f->sig, (const unsigned char *)canon, (unsigned long long)n,
                                       pk) == 0;
}

static void facts_free(struct fact *f, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fact_finish(&f[i]);
    free(f);
}

/* One push batch: the hub gets every own fact it lacks, in seq order,
 * under a per-station advisory lock; facts it already holds must be the
 * same (signature equal), else a forged or damaged hub row is reported. */
static int push_batch(struct store *st, PGconn *c, const char *self, const unsigned char *sk,
                      int64_t *pushed, bool *more, char *msg, size_t len)
{
    struct fact *f = NULL;
    size_t n = 0;
    *more = false;
    int rc = fact_unpushed(st, SYNC_BATCH, &f, &n);
    if (rc != KIOSK_OK || n == 0)
        return rc;
    for (size_t i = 0; rc == KIOSK_OK && i < n; i++) {
        if ((rc = fact_sign(&f[i], sk, f[i].sig)) == KIOSK_OK)
            f[i].has_sig = true;
    }
    PGresult *r = NULL;
    const char *pv[8];
    int pl[8] = {0}, pf[8] = {0};
    char seqb[24], atb[24], lo[24], hi[24];
    pv[0] = self;
    snprintf(lo, sizeof lo, "%lld", (long long)f[0].seq);
    snprintf(hi, sizeof hi, "%lld", (long long)f[n - 1].seq);
    pv[1] = lo;
    pv[2] = hi;
    if (rc == KIOSK_OK)
        rc = hub_sql(c, "BEGIN", msg, len);
    if (rc == KIOSK_OK)
        rc = hub_exec(c,
                      PQexecParams(c, "SELECT pg_advisory_xact_lock(hashtext('kiosk:' || $1))", 1,
                                   NULL, pv, NULL, NULL, 0),
                      NULL, msg, len);
    if (rc == KIOSK_OK)
        rc = hub_exec(c,
                      PQexecParams(c,
                                   "SELECT seq, sig FROM kiosk_facts WHERE station = $1"
                                   " AND seq BETWEEN $2 AND $3 ORDER BY seq",
                                   3, NULL, pv, NULL, NULL, 1),
                      &r, msg, len);
    size_t have = 0;
    if (rc == KIOSK_OK) {
        for (int i = 0; i < PQntuples(r) && rc == KIOSK_OK; i++) {
            int64_t seq = 0;
            memcpy(&seq, PQgetvalue(r, i, 0), 8);
            seq = (int64_t)be64toh((uint64_t)seq);
            size_t k = (size_t)(seq - f[0].seq);
            if (k >= n || PQgetlength(r, i, 1) != FACT_SIG_LEN ||
                memcmp(PQgetvalue(r, i, 1), f[k].sig, FACT_SIG_LEN))
                rc = msgf(msg, len, KIOSK_ERR_CORRUPT,
                          "the hub holds a different fact %s/%lld than this station made "
                          "(forged or damaged at the hub): ask the hub administrator",
                          self, (long long)seq);
            else if (k + 1 > have)
                have = k + 1;
        }
        PQclear(r);
    }
    for (size_t i = have; rc == KIOSK_OK && i < n; i++) {
        snprintf(seqb, sizeof seqb, "%lld", (long long)f[i].seq);
        snprintf(atb, sizeof atb, "%lld", (long long)f[i].at);
        const char *v[7] = {
            self, seqb, atb, f[i].kind, f[i].subject, f[i].payload, (const char *)f[i].sig};
        int l[7] = {0, 0, 0, 0, 0, 0, FACT_SIG_LEN}, fm[7] = {0, 0, 0, 0, 0, 0, 1};
        rc = hub_exec(c,
                      PQexecParams(c,
                                   "INSERT INTO kiosk_facts(station, seq, at, kind, subject,"
                                   " payload, sig) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                                   7, NULL, v, l, fm, 0),
                      NULL, msg, len);
    }
    (void)pl, (void)pf;
    if (rc == KIOSK_OK)
        rc = hub_exec(c,
                      PQexecParams(c,
                                   "UPDATE kiosk_stations SET last_contact = now() WHERE name = $1",
                                   1, NULL, pv, NULL, NULL, 0),
                      NULL, msg, len);
    if (rc == KIOSK_OK)
        rc = hub_sql(c, "COMMIT", msg, len);
    else
        PQclear(PQexec(c, "ROLLBACK"));
    /* Acknowledged: mark them pushed (a kill before this only repeats the
     * comparison above next time). */
    if (rc == KIOSK_OK) {
        int t = KIOSK_OK;
        for (size_t i = 0; t == KIOSK_OK && i < n; i++)
            t = fact_mark_pushed(st, &f[i]);
        rc = t;
        *pushed += (int64_t)n;
        *more = n == SYNC_BATCH;
    }
    facts_free(f, n);
    return rc;
}

/* ---- pull ---- */

struct pull_ctx {
    struct store *st;
    struct sync_stats *stats;
    char *msg;
    size_t len;
    int refused_rc;
};

static void refuse(struct pull_ctx *p, const char *station, int64_t seq, const char *why)
{
    bool fresh = false;
    fact_refuse(p->st, station, seq, why, &fresh);
    p->stats->refused++;
    if (p->refused_rc == KIOSK_OK)
        msgf(p->msg, p->len, 0, "refused fact %s/%lld: %s", station, (long long)seq, why);
    p->refused_rc = KIOSK_ERR_CORRUPT;
}

/* Copies row i of a pull result into f (payload malloc'ed). */
static int row_fact(PGresult *r, int i, const char *station, struct fact *f)
{
    memset(f, 0, sizeof *f);
    snprintf(f->station, sizeof f->station, "%s", station);
    f->seq = strtoll(PQgetvalue(r, i, 0), NULL, 10);
    f->at = strtoll(PQgetvalue(r, i, 1), NULL, 10);
    if (PQgetlength(r, i, 2) >= FACT_KIND_MAX || PQgetlength(r, i, 3) >= FACT_SUBJECT_MAX)
        return KIOSK_ERR_INVALID;
    snprintf(f->kind, sizeof f->kind, "%s", PQgetvalue(r, i, 2));
    snprintf(f->subject, sizeof f->subject, "%s", PQgetvalue(r, i, 3));
    f->payload = strdup(PQgetvalue(r, i, 4));
    size_t sl = 0;
    unsigned char *sig = PQunescapeBytea((const unsigned char *)PQgetvalue(r, i, 5), &sl);
    if (sig && sl == FACT_SIG_LEN) {
        memcpy(f->sig, sig, FACT_SIG_LEN);
        f->has_sig = true;
    }
    PQfreemem(sig);
    return f->payload ? KIOSK_OK : KIOSK_ERR_NOMEM;
}

/* One batch of pulled rows applied in one SQLite transaction (one fsync). */
struct batch {
    PGresult *r;
    const char *station;
    const unsigned char *pk;
    int64_t held; /* the last seq held before the batch */
    int limit;    /* apply rows [0, limit) */
    int done;     /* rows applied */
    int64_t new_requests;
    int bad;    /* first row not applied (-1: none) */
    int bad_rc; /* why: KIOSK_ERR_CORRUPT refusal, else an error */
    char why[256];
};

static int batch_apply(struct store *st, void *ctx)
{
    struct batch *b = ctx;
    b->done = 0;
    b->new_requests = 0;
    for (int i = 0; i < b->limit; i++) {
        struct fact f;
        int rc = row_fact(b->r, i, b->station, &f);
        if (rc != KIOSK_OK) {
            snprintf(b->why, sizeof b->why, "malformed fact");
            b->bad = i, b->bad_rc = KIOSK_ERR_CORRUPT;
        } else if (f.seq != b->held + 1 + i) {
            b->bad = i, b->bad_rc = KIOSK_OK; /* a gap: the rest comes next round */
        } else if (!fact_verify(&f, b->pk)) {
            snprintf(b->why, sizeof b->why, "bad signature");
            b->bad = i, b->bad_rc = KIOSK_ERR_CORRUPT;
        } else if ((rc = fact_apply(st, &f, b->why, sizeof b->why)) != KIOSK_OK) {
            fact_finish(&f);
            b->bad = i;
            b->bad_rc = rc == KIOSK_ERR_INVALID ? KIOSK_ERR_CORRUPT : rc;
            return rc; /* the transaction is spoilt: roll the batch back */
        } else {
            b->done++;
            if (!strcmp(f.kind, "intake.recorded") && strstr(f.payload, "\"request\":{"))
                b->new_requests++;
        }
        fact_finish(&f);
        if (b->bad >= 0)
            break;
    }
    return KIOSK_OK;
}

/* Pulls one station's facts after the last one held here, in seq order.
 * A fact that does not verify stops that station's stream (later facts
 * may depend on it) until the hub's administrator removes it. */
static int pull_station(struct pull_ctx *p, PGconn *c, const char *station, const unsigned char *pk)
{
    for (;;) {
        int64_t held = 0;
        int rc = fact_max_seq(p->st, station, &held);
        if (rc != KIOSK_OK)
            return rc;
        char heldb[24];
        snprintf(heldb, sizeof heldb, "%lld", (long long)held);
        const char *pv[2] = {station, heldb};
        PGresult *r = NULL;
        rc = hub_exec(c,
                      PQexecParams(c,
                                   "SELECT seq, at, kind, subject, payload, sig FROM kiosk_facts"
                                   " WHERE station = $1 AND seq > $2 ORDER BY seq LIMIT 500",
                                   2, NULL, pv, NULL, NULL, 0),
                      &r, p->msg, p->len);
        if (rc != KIOSK_OK)
            return rc;
        int rows = PQntuples(r);
        struct batch b = {
            .r = r, .station = station, .pk = pk, .held = held, .limit = rows, .bad = -1};
        rc = store_transaction(p->st, batch_apply, &b);
        if (rc != KIOSK_OK && b.bad >= 0) {
            /* Keep the good part, then deal with the bad fact alone. */
            int bad = b.bad, bad_rc = b.bad_rc;
            char why[256];
            snprintf(why, sizeof why, "%s", b.why);
            b.limit = bad;
            b.bad = -1;
            rc = store_transaction(p->st, batch_apply, &b);
            b.bad = bad;
            b.bad_rc = bad_rc;
            snprintf(b.why, sizeof b.why, "%s", why);
        }
        if (rc == KIOSK_OK) {
            p->stats->pulled += b.done;
            p->stats->new_requests += b.new_requests;
        }
        int64_t bad_seq = b.bad >= 0 ? strtoll(PQgetvalue(r, b.bad, 0), NULL, 10) : 0;
        PQclear(r);
        if (rc != KIOSK_OK)
            return msgf(p->msg, p->len, rc, "applying %s's facts: %s", station,
                        b.why[0] ? b.why : kiosk_strerror(rc));
        if (b.bad >= 0 && b.bad_rc == KIOSK_ERR_CORRUPT) {
            refuse(p, station, bad_seq, b.why);
            return KIOSK_OK;
        }
        if (b.bad >= 0 && b.bad_rc != KIOSK_OK)
            return msgf(p->msg, p->len, b.bad_rc, "applying %s/%lld: %s", station,
                        (long long)bad_seq, b.why[0] ? b.why : kiosk_strerror(b.bad_rc));
        if (b.bad >= 0 || rows < 500)
            return KIOSK_OK;
    }
}

static int pull_all(struct store *st, PGconn *c, const char *self, struct sync_stats *stats,
                    char *msg, size_t len)
{
    PGresult *r = NULL;
    int rc = hub_exec(c,
                      PQexecParams(c, "SELECT name, pubkey FROM kiosk_stations ORDER BY name", 0,
                                   NULL, NULL, NULL, NULL, 1),
                      &r, msg, len);
    if (rc != KIOSK_OK)
        return rc;
    struct pull_ctx p = {.st = st, .stats = stats, .msg = msg, .len = len};
    for (int i = 0; rc == KIOSK_OK && i < PQntuples(r); i++) {
        char name[FACT_STATION_MAX];
        unsigned char pk[32];
        if (PQgetlength(r, i, 0) >= FACT_STATION_MAX || PQgetlength(r, i, 1) != 32)
            continue;
        snprintf(name, sizeof name, "%s", PQgetvalue(r, i, 0));
        memcpy(pk, PQgetvalue(r, i, 1), 32);
        if (!strcmp(name, self) || !fact_station_name_valid(name))
            continue;
        /* The key is pinned on first sight: a hub that later shows
         * another key for the station gets none of its facts applied. */
        int k = fact_peer_check(st, name, pk, store_now(st));
        if (k == KIOSK_ERR_CORRUPT) {
            int64_t held = 0;
            fact_max_seq(st, name, &held);
            refuse(&p, name, held + 1, "the hub shows another public key than the one pinned");
            continue;
        }
        if (k != KIOSK_OK) {
            rc = k;
            break;
        }
        rc = pull_station(&p, c, name, pk);
    }
    PQclear(r);
    return rc != KIOSK_OK ? rc : p.refused_rc;
}

static int round_run(struct store *st, PGconn *c, struct sync_stats *stats, char *msg, size_t len)
{
    char self[FACT_STATION_MAX];
    unsigned char sk[crypto_sign_SECRETKEYBYTES];
    int rc = fact_self(st, self, sizeof self, NULL, 0, NULL);
    if (rc == KIOSK_ERR_NOT_FOUND)
        return msgf(msg, len, rc,
                    "this database has not joined a hub (kioskctl --local-admin station join URL "
                    "--name NAME)");
    if (rc != KIOSK_OK)
        return rc;
    if ((rc = key_load(st, self, false, sk, msg, len)) != KIOSK_OK)
        return rc;
    bool more = true;
    while (rc == KIOSK_OK && more)
        rc = push_batch(st, c, self, sk, &stats->pushed, &more, msg, len);
    sodium_memzero(sk, sizeof sk);
    if (rc != KIOSK_OK)
        return rc;
    return pull_all(st, c, self, stats, msg, len);
}

static int self_url(struct store *st, char *url, size_t len, char *msg, size_t msg_len)
{
    int rc = fact_self(st, NULL, 0, url, len, NULL);
    if (rc == KIOSK_ERR_NOT_FOUND)
        return msgf(msg, msg_len, rc,
                    "this database has not joined a hub (kioskctl --local-admin station join URL "
                    "--name NAME)");
    return rc;
}

int sync_once(struct store *st, struct sync_stats *stats, char *msg, size_t msg_len)
{
    struct sync_stats local = {0};
    if (!stats)
        stats = &local;
    memset(stats, 0, sizeof *stats);
    if (msg && msg_len)
        msg[0] = '\0';
    char url[1024];
    int rc = self_url(st, url, sizeof url, msg, msg_len);
    if (rc != KIOSK_OK)
        return rc;
    PGconn *c = NULL;
    if ((rc = hub_connect(url, &c, msg, msg_len)) != KIOSK_OK)
        return rc;
    rc = round_run(st, c, stats, msg, msg_len);
    PQfinish(c);
    return rc;
}

static void sleep_ms(int ms)
{
    struct timespec t = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

int sync_run(struct store *st, volatile sig_atomic_t *stop, int poll_ms, sync_round_fn on_round,
             void *ctx, char *msg, size_t msg_len)
{
    char url[1024];
    int rc = self_url(st, url, sizeof url, msg, msg_len);
    if (rc != KIOSK_OK)
        return rc;
    int backoff = 500;
    while (!*stop) {
        PGconn *c = NULL;
        char m[512] = "";
        if (hub_connect(url, &c, m, sizeof m) != KIOSK_OK) {
            if (on_round) {
                struct sync_stats none = {0};
                on_round(ctx, &none, KIOSK_ERR_DEVICE, m);
            }
            for (int w = 0; w < backoff && !*stop; w += 100)
                sleep_ms(100);
            backoff = backoff < 30000 ? backoff * 2 : 30000;
            continue;
        }
        backoff = 500;
        PQclear(PQexec(c, "LISTEN kiosk_facts"));
        bool due = true;
        while (!*stop && PQstatus(c) == CONNECTION_OK) {
            if (!due) { /* a local change waiting (partial index: cheap) */
                struct fact *f = NULL;
                size_t nf = 0;
                if (fact_unpushed(st, 1, &f, &nf) == KIOSK_OK && nf > 0)
                    due = true;
                facts_free(f, nf);
            }
            if (due) {
                struct sync_stats s = {0};
                int r = round_run(st, c, &s, m, sizeof m);
                if (on_round && (r != KIOSK_OK || s.pushed || s.pulled || s.refused))
                    on_round(ctx, &s, r, m);
                if (r == KIOSK_ERR_DEVICE)
                    break;
                due = false;
            }
            struct pollfd pfd = {.fd = PQsocket(c), .events = POLLIN};
            int pr = poll(&pfd, 1, poll_ms);
            if (pr > 0) {
                if (!PQconsumeInput(c))
                    break;
                PGnotify *n;
                while ((n = PQnotifies(c)) != NULL) {
                    due = true;
                    PQfreemem(n);
                }
            }
        }
        PQfinish(c);
    }
    return KIOSK_OK;
}

int sync_station_list(struct store *st, struct sync_station_row **rows, size_t *n,
                      bool *hub_reached, char *msg, size_t msg_len)
{
    *rows = NULL;
    *n = 0;
    *hub_reached = false;
    struct fact_peer *peers = NULL;
    size_t np = 0;
    int rc = fact_peers(st, &peers, &np);
    if (rc != KIOSK_OK)
        return rc;
    char self[FACT_STATION_MAX] = "", url[1024] = "";
    fact_self(st, self, sizeof self, url, sizeof url, NULL);
    struct sync_station_row *out = calloc(np + 256, sizeof *out);
    if (!out) {
        free(peers);
        return KIOSK_ERR_NOMEM;
    }
    size_t cnt = 0;
    for (size_t i = 0; i < np; i++) {
        snprintf(out[cnt].name, sizeof out[cnt].name, "%s", peers[i].name);
        out[cnt].self = !strcmp(peers[i].name, self);
        out[cnt].held = peers[i].max_seq;
        out[cnt].last_fact = peers[i].last_fact;
        out[cnt].at_hub = -1;
        cnt++;
    }
    free(peers);
    PGconn *c = NULL;
    PGresult *r = NULL;
    if (url[0] && hub_connect(url, &c, msg, msg_len) == KIOSK_OK &&
        hub_exec(c,
                 PQexec(c, "SELECT s.name, COALESCE(max(f.seq), 0),"
                           " COALESCE((extract(epoch FROM s.last_contact) * 1000)::bigint, 0)"
                           " FROM kiosk_stations s LEFT JOIN kiosk_facts f ON f.station = s.name"
                           " GROUP BY s.name, s.last_contact ORDER BY s.name"),
                 &r, msg, msg_len) == KIOSK_OK) {
        *hub_reached = true;
        for (int i = 0; i < PQntuples(r); i++) {
            const char *name = PQgetvalue(r, i, 0);
            size_t k = 0;
            while (k < cnt && strcmp(out[k].name, name))
                k++;
            if (k == cnt) {
                if (cnt >= np + 256 || strlen(name) >= FACT_STATION_MAX)
                    continue;
                snprintf(out[cnt].name, sizeof out[cnt].name, "%s", name);
                out[cnt].self = !strcmp(name, self);
                cnt++;
            }
            out[k].at_hub = strtoll(PQgetvalue(r, i, 1), NULL, 10);
            out[k].last_contact = strtoll(PQgetvalue(r, i, 2), NULL, 10);
        }
        PQclear(r);
    }
    PQfinish(c);
    if (msg && msg_len && *hub_reached)
        msg[0] = '\0';
    *rows = out;
    *n = cnt;
    return KIOSK_OK;
}
