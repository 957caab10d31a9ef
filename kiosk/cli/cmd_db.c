/* `kioskctl db`: check the database file, show its path, read and change settings. */
#include "cli/cli.h"
#include "cli/store_cli.h"
#include "core/audit.h"
#include "core/kiosk_err.h"

#include <string.h>

static int usage(int status)
{
    FILE *o = status ? stderr : stdout;
    fprintf(o, "usage: kioskctl [--db P] db check [--full]   quick_check (integrity_check with\n"
               "                                            --full), foreign keys, audit chain\n"
               "       kioskctl [--db P] db path            the database file in use\n"
               "       kioskctl [--db P] db init            create the database and its keys if\n"
               "                                            absent (adopts an older database)\n"
               "       kioskctl [--db P] db settings        every setting and its value\n"
               "       kioskctl [--db P] (--as B | --local-admin) db set KEY VALUE   (admin)\n"
               "Settings:");
    for (const char *const *n = store_setting_names(); *n; n++)
        fprintf(o, " %s", *n);
    fprintf(o, "\n`db check` exits 0 when all is well, 65 naming the damage, 66 with no file.\n");
    return status;
}

int cmd_db(struct cli_ctx *ctx, int argc, char **argv)
{
    if (store_cli_wants_help(argc, argv))
        return usage(0);
    if (argc < 2)
        return usage(KIOSK_EXIT_USAGE);
    const char *sub = argv[1];
    if (!strcmp(sub, "path")) {
        char path[4096];
        if (store_default_path(ctx->db_path, path, sizeof path) != KIOSK_OK)
            return cli_fail(KIOSK_EXIT_USAGE, "no database path: give --db PATH or set KIOSK_DB");
        puts(path);
        return 0;
    }
    bool full = false;
    if (!strcmp(sub, "check") && argc == 3 && !strcmp(argv[2], "--full"))
        full = true;
    else if (!strcmp(sub, "set") && argc == 4)
        ;
    else if (argc != 2 || (strcmp(sub, "check") && strcmp(sub, "init") && strcmp(sub, "settings")))
        return usage(KIOSK_EXIT_USAGE);
    struct store_cli sc;
    int status = store_cli_open(ctx, &sc, !strcmp(sub, "init"));
    if (status)
        return status;
    char msg[512] = "";
    int rc = KIOSK_OK;
    if (!strcmp(sub, "init")) {
        if (store_needs_keys(sc.st)) {
            /* A database from before the key files: its owner adopts it. */
            struct auth_actor local;
            rc = auth_actor_local_admin(sc.st, NULL, &local);
            if (rc == KIOSK_OK)
                rc = store_keys_adopt(sc.st, &local, msg, sizeof msg);
            else
                snprintf(msg, sizeof msg, "only the database file's owner may create its keys");
            if (rc == KIOSK_OK)
                printf("keys created in %s for the existing database\n", store_key_dir(sc.st));
        }
        if (rc == KIOSK_OK)
            printf("database ready at %s (schema %d), keys in %s\n", sc.path, STORE_SCHEMA_VERSION,
                   store_key_dir(sc.st));
    } else if (!strcmp(sub, "check")) {
        int version = 0;
        rc = store_check(sc.st, full, &version, msg, sizeof msg);
        if (rc == KIOSK_OK) {
            int64_t bad, rows;
            if (store_needs_keys(sc.st)) {
                rc = KIOSK_ERR_PERM;
                snprintf(msg, sizeof msg,
                         "this database has no key file yet: run `kioskctl --local-admin db init`");
            } else {
                rc = audit_verify(sc.st, NULL, &bad, &rows, msg, sizeof msg);
            }
            if (rc == KIOSK_OK)
                printf("ok: %s, schema %d, %s, audit chain of %lld rows holds\n", sc.path, version,
                       full ? "integrity_check" : "quick_check", (long long)rows);
        }
    } else if (!strcmp(sub, "settings")) {
        struct store_settings s;
        rc = store_settings_get(sc.st, &s);
        for (const char *const *n = store_setting_names(); rc == KIOSK_OK && *n; n++) {
            char v[64];
            store_setting_text(&s, *n, v, sizeof v);
            printf("%s=%s\n", *n, v);
        }
    } else {
        if ((status = store_cli_actor(ctx, &sc)) != 0)
            goto out;
        rc = store_setting_set(sc.st, &sc.actor, argv[2], argv[3], msg, sizeof msg);
        if (rc == KIOSK_OK)
            printf("%s set\n", argv[2]);
    }
    if (rc != KIOSK_OK) {
        char what[32];
        snprintf(what, sizeof what, "db %s", sub);
        status = store_cli_fail(rc, what, msg);
    }
out:
    store_cli_finish(&sc);
    return status;
}
