/* Signed checkpoints (issue 12): `audit checkpoint FILE` signs the head
 * with the install's Ed25519 key; `audit verify --checkpoint FILE` holds
 * while nothing up to it changed. Even an attacker with the key folder (out
 * of scope for the chain alone), who rewrites an early row and rebuilds
 * the keyed chain and the head file consistently, is caught by a
 * checkpoint kept elsewhere; an edited checkpoint fails its signature. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include "security/sec_util.h"

#include <dirent.h>
#include <sodium.h>

/* The stolen key folder's audit key and the key file's install id. */
static void stolen_key(const char *keys, unsigned char key[32], char id[40])
{
    DIR *d = opendir(keys);
    struct dirent *e;
    bool got = false;
    while (d && (e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l < 6 || strcmp(e->d_name + l - 5, ".keys") != 0)
            continue;
        snprintf(id, 40, "%.*s", (int)(l - 5), e->d_name);
        char kp[600], line[256];
        snprintf(kp, sizeof kp, "%s/%s", keys, e->d_name);
        FILE *kf = fopen(kp, "r");
        size_t n = 0;
        while (kf && fgets(line, sizeof line, kf))
            if (!strncmp(line, "audit=", 6) &&
                sodium_hex2bin(key, 32, line + 6, 64, NULL, &n, NULL) == 0 && n == 32)
                got = true;
        if (kf)
            fclose(kf);
    }
    if (d)
        closedir(d);
    assert_true(got);
}

/* Rebuilds the keyed chain and the head file after an edit, with the key. */
static void rebuild_with_key(struct fixture *f)
{
    unsigned char key[32], prev[32] = {0};
    char id[40];
    stolen_key(f->keys, key, id);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "BEGIN;" SEC_UNLOCK, NULL, NULL, NULL), SQLITE_OK);
    int64_t last = sec_rehash_rows(db, key, 32, "kiosk-audit-v2", prev);
    assert_int_equal(sqlite3_exec(db, SEC_RELOCK "COMMIT;", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    /* both head slots, with their (unkeyed) checksums */
    char hp[600], hex[65], text[400], sum[33];
    unsigned char c[16];
    sodium_bin2hex(hex, sizeof hex, prev, 32);
    int n = snprintf(text, sizeof text,
                     "booking-kiosk audit head v1\nseq=%lld\nhash=%s\nkeyed_from=1\n",
                     (long long)last, hex);
    crypto_generichash(c, sizeof c, (const unsigned char *)text, (size_t)n, NULL, 0);
    sodium_bin2hex(sum, sizeof sum, c, sizeof c);
    for (int k = 0; k < 2; k++) {
        snprintf(hp, sizeof hp, "%s/%s.%s", f->keys, id, k ? "head2" : "head");
        FILE *hf = fopen(hp, "w");
        assert_non_null(hf);
        fprintf(hf, "%scheck=%s\n", text, sum);
        fclose(hf);
    }
}

static void test_checkpoint_round_trip(void **state)
{
    struct fixture *f = *state;
    sec_iaq_intake(f, "ZZCHECKPT", "B-CP-1", "M-CP");
    sec_close(f);
    char args[800], cp[400], cmd[1400];
    snprintf(cp, sizeof cp, "%s/checkpoint.txt", f->dir);
    snprintf(args, sizeof args, "--local-admin audit checkpoint '%s'", cp);
    assert_int_equal(sec_kioskctl(f, NULL, args), 0);
    assert_non_null(strstr(sec_output(f, "out"), "signed"));
    snprintf(args, sizeof args, "--local-admin audit verify --checkpoint '%s'", cp);
    assert_int_equal(sec_kioskctl(f, NULL, args), 0);
    snprintf(args, sizeof args, "--as U5 audit verify --checkpoint '%s'", cp);
    assert_int_equal(sec_kioskctl(f, "639179\\n", args), 0);
    /* rows after the checkpoint are fine */
    assert_int_equal(sec_kioskctl(f, NULL, "--local-admin db set desk_phone 573-555-0100"), 0);
    snprintf(args, sizeof args, "--local-admin audit verify --checkpoint '%s'", cp);
    assert_int_equal(sec_kioskctl(f, NULL, args), 0);
    /* an attacker with the key folder rewrites row 3 and rebuilds everything */
    assert_int_equal(sec_edit(f->path, SEC_UNLOCK
                              "UPDATE audit SET actor_badge = 'ZZ9' WHERE seq = 3;" SEC_RELOCK),
                     SQLITE_OK);
    rebuild_with_key(f);
    assert_int_equal(sec_kioskctl(f, NULL, "--local-admin audit verify"), 0); /* chain alone */
    assert_int_equal(sec_kioskctl(f, NULL, args), 65);
    assert_non_null(strstr(sec_output(f, "err"), "since the checkpoint"));
    /* an edited checkpoint file fails its signature */
    snprintf(cmd, sizeof cmd, "sed -i 's/^seq=.*/seq=1/' '%s'", cp);
    assert_int_equal(sec_sh(cmd), 0);
    assert_int_equal(sec_kioskctl(f, NULL, args), 65);
    assert_non_null(strstr(sec_output(f, "err"), "signature"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_checkpoint_round_trip, sec_setup, sec_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
