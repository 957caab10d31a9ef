/* Schema verification at every open and restore (issue 12): the expected
 * schema of a version is built by running the code's own schema steps on an
 * in-memory database, so it can never drift from them; the file's
 * sqlite_schema must equal it after whitespace normalisation. */
#include "core/kiosk_err.h"
#include "core/store_priv.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One schema object: "type name (on tbl): normalised sql". */
struct schema_obj {
    char *type, *name, *sql;
};

struct schema_set {
    struct schema_obj *v;
    size_t n, cap;
};

/* Collapses runs of white space to one space and trims both ends. */
static char *normalise(const char *sql)
{
    char *out = malloc(strlen(sql ? sql : "") + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    bool space = false;
    for (const char *c = sql ? sql : ""; *c; c++) {
        if (isspace((unsigned char)*c)) {
            space = o > 0;
            continue;
        }
        if (space)
            out[o++] = ' ';
        space = false;
        out[o++] = *c;
    }
    out[o] = '\0';
    return out;
}

static void set_free(struct schema_set *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].type);
        free(s->v[i].name);
        free(s->v[i].sql);
    }
    free(s->v);
    memset(s, 0, sizeof *s);
}

/* Reads every object of db's main schema except SQLite's own (sqlite_%). */
static int set_read(sqlite3 *db, struct schema_set *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s;
    int rc = sqlite3_prepare_v2(db,
                                "SELECT type, name, sql FROM main.sqlite_schema WHERE name NOT"
                                " LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type, name",
                                -1, &s, NULL);
    if (rc != SQLITE_OK)
        return store_sqlite_err(rc);
    int r;
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        struct schema_obj *grown =
            store_array_reserve(out->v, out->n, &out->cap, sizeof *grown, 32);
        if (!grown) {
            sqlite3_finalize(s);
            set_free(out);
            return KIOSK_ERR_NOMEM;
        }
        out->v = grown;
        struct schema_obj *o = &out->v[out->n++];
        o->type = strdup((const char *)sqlite3_column_text(s, 0));
        o->name = strdup((const char *)sqlite3_column_text(s, 1));
        o->sql = normalise((const char *)sqlite3_column_text(s, 2));
        if (!o->type || !o->name || !o->sql) {
            sqlite3_finalize(s);
            set_free(out);
            return KIOSK_ERR_NOMEM;
        }
    }
    sqlite3_finalize(s);
    if (r != SQLITE_DONE) {
        set_free(out);
        return store_sqlite_err(r);
    }
    return KIOSK_OK;
}

/* The expected schema of version: schema_steps[1..version] on :memory:. */
static int expected_set(int version, struct schema_set *out)
{
    sqlite3 *mem = NULL;
    int rc = store_sqlite_err(sqlite3_open_v2(":memory:", &mem, SQLITE_OPEN_READWRITE, NULL));
    for (int v = 1; rc == KIOSK_OK && v <= version; v++)
        rc = store_sqlite_err(sqlite3_exec(mem, store_schema_step(v), NULL, NULL, NULL));
    if (rc == KIOSK_OK)
        rc = set_read(mem, out);
    sqlite3_close(mem);
    return rc == KIOSK_OK ? KIOSK_OK : KIOSK_ERR_INTERNAL;
}

static const struct schema_obj *find(const struct schema_set *s, const struct schema_obj *o)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->v[i].type, o->type) && !strcmp(s->v[i].name, o->name))
            return &s->v[i];
    return NULL;
}

int store_schema_verify(sqlite3 *db, int version, char *msg, size_t len)
{
    struct schema_set want, have;
    int rc = expected_set(version, &want);
    if (rc != KIOSK_OK)
        return store_msg(msg, len, rc, "cannot build the expected schema of version %d", version);
    if ((rc = set_read(db, &have)) != KIOSK_OK) {
        set_free(&want);
        return store_msg(msg, len, rc == KIOSK_ERR_BUSY ? rc : KIOSK_ERR_CORRUPT,
                         "cannot read the database's schema: %s", sqlite3_errmsg(db));
    }
    for (size_t i = 0; rc == KIOSK_OK && i < have.n; i++) {
        const struct schema_obj *w = find(&want, &have.v[i]);
        if (!w)
            rc = store_msg(msg, len, KIOSK_ERR_CORRUPT,
                           "the database has an extra %s '%s' that schema version %d does not "
                           "have; refusing it (planted or from another program)",
                           have.v[i].type, have.v[i].name, version);
        else if (strcmp(w->sql, have.v[i].sql) != 0)
            rc = store_msg(msg, len, KIOSK_ERR_CORRUPT,
                           "the %s '%s' differs from schema version %d's; refusing the database",
                           have.v[i].type, have.v[i].name, version);
    }
    for (size_t i = 0; rc == KIOSK_OK && i < want.n; i++)
        if (!find(&have, &want.v[i]))
            rc = store_msg(msg, len, KIOSK_ERR_CORRUPT,
                           "the database lacks the %s '%s' of schema version %d; refusing it",
                           want.v[i].type, want.v[i].name, version);
    set_free(&want);
    set_free(&have);
    return rc;
}
