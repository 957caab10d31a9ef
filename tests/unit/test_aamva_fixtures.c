/* Every payload in tests/fixtures/aamva/ parses to the values its
 * <name>.expected.json states (derived from the fixture index, see
 * PROVENANCE.md), checked field by field. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/aamva.h"
#include "core/aamva_json.h"
#include "core/idcheck.h"

static const char *fixture_dir(void)
{
    static char dir[1024];
    const char *t = getenv("KIOSK_TEST_DIR");
    snprintf(dir, sizeof dir, "%s/fixtures/aamva", t ? t : "tests");
    return dir;
}

static int has_name(json_t *arr, const char *name)
{
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) if (json_is_string(v) &&
                                      strcmp(json_string_value(v), name) == 0) return 1;
    return 0;
}

/* Compares one fixture; returns the number of mismatching fields (printed). */
static int check_fixture(const char *dir, const char *name)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/%s.txt", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "%s: cannot open payload\n", name);
        return 1;
    }
    static unsigned char buf[AAMVA_MAX_PAYLOAD + 1];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    snprintf(path, sizeof path, "%s/%s.expected.json", dir, name);
    json_error_t jerr;
    json_t *exp = json_load_file(path, 0, &jerr);
    if (!exp) {
        fprintf(stderr, "%s: cannot load expected JSON: %s\n", name, jerr.text);
        return 1;
    }
    struct aamva_doc doc;
    int rc = aamva_parse(buf, n, &doc);
    if (rc != 0) {
        fprintf(stderr, "%s: refused: %s\n", name, doc.refusal_message);
        json_decref(exp);
        return 1;
    }
    struct idcheck_verdict v;
    idcheck_evaluate(&doc, 2026, 11, 27, NULL, &v);
    json_t *got = aamva_doc_to_json(&doc, &v);
    int bad = 0;
    const char *key;
    json_t *want;
    json_object_foreach(exp, key, want)
    {
        if (key[0] == '_')
            continue;
        if (strcmp(key, "repairs_include") == 0 || strcmp(key, "warnings_include") == 0) {
            json_t *arr = json_object_get(got, key[0] == 'r' ? "repairs" : "warnings");
            size_t i;
            json_t *w;
            json_array_foreach(want, i, w) if (!has_name(arr, json_string_value(w)))
            {
                fprintf(stderr, "%s: %s lacks %s\n", name, key, json_string_value(w));
                bad++;
            }
            continue;
        }
        json_t *have;
        if (strcmp(key, "issuer_code") == 0) {
            json_t *iss = json_object_get(got, "issuer");
            have = json_is_object(iss) ? json_object_get(iss, "code") : json_null();
        } else {
            have = json_object_get(got, key);
        }
        if (!have || !json_equal(have, want)) {
            char *a = json_dumps(want, JSON_ENCODE_ANY);
            char *b = have ? json_dumps(have, JSON_ENCODE_ANY) : NULL;
            fprintf(stderr, "%s: %s expected %s, got %s\n", name, key, a, b ? b : "(missing)");
            free(a);
            free(b);
            bad++;
        }
    }
    json_decref(got);
    json_decref(exp);
    return bad;
}

static void test_every_fixture(void **state)
{
    (void)state;
    const char *dir = fixture_dir();
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    int count = 0, bad = 0;
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if (l < 5 || strcmp(e->d_name + l - 4, ".txt") != 0)
            continue;
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)(l - 4), e->d_name);
        bad += check_fixture(dir, name);
        count++;
    }
    closedir(d);
    printf("checked %d fixtures, %d mismatching fields\n", count, bad);
    assert_int_equal(count, 67);
    assert_int_equal(bad, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_every_fixture)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
