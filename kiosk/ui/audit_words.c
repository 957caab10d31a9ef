/* Audit actions, objects and outcomes in words for the auditor's screen
 * (see audit_words.h). One table row per action the core records. */
#include "ui/audit_words.h"

#include "core/intake.h"
#include "core/request.h"
#include "ui/answer.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *action, *words;
} actions[] = {
    {"audit.checkpoint", "Audit chain checkpoint written"},
    {"audit.list", "Audit rows listed"},
    {"audit.review", "Weekly audit review recorded"},
    {"audit.verify", "Audit chain checked"},
    {"auth.denied", "Action refused to this role"},
    {"auth.sign_in", "Sign-in"},
    {"consular.due", "Consular notification due"},
    {"consular.informed", "Person told of consular rights"},
    {"consular.notified", "Consulate notified"},
    {"consular.view", "Consular record viewed"},
    {"consular.wish", "Person's consular wish recorded"},
    {"id.photo_mismatch", "ID photo did not match (card discarded)"},
    {"intake.add", "Intake recorded"},
    {"intake.export", "Intakes exported"},
    {"intake.find", "Intakes searched"},
    {"intake.hold", "Legal hold placed"},
    {"intake.list", "Intakes listed"},
    {"intake.nationality", "Nationality recorded"},
    {"intake.slip", "Intake slip printed"},
    {"intake.supersede", "Intake superseded"},
    {"intake.timeline", "Intake history viewed"},
    {"intake.unhold", "Legal hold lifted"},
    {"intake.view", "Intake viewed"},
    {"report.backlog", "Backlog report viewed"},
    {"report.period", "Period report made"},
    {"report.shift", "Shift handover viewed"},
    {"request.ack", "ICE answer acknowledged"},
    {"request.cancel", "ICE status check cancelled"},
    {"request.close", "ICE status check closed"},
    {"request.detainer", "Detainer recorded"},
    {"request.dhs_notified", "DHS notified of release"},
    {"request.events", "ICE status check history viewed"},
    {"request.list", "ICE status checks listed"},
    {"request.needs_info", "ICE asked for more information"},
    {"request.released", "Release recorded"},
    {"request.requeue", "ICE status check queued again"},
    {"request.respond", "ICE answer recorded"},
    {"request.transmit", "ICE status check sent"},
    {"request.transmitted", "ICE status check sent"},
    {"request.view", "ICE status check viewed"},
    {"settings.set", "Setting changed"},
    {"store.backup", "Database backed up"},
    {"store.keys_created", "Database keys created"},
    {"store.purge", "Records purged (retention)"},
    {"store.restore", "Database restored from a backup"},
    {"user.add", "User added"},
    {"user.disable", "User disabled"},
    {"user.enable", "User re-enabled"},
    {"user.list", "Users listed"},
    {"user.pin_change", "PIN changed"},
    {"user.unlock", "User unlocked"},
};

/* s with '.', '_' and ':' as spaces into buf. */
static const char *spaced(const char *prefix, const char *s, char *buf, size_t len)
{
    snprintf(buf, len, "%s%s", prefix, s);
    for (char *p = buf; *p; p++)
        if (*p == '.' || *p == '_' || *p == ':')
            *p = ' ';
    return buf;
}

const char *audit_action_words(const char *action, char *buf, size_t len)
{
    for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
        if (strcmp(actions[i].action, action) == 0) {
            snprintf(buf, len, "%s", actions[i].words);
            return buf;
        }
    return spaced("Other: ", action, buf, len);
}

const char *audit_object_words(const char *object, char *buf, size_t len)
{
    return spaced("", object, buf, len);
}

const char *audit_outcome_words(const char *outcome, char *buf, size_t len)
{
    if (strcmp(outcome, "ok") == 0)
        snprintf(buf, len, "done");
    else if (strcmp(outcome, "denied") == 0)
        snprintf(buf, len, "refused");
    else if (strcmp(outcome, "retry") == 0)
        snprintf(buf, len, "retried");
    else
        spaced("", outcome, buf, len);
    return buf;
}

const char *history_basis_words(int basis)
{
    switch ((enum intake_basis)basis) {
    case INTAKE_EXEMPT_ID:
        return "valid ID";
    case INTAKE_EXEMPT_KNOWN:
        return "personally known";
    case INTAKE_IAQ:
        return "ICE status check";
    }
    return "unknown basis";
}

const char *history_what_words(const char *what, char *buf, size_t len)
{
    static const struct {
        const char *what, *words;
    } fixed[] = {
        {"consular.opened", "Consular step opened"},
        {"consular.informed", "Person told of consular rights"},
        {"consular.notified", "Consulate notified"},
        {"legal_hold", "Legal hold placed"},
        {"purged", "Personal data purged"},
    };
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        if (strcmp(fixed[i].what, what) == 0) {
            snprintf(buf, len, "%s", fixed[i].words);
            return buf;
        }
    if (strncmp(what, "intake.", 7) == 0) {
        for (int b = INTAKE_EXEMPT_ID; b <= INTAKE_IAQ; b++)
            if (strcmp(intake_basis_name((enum intake_basis)b), what + 7) == 0) {
                snprintf(buf, len, "Intake: %s", history_basis_words(b));
                return buf;
            }
    }
    if (strncmp(what, "request.", 8) == 0) {
        enum request_state s = request_state_parse(what + 8);
        if (s) {
            snprintf(buf, len, "ICE check: %s", answer_state_words(s));
            return buf;
        }
    }
    return spaced("", what, buf, len);
}
