/* Test fixture for the store tests: a fresh database in a temporary folder,
 * a movable fixed clock, and one signed-in user per role. Header-only so
 * each test program stays one file. */
#ifndef KIOSK_TEST_STORE_FIXTURE_H
#define KIOSK_TEST_STORE_FIXTURE_H

#include "core/auth.h"
#include "core/clock.h"
#include "core/kiosk_err.h"
#include "core/store.h"
#include "core/store_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct fixture {
    char dir[256];
    char path[300];
    char keys[300]; /* the key folder, beside (not inside) nothing: dir/keys */
    kiosk_ms_t now;
    struct kiosk_clock clock;
    struct store *st;
    struct auth_actor admin, deputy, deputy2, comms, supervisor, auditor;
};

/* 2026-11-27T10:00:00Z */
#define FIXTURE_T0 ((kiosk_ms_t)1795773600000LL)

static inline void fixture_rm_dir(const char *dir)
{
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

/* Creates the folder and the database; users when with_users. NULL on failure. */
static inline struct fixture *fixture_create(int with_users)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    const char *tmp = getenv("TMPDIR");
    snprintf(f->dir, sizeof f->dir, "%s/kiosk-store-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    if (!mkdtemp(f->dir)) {
        free(f);
        return NULL;
    }
    snprintf(f->path, sizeof f->path, "%s/kiosk.db", f->dir);
    snprintf(f->keys, sizeof f->keys, "%s/keys", f->dir);
    /* The key folder is passed explicitly, and also set for the kioskctl
     * processes and store_open() calls of the tests (issue 12). */
    setenv("KIOSK_KEY_DIR", f->keys, 1);
    f->now = FIXTURE_T0;
    f->clock = clock_fixed(&f->now);
    char msg[256];
    if (store_open_keyed(f->path, f->keys, &f->clock, true, &f->st, msg, sizeof msg) != KIOSK_OK) {
        fprintf(stderr, "store_open: %s\n", msg);
        fixture_rm_dir(f->dir);
        free(f);
        return NULL;
    }
    store_test_set_pwhash_fast(f->st, true);      /* cheap PIN hashes for the fixture users */
    store_test_set_audit_clock(f->st, &f->clock); /* audit rows at the fixture's time */
    if (!with_users)
        return f;
    struct auth_actor local;
    if (auth_actor_local_admin(f->st, NULL, &local) != KIOSK_OK)
        return NULL;
    static const struct {
        const char *badge, *name, *pin;
        enum auth_role role;
        size_t offset;
    } users[] = {
        {"A1", "Pat Admin", "482915", AUTH_ROLE_ADMIN, offsetof(struct fixture, admin)},
        {"D7", "Dana Deputy", "739164", AUTH_ROLE_DEPUTY, offsetof(struct fixture, deputy)},
        {"D8", "Drew Deputy", "739165", AUTH_ROLE_DEPUTY, offsetof(struct fixture, deputy2)},
        {"C3", "Casey Comms", "639172", AUTH_ROLE_COMMS, offsetof(struct fixture, comms)},
        {"S2", "Sam Super", "639178", AUTH_ROLE_SUPERVISOR, offsetof(struct fixture, supervisor)},
        {"U5", "Aud Itor", "639179", AUTH_ROLE_AUDITOR, offsetof(struct fixture, auditor)},
    };
    for (size_t i = 0; i < sizeof users / sizeof users[0]; i++) {
        if (auth_user_add(f->st, &local, users[i].badge, users[i].name, users[i].role, users[i].pin,
                          NULL, msg, sizeof msg) != KIOSK_OK) {
            fprintf(stderr, "auth_user_add %s: %s\n", users[i].badge, msg);
            return NULL;
        }
        struct auth_actor *a = (struct auth_actor *)(void *)((char *)f + users[i].offset);
        if (auth_sign_in(f->st, users[i].badge, users[i].pin, a) != KIOSK_OK)
            return NULL;
    }
    return f;
}

static inline void fixture_destroy(struct fixture *f)
{
    if (!f)
        return;
    store_close(f->st);
    fixture_rm_dir(f->dir);
    free(f);
}

#endif
