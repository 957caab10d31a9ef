/* Migration (issue 12): a database from before the key files (schema 5,
 * the document key in settings, an unkeyed audit chain, no row MACs) is
 * refused for changes until its owner runs `kioskctl --local-admin db
 * init`, which creates its key file (keeping the document key so earlier ID
 * hashes still compare), anchors the old chain under the keyed one, seals
 * every row and wipes the old key from the file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include "security/sec_util.h"

#include <dirent.h>

#define OLD_KEY "5d1f0e3c2b4a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"

static void build_legacy(struct fixture *f)
{
    assert_int_equal(store_create_at_version(f->path, 5), KIOSK_OK);
    char hash[crypto_pwhash_STRBYTES];
    assert_int_equal(crypto_pwhash_str(hash, "739164", 6, crypto_pwhash_OPSLIMIT_MIN,
                                       crypto_pwhash_MEMLIMIT_MIN),
                     0);
    unsigned char key[32], doc[32];
    size_t n = 0;
    assert_int_equal(sodium_hex2bin(key, 32, OLD_KEY, 64, NULL, &n, NULL), 0);
    crypto_generichash(doc, 32, (const unsigned char *)"D47015678", 9, key, 32);
    char dochex[65], sql[2048];
    sodium_bin2hex(dochex, sizeof dochex, doc, 32);
    snprintf(sql, sizeof sql,
             "INSERT INTO settings(key, value) VALUES ('doc_hash_key', '" OLD_KEY "');"
             "INSERT INTO users(id, badge, name, role, pin_hash, created) VALUES"
             " (1, 'D7', 'Dana Deputy', 'deputy', '%s', 1);"
             "INSERT INTO intakes(id, booking_number, charges, basis, deputy_id, deputy_badge,"
             " created, closed) VALUES (1, 'B-OLD', '5404', 'exempt_id', 1, 'D7', 1000, 1000);"
             "INSERT INTO id_documents(intake_id, kind, issuer, last4, number_hash) VALUES"
             " (1, 'DL', 'AZ', '5678', x'%s');"
             "INSERT INTO audit VALUES (1, 1000, 'k', 'local-admin', 'admin', 1, 'user.add',"
             " 'user:D7', 'ok', 'role=deputy', x'00', x'00');"
             "INSERT INTO audit VALUES (2, 2000, 'k', 'D7', 'deputy', 0, 'intake.add',"
             " 'intake:1', 'ok', NULL, x'00', x'00');",
             hash, dochex);
    assert_int_equal(sec_edit(f->path, sql), SQLITE_OK);
    sec_rebuild_v1_chain(f->path); /* what the earlier build wrote */
}

static void test_legacy_database_adopted(void **state)
{
    struct fixture *f = *state;
    sec_close(f);
    char cmd[2000];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s' '%s-wal' '%s-shm'", f->keys, f->path, f->path,
             f->path);
    assert_int_equal(sec_sh(cmd), 0);
    build_legacy(f);
    /* before: reading works, a sign-in or change is refused with the hint */
    assert_int_equal(sec_kioskctl(f, NULL, "db check"), 77);
    assert_non_null(strstr(sec_output(f, "err"), "db init"));
    assert_int_not_equal(sec_kioskctl(f, "739164\\n", "--as D7 intake show 1"), 0);
    assert_non_null(strstr(sec_output(f, "err"), "db init"));
    /* the file's owner adopts it (db init acts as the local administrator) */
    assert_int_equal(sec_kioskctl(f, NULL, "db init"), 0);
    assert_non_null(strstr(sec_output(f, "out"), "keys created"));
    assert_int_equal(sec_kioskctl(f, NULL, "db check"), 0);
    assert_int_equal(sec_kioskctl(f, NULL, "--local-admin audit verify"), 0);
    assert_int_equal(sec_kioskctl(f, "739164\\n", "--as D7 intake show 1"), 0);
    /* the old key left the file (and its WAL) and lives in the key file */
    char wal[400];
    snprintf(wal, sizeof wal, "%s-wal", f->path);
    assert_false(sec_file_has(f->path, OLD_KEY));
    assert_false(sec_file_has(wal, OLD_KEY));
    snprintf(cmd, sizeof cmd, "grep -q 'doc=" OLD_KEY "' '%s'/*.keys", f->keys);
    assert_int_equal(sec_sh(cmd), 0);
    /* db init again: nothing to do */
    assert_int_equal(sec_kioskctl(f, NULL, "db init"), 0);
    assert_null(strstr(sec_output(f, "out"), "keys created"));
    /* the old (unkeyed) rows are anchored: editing and rebuilding them fails */
    assert_int_equal(sec_edit(f->path, SEC_UNLOCK
                              "UPDATE audit SET details = 'role=admin' WHERE seq = 1;" SEC_RELOCK),
                     SQLITE_OK);
    sec_rebuild_v1_chain(f->path);
    assert_int_equal(sec_kioskctl(f, NULL, "--local-admin audit verify"), 65);
}

static void test_broken_legacy_chain_not_adopted(void **state)
{
    struct fixture *f = *state;
    sec_close(f);
    char cmd[2000];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s' '%s-wal' '%s-shm'", f->keys, f->path, f->path,
             f->path);
    assert_int_equal(sec_sh(cmd), 0);
    build_legacy(f);
    assert_int_equal(sec_edit(f->path, SEC_UNLOCK
                              "UPDATE audit SET actor_badge = 'X' WHERE seq = 2;" SEC_RELOCK),
                     SQLITE_OK);
    assert_int_equal(sec_kioskctl(f, NULL, "db init"), 65);
    assert_non_null(strstr(sec_output(f, "err"), "does not verify"));
    DIR *d = opendir(f->keys);
    struct dirent *e;
    int files = 0;
    while (d && (e = readdir(d)))
        files += strstr(e->d_name, ".keys") != NULL;
    if (d)
        closedir(d);
    assert_int_equal(files, 0);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_legacy_database_adopted, sec_setup, sec_teardown),
        cmocka_unit_test_setup_teardown(test_broken_legacy_chain_not_adopted, sec_setup,
                                        sec_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
