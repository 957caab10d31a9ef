/* `kioskctl user`: add, list, unlock and disable kiosk users. */
#include "cli/cli.h"
#include "cli/store_cli.h"
#include "core/kiosk_err.h"

#include <string.h>

static int usage(int status)
{
    FILE *o = status ? stderr : stdout;
    fprintf(o,
            "usage: kioskctl [--db P] (--as BADGE | --local-admin) user add --badge B --name N\n"
            "                --role deputy|comms|supervisor|admin|auditor\n"
            "       kioskctl [--db P] (--as BADGE | --local-admin) user list [--json]   (admin)\n"
            "       kioskctl [--db P] (--as BADGE | --local-admin) user unlock|disable BADGE\n"
            "\n"
            "The acting user's PIN is the first line of stdin (not with --local-admin); for\n"
            "`user add` the new user's PIN follows on the next line. PINs have 6-32 digits,\n"
            "no runs (123456), no repeats (111111, 121212). The first user of a new database\n"
            "must be added with --local-admin by the database file's owner.\n");
    return status;
}

static int user_add(struct cli_ctx *ctx, int argc, char **argv)
{
    const char *badge = NULL, *name = NULL, *role = NULL;
    for (int i = 2; i < argc; i++) {
        if (i + 1 < argc && !strcmp(argv[i], "--badge"))
            badge = argv[++i];
        else if (i + 1 < argc && !strcmp(argv[i], "--name"))
            name = argv[++i];
        else if (i + 1 < argc && !strcmp(argv[i], "--role"))
            role = argv[++i];
        else
            return usage(KIOSK_EXIT_USAGE);
    }
    if (!badge || !name || !role)
        return usage(KIOSK_EXIT_USAGE);
    enum auth_role r = auth_role_parse(role);
    if (!r)
        return cli_fail(KIOSK_EXIT_USAGE,
                        "role must be deputy, comms, supervisor, admin or auditor");
    struct store_cli sc;
    int status = store_cli_open(ctx, &sc, true);
    if (status)
        return status;
    if ((status = store_cli_actor(ctx, &sc)) != 0)
        goto out;
    char pin[AUTH_PIN_MAX + 8], msg[256] = "";
    if ((status = store_cli_read_line("new user's PIN: ", pin, sizeof pin)) != 0)
        goto out;
    int64_t id = 0;
    int rc = auth_user_add(sc.st, &sc.actor, badge, name, r, pin, &id, msg, sizeof msg);
    memset(pin, 0, sizeof pin);
    if (rc != KIOSK_OK) {
        status = store_cli_fail(rc, "user add", msg);
        goto out;
    }
    printf("user %s added (%s)\n", badge, auth_role_name(r));
out:
    store_cli_finish(&sc);
    return status;
}

static int user_list(struct cli_ctx *ctx, int argc, char **argv)
{
    bool json = false;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--json"))
            json = true;
        else
            return usage(KIOSK_EXIT_USAGE);
    }
    struct store_cli sc;
    int status = store_cli_begin(ctx, &sc, true);
    if (status)
        return status;
    struct auth_user *users = NULL;
    size_t n = 0;
    int rc = auth_user_list_as(sc.st, &sc.actor, &users, &n);
    if (rc != KIOSK_OK) {
        status = store_cli_fail(rc, "user list", NULL);
        goto out;
    }
    json_t *arr = json ? json_array() : NULL;
    for (size_t i = 0; i < n; i++) {
        const struct auth_user *u = &users[i];
        const char *state = u->disabled ? "disabled" : u->locked ? "locked" : "active";
        char t[KIOSK_ISO_LEN];
        if (json)
            json_array_append_new(
                arr, json_pack("{s:s, s:s, s:s, s:s, s:o, s:i}", "badge", u->badge, "name", u->name,
                               "role", auth_role_name(u->role), "status", state, "last_sign_in",
                               store_cli_json_time(u->last_sign_in), "recent_failures",
                               u->recent_failures));
        else
            printf("%-12s %-10s %-8s %-24s %s\n", u->badge, auth_role_name(u->role), state,
                   store_cli_time(u->last_sign_in, t), u->name);
    }
    if (json)
        store_cli_print_json(arr);
    free(users);
out:
    store_cli_finish(&sc);
    return status;
}

static int user_change(struct cli_ctx *ctx, int argc, char **argv, bool unlock)
{
    if (argc != 3)
        return usage(KIOSK_EXIT_USAGE);
    struct store_cli sc;
    int status = store_cli_begin(ctx, &sc, false);
    if (status)
        return status;
    int rc = unlock ? auth_user_unlock(sc.st, &sc.actor, argv[2])
                    : auth_user_disable(sc.st, &sc.actor, argv[2]);
    if (rc == KIOSK_ERR_NOT_FOUND)
        status = store_cli_fail(rc, argv[1], "no such user");
    else if (rc == KIOSK_ERR_STATE)
        status = store_cli_fail(rc, argv[1], "an admin cannot disable itself");
    else if (rc != KIOSK_OK)
        status = store_cli_fail(rc, argv[1], rc == KIOSK_ERR_PERM ? "your role may not" : NULL);
    else
        printf("user %s %s\n", argv[2], unlock ? "unlocked" : "disabled");
    store_cli_finish(&sc);
    return status;
}

int cmd_user(struct cli_ctx *ctx, int argc, char **argv)
{
    if (store_cli_wants_help(argc, argv))
        return usage(0);
    if (argc < 2)
        return usage(KIOSK_EXIT_USAGE);
    if (!strcmp(argv[1], "add"))
        return user_add(ctx, argc, argv);
    if (!strcmp(argv[1], "list"))
        return user_list(ctx, argc, argv);
    if (!strcmp(argv[1], "unlock"))
        return user_change(ctx, argc, argv, true);
    if (!strcmp(argv[1], "disable"))
        return user_change(ctx, argc, argv, false);
    return usage(KIOSK_EXIT_USAGE);
}
